"""One FilterSet per listed model, shared by the HTML list and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilter
from partners.choices import InstitutionType, OrganizationCategory, PartnerKind, Region
from partners.models import Partner, Person


class PartnerFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices, label=_("Kind"))
    category = django_filters.ChoiceFilter(
        choices=OrganizationCategory.choices, label=_("Category")
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"))
    institution_type = django_filters.ChoiceFilter(
        choices=InstitutionType.choices, label=_("Type of institution")
    )
    is_domestic = django_filters.BooleanFilter(label=_("Domestic body"))
    country = django_filters.NumberFilter(field_name="country_id", label=_("Country"))
    bloc = django_filters.ModelChoiceFilter(
        field_name="blocs__organization",
        queryset=lambda request: (
            Partner.objects.filter(kind="organization", member_states__isnull=False)
            .distinct()
            .order_by("acronym")
        ),
        label=_("Member of"),
        distinct=True,
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name_en", "name"),
            ("name_ar", "name_ar"),
            ("kind", "kind"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "name_en": _("Name"),
            "name_ar": _("Arabic name"),
            "kind": _("Kind"),
            "updated_at": _("Last updated"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Partner
        fields = [
            "q",
            "kind",
            "category",
            "region",
            "bloc",
            "institution_type",
            "is_domestic",
            "country",
        ]


class PersonFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    partner = django_filters.NumberFilter(
        field_name="positions__partner", label=_("Partner"), distinct=True
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name_en", "name"), ("updated_at", "updated")),
        field_labels={"name_en": _("Name"), "updated_at": _("Last updated")},
        label=_("Sort by"),
    )

    class Meta:
        model = Person
        fields = ["q", "partner"]
