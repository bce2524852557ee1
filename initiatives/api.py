"""The initiatives API (under /api/v1/): initiatives with their partners in roles, their
funding and their results framework, read through restrict(user) and written through
initiatives.services; the parts through their initiative's restriction; exchange rates (not
classified: read by every role, written by officers); the indicator catalogue, read-only;
and the roll-ups of results per agreement, partner, region or year."""

import django_filters
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from agreements.models import Agreement
from core.api import PartViewSet, RecordSerializer, RestrictedViewSet
from core.choices import ChangeChannel
from core.permissions import can_classify
from initiatives import services
from initiatives.filters import ExchangeRateFilter, InitiativeFilter
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from partners.choices import Region
from partners.models import Partner

STAMPS = ["created_at", "updated_at"]
ABOVE_CLEARANCE = _("You cannot file a record above your own clearance.")


# Filters ---------------------------------------------------------------------------------


class ResultPeriodFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="result__initiative", label=_("Initiative"))

    class Meta:
        model = ResultPeriod
        fields = ["result", "initiative"]


# Serializers -----------------------------------------------------------------------------


class InitiativePartSerializer(RecordSerializer):
    """A part of an initiative. Links to a parent that is not itself classified (a result)
    accept only those of initiatives the caller may read (`Meta.through_initiative`: field
    -> path from its model to the initiative); any other id is answered as if it did not
    exist."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        readable = Initiative.objects.restrict(getattr(request, "user", None))
        for name, path in getattr(self.Meta, "through_initiative", {}).items():
            field = fields[name]
            if getattr(field, "queryset", None) is not None:
                field.queryset = field.queryset.filter(**{f"{path}__in": readable})
        return fields


class InitiativePartnerSerializer(InitiativePartSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = InitiativePartner
        fields = ["id", "initiative", "partner", "partner_name", "role"]
        # The model names the field in error (a partner twice in one role: on `partner`).
        validators = []


class FundingSerializer(InitiativePartSerializer):
    class Meta:
        model = Funding
        fields = ["id", "initiative", "kind", "source", "amount", "currency", "date", "note"]
        validators = []

    def to_representation(self, instance):
        # A source above the caller's clearance is shown as null, as the pages leave it out.
        data = super().to_representation(instance)
        if not getattr(instance, "_reads_source", True):
            data["source"] = None
        return data


class ResultSerializer(InitiativePartSerializer):
    class Meta:
        model = Result
        fields = ["id", "initiative", "indicator", "baseline", "baseline_year", "baseline_source"]
        validators = []


class ResultPeriodSerializer(InitiativePartSerializer):
    initiative = serializers.IntegerField(source="result.initiative_id", read_only=True)

    class Meta:
        model = ResultPeriod
        fields = [
            "id",
            "result",
            "initiative",
            "period_start",
            "period_end",
            "target",
            "actual",
            "source",
        ]
        through_initiative = {"result": "initiative"}
        validators = []


class ExchangeRateSerializer(RecordSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "year", "rate", *STAMPS]
        read_only_fields = STAMPS
        validators = []


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_en", "name_ar", "unit", "direction", "result_type"]


class ResultLineSerializer(serializers.Serializer):
    """One indicator's targets and actuals, summed over the periods rolled up."""

    indicator = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    direction = serializers.CharField(source="indicator.direction")
    target = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    achieved = serializers.IntegerField(
        allow_null=True, help_text=_("Actual as a share of target, in per cent.")
    )
    on_track = serializers.BooleanField(allow_null=True)


class FundingTotalsSerializer(serializers.Serializer):
    """Committed and disbursed, converted to the reporting currency at the rate of each
    line's year."""

    committed = serializers.DecimalField(max_digits=24, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=24, decimal_places=2)
    currency = serializers.CharField(help_text=_("The reporting currency."))
    unconverted = serializers.IntegerField(
        help_text=_("Lines left out of the totals: no rate is recorded for their year.")
    )
    disbursed_share = serializers.IntegerField(
        allow_null=True, help_text=_("Disbursed as a share of committed, in per cent.")
    )


