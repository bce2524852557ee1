"""Small generic bases that every app's views are declared on.

Each base reads through `restrict(user)`, checks the role with `core.permissions.can`, saves
through `core.services`, and answers HTMX requests with the page's fragment.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DeleteView, DetailView
from django.views.generic.edit import CreateView, UpdateView
from django_filters.views import FilterView

from core import exports, services
from core.forms import NoteForm
from core.models import ChangeRecord, Note
from core.permissions import can


class RoleRequiredMixin(LoginRequiredMixin):
    """Refuse with 403 unless the user's role allows `action` on the view's model."""

    action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.action, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["opts"] = self.model._meta
        context["perms_for"] = {a: can(user, a, self.model) for a in ("add", "change", "delete")}
        return context


class ObjectListView(RoleRequiredMixin, FilterView):
    """A filtered, sorted, paginated list; HTMX requests get only the results fragment;
    `?export=csv` or `?export=xlsx` downloads the whole filtered list (`export_columns`)."""

    paginate_by = 25
    partial_template_name = None
    export_columns = None  # [(label, function of a row)]
    export_name = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx") and self.export_columns:
            filterset = self.get_filterset(self.get_filterset_class())
            if not filterset.is_valid():
                return super().get(request, *args, **kwargs)
            rows = filterset.qs.iterator(chunk_size=exports.CHUNK)
            name = f"{self.export_name}-{timezone.localdate().isoformat()}"
            return exports.export_response(
                fmt, rows, self.export_columns, name, self.model._meta.verbose_name_plural
            )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        htmx = self.request.htmx
        # A history restore (Back after the cache expired) needs the whole page.
        partial = htmx and not htmx.boosted and not htmx.history_restore_request
        if partial and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The same URL answers with a page or a fragment: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["query_without_page"] = query.urlencode()
        context["exportable"] = bool(self.export_columns)
        return context


class ObjectDetailView(RoleRequiredMixin, DetailView):
    """A record's page, with its notes and its change history (both bounded)."""

    history_limit = 20
    notes_limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        ct = ContentType.objects.get_for_model(obj)
        user = self.request.user
        context["notes"] = list(
            Note.objects.restrict(user)
            .filter(content_type=ct, object_id=obj.pk)
            .select_related("created_by")[: self.notes_limit]
        )
        context["history"] = list(
            ChangeRecord.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related(
                "user"
            )[: self.history_limit]
        )
        context["note_form"] = NoteForm(user=user) if can(user, "add", Note) else None
        return context


class ServiceFormMixin:
    """Save through core.services so that each change writes its change record."""

    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        self.object = form.save(commit=False)
        services.save(self.object, self.request.user, save_m2m=form.save_m2m)
        messages.success(self.request, self.success_message or _("Saved."))
        return HttpResponseRedirect(self.get_success_url())


class ObjectCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    action = "add"


class ObjectUpdateView(RoleRequiredMixin, ServiceFormMixin, UpdateView):
    action = "change"


class ObjectDeleteView(RoleRequiredMixin, DeleteView):
    """Delete through core.services; a record that others use is kept, saying what uses it."""

    action = "delete"

    def form_valid(self, form):
        try:
            services.delete(self.object, self.request.user)
        except services.InUse as error:
            messages.error(
                self.request,
                _("%(record)s cannot be deleted because other records use it: %(uses)s")
                % {"record": self.object, "uses": error.describe()},
            )
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted %(record)s.") % {"record": self.object})
        return HttpResponseRedirect(self.get_success_url())


class PartDeleteView(LoginRequiredMixin, View):
    """Remove a part of a record (a party, a decision, a funding line...) by POST from the
    record's page: the user must be allowed to change `parent_model` and to read the record.
    `parts` maps the URL's name of a part to (model, lookup from the part to the record);
    `delete_part` is the app's service (it may refresh what the part feeds)."""

    parent_model = None
    parts: dict = {}

    def delete_part(self, instance, user):
        services.delete(instance, user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, "change", self.parent_model):
            raise PermissionDenied
        self.parent = get_object_or_404(
            self.parent_model.objects.restrict(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk, part, part_pk):
        if part not in self.parts:
            raise PermissionDenied
        model, link = self.parts[part]
        instance = get_object_or_404(model, pk=part_pk, **{link: self.parent})
        try:
            self.delete_part(instance, request.user)
        except services.InUse as error:
            messages.error(
                request, _("This cannot be removed: %(uses)s") % {"uses": error.describe()}
            )
        else:
            messages.success(request, _("Removed."))
        return redirect(self.parent.get_absolute_url())


class NoteCreateView(LoginRequiredMixin, View):
    """Add a journal note to any record the user can read."""

    def post(self, request, app_label, model, pk):
        ct = get_object_or_404(ContentType, app_label=app_label, model=model)
        model_class = ct.model_class()
        if model_class is None or not hasattr(model_class.objects, "restrict"):
            raise PermissionDenied
        record = get_object_or_404(model_class.objects.restrict(request.user), pk=pk)
        if not can(request.user, "add", Note):
            raise PermissionDenied
        form = NoteForm(request.POST, user=request.user)
        if form.is_valid():
            note = form.save(commit=False)
            note.content_type, note.object_id = ct, record.pk
            services.save(note, request.user)
            messages.success(request, _("Note added."))
        else:
            messages.error(
                request,
                _("The note was not saved: %(errors)s")
                % {
                    "errors": "; ".join(
                        f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()
                    )
                },
            )
        return redirect(record.get_absolute_url())


def set_language(request):
    """Switch the interface language and remember it for the user (and in a cookie)."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if request.method == "POST" and language in dict(settings.LANGUAGES):
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def render_error(request, template, status):
    return render(request, template, status=status)
