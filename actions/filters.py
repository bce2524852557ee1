"""One FilterSet for the list of actions, shared by the HTML list and the API."""

from datetime import timedelta

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from actions.choices import ActionStatus, Priority
from actions.models import Action, source_model
from core.filters import SearchFilter
from core.models import OrgUnit

ACTIVE = "active"
ME = "me"

# The kinds of record actions come from, in the order the source filter offers them. Those
# whose app is not installed yet are left out; the API accepts any classified model.
SOURCE_MODELS = [
    "agreements.agreement",
    "engagements.meeting",
    "engagements.jointcommittee",
    "engagements.decision",
    "multilateral.membership",
    "initiatives.initiative",
    "partners.partner",
]


def source_type_choices():
    choices = []
    for label in SOURCE_MODELS:
        model = source_model(label)
        if model is not None:
            choices.append((label, model._meta.verbose_name.capitalize()))
    return choices


class MeOrIdField(ChoiceField):
    """The owner filter's field: "me" from the select, or a user's id (the API)."""

    def valid_value(self, value):
        return str(value).isdigit() or super().valid_value(value)


class SourceTypeField(ChoiceField):
    """Offers the known kinds of source; accepts any classified model (`app_label.model`)."""

    def valid_value(self, value):
        return source_model(str(value)) is not None or super().valid_value(value)


class OwnerFilter(django_filters.ChoiceFilter):
    field_class = MeOrIdField


class SourceTypeFilter(django_filters.ChoiceFilter):
    field_class = SourceTypeField


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Actions without a due date sort after those with one, both ways, on both databases
    (SQLite puts NULL first, PostgreSQL last)."""

    nulls_last = {"due_date"}

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        if name in self.nulls_last:
            return (
                F(name).desc(nulls_last=True)
                if value.startswith("-")
                else F(name).asc(nulls_last=True)
            )
        return value

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        # A tie-breaker, so that pages do not repeat or skip rows.
        return qs.order_by(*qs.query.order_by, "id") if value else qs


class ActionFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=[(ACTIVE, _("Open or in progress")), *ActionStatus.choices],
        method="filter_status",
        label=_("Status"),
    )
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    owner = OwnerFilter(
        choices=[(ME, _("Me"))],
        method="filter_owner",
        label=_("Owner"),
    )
    owner_unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), label=_("Desk"))
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due on or after")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due on or before")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    due_this_week = django_filters.BooleanFilter(
        method="filter_due_this_week", label=_("Due in the next 7 days")
    )
    source_type = SourceTypeFilter(
        choices=[],  # filled per request: the kinds of source whose apps are installed
        method="filter_source_type",
        label=_("Source"),
    )
    source = django_filters.CharFilter(method="filter_source", label=_("Source record"))
    ordering = NullsLastOrderingFilter(
        choices=[
            ("due", _("Due date, soonest first")),
            ("-due", _("Due date, latest first")),
            ("-priority", _("Priority, most urgent first")),
            ("priority", _("Priority, lowest first")),
            ("-updated", _("Recently updated")),
            ("updated", _("Least recently updated")),
        ],
        fields=(("due_date", "due"), ("priority_rank", "priority"), ("updated_at", "updated")),
        label=_("Sort by"),
    )

    class Meta:
        model = Action
        fields = [
            "q",
            "status",
            "priority",
            "owner",
            "owner_unit",
            "due_after",
            "due_before",
            "overdue",
            "due_this_week",
            "source_type",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["source_type"].extra["choices"] = source_type_choices()

    def filter_status(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.active()
        return queryset.filter(status=value)

    def filter_owner(self, queryset, name, value):
        if value == ME:
            user = getattr(self.request, "user", None)
            if user is None or not user.is_authenticated:
                return queryset.none()
            return queryset.filter(owner=user)
        return queryset.filter(owner_id=int(value))

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value:
            return queryset.overdue(today)
        return queryset.exclude(status__in=ActionStatus.active(), due_date__lt=today)

    def filter_due_this_week(self, queryset, name, value):
        """Still to do, due from today to a week from today."""
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.active().filter(
            due_date__gte=today, due_date__lte=today + timedelta(days=7)
        )

    def filter_source_type(self, queryset, name, value):
        ct = ContentType.objects.get_for_model(source_model(value))  # cached
        return queryset.filter(source_type=ct)

    def filter_source(self, queryset, name, value):
        """`<app_label>.<model>:<pk>`: the actions of one record."""
        label, _colon, pk = value.partition(":")
        model = source_model(label)
        if model is None or not pk.isdigit():
            return queryset.none()
        ct = ContentType.objects.get_for_model(model)
        return queryset.filter(source_type=ct, source_id=int(pk))
