"""The initiative list's filters, shared by the page, the exports and the API; and the
filters of the exchange rates."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from core.filters import SearchFilter
from core.models import AreaOfCooperation
from initiatives import services
from initiatives.choices import InitiativeKind, InitiativeStatus
from initiatives.models import ExchangeRate, Initiative, InitiativePartner

PUBLISHED_CHOICES = [("true", _("Published")), ("false", _("Not published"))]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort as asked, then newest record first: equal values keep one order across pages."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-id")
        return qs


class InitiativeFilter(django_filters.FilterSet):
    """Each filter and each sort runs on an index: search_text (a scan of one column, as
    every list's search), kind, status, classification, published and the start date on
    their own indexes, agreement and area on the many-to-many tables' indexes, partner on
    initiative_partner_idx (and partner_country_idx for a country's institutions)."""

    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=InitiativeStatus.choices, label=_("Status"))
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, label=_("Classification")
    )
    agreement = django_filters.NumberFilter(field_name="agreements", label=_("Agreement"))
    partner = django_filters.NumberFilter(method="filter_partner", label=_("Partner"))
    area = django_filters.ModelChoiceFilter(
        field_name="areas", queryset=AreaOfCooperation.objects.all(), label=_("Area")
    )
    published = django_filters.ChoiceFilter(
        choices=PUBLISHED_CHOICES, method="filter_published", label=_("Open data")
    )
    start_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starting on or after")
    )
    start_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Starting on or before")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("start_date", "start"),
            ("title_en", "title"),
            ("status", "status"),
        ),
        field_labels={
            "start_date": _("Start"),
            "title_en": _("Title"),
            "status": _("Status"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Initiative
        fields = [
            "q",
            "kind",
            "status",
            "classification",
            "agreement",
            "partner",
            "area",
            "published",
            "start_after",
            "start_before",
        ]

    def filter_partner(self, queryset, name, value):
        """The partner's initiatives; for a country, also its institutions'. A subquery, so
        that an initiative with the partner in two roles is listed once."""
        matching = InitiativePartner.objects.filter(services.taking_part(int(value)))
        return queryset.filter(pk__in=matching.values("initiative"))

    def filter_published(self, queryset, name, value):
        return queryset.filter(published=value == "true")


class ExchangeRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(method="filter_currency", label=_("Currency"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=1900)

    class Meta:
        model = ExchangeRate
        fields = ["currency", "year"]

    def filter_currency(self, queryset, name, value):
        # Stored upper-case (the model's clean): an exact match uses the unique index.
        return queryset.filter(currency=value.strip().upper())
