"""Pages of the initiatives app: declarations on core's generic bases. The list (with its
exports and the IATI download), the initiative's page with its partners, funding and
results, its forms, and the exchange rates. The parts of an initiative (partners in roles,
funding lines, results and their periods) are in initiatives.part_views."""

from babel.numbers import format_decimal
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from actions.views import WithActionsMixin
from agreements.models import Agreement
from core import services as core_services
from core.permissions import can, readable_levels
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)
from documents.views import add_errors, documents_for
from initiatives import services
from initiatives.choices import FundingKind, PartnerRole
from initiatives.filters import ExchangeRateFilter, InitiativeFilter
from initiatives.forms import ExchangeRateForm, InitiativeForm
from initiatives.models import ExchangeRate, Funding, Initiative, InitiativePartner
from partners.models import Partner

EXPORTING = ("csv", "xlsx")


def _partners(initiative) -> str:
    """`Japan (Funder); JICA (Implementer)`: the prefetched partners the reader may read."""
    return "; ".join(str(p) for p in initiative.participants.all())


def _agreements(initiative) -> str:
    return "; ".join(a.title for a in initiative.agreements.all())


def _money(value):
    return None if value is None else float(value)


def funding_total(kind):
    """The initiative's funding of `kind` in the reporting currency, as a subquery of the
    list (one query for the whole export, never one per row). Lines without a rate for
    their year count for nothing, as in the initiative page's totals."""
    lines = (
        services.converted(Funding.objects.filter(initiative=OuterRef("pk"), kind=kind))
        .order_by()
        .values("initiative")
        .annotate(total=Sum("reporting_amount"))
        .values("total")
    )
    return Subquery(lines, output_field=services.MONEY)


class InitiativeListView(ObjectListView):
    model = Initiative
    filterset_class = InitiativeFilter
    template_name = "initiatives/initiative_list.html"
    partial_template_name = "initiatives/partials/initiative_results.html"
    export_name = "initiatives"

    @property
    def export_columns(self):
        currency = settings.ACCORD_REPORTING_CURRENCY
        return [
            (gettext_lazy("English title"), lambda i: i.title_en),
            (gettext_lazy("Arabic title"), lambda i: i.title_ar),
            (gettext_lazy("Kind"), lambda i: i.get_kind_display()),
            (gettext_lazy("Status"), lambda i: i.get_status_display()),
            (gettext_lazy("Start"), lambda i: i.start_date),
            (gettext_lazy("End"), lambda i: i.end_date),
            (gettext_lazy("Partners and roles"), _partners),
            (gettext_lazy("Agreements implemented"), _agreements),
            (
                format_lazy(gettext_lazy("Committed ({currency})"), currency=currency),
                lambda i: _money(i.committed),
            ),
            (
                format_lazy(gettext_lazy("Disbursed ({currency})"), currency=currency),
                lambda i: _money(i.disbursed),
            ),
            (gettext_lazy("Desk"), lambda i: i.owner_unit or ""),
            (gettext_lazy("Classification"), lambda i: i.get_classification_display()),
            (gettext_lazy("Published"), lambda i: _("Yes") if i.published else _("No")),
        ]

    def get_queryset(self):
        user = self.request.user
        participants = InitiativePartner.objects.filter(
            partner__classification__in=readable_levels(user)
        ).select_related("partner")
        queryset = (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related(Prefetch("participants", queryset=participants))
        )
        if self.request.GET.get("export") in EXPORTING:
            readable = Agreement.objects.restrict(user).order_by("title_en", "pk")
            queryset = queryset.prefetch_related(
                Prefetch("agreements", queryset=readable)
            ).annotate(
                committed=funding_total(FundingKind.COMMITMENT),
                disbursed=funding_total(FundingKind.DISBURSEMENT),
            )
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The partner or agreement a link filtered the list by, named above the results.
        form = context["filter"].form
        user = self.request.user
        partner = agreement = None
        if form.is_valid():
            if form.cleaned_data.get("partner"):
                partner = (
                    Partner.objects.restrict(user).filter(pk=form.cleaned_data["partner"]).first()
                )
            if form.cleaned_data.get("agreement"):
                agreement = (
                    Agreement.objects.restrict(user)
                    .filter(pk=form.cleaned_data["agreement"])
                    .first()
                )
        context.update(partner_filter=partner, agreement_filter=agreement, section="initiatives")
        return context


