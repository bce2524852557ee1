"""The public list of agreements' filters. Whatever is typed in the address never causes
an error: a value that does not fit is ignored (django-filter drops invalid fields)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementType, Status
from agreements.models import Agreement, AgreementParty
from core.text import normalize
from portal import content

# What the public is told about an agreement's standing, from its status.
STANDING = {
    "in_force": [Status.IN_FORCE],
    "signed": [Status.SIGNED],
    "ended": [Status.EXPIRED, Status.TERMINATED, Status.SUPERSEDED],
}
STANDING_CHOICES = [
    ("in_force", _("In force")),
    ("signed", _("Signed, not yet in force")),
    ("ended", _("No longer in force")),
]


class PublicAgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Words in the title"))
    type = django_filters.ChoiceFilter(choices=AgreementType.choices, label=_("Type"))
    standing = django_filters.ChoiceFilter(
        choices=STANDING_CHOICES, method="filter_standing", label=_("Status")
    )
    country = django_filters.CharFilter(method="filter_country", label=_("Country"))
    year = django_filters.NumberFilter(
        field_name="signature_date__year",
        label=_("Year of signature"),
        min_value=1900,
        max_value=2100,
    )

    class Meta:
        model = Agreement
        fields = ["q", "type", "standing", "country", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("type", "standing"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def filter_text(self, queryset, name, value):
        words = normalize(value[:200]).split()
        for word in words[:10]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_standing(self, queryset, name, value):
        return queryset.filter(status__in=STANDING[value])

    def filter_country(self, queryset, name, value):
        country = content.country(value.strip())
        if country is None:
            return queryset.none()
        linked = AgreementParty.objects.filter(content.own(country)).values("agreement")
        return queryset.filter(Q(pk__in=linked))
