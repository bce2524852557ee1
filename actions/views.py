"""Pages of follow-up actions: declarations on core's generic bases."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from actions import services
from actions.filters import ActionFilter
from actions.forms import ActionForm, ActionStatusForm
from actions.models import Action, attach_sources, readable_source
from core.permissions import can
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)


def safe_next(request, default: str) -> str:
    """The `next` URL of the request when it stays on this site, else `default`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


class WithActionsMixin:
    """For the detail view of any record that actions come from: puts the record's actions in
    the context as `actions` (one query when the page renders), for the partial
    `{% include "actions/_actions.html" %}`."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = Action.objects.restrict(self.request.user).for_source(self.object)
        return context


class ActionListView(ObjectListView):
    """Every action the user may read. `scope` presets the owner ("mine") or the desk
    ("desk"): the same list, filters and sorting, without the preset filter's field."""

    model = Action
    filterset_class = ActionFilter
    template_name = "actions/action_list.html"
    partial_template_name = "actions/partials/action_results.html"
    scope = "all"
    title = gettext_lazy("Actions")

    def get_queryset(self):
        queryset = super().get_queryset().select_related("owner", "owner_unit")
        user = self.request.user
        if self.scope == "mine":
            queryset = queryset.filter(owner=user)
        elif self.scope == "desk":
            unit = user.org_unit_id
            queryset = queryset.filter(owner_unit_id=unit) if unit else queryset.none()
        return queryset

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        preset = {"mine": "owner", "desk": "owner_unit"}.get(self.scope)
        if preset:
            filterset.filters.pop(preset, None)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = attach_sources(list(context["object_list"]), self.request.user)
        context["object_list"] = context["action_list"] = rows
        context["scope"] = self.scope
        context["title"] = self.title
        context["list_url"] = self.request.path
        # The list of one record's actions (the record page's "see all" link) names it.
        key = self.request.GET.get("source")
        context["source_filter"] = readable_source(key, self.request.user) if key else None
        return context


class MyActionsView(ActionListView):
    scope = "mine"
    title = gettext_lazy("My actions")


class DeskActionsView(ActionListView):
    scope = "desk"
    title = gettext_lazy("My desk's actions")


class ActionDetailView(ObjectDetailView):
    model = Action
    template_name = "actions/action_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("owner", "owner_unit", "created_by")
            .prefetch_related("areas")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_sources([self.object], self.request.user)
        if context["perms_for"]["change"]:
            context["status_form"] = ActionStatusForm(action=self.object)
        return context


class ActionFormMixin:
    """What the create and edit pages share: the form, and the source shown above it."""

    model = Action
    form_class = ActionForm
    template_name = "actions/action_form.html"
    success_message = gettext_lazy("Action saved.")


class ActionCreateView(ActionFormMixin, ObjectCreateView):
    """A new action, standalone or for a source record:
    `/actions/new/?source=<app_label>.<model>:<pk>`. A source the user may not read is
    answered as if it did not exist."""

    def dispatch(self, request, *args, **kwargs):
        self.source = None
        key = request.GET.get("source")
        if key and request.user.is_authenticated and can(request.user, "add", Action):
            self.source = readable_source(key, request.user)
            if self.source is None:
                raise Http404(_("No such record."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        user = self.request.user
        initial = {"owner": user.pk, "owner_unit": user.org_unit_id}
        level = getattr(self.source, "classification", None)
        if level:
            initial["classification"] = level
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The source is set before validation, so that the form checks the classification.
        instance = Action()
        if self.source is not None:
            instance.source = self.source
        kwargs["instance"] = instance
        return kwargs

    def get_context_data(self, **kwargs):
        source = self.source
        kind = source._meta.verbose_name if source is not None else ""
        return super().get_context_data(source=source, source_kind=kind, **kwargs)

    def get_success_url(self):
        # Back to the record the action came from, where its actions are listed.
        if self.source is not None and hasattr(self.source, "get_absolute_url"):
            return self.source.get_absolute_url()
        return self.object.get_absolute_url()


class ActionUpdateView(ActionFormMixin, ObjectUpdateView):
    def get_context_data(self, **kwargs):
        attach_sources([self.object], self.request.user)
        return super().get_context_data(
            source=self.object.source_record, source_kind=self.object.source_kind, **kwargs
        )


class ActionDeleteView(ObjectDeleteView):
    model = Action
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("actions:action_list")


class ActionStatusView(RoleRequiredMixin, View):
    """Move an action to another status, with a comment (required to cancel). The detail
    page and the list post here; GET shows the form on its own (to cancel from the list)."""

    model = Action
    action = "change"
    template_name = "actions/action_status.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, pk):
        action = self.get_object()
        form = ActionStatusForm(action=action, initial={"status": request.GET.get("status")})
        return self.render(action, form)

    def post(self, request, pk):
        action = self.get_object()
        form = ActionStatusForm(request.POST, action=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_status(action, data["status"], request.user, data["comment"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(
                        field if field in form.fields and field != NON_FIELD_ERRORS else None,
                        errors,
                    )
            else:
                messages.success(
                    request,
                    _("“%(action)s” is now %(status)s.")
                    % {"action": action, "status": action.get_status_display().lower()},
                )
                return HttpResponseRedirect(safe_next(request, action.get_absolute_url()))
        return self.render(action, form)

    def render(self, action, form):
        attach_sources([action], self.request.user)
        return render(
            self.request,
            self.template_name,
            {
                "object": action,
                "form": form,
                "next": safe_next(self.request, action.get_absolute_url()),
                "opts": Action._meta,
            },
        )
