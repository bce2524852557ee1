"""Pages of the agreements app: declarations on core's generic bases, plus the lifecycle
steps and the parts of an agreement (parties, treaty actions, relations)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField as CharValue
from django.db.models import Count, F, Prefetch, Value, Window
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from actions.views import WithActionsMixin
from agreements import services
from agreements.choices import RELATION_INVERSE_LABELS, Status
from agreements.filters import AgreementFilter
from agreements.forms import (
    AgreementForm,
    PartyForm,
    RelationForm,
    TransitionForm,
    TreatyActionForm,
)
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    TreatyAction,
)
from core import views as core_views
from core.permissions import can
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)
from documents.views import add_errors, documents_for
from initiatives import services as initiative_services
from initiatives.models import Initiative


def _partners(agreement) -> str:
    return "; ".join(str(p.partner) for p in agreement.parties.all())


class AgreementListView(ObjectListView):
    model = Agreement
    filterset_class = AgreementFilter
    template_name = "agreements/agreement_list.html"
    partial_template_name = "agreements/partials/agreement_results.html"
    export_name = "agreements"
    export_columns = [
        (gettext_lazy("Reference"), lambda a: a.reference),
        (gettext_lazy("Type"), lambda a: a.get_type_display()),
        (gettext_lazy("Title"), lambda a: a.title),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Parties"), _partners),
        (gettext_lazy("Date of signature"), lambda a: a.signature_date),
        (gettext_lazy("Entry into force"), lambda a: a.entry_into_force),
        (gettext_lazy("Expiry"), lambda a: a.expiry_date),
        (gettext_lazy("Notice deadline"), lambda a: a.notice_deadline),
        (gettext_lazy("Desk"), lambda a: a.owner_unit or ""),
        (gettext_lazy("Classification"), lambda a: a.get_classification_display()),
    ]

    def get(self, request, *args, **kwargs):
        services.refresh_stale()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        parties = AgreementParty.objects.select_related("partner")
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related(Prefetch("parties", queryset=parties))
        )


class AgreementDetailView(WithActionsMixin, ObjectDetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get(self, request, *args, **kwargs):
        # Opened from a link or a reminder, the page must show today's status and dates.
        services.refresh_stale()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("owner_unit", "responsible", "legal_cleared_by")
            .prefetch_related("areas", "implementers")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement, user = self.object, self.request.user
        readable = Agreement.objects.restrict(user)
        context.update(
            parties=list(agreement.parties.select_related("partner", "signatory")),
            treaty_actions=list(agreement.treaty_actions.select_related("party__partner")),
            relations_out=[
                (r.get_kind_display(), r.target, r)
                for r in agreement.relations_out.filter(target__in=readable).select_related(
                    "target"
                )
            ],
            relations_in=[
                (RELATION_INVERSE_LABELS[r.kind], r.source, None)
                for r in agreement.relations_in.filter(source__in=readable).select_related("source")
            ],
            timeline=list(agreement.status_changes.select_related("user")),
            transitions=services.allowed_transitions(agreement, user),
            can_clear=(
                agreement.status == Status.LEGAL_REVIEW
                and not agreement.legal_cleared_at
                and bool(services.workflow.roles_of(user) & services.workflow.LEGAL)
            ),
            term=services.compute_dates(agreement)["term"],
            documents=documents_for(agreement, user),
            notice_urgent=bool(
                agreement.notice_deadline
                and (agreement.notice_deadline - timezone.localdate()).days
                <= max(settings.ACCORD_ALERT_DAYS, default=0)
            ),
        )
        # What it achieved: the initiatives implementing it that the user may read (the
        # first 20, with how many there are, in one query) and their results rolled up
        # per indicator in the database (no initiative, no results: no query).
        implementing = list(
            initiative_services.initiatives_of_agreement(agreement, user)
            .only("pk", "title_en", "title_ar", "kind", "status", "start_date", "end_date")
            .annotate(total=Window(Count("pk")))
            .order_by("-start_date", "-pk")[:20]
        )
        context.update(
            achieved=(
                initiative_services.results_of_agreement(agreement, user) if implementing else []
            ),
            agreement_initiatives=implementing,
            agreement_initiative_count=implementing[0].total if implementing else 0,
            can_add_initiative=can(user, "add", Initiative),
        )
        return context


class AgreementFormMixin:
    model = Agreement
    form_class = AgreementForm
    template_name = "agreements/agreement_form.html"

    def form_valid(self, form):
        self.object = form.save(commit=False)
        services.save_agreement(self.object, self.request.user, save_m2m=form.save_m2m)
        messages.success(self.request, _("Agreement saved."))
        return redirect(self.object.get_absolute_url())


class AgreementCreateView(AgreementFormMixin, ObjectCreateView):
    pass


class AgreementUpdateView(AgreementFormMixin, ObjectUpdateView):
    pass


class AgreementDeleteView(ObjectDeleteView):
    model = Agreement
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("agreements:agreement_list")


class AgreementActionView(LoginRequiredMixin, View):
    """Base of the POST-only steps on an agreement the user can read and may change."""

    action = "change"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.action, Agreement):
            raise PermissionDenied
        self.agreement = get_object_or_404(
            Agreement.objects.restrict(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def refused(self, error: ValidationError):
        messages.error(self.request, " ".join(error.messages))
        return redirect(self.agreement.get_absolute_url())


class TransitionView(AgreementActionView):
    def post(self, request, pk, status):
        form = TransitionForm(request.POST)
        form.is_valid()
        try:
            services.transition(
                self.agreement, status, request.user, form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:
            return self.refused(error)
        messages.success(
            request, _("Status changed to “%(status)s”.") % {"status": Status(status).label}
        )
        return redirect(self.agreement.get_absolute_url())


class LegalClearanceView(AgreementActionView):
    def post(self, request, pk):
        form = TransitionForm(request.POST)
        form.is_valid()
        try:
            services.clear_legal_review(
                self.agreement, request.user, form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("Legal review passed."))
        return redirect(self.agreement.get_absolute_url())


class PartCreateView(ObjectCreateView):
    """Add a part (party, treaty action, relation) to an agreement the user may change."""

    template_name = "agreements/part_form.html"
    heading = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not can(request.user, "change", Agreement):
                raise PermissionDenied
            self.agreement = get_object_or_404(
                Agreement.objects.restrict(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def form_valid(self, form):
        try:
            services.save_part(form.save(commit=False), self.request.user)
        except ValidationError as error:
            # A rule the form cannot check alone (the same partner twice on this agreement,
            # the same relation twice) is shown on the form; nothing was saved.
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.agreement.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, heading=self.heading, **kwargs)


class PartyCreateView(PartCreateView):
    model = AgreementParty
    form_class = PartyForm
    heading = gettext_lazy("Add a party")


class TreatyActionCreateView(PartCreateView):
    model = TreatyAction
    form_class = TreatyActionForm
    heading = gettext_lazy("Record a treaty action")


class RelationCreateView(PartCreateView):
    model = AgreementRelation
    form_class = RelationForm
    heading = gettext_lazy("Relate to another agreement")


class PartDeleteView(core_views.PartDeleteView):
    """Remove a party, treaty action or relation (POST from the agreement page); the
    agreement's dates are computed again."""

    parent_model = Agreement
    parts = {
        "party": (AgreementParty, "agreement"),
        "treaty-action": (TreatyAction, "agreement"),
        "relation": (AgreementRelation, "source"),
    }

    def delete_part(self, instance, user):
        services.delete_part(instance, user)