class InitiativeSerializer(RecordSerializer):
    """An initiative as listed: its own fields, the ids of the agreements it implements
    (those the caller may read) and its areas."""

    title = serializers.CharField(read_only=True)
    iati_identifier = serializers.CharField(read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "title_en",
            "title_ar",
            "description_en",
            "description_ar",
            "kind",
            "status",
            "start_date",
            "end_date",
            "agreements",
            "owner_unit",
            "areas",
            "classification",
            "published",
            "iati_identifier",
            *STAMPS,
        ]
        read_only_fields = STAMPS
        validators = []

    def validate(self, attrs):
        # Filed without a classification, an initiative takes the default (internal):
        # nobody may file one above their own clearance that way either.
        request = self.context.get("request")
        if request and self.instance is None and "classification" not in attrs:
            default = Initiative._meta.get_field("classification").default
            if not can_classify(request.user, default):
                raise serializers.ValidationError({"classification": ABOVE_CLEARANCE})
        return super().validate(attrs)


class InitiativeDetailSerializer(InitiativeSerializer):
    """An initiative in full: with its partners in roles, its results rolled up per
    indicator and its funding totals in the reporting currency."""

    participants = InitiativePartnerSerializer(many=True, read_only=True)
    results = serializers.SerializerMethodField()
    funding = serializers.SerializerMethodField()

    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "participants", "results", "funding"]

    @extend_schema_field(ResultLineSerializer(many=True))
    def get_results(self, initiative):
        return ResultLineSerializer(services.results_of_initiative(initiative), many=True).data

    @extend_schema_field(FundingTotalsSerializer)
    def get_funding(self, initiative):
        return FundingTotalsSerializer(services.funding_of_initiative(initiative)).data


class RollupGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True,
        help_text=_("The M49 code of the region, the year, or the agreement's or partner's id."),
    )
    label = serializers.CharField()
    lines = ResultLineSerializer(many=True)


@extend_schema_serializer(many=False)  # one answer, though served by `list`
class RollupSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=["all", "agreement", "partner", "region", "year"])
    groups = RollupGroupSerializer(many=True)


class RollupQuerySerializer(serializers.Serializer):
    """What to roll up: one of these, or none for every initiative the caller reads."""

    agreement = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(),
        required=False,
        help_text=_("The results of the initiatives that implement this agreement."),
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(),
        required=False,
        help_text=_(
            "The results of the initiatives this partner (or, for a country, one of its "
            "institutions) takes part in."
        ),
    )
    by = serializers.ChoiceField(
        choices=[("region", _("Region")), ("year", _("Year"))],
        required=False,
        help_text=_("Per UN M49 region of the partners, or per year in which a period ends."),
    )

    def get_fields(self):
        # Only records the caller may read: any other id is answered as if it did not exist.
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        for name in ("agreement", "partner"):
            fields[name].queryset = fields[name].queryset.restrict(user)
        return fields

    def validate(self, attrs):
        if len(attrs) > 1:
            raise serializers.ValidationError(_("Give one of agreement, partner or by."))
        return attrs


# Views -----------------------------------------------------------------------------------


def initiatives_for(user, detail=False):
    """The initiatives `user` may read, with what the serializer shows of each (a fixed
    number of queries per page): agreements and partners only those the user may read."""
    related = [
        Prefetch("agreements", queryset=Agreement.objects.restrict(user).only("pk")),
        "areas",
    ]
    if detail:
        roles = InitiativePartner.objects.filter(
            partner__in=Partner.objects.restrict(user)
        ).select_related("partner")
        related.append(Prefetch("participants", queryset=roles))
    return Initiative.objects.restrict(user).prefetch_related(*related)


class InitiativeViewSet(RestrictedViewSet):
    """Initiatives; publishing (and unpublishing) is a manager's call, and only a public
    initiative can be published (400, on `published`)."""

    queryset = Initiative.objects.all()
    serializer_class = InitiativeDetailSerializer
    filterset_class = InitiativeFilter

    def get_serializer_class(self):
        return InitiativeSerializer if self.action == "list" else InitiativeDetailSerializer

    def get_queryset(self):
        return initiatives_for(self.request.user, detail=self.action != "list")

    def write(self, instance, m2m):
        user = self.request.user
        # Read the links afresh: those prefetched for the answer are only the readable ones
        # (else the hidden ones would be lost, and the change record would not show them).
        getattr(instance, "_prefetched_objects_cache", {}).clear()
        if "agreements" in m2m and instance.pk:
            # Links to agreements the caller cannot read (nor send) are kept.
            hidden = instance.agreements.exclude(
                pk__in=Agreement.objects.restrict(user).values("pk")
            )
            m2m["agreements"] = [*m2m["agreements"], *hidden]
        services.save_initiative(instance, user, channel=ChangeChannel.API, m2m=m2m)

    def _save(self, serializer, instance):
        super()._save(serializer, instance)
        # Answer with what a read would show (only the links the caller may read).
        serializer.instance = self.get_queryset().get(pk=instance.pk)