class InitiativeDetailView(WithActionsMixin, ObjectDetailView):
    model = Initiative
    template_name = "initiatives/initiative_detail.html"

    def get_queryset(self):
        readable = Agreement.objects.restrict(self.request.user).order_by("title_en", "pk")
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related("areas", Prefetch("agreements", queryset=readable))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative, user = self.object, self.request.user
        levels = readable_levels(user)
        participants = list(
            initiative.participants.filter(partner__classification__in=levels).select_related(
                "partner"
            )
        )
        roles = [
            (role.label, [p for p in participants if p.role == role])
            for role in PartnerRole
            if any(p.role == role for p in participants)
        ]
        lines = list(
            services.converted(Funding.objects.filter(initiative=initiative)).prefetch_related(
                Prefetch("source", queryset=Partner.objects.restrict(user))
            )
        )
        results = list(initiative.results.select_related("indicator").prefetch_related("periods"))
        context.update(
            roles=roles,
            participant_count=len(participants),
            funding_lines=lines,
            funding=services.funding_of_initiative(initiative),
            funding_sources=self.funding_sources(initiative, lines),
            results=results,
            result_lines=services.results_of_initiative(initiative),
            documents=documents_for(initiative, user),
            reporting_currency=settings.ACCORD_REPORTING_CURRENCY,
            can_add_rate=can(user, "add", ExchangeRate),
            section="initiatives",
        )
        return context

    @staticmethod
    def funding_sources(initiative, lines) -> list[dict]:
        """Committed and disbursed per source, in the reporting currency; the sources named
        from the lines already read (a partner the reader may not read stays unnamed)."""
        names = {line.source_id: line.source for line in lines}
        table: dict = {}
        for row in services.funding_by_source(initiative):
            entry = table.setdefault(
                row["source"],
                {
                    "source_id": row["source"],
                    "source": names.get(row["source"]),
                    "committed": None,
                    "disbursed": None,
                },
            )
            key = "committed" if row["kind"] == FundingKind.COMMITMENT else "disbursed"
            entry[key] = row["total"]
        return list(table.values())


class InitiativeFormMixin:
    model = Initiative
    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"

    def form_valid(self, form):
        instance = form.save(commit=False)
        adding = instance.pk is None
        try:
            # Through the app's service: it refuses publishing to all but a manager.
            services.save_initiative(instance, self.request.user, save_m2m=form.save_m2m)
        except ValidationError as error:
            add_errors(form, error)
            if adding:  # nothing was written: the form is still that of a new initiative
                instance.pk, instance._state.adding = None, True
            return self.form_invalid(form)
        self.object = instance
        messages.success(self.request, _("Initiative saved."))
        return redirect(instance.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(section="initiatives", **kwargs)


class InitiativeCreateView(InitiativeFormMixin, ObjectCreateView):
    def get_initial(self):
        """`?agreement=<id>` (the agreement page's link) chooses that agreement already."""
        agreement = self.request.GET.get("agreement", "")
        readable = Agreement.objects.restrict(self.request.user)
        if agreement.isdigit() and readable.filter(pk=int(agreement)).exists():
            return {"agreements": [int(agreement)]}
        return {}


class InitiativeUpdateView(InitiativeFormMixin, ObjectUpdateView):
    pass


class InitiativeDeleteView(ObjectDeleteView):
    model = Initiative
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("initiatives:initiative_list")


class IatiExportView(RoleRequiredMixin, View):
    """The published initiatives as an IATI activity file (open data: public records only,
    and only those a manager published)."""

    model = Initiative
    filename = "accord-iati-activities.xml"

    def get(self, request, *args, **kwargs):
        from initiatives import iati

        response = HttpResponse(
            iati.activities_xml(iati.published()), content_type="application/xml"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


# Exchange rates --------------------------------------------------------------------------


class ExchangeRateMixin:
    """Rates are reference data, not classified: every role reads them."""

    model = ExchangeRate

    def get_queryset(self):
        return ExchangeRate.objects.select_related("updated_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reporting_currency=settings.ACCORD_REPORTING_CURRENCY, section="rates", **kwargs
        )


class ExchangeRateListView(ExchangeRateMixin, ObjectListView):
    filterset_class = ExchangeRateFilter
    template_name = "initiatives/rate_list.html"
    partial_template_name = "initiatives/partials/rate_results.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # All the decimals a rate has (a yen is worth less than a cent), digits grouped as
        # the reader's language writes them.
        locale = "ar" if (get_language() or "en").startswith("ar") else "en"
        context["object_list"] = rates = list(context["object_list"])
        for rate in rates:
            rate.display = format_decimal(rate.rate, format="#,##0.########", locale=locale)
        return context


class ExchangeRateFormMixin(ExchangeRateMixin):
    form_class = ExchangeRateForm
    template_name = "initiatives/rate_form.html"
    success_url = reverse_lazy("initiatives:rate_list")

    def form_valid(self, form):
        try:
            core_services.save(form.save(commit=False), self.request.user)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Exchange rate saved."))
        return redirect(self.success_url)


class ExchangeRateCreateView(ExchangeRateFormMixin, ObjectCreateView):
    pass


class ExchangeRateUpdateView(ExchangeRateFormMixin, ObjectUpdateView):
    pass


class ExchangeRateDeleteView(ExchangeRateMixin, ObjectDeleteView):
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("initiatives:rate_list")
