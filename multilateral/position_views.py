"""Pages of national positions: kept per topic, reused and updated from one multilateral
event to the next."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import can, readable_levels
from core.views import (
    ObjectDetailView,
    RoleRequiredMixin,
)
from documents.views import add_errors
from engagements.models import AgendaItem, Meeting
from multilateral import services
from multilateral.filters import (
    NationalPositionFilter,
)
from multilateral.forms import (
    UsePositionForm,
)
from multilateral.models import (
    NationalPosition,
)
from multilateral.views import AreaListView, MultilateralMixin, partner_name
from partners.models import Partner


def position_rows(user):
    used = Q(agenda_items__meeting__classification__in=readable_levels(user))
    return (
        NationalPosition.objects.restrict(user)
        .select_related("body")
        .prefetch_related(
            Prefetch("organization", queryset=Partner.objects.restrict(user)),
        )
        .annotate(
            uses=Count("agenda_items", filter=used),
            last_used=Max("agenda_items__meeting__start", filter=used),
        )
    )


class PositionListView(AreaListView):
    model = NationalPosition
    title = gettext_lazy("National positions")
    add_label = gettext_lazy("New national position")
    url_name = "position"
    filterset_class = NationalPositionFilter
    partial_template_name = "multilateral/partials/position_results.html"
    section = "positions"
    export_name = "national-positions"
    select_filters = ("organization", "body")
    export_columns = [
        (gettext_lazy("Topic"), lambda p: p.topic),
        (gettext_lazy("Organization"), lambda p: partner_name(p.organization)),
        (gettext_lazy("Body"), lambda p: p.body.name if p.body else ""),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Used at events"), lambda p: p.uses),
        (
            gettext_lazy("Last used"),
            lambda p: timezone.localdate(p.last_used) if p.last_used else None,
        ),
        (gettext_lazy("Position (English)"), lambda p: p.text_en),
        (gettext_lazy("Position (Arabic)"), lambda p: p.text_ar),
        (gettext_lazy("Classification"), lambda p: p.get_classification_display()),
    ]

    def get_queryset(self):
        # Meta.ordering does not apply to an aggregated query: sort explicitly.
        return position_rows(self.request.user).order_by("topic_en", "pk")


# A national position: where it was used, and using it at another event.


class PositionDetailView(MultilateralMixin, ObjectDetailView):
    model = NationalPosition
    template_name = "multilateral/position_detail.html"
    section = "positions"
    uses_limit = 50

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("body")
            .prefetch_related(
                Prefetch("organization", queryset=Partner.objects.restrict(user)), "areas"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        position, user = self.object, self.request.user
        context["uses"] = list(
            AgendaItem.objects.filter(
                national_position=position, meeting__in=Meeting.objects.restrict(user)
            )
            .select_related("meeting")
            .order_by("-meeting__start", "order", "pk")[: self.uses_limit]
        )
        may_use = can(user, "change", Meeting)
        context["may_use"] = may_use
        if may_use and "use_form" not in kwargs:
            context["use_form"] = UsePositionForm(user=user, position=position)
        return context


class PositionUseView(PositionDetailView):
    """Use the position at an event: POST an agenda item the user may change; the item is
    linked to the position (and, when asked, takes its text)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not can(request.user, "change", Meeting):
            raise PermissionDenied
        self.object = position = self.get_object()
        form = UsePositionForm(request.POST, user=request.user, position=position)
        if form.is_valid():
            item = form.cleaned_data["agenda_item"]
            if form.cleaned_data.get("replace_text"):
                item.position = position.text_ar or position.text_en
                if not get_language_bidi():
                    item.position = position.text_en or position.text_ar
            try:
                services.use_position(item, position, request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The position is now used at “%(meeting)s”.") % {"meeting": item.meeting},
                )
                return redirect(position.get_absolute_url() + "#uses")
        context = self.get_context_data(object=position, use_form=form)
        return self.render_to_response(context)


class PositionUnuseView(RoleRequiredMixin, View):
    """Unlink an agenda item from the position (the item keeps its own text)."""

    model = NationalPosition

    def post(self, request, pk, item_pk):
        from engagements.services import save_part

        if not can(request.user, "change", Meeting):
            raise PermissionDenied
        position = get_object_or_404(NationalPosition.objects.restrict(request.user), pk=pk)
        item = get_object_or_404(
            AgendaItem.objects.filter(meeting__in=Meeting.objects.restrict(request.user)),
            pk=item_pk,
            national_position=position,
        )
        item.national_position = None
        save_part(item, request.user)
        messages.success(request, _("The agenda item no longer uses this position."))
        return redirect(position.get_absolute_url() + "#uses")