class InitiativePartViewSet(PartViewSet):
    """Partners in roles, funding, results and result periods: read and written through
    their initiative's restriction and initiatives.services."""

    parent_model = Initiative
    parent_field = "initiative"

    def write(self, instance, m2m):
        services.save_part(instance, self.request.user, channel=ChangeChannel.API)

    def remove(self, instance):
        services.delete_part(instance, self.request.user, channel=ChangeChannel.API)


class InitiativePartnerViewSet(InitiativePartViewSet):
    queryset = InitiativePartner.objects.all()
    serializer_class = InitiativePartnerSerializer
    filterset_fields = ["initiative", "partner", "role"]

    def get_queryset(self):
        # A partner above the caller's clearance is left out, as on the initiative's page.
        readable = Partner.objects.restrict(self.request.user)
        return super().get_queryset().filter(partner__in=readable).select_related("partner")


class FundingViewSet(InitiativePartViewSet):
    queryset = Funding.objects.all()
    serializer_class = FundingSerializer
    filterset_fields = ["initiative", "kind", "currency", "source"]

    def get_queryset(self):
        readable = Partner.objects.restrict(self.request.user)
        return (
            super()
            .get_queryset()
            .annotate(_reads_source=Exists(readable.filter(pk=OuterRef("source"))))
        )


class ResultViewSet(InitiativePartViewSet):
    queryset = Result.objects.all()
    serializer_class = ResultSerializer
    filterset_fields = ["initiative", "indicator"]


class ResultPeriodViewSet(InitiativePartViewSet):
    queryset = ResultPeriod.objects.all()
    serializer_class = ResultPeriodSerializer
    filterset_class = ResultPeriodFilter
    parent_field = "result__initiative"

    def get_queryset(self):
        return super().get_queryset().select_related("result")


class ExchangeRateViewSet(RestrictedViewSet):
    """Yearly rates to the reporting currency: not classified, so every role reads them;
    officers enter them."""

    queryset = ExchangeRate.objects.all()
    serializer_class = ExchangeRateSerializer
    filterset_class = ExchangeRateFilter

    def get_queryset(self):
        return ExchangeRate.objects.all()


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The results indicators (reference data, kept in the admin)."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_fields = ["unit", "result_type", "direction"]


class InitiativeResultsViewSet(viewsets.GenericViewSet):
    """Results rolled up per indicator over the initiatives the caller may read."""

    queryset = Initiative.objects.none()  # for the role check: reading initiatives
    serializer_class = RollupSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[RollupQuerySerializer], responses=RollupSerializer)
    def list(self, request):
        """Targets and actuals summed per indicator: of the initiatives implementing an
        `agreement`, of those a `partner` takes part in, `by=region` or `by=year`; with no
        parameter, of every initiative the caller may read."""
        query = RollupQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params, user = query.validated_data, request.user
        if "agreement" in params:
            agreement = params["agreement"]
            by = "agreement"
            groups = [
                (str(agreement.pk), agreement.title, services.results_of_agreement(agreement, user))
            ]
        elif "partner" in params:
            partner = params["partner"]
            by = "partner"
            groups = [(str(partner.pk), partner.name, services.results_of_partner(partner, user))]
        elif params.get("by") == "region":
            by = "region"
            codes = {str(region.label): region.value for region in Region}
            groups = [
                (codes.get(str(label)), str(label), lines)
                for label, lines in services.results_by_region(user)
            ]
        elif params.get("by") == "year":
            by = "year"
            groups = [
                (str(year), str(year), lines) for year, lines in services.results_by_year(user)
            ]
        else:
            by = "all"
            everything = services.periods_of(services.readable_initiatives(user))
            groups = [(None, str(_("All initiatives")), services.rollup(everything))]
        data = {
            "by": by,
            "groups": [
                {"key": key, "label": label, "lines": lines} for key, label, lines in groups
            ],
        }
        return Response(RollupSerializer(data).data)
