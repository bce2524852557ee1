"""The multilateral API (under /api/v1/): memberships, seats, elected posts, candidacies,
contributions with a `dues` endpoint that adds them up, and national positions, all read
through restrict(user) and written through core.services; the governing bodies and the
member states of organizations (reference data), read-only."""

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements.models import Agreement
from core.api import RecordSerializer, RestrictedViewSet
from core.permissions import can_classify
from multilateral import services
from multilateral.filters import (
    CandidacyFilter,
    ContributionFilter,
    MembershipFilter,
    NationalPositionFilter,
)
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    OrganizationMember,
    Seat,
)
from partners.models import Partner, Person

STAMPS = ["created_at", "updated_at"]
# Publishing is a manager's button on the page (portal.services.set_published), never a field.
PUBLISHED_STAMPS = ["published", *STAMPS]


class LinkedRecordSerializer(RecordSerializer):
    """A link to a record the caller may not read (a secret agreement as legal basis, a
    confidential person) is shown as null, like the pages leave it out. The viewset
    annotates `_reads_<field>` (see LinkedRecordViewSet)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in getattr(self.Meta, "guarded", ()):
            if name in data and not getattr(instance, f"_reads_{name}", True):
                data[name] = None
        return data

    def validate(self, attrs):
        # A record filed without a classification takes the model's default (a national
        # position is confidential): nobody may file one above their own clearance either.
        request = self.context.get("request")
        if request and self.instance is None and "classification" not in attrs:
            default = self.Meta.model._meta.get_field("classification").default
            if not can_classify(request.user, default):
                raise serializers.ValidationError(
                    {"classification": "You cannot file a record above your own clearance."}
                )
        return super().validate(attrs)


class LinkedRecordViewSet(RestrictedViewSet):
    """Annotates, in SQL, whether the caller may read each guarded link (one subquery per
    link, whatever the number of rows)."""

    guarded = {}  # field -> model of the linked record

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        checks = {
            f"_reads_{name}": Exists(model.objects.restrict(user).filter(pk=OuterRef(name)))
            for name, model in self.guarded.items()
        }
        return queryset.annotate(**checks)


class MembershipSerializer(LinkedRecordSerializer):
    is_active = serializers.BooleanField(read_only=True)
    latest_assessed_year = serializers.IntegerField(read_only=True, allow_null=True)
    in_arrears = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "organization",
            "member",
            "status",
            "since",
            "until",
            "is_active",
            "legal_basis",
            "focal_unit",
            "focal_person",
            "latest_assessed_year",
            "in_arrears",
            "areas",
            "classification",
            "published",
            *STAMPS,
        ]
        read_only_fields = PUBLISHED_STAMPS
        guarded = ["organization", "member", "legal_basis", "focal_person"]
        # Model validation names the field (a second active membership: on `member`).
        validators = []


class GoverningBodySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = GoverningBody
        fields = ["id", "organization", "name", "name_en", "name_ar", "acronym", "kind", "parent"]


class SeatSerializer(LinkedRecordSerializer):
    class Meta:
        model = Seat
        fields = [
            "id",
            "body",
            "holder",
            "term_start",
            "term_end",
            "classification",
            "published",
            *STAMPS,
        ]
        read_only_fields = PUBLISHED_STAMPS
        guarded = ["holder"]
        validators = []


class ElectedPostSerializer(LinkedRecordSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = ElectedPost
        fields = [
            "id",
            "body",
            "title",
            "title_en",
            "title_ar",
            "person",
            "term_start",
            "term_end",
            "classification",
            "published",
            *STAMPS,
        ]
        read_only_fields = PUBLISHED_STAMPS
        guarded = ["person"]
        validators = []


class CandidacySerializer(LinkedRecordSerializer):
    class Meta:
        model = Candidacy
        fields = [
            "id",
            "body",
            "post_en",
            "post_ar",
            "country",
            "person",
            "election_date",
            "votes_for",
            "votes_cast",
            "result",
            "classification",
            *STAMPS,
        ]
        read_only_fields = STAMPS
        guarded = ["country", "person"]
        validators = []


class ContributionSerializer(LinkedRecordSerializer):
    arrears = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "organization",
            "year",
            "kind",
            "currency",
            "amount_due",
            "amount_paid",
            "arrears",
            "paid_on",
            "note",
            "classification",
            *STAMPS,
        ]
        read_only_fields = STAMPS
        validators = []


class NationalPositionSerializer(LinkedRecordSerializer):
    topic = serializers.CharField(read_only=True)

    class Meta:
        model = NationalPosition
        fields = [
            "id",
            "topic",
            "topic_en",
            "topic_ar",
            "organization",
            "body",
            "text_en",
            "text_ar",
            "status",
            "areas",
            "classification",
            *STAMPS,
        ]
        read_only_fields = STAMPS
        guarded = ["organization"]
        validators = []


class OrganizationMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganizationMember
        fields = ["id", "organization", "country", "since", "until", "status"]


class DuesSerializer(serializers.Serializer):
    """Totals in one currency (amounts in different currencies are never added)."""

    year = serializers.IntegerField(required=False)
    organization = serializers.IntegerField(required=False)
    acronym = serializers.CharField(required=False)
    name_en = serializers.CharField(required=False)
    name_ar = serializers.CharField(required=False)
    currency = serializers.CharField()
    assessed = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid = serializers.DecimalField(max_digits=18, decimal_places=2)
    arrears = serializers.DecimalField(max_digits=18, decimal_places=2)
    voluntary = serializers.DecimalField(max_digits=18, decimal_places=2)
    voluntary_paid = serializers.DecimalField(max_digits=18, decimal_places=2)


class DuesTotalsSerializer(serializers.Serializer):
    rows = DuesSerializer(many=True, help_text="Per year, organization and currency.")
    by_year = DuesSerializer(many=True, help_text="Per year and currency.")
    by_organization = DuesSerializer(many=True, help_text="Per organization and currency.")
    total = DuesSerializer(many=True, help_text="Per currency.")


class MembershipViewSet(LinkedRecordViewSet):
    """Memberships of the home country and its bodies, with their dues standing."""

    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    guarded = {
        "organization": Partner,
        "member": Partner,
        "legal_basis": Agreement,
        "focal_person": Person,
    }

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related("areas")
        return services.with_standing(queryset, self.request.user)


class SeatViewSet(LinkedRecordViewSet):
    queryset = Seat.objects.all()
    serializer_class = SeatSerializer
    filterset_fields = ["body", "holder"]
    guarded = {"holder": Partner}


class ElectedPostViewSet(LinkedRecordViewSet):
    queryset = ElectedPost.objects.all()
    serializer_class = ElectedPostSerializer
    filterset_fields = ["body", "person"]
    guarded = {"person": Person}


class CandidacyViewSet(LinkedRecordViewSet):
    queryset = Candidacy.objects.all()
    serializer_class = CandidacySerializer
    filterset_class = CandidacyFilter
    guarded = {"country": Partner, "person": Person}


class ContributionViewSet(LinkedRecordViewSet):
    """Dues and voluntary contributions; `dues` adds them up."""

    queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter

    def get_queryset(self):
        return services.contributions_for(self.request.user, super().get_queryset())

    @extend_schema(responses=DuesTotalsSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def dues(self, request):
        """Assessed, paid and arrears, and voluntary contributions, added up per year,
        organization and currency (the list's filters apply: organization, year, kind,
        currency, in_arrears)."""
        contributions = self.filter_queryset(self.get_queryset())
        totals = services.dues_totals(user=request.user, contributions=contributions)
        return Response(DuesTotalsSerializer(totals).data)


class NationalPositionViewSet(LinkedRecordViewSet):
    """National positions, reused across events; a draft is confidential by default."""

    queryset = NationalPosition.objects.all()
    serializer_class = NationalPositionSerializer
    filterset_class = NationalPositionFilter
    guarded = {"organization": Partner}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas")


class GoverningBodyViewSet(viewsets.ReadOnlyModelViewSet):
    """The bodies of the organizations the caller may read."""

    queryset = GoverningBody.objects.all()
    serializer_class = GoverningBodySerializer
    filterset_fields = ["organization", "kind"]

    def get_queryset(self):
        readable = Partner.objects.restrict(self.request.user)
        return GoverningBody.objects.filter(organization__in=readable).order_by("id")


class OrganizationMemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Which countries belong to which organization (reference data)."""

    queryset = OrganizationMember.objects.all()
    serializer_class = OrganizationMemberSerializer
    filterset_fields = ["organization", "country", "status"]

    def get_queryset(self):
        readable = Partner.objects.restrict(self.request.user)
        return OrganizationMember.objects.filter(
            organization__in=readable, country__in=readable
        ).order_by("id")
