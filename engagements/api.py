"""The engagements API (under /api/v1/): meetings with their delegations, agenda and
decisions; joint committees, with an endpoint that opens the next session; and the parts of
a meeting, read and written through the meeting's restriction."""

import zoneinfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action as api_action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from actions.api import ActionSerializer
from actions.models import attach_sources
from agreements.models import Agreement
from core.api import PartViewSet, RecordSerializer, RestrictedViewSet
from core.choices import ChangeChannel, Classification
from core.permissions import can, can_classify
from core.services import InUse
from engagements import services
from engagements.choices import MeetingLevel
from engagements.filters import JointCommitteeFilter, MeetingFilter
from engagements.models import (
    AgendaItem,
    Decision,
    JointCommittee,
    Meeting,
    Participant,
    validate_time_zone,
)
from partners.choices import PartnerKind
from partners.models import Partner, Person


class ParticipantSerializer(RecordSerializer):
    class Meta:
        model = Participant
        fields = ["id", "meeting", "person", "side", "is_head", "role"]
        validators = []


class AgendaItemSerializer(RecordSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "order",
            "title",
            "title_en",
            "title_ar",
            "position",
            "position_status",
            "outcome",
            "carried_action",
            "carried_decision",
        ]
        # Carried-over items are made by opening a committee session, not by hand.
        read_only_fields = ["carried_action", "carried_decision"]
        validators = []


class DecisionSerializer(RecordSerializer):
    text = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "text",
            "text_en",
            "text_ar",
            "status",
            "due_date",
        ]
        validators = []


def _zoned(serializer, attrs, instance):
    """Times sent without a UTC offset are the meeting's local times (as on the page)."""
    name = attrs.get("time_zone") or getattr(instance, "time_zone", None)
    if not name:
        return attrs
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return attrs
    for field in ("start", "end"):
        raw = serializer.initial_data.get(field) if hasattr(serializer, "initial_data") else None
        parsed = parse_datetime(raw) if isinstance(raw, str) else None
        if parsed is not None and parsed.tzinfo is None and field in attrs:
            attrs[field] = parsed.replace(tzinfo=zone)
    return attrs


class MeetingSerializer(RecordSerializer):
    title = serializers.CharField(read_only=True)
    time_zone = serializers.CharField(
        required=False,
        validators=[validate_time_zone],
        help_text="IANA name of the place's time zone; times without an offset are read in it.",
    )
    start_local = serializers.SerializerMethodField()
    end_local = serializers.SerializerMethodField()
    participants = ParticipantSerializer(many=True, read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "level",
            "title",
            "title_en",
            "title_ar",
            "start",
            "end",
            "time_zone",
            "start_local",
            "end_local",
            "online",
            "online_link",
            "venue",
            "city",
            "country",
            "partners",
            "committee",
            "session_number",
            "agreements",
            "summary",
            "minutes",
            "minutes_html",
            "areas",
            "classification",
            "owner_unit",
            "participants",
            "agenda_items",
            "decisions",
            "published",
            "created_at",
            "updated_at",
        ]
        # Publishing is a manager's button (portal.services.set_published).
        read_only_fields = ["minutes_html", "published", "created_at", "updated_at"]
        validators = []

    def get_start_local(self, meeting) -> str | None:
        """The start as the clocks show it where the meeting is held (ISO 8601, with offset)."""
        return meeting.start_local.isoformat() if meeting.start else None

    def get_end_local(self, meeting) -> str | None:
        return meeting.end_local.isoformat() if meeting.end else None

    def validate(self, attrs):
        return _zoned(self, attrs, self.instance)


class SessionSerializer(serializers.Serializer):
    """What opening a committee session takes: the rest is the committee's."""

    session_number = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Leave out for the next number; give one only for a session held before "
        "the committee was kept here.",
    )
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ar = serializers.CharField(required=False, allow_blank=True, max_length=300)
    level = serializers.ChoiceField(
        choices=MeetingLevel.choices,
        required=False,
        help_text="Leave out for the level of the last session (ministerial for the first).",
    )
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    time_zone = serializers.CharField(required=False, validators=[validate_time_zone])
    online = serializers.BooleanField(required=False, default=False)
    online_link = serializers.URLField(required=False, allow_blank=True)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200)
    city = serializers.CharField(required=False, allow_blank=True, max_length=120)
    country = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.filter(kind=PartnerKind.COUNTRY), required=False, allow_null=True
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["country"].queryset = fields["country"].queryset.restrict(
            getattr(request, "user", None)
        )
        return fields

    def validate_classification(self, value):
        request = self.context.get("request")
        if request and not can_classify(request.user, value):
            raise serializers.ValidationError("You cannot file a record above your own clearance.")
        return value

    def validate(self, attrs):
        return _zoned(self, attrs, None)


