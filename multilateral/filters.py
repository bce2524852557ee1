"""The filters of the multilateral lists, shared by the pages, the exports and the API."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.filters import SearchFilter
from core.text import normalize
from multilateral.choices import (
    BodyKind,
    CandidacyResult,
    ContributionKind,
    MembershipStatus,
    PositionStatus,
)
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    Seat,
)
from partners.choices import OrganizationCategory, PartnerKind
from partners.models import Partner


class RelatedSearchFilter(SearchFilter):
    """The Arabic-aware search on a related model's `search_text` (e.g. the organization's)."""

    def __init__(self, *args, path: str, **kwargs):
        self.path = path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for term in normalize(value).split()[:8]:
            qs = qs.filter(**{f"{self.path}__search_text__contains": term})
        return qs


class OrderingFilter(django_filters.OrderingFilter):
    """Sorts empty values (a membership with no known start) last, on both databases."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            name = self.get_ordering_value(param)
            field = F(name.lstrip("-"))
            ordering.append(
                field.desc(nulls_last=True) if name.startswith("-") else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "pk")


def readable_organizations(request):
    user = getattr(request, "user", None)
    return Partner.objects.restrict(user).filter(kind=PartnerKind.ORGANIZATION).order_by("name_en")


def readable_members(request):
    user = getattr(request, "user", None)
    return Partner.objects.restrict(user).order_by("name_en")


def bodies(request):
    return GoverningBody.objects.select_related("organization").order_by(
        "organization__name_en", "name_en"
    )


class MembershipFilter(django_filters.FilterSet):
    q = RelatedSearchFilter(path="organization", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(
        field_name="organization__category",
        choices=OrganizationCategory.choices,
        label=_("Category of organization"),
    )
    member = django_filters.ModelChoiceFilter(queryset=readable_members, label=_("Member"))
    active = django_filters.BooleanFilter(
        field_name="until", lookup_expr="isnull", label=_("Active")
    )
    ordering = OrderingFilter(
        fields=(
            ("organization__name_en", "organization"),
            ("since", "since"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "organization__name_en": _("Organization"),
            "since": _("Member since"),
            "updated_at": _("Last updated"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Membership
        fields = ["q", "status", "category", "member", "active"]


class ContributionFilter(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=readable_organizations, label=_("Organization")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(choices=ContributionKind.choices, label=_("Kind"))
    currency = django_filters.CharFilter(
        field_name="currency", lookup_expr="iexact", label=_("Currency")
    )
    in_arrears = django_filters.BooleanFilter(method="filter_in_arrears", label=_("In arrears"))
    ordering = OrderingFilter(
        fields=(("year", "year"), ("organization__name_en", "organization"), ("amount_due", "due")),
        field_labels={
            "year": _("Year"),
            "organization__name_en": _("Organization"),
            "amount_due": _("Amount"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Contribution
        fields = ["organization", "year", "kind", "currency", "in_arrears"]

    def filter_in_arrears(self, queryset, name, value):
        # Only dues fall into arrears; a voluntary pledge not yet paid is not a debt.
        owing = Q(kind=ContributionKind.ASSESSED, amount_paid__lt=F("amount_due"))
        return queryset.filter(owing) if value else queryset.exclude(owing)


class NationalPositionFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    organization = django_filters.ModelChoiceFilter(
        queryset=readable_organizations, label=_("Organization")
    )
    body = django_filters.ModelChoiceFilter(queryset=bodies, label=_("Body"))
    status = django_filters.ChoiceFilter(choices=PositionStatus.choices, label=_("Status"))
    ordering = OrderingFilter(
        fields=(("topic_en", "topic"), ("updated_at", "updated")),
        field_labels={"topic_en": _("Topic"), "updated_at": _("Last updated")},
        label=_("Sort by"),
    )

    class Meta:
        model = NationalPosition
        fields = ["q", "organization", "body", "status"]


class CandidacyFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(queryset=bodies, label=_("Body"))
    result = django_filters.ChoiceFilter(choices=CandidacyResult.choices, label=_("Result"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Year of election"))
    ordering = OrderingFilter(
        fields=(("election_date", "election"), ("updated_at", "updated")),
        field_labels={"election_date": _("Election"), "updated_at": _("Last updated")},
        label=_("Sort by"),
    )

    class Meta:
        model = Candidacy
        fields = ["body", "result", "year"]

    def filter_year(self, queryset, name, value):
        # A range, not __year, so that the index on election_date is used.
        from datetime import date

        year = int(value)
        return queryset.filter(
            election_date__gte=date(year, 1, 1), election_date__lt=date(year + 1, 1, 1)
        )


# The lists of terms held on bodies, candidacies by organization, and the bodies.


class OrganizationFilterMixin(django_filters.FilterSet):
    """`organization` on the lists whose rows belong to a body."""

    organization = django_filters.ModelChoiceFilter(
        field_name="body__organization",
        queryset=readable_organizations,
        label=_("Organization"),
    )


def current_filter(queryset, name, value):
    today = timezone.localdate()
    current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
    return queryset.filter(current) if value else queryset.exclude(current)


class TermFilter(OrganizationFilterMixin):
    body = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            GoverningBody.objects.filter(organization__in=readable_organizations(request))
            .select_related("organization")
            .order_by("organization__name_en", "name_en")
        ),
        label=_("Body"),
    )
    current = django_filters.BooleanFilter(method=current_filter, label=_("Current"))
    ordering = django_filters.OrderingFilter(
        fields=(("term_start", "term"), ("updated_at", "updated")),
        field_labels={"term_start": _("Term"), "updated_at": _("Updated")},
        label=_("Sort by"),
    )


class SeatFilter(TermFilter):
    class Meta:
        model = Seat
        fields = ["organization", "body", "current"]


class ElectedPostFilter(TermFilter):
    class Meta:
        model = ElectedPost
        fields = ["organization", "body", "current"]


class CandidacyListFilter(OrganizationFilterMixin, CandidacyFilter):
    class Meta(CandidacyFilter.Meta):
        fields = ["organization", *CandidacyFilter.Meta.fields]


class GoverningBodyFilter(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=readable_organizations, label=_("Organization")
    )
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label=_("Kind"))

    class Meta:
        model = GoverningBody
        fields = ["organization", "kind"]
