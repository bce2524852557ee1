"""The filters of the meeting and committee lists, shared by the pages, the exports and the
API."""

from datetime import datetime, time, timedelta

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.choices import ActionStatus
from actions.models import Action
from core.filters import SearchFilter
from core.models import OrgUnit
from engagements.choices import MeetingKind, MeetingLevel
from engagements.models import Decision, JointCommittee, Meeting
from partners.choices import Region


def open_actions_exist(user):
    """An expression, per meeting: is there an open or in-progress action (one the user may
    read) that comes from the meeting or from one of its decisions?"""
    types = ContentType.objects.get_for_models(Meeting, Decision)  # cached
    actions = Action.objects.restrict(user).filter(status__in=ActionStatus.active())
    from_meeting = actions.filter(source_type=types[Meeting], source_id=OuterRef("pk"))
    from_decision = Decision.objects.filter(meeting=OuterRef("pk")).filter(
        Exists(actions.filter(source_type=types[Decision], source_id=OuterRef("pk")))
    )
    return Exists(from_meeting) | Exists(from_decision)


def partners_met(partner_id):
    """Meetings with the partner or with one of the institutions based in it."""
    met = Meeting.partners.through.objects.filter(meeting=OuterRef("pk"))
    return Exists(met.filter(partner_id=partner_id)) | Exists(
        met.filter(partner__country_id=partner_id)
    )


def local_midnight(day):
    """The instant a day starts in the reader's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def readable_committees(request):
    user = getattr(request, "user", None)
    return JointCommittee.objects.restrict(user).order_by("name_en")


class MeetingFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    level = django_filters.ChoiceFilter(choices=MeetingLevel.choices, label=_("Level"))
    partner = django_filters.NumberFilter(method="filter_partner", label=_("Partner"))
    region = django_filters.ChoiceFilter(
        field_name="partners__region",
        choices=Region.choices,
        label=_("Region"),
        distinct=True,
    )
    start_after = django_filters.DateFilter(method="filter_start_after", label=_("From (date)"))
    start_before = django_filters.DateFilter(method="filter_start_before", label=_("Until (date)"))
    committee = django_filters.ModelChoiceFilter(
        queryset=readable_committees, label=_("Joint committee")
    )
    has_open_actions = django_filters.BooleanFilter(
        method="filter_open_actions", label=_("Has open actions")
    )
    desk = django_filters.ModelChoiceFilter(
        field_name="owner_unit", queryset=OrgUnit.objects.all(), label=_("Desk")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("start", "start"), ("title_en", "title"), ("updated_at", "updated")),
        field_labels={
            "start": _("Date"),
            "title_en": _("Title"),
            "updated_at": _("Last updated"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Meeting
        fields = [
            "q",
            "kind",
            "level",
            "partner",
            "region",
            "start_after",
            "start_before",
            "committee",
            "has_open_actions",
            "desk",
        ]

    def filter_partner(self, queryset, name, value):
        """Meetings with the partner, or with an institution based in it (a country's page
        lists the meetings with its ministries too)."""
        return queryset.filter(partners_met(int(value)))

    def filter_start_after(self, queryset, name, value):
        """Meetings that start on that day (in the reader's time zone) or later."""
        return queryset.filter(start__gte=local_midnight(value))

    def filter_start_before(self, queryset, name, value):
        """Meetings that start on that day or earlier."""
        return queryset.filter(start__lt=local_midnight(value + timedelta(days=1)))

    def filter_open_actions(self, queryset, name, value):
        condition = open_actions_exist(getattr(self.request, "user", None))
        return queryset.filter(condition) if value else queryset.exclude(condition)


class JointCommitteeFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    partner = django_filters.NumberFilter(field_name="partner_id", label=_("Partner"))
    desk = django_filters.ModelChoiceFilter(
        field_name="owner_unit", queryset=OrgUnit.objects.all(), label=_("Desk")
    )

    class Meta:
        model = JointCommittee
        fields = ["q", "partner", "desk"]