class DeadlinesView(RoleRequiredMixin, ListView):
    """Every notice deadline, expiry and review date ahead, soonest first."""

    model = Agreement
    template_name = "agreements/deadlines.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        services.refresh_stale()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        today = timezone.localdate()
        base = Agreement.objects.restrict(self.request.user).filter(status=Status.IN_FORCE)
        kinds = [
            ("notice", "notice_deadline"),
            ("expiry", "expiry_date"),
            ("review", "next_review"),
        ]
        parts = [
            base.filter(**{f"{field}__gte": today})
            .annotate(kind=Value(kind, output_field=CharValue()), when=F(field))
            .values("pk", "title_en", "title_ar", "reference", "kind", "when")
            .order_by()
            for kind, field in kinds
        ]
        return parts[0].union(*parts[1:], all=True).order_by("when", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        labels = {"notice": _("Notice deadline"), "expiry": _("Expiry"), "review": _("Review")}
        windows = sorted(settings.ACCORD_ALERT_DAYS)
        rows = []
        for row in context["object_list"]:
            days = (row["when"] - today).days
            rows.append(
                {
                    **row,
                    "label": labels[row["kind"]],
                    "days": days,
                    "urgent": days <= windows[0] if windows else False,
                    "url": reverse("agreements:agreement_detail", args=[row["pk"]]),
                    "title": row["title_ar"]
                    if self.request.LANGUAGE_CODE == "ar" and row["title_ar"]
                    else row["title_en"],
                }
            )
        context["rows"] = rows
        context["alert_days"] = windows
        return context
