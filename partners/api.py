"""The partner registry's REST API (mounted under /api/v1/)."""

from django.db.models import Prefetch
from rest_framework import serializers

from core.api import RecordSerializer, RestrictedViewSet
from partners.filters import PartnerFilter, PersonFilter
from partners.models import Partner, Person, Position


class PartnerSerializer(RecordSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "name_ar",
            "acronym",
            "iso_alpha2",
            "iso_alpha3",
            "region",
            "subregion",
            "category",
            "institution_type",
            "country",
            "is_domestic",
            "website",
            "email",
            "phone",
            "address",
            "description",
            "former_names",
            "areas",
            "classification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is checked by the model (with messages that name the field).
        validators = []


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "partner", "title_en", "title_ar", "posted_in", "start", "end"]


class PersonSerializer(RecordSerializer):
    name = serializers.CharField(read_only=True)
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "honorific_en",
            "honorific_ar",
            "name",
            "name_en",
            "name_ar",
            "nationality",
            "email",
            "phone",
            "areas",
            "classification",
            "positions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PartnerViewSet(RestrictedViewSet):
    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas")


class PersonViewSet(RestrictedViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        # Only positions with partners the caller may read: a position names its partner.
        positions = Position.objects.filter(partner__in=Partner.objects.restrict(self.request.user))
        return (
            super()
            .get_queryset()
            .prefetch_related("areas", Prefetch("positions", queryset=positions))
        )
