"""The agreement list's filters, shared by the page, the exports and the API."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementType, Status, TermKind
from agreements.models import Agreement
from core.filters import SearchFilter
from core.models import AreaOfCooperation, OrgUnit
from partners.choices import Region

# Statuses in which an agreement binds the parties (or did, on a past date).
BINDING = [Status.IN_FORCE, Status.EXPIRED, Status.TERMINATED, Status.SUPERSEDED]


class AgreementFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    type = django_filters.ChoiceFilter(choices=AgreementType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    partner = django_filters.NumberFilter(
        field_name="parties__partner", label=_("Partner"), distinct=True
    )
    region = django_filters.ChoiceFilter(
        field_name="parties__partner__region",
        choices=Region.choices,
        label=_("Region"),
        distinct=True,
    )
    area = django_filters.ModelChoiceFilter(
        field_name="areas",
        queryset=AreaOfCooperation.objects.all(),
        label=_("Area"),
        distinct=True,
    )
    desk = django_filters.ModelChoiceFilter(
        field_name="owner_unit", queryset=OrgUnit.objects.all(), label=_("Desk")
    )
    year = django_filters.NumberFilter(method="filter_year", label=_("Year of signature"))
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label=_("In force on"))
    expiring_within = django_filters.NumberFilter(
        method="filter_expiring", label=_("Expiring within (days)"), min_value=0
    )
    notice_within = django_filters.NumberFilter(
        method="filter_notice", label=_("Notice deadline within (days)"), min_value=0
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("signature_date", "signed"),
            ("title_en", "title"),
            ("expiry_date", "expiry"),
            ("notice_deadline", "notice"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "signature_date": _("Date of signature"),
            "title_en": _("Title"),
            "expiry_date": _("Expiry"),
            "notice_deadline": _("Notice deadline"),
            "updated_at": _("Last updated"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Agreement
        fields = ["q", "type", "status", "partner", "region", "area", "desk"]

    def filter_year(self, queryset, name, value):
        # A range, not __year, so that the index on signature_date is used.
        from datetime import date

        year = int(value)
        return queryset.filter(
            signature_date__gte=date(year, 1, 1), signature_date__lt=date(year + 1, 1, 1)
        )

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(
            Q(status__in=BINDING),
            Q(entry_into_force__lte=value),
            # The stored expiry of a tacit renewal is only the end of its current period: it
            # runs on past it until a notice gives it a termination date.
            Q(expiry_date__isnull=True)
            | Q(expiry_date__gte=value)
            | Q(term_kind=TermKind.TACIT_RENEWAL, termination_date__isnull=True),
            Q(termination_date__isnull=True) | Q(termination_date__gte=value),
        )

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status=Status.IN_FORCE,
            expiry_date__gte=today,
            expiry_date__lte=today + timedelta(days=int(value)),
        ).exclude(
            # A tacit renewal without notice renews at the end of its period: not expiring.
            Q(term_kind=TermKind.TACIT_RENEWAL, termination_date__isnull=True)
        )

    def filter_notice(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status=Status.IN_FORCE,
            notice_deadline__gte=today,
            notice_deadline__lte=today + timedelta(days=int(value)),
        )
