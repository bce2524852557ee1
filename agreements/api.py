"""The agreements API (under /api/v1/): agreements, their parties and treaty actions, and
the lifecycle steps as explicit endpoints."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements import services
from agreements.choices import Status
from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementParty, StatusChange, TreatyAction
from core.api import PartViewSet, RecordSerializer, RestrictedViewSet
from core.choices import ChangeChannel
from core.permissions import can


class PartySerializer(RecordSerializer):
    class Meta:
        model = AgreementParty
        fields = [
            "id",
            "agreement",
            "partner",
            "role",
            "signatory",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "signed_at",
        ]
        validators = []


class TreatyActionSerializer(RecordSerializer):
    class Meta:
        model = TreatyAction
        fields = ["id", "agreement", "party", "kind", "date", "note"]
        validators = []


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["event", "from_status", "to_status", "user", "at", "comment"]


class AgreementSerializer(RecordSerializer):
    title = serializers.CharField(read_only=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "type",
            "title",
            "title_en",
            "title_ar",
            "reference",
            "summary",
            "status",
            "areas",
            "classification",
            "owner_unit",
            "responsible",
            "implementers",
            "signature_date",
            "signature_place",
            "eif_rule",
            "eif_fixed_date",
            "eif_days",
            "term_kind",
            "term_start",
            "term_length",
            "term_unit",
            "renewal_length",
            "renewal_unit",
            "notice_months",
            "review_years",
            "entry_into_force",
            "expiry_date",
            "notice_deadline",
            "next_review",
            "termination_date",
            "parties",
            "published",
            "created_at",
            "updated_at",
        ]
        # Status moves only through the transition endpoint; dates are computed; publishing
        # is a manager's button (portal.services.set_published).
        read_only_fields = [
            "status",
            "published",
            "entry_into_force",
            "expiry_date",
            "notice_deadline",
            "next_review",
            "termination_date",
            "created_at",
            "updated_at",
        ]
        validators = []


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _refused(error: DjangoValidationError) -> Response:
    return Response(serializers.as_serializer_error(error), status=status.HTTP_400_BAD_REQUEST)


class AgreementViewSet(RestrictedViewSet):
    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related("areas", "implementers", "parties")
        )

    def list(self, request, *args, **kwargs):
        services.refresh_stale()  # as the pages do: statuses and dates as of today
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        services.refresh_stale()
        return super().retrieve(request, *args, **kwargs)

    def _save(self, serializer, instance):
        super()._save(serializer, instance)
        services.refresh_dates(instance)

    def _step_allowed(self, request):
        return can(request.user, "change", Agreement)

    @extend_schema(request=TransitionSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the agreement to another status; refused (400) with the reason when the
        lifecycle table, the caller's role or the record's state does not allow it."""
        agreement = self.get_object()
        if not self._step_allowed(request):
            return Response(status=status.HTTP_403_FORBIDDEN)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            agreement = services.transition(
                agreement,
                data.validated_data["status"],
                request.user,
                data.validated_data["comment"],
                channel=ChangeChannel.API,
            )
        except DjangoValidationError as error:
            return _refused(error)
        return Response(self.get_serializer(agreement).data)

    @extend_schema(request=CommentSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], url_path="legal-clearance")
    def legal_clearance(self, request, pk=None):
        """A legal adviser passes the legal review."""
        agreement = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            agreement = services.clear_legal_review(
                agreement, request.user, data.validated_data["comment"], channel=ChangeChannel.API
            )
        except DjangoValidationError as error:
            return _refused(error)
        return Response(self.get_serializer(agreement).data)

    @extend_schema(responses=StatusChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The lifecycle timeline."""
        agreement = self.get_object()
        return Response(StatusChangeSerializer(agreement.status_changes.all(), many=True).data)


class AgreementPartViewSet(PartViewSet):
    """Parties and treaty actions: written through the agreement's services, which keep its
    computed dates up to date."""

    parent_model = Agreement
    parent_field = "agreement"

    def write(self, instance, m2m):
        services.save_part(instance, self.request.user, channel=ChangeChannel.API)

    def remove(self, instance):
        services.delete_part(instance, self.request.user, channel=ChangeChannel.API)


class PartyViewSet(AgreementPartViewSet):
    queryset = AgreementParty.objects.all()
    serializer_class = PartySerializer
    filterset_fields = ["agreement", "partner", "role"]


class TreatyActionViewSet(AgreementPartViewSet):
    queryset = TreatyAction.objects.all()
    serializer_class = TreatyActionSerializer
    filterset_fields = ["agreement", "party", "kind"]
