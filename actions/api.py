"""The follow-up actions' REST API (mounted under /api/v1/actions/)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action as api_action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from actions import services
from actions.choices import ActionStatus
from actions.filters import ActionFilter
from actions.models import Action, attach_sources, readable_source
from core.api import RecordSerializer, RestrictedViewSet
from core.choices import ChangeChannel, Role
from core.models import User
from core.permissions import can


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "type": {"type": "string", "example": "partners.partner"},
            "id": {"type": "integer"},
            "label": {"type": "string", "nullable": True},
            "url": {"type": "string", "nullable": True},
        },
        "description": "Written as `<app_label>.<model>:<id>` (e.g. `partners.partner:12`).",
    }
)
class SourceField(serializers.Field):
    """The record an action comes from.

    Written as `<app_label>.<model>:<id>`, naming a record the caller may read (any other is
    refused as if it did not exist). Read as {type, id, label, url}; label and url only when
    the caller may read the source.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, action):
        if not action.source_type_id:
            return None
        if not hasattr(action, "source_record"):
            attach_sources([action], self.context["request"].user)
        ct = ContentType.objects.get_for_id(action.source_type_id)
        record = action.source_record
        url = getattr(record, "get_absolute_url", None)
        return {
            "type": f"{ct.app_label}.{ct.model}",
            "id": action.source_id,
            "label": str(record) if record is not None else None,
            "url": url() if url else None,
        }

    def to_internal_value(self, data):
        request = self.context.get("request")
        record = readable_source(data if isinstance(data, str) else "", request.user)
        if record is None:
            raise serializers.ValidationError(
                "No such record: name a record you may read as <app_label>.<model>:<id>."
            )
        ct = ContentType.objects.get_for_model(record)
        return {"source_type": ct, "source_id": record.pk, "_source": record}


class ActionSerializer(RecordSerializer):
    title = serializers.CharField(read_only=True)
    source = SourceField(required=False)
    is_overdue = serializers.BooleanField(read_only=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, groups__name__in=Role.values).distinct(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "title_en",
            "title_ar",
            "description",
            "source",
            "owner",
            "owner_unit",
            "due_date",
            "status",
            "priority",
            "completed_on",
            "is_overdue",
            "areas",
            "classification",
            "created_at",
            "updated_at",
        ]
        # The status changes through POST .../status/, which keeps a comment with it.
        read_only_fields = ["status", "completed_on", "created_at", "updated_at"]

    def validate(self, attrs):
        source = attrs.pop("_source", None)
        # Like the page: a new action for a source is classified as the source by default.
        if self.instance is None and source is not None and "classification" not in attrs:
            level = getattr(source, "classification", None)
            if level:
                attrs["classification"] = self.validate_classification(level)
        return attrs


class ActionStatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MayChange(BasePermission):
    """The status endpoint is a POST that changes a record: it needs the change permission."""

    def has_permission(self, request, view):
        return can(request.user, "change", Action)


class ActionViewSet(RestrictedViewSet):
    queryset = Action.objects.all()
    serializer_class = ActionSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            # One query per kind of source on the page, not one per action.
            attach_sources(page, self.request.user)
        return page

    @extend_schema(request=ActionStatusChangeSerializer, responses=ActionSerializer)
    @api_action(detail=True, methods=["post"], permission_classes=[MayChange])
    def status(self, request, pk=None):
        """Move the action to another status: {"status": ..., "comment": ...}. A comment is
        required to cancel."""
        instance = self.get_object()
        payload = ActionStatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.change_status(
                instance,
                payload.validated_data["status"],
                request.user,
                payload.validated_data["comment"],
                channel=ChangeChannel.API,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return Response(self.get_serializer(instance).data)