class JointCommitteeSerializer(RecordSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = JointCommittee
        fields = [
            "id",
            "name",
            "name_en",
            "name_ar",
            "partner",
            "agreement",
            "chair_ours",
            "chair_theirs",
            "periodicity_months",
            "alternating_host",
            "owner_unit",
            "areas",
            "classification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class OpenItemsSerializer(serializers.Serializer):
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)


def meetings_for(user):
    """The meetings `user` may read, with what the serializer shows of each (a fixed number
    of queries per page): partners and agreements only those the user may read too."""
    return Meeting.objects.restrict(user).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.restrict(user).only("pk")),
        Prefetch("agreements", queryset=Agreement.objects.restrict(user).only("pk")),
        "areas",
        Prefetch(
            "participants",
            queryset=Participant.objects.filter(person__in=Person.objects.restrict(user)),
        ),
        "agenda_items",
        "decisions",
    )


class MeetingViewSet(RestrictedViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        return meetings_for(self.request.user)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            services.delete_record(instance, request.user, channel=ChangeChannel.API)
        except InUse as error:
            return Response(
                {
                    "detail": f"{instance} cannot be deleted because other records use it: "
                    f"{error.describe()}"
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class JointCommitteeViewSet(RestrictedViewSet):
    queryset = JointCommittee.objects.all()
    serializer_class = JointCommitteeSerializer
    filterset_class = JointCommitteeFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas")

    @extend_schema(request=SessionSerializer, responses={201: MeetingSerializer})
    @api_action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        """Open the committee's next session. Its agenda is pre-filled with the pending
        decisions and open actions of the earlier sessions; a session number already taken
        is refused (400, on `session_number`)."""
        committee = self.get_object()
        if not can(request.user, "add", Meeting):
            return Response(status=status.HTTP_403_FORBIDDEN)
        payload = SessionSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        fields = {k: v for k, v in payload.validated_data.items() if v is not None}
        fields.setdefault("title_en", "")
        try:
            session = services.open_session(
                committee, request.user, channel=ChangeChannel.API, **fields
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        session = meetings_for(request.user).get(pk=session.pk)
        data = MeetingSerializer(session, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenItemsSerializer)
    @api_action(detail=True, methods=["get"], url_path="open-items")
    def open_items(self, request, pk=None):
        """What the committee still has open: pending decisions of its sessions and open
        actions from the committee, its sessions or their decisions (those the caller may
        read)."""
        committee = self.get_object()
        user = request.user
        decisions, actions = services.open_items(committee)
        decisions = decisions.filter(meeting__in=Meeting.objects.restrict(user))
        actions = list(actions.restrict(user).prefetch_related("areas"))
        attach_sources(actions, user)
        context = self.get_serializer_context()
        return Response(
            {
                "decisions": DecisionSerializer(decisions, many=True, context=context).data,
                "actions": ActionSerializer(actions, many=True, context=context).data,
            }
        )


class MayChangeMeeting(BasePermission):
    """Removing a part of a meeting is changing the meeting, as on the meeting page."""

    def has_permission(self, request, view):
        return can(request.user, "change", Meeting)


class MeetingPartViewSet(PartViewSet):
    """Participants, agenda items and decisions are read and written through their
    meeting's restriction."""

    parent_model = Meeting
    parent_field = "meeting"

    def get_permissions(self):
        if self.action == "destroy":
            return [MayChangeMeeting()]
        return super().get_permissions()

    def write(self, instance, m2m):
        services.save_part(instance, self.request.user, channel=ChangeChannel.API)

    def remove(self, instance):
        services.delete_record(instance, self.request.user, channel=ChangeChannel.API)


class ParticipantViewSet(MeetingPartViewSet):
    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    filterset_fields = ["meeting", "person", "side", "is_head"]

    def get_queryset(self):
        # A person above the caller's clearance is left out, as on the meeting page.
        return super().get_queryset().filter(person__in=Person.objects.restrict(self.request.user))


class AgendaItemViewSet(MeetingPartViewSet):
    queryset = AgendaItem.objects.all()
    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "position_status"]


class DecisionViewSet(MeetingPartViewSet):
    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_fields = ["meeting", "status"]
