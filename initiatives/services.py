"""Use cases of the initiatives app: saving (with change records) and the roll-ups of
results and funding. Every roll-up is one aggregate query in the database, over the
initiatives the user may read; Python only labels the few aggregated rows."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from core import services
from core.choices import ChangeChannel
from core.permissions import may_publish
from initiatives.choices import Direction, FundingKind
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    ResultPeriod,
)
from partners.choices import PartnerKind, Region
from partners.models import Partner

MONEY = DecimalField(max_digits=24, decimal_places=8)
CENT = Decimal("0.01")


# Saving ----------------------------------------------------------------------------------


@transaction.atomic
def save_initiative(initiative, user, *, channel=ChangeChannel.PAGE, save_m2m=None, m2m=None):
    """Save an initiative; only a manager may publish or unpublish one, and only a public
    initiative can be published (the model refuses the rest)."""
    if initiative.pk:
        was = Initiative.objects.filter(pk=initiative.pk).values_list("published", flat=True)
        was_published = bool(was and was[0])
    else:
        was_published = False
    if initiative.published != was_published and not may_publish(user):
        raise ValidationError({"published": _("Only a manager can publish or unpublish.")})
    return services.save(initiative, user, channel=channel, save_m2m=save_m2m, m2m=m2m)


@transaction.atomic
def save_part(part, user, *, channel=ChangeChannel.PAGE):
    """Save a partner role, a funding line, a result or a result period, with its change
    record; raises ValidationError (naming the field) and writes nothing on bad input."""
    services.save(part, user, channel=channel)
    _touch(part)
    return part


@transaction.atomic
def delete_part(part, user, *, channel=ChangeChannel.PAGE):
    services.delete(part, user, channel=channel)
    _touch(part)


def _touch(part) -> None:
    """A change to a part is a change to its initiative: its `updated_at` (the IATI file's
    last-updated time, the lists' "recently changed") moves with it."""
    initiative_id = getattr(part, "initiative_id", None) or part.result.initiative_id
    Initiative.objects.filter(pk=initiative_id).update(updated_at=timezone.now())


# Results ---------------------------------------------------------------------------------


@dataclass
class Line:
    """One indicator's targets and actuals, summed over the periods rolled up.

    `target` and `actual` are the plain totals, for display; the share achieved compares
    like with like: the actuals and the targets of the periods that have both (a target
    for a year to come is not yet a shortfall)."""

    indicator: Indicator
    target: Decimal | None
    actual: Decimal | None
    target_reported: Decimal | None = None  # targets of the periods with an actual
    actual_targeted: Decimal | None = None  # actuals of the periods with a target

    @property
    def achieved(self) -> int | None:
        """Actual as a share of target, in per cent (None without both)."""
        if not self.target_reported or self.actual_targeted is None:
            return None
        share = self.actual_targeted * 100 / self.target_reported
        return int(share.to_integral_value(ROUND_HALF_UP))

    @property
    def on_track(self) -> bool | None:
        if self.target_reported is None or self.actual_targeted is None:
            return None
        if self.indicator.direction == Direction.DECREASE:
            return self.actual_targeted <= self.target_reported
        return self.actual_targeted >= self.target_reported


# The indicator's columns travel with the sums, so that a roll-up is one query.
INDICATOR_COLUMNS = {
    f"result__indicator__{name}": name
    for name in ("id", "code", "name_en", "name_ar", "unit", "direction", "result_type")
}
# Named apart from the columns they sum: an annotation called "target" would shadow the
# column for the sums after it.
SUMS = {
    "sum_target": Sum("target"),
    "sum_actual": Sum("actual"),
    "sum_target_reported": Sum("target", filter=Q(actual__isnull=False)),
    "sum_actual_targeted": Sum("actual", filter=Q(target__isnull=False)),
}


def _line(row: dict) -> Line:
    indicator = Indicator(**{name: row[column] for column, name in INDICATOR_COLUMNS.items()})
    return Line(indicator, **{name.removeprefix("sum_"): row[name] for name in SUMS})


def readable_initiatives(user) -> QuerySet:
    return Initiative.objects.restrict(user)


def periods_of(initiatives: QuerySet) -> QuerySet:
    """The result periods of `initiatives` (a subquery: no initiative counted twice)."""
    return ResultPeriod.objects.filter(result__initiative__in=initiatives.values("pk"))


def rollup(periods: QuerySet) -> list[Line]:
    """Targets and actuals summed per indicator: one query."""
    rows = periods.values(*INDICATOR_COLUMNS).annotate(**SUMS).order_by("result__indicator")
    return sorted((_line(row) for row in rows), key=lambda line: str(line.indicator))


def results_of_initiative(initiative) -> list[Line]:
    return rollup(ResultPeriod.objects.filter(result__initiative=initiative))


def initiatives_of_agreement(agreement, user) -> QuerySet:
    return readable_initiatives(user).filter(agreements=agreement)


def results_of_agreement(agreement, user) -> list[Line]:
    """What the agreement achieved: the results of the initiatives that implement it."""
    return rollup(periods_of(initiatives_of_agreement(agreement, user)))


def taking_part(partner) -> Q:
    """On InitiativePartner: the partner itself or, for a country, one of its institutions
    (a German university's programme counts for Germany). An organization's `country` is
    its headquarters, so UNESCO's programmes do not count for France. The partners are a
    subquery, so that the partner index leads (an OR across the join would scan)."""
    pk = getattr(partner, "pk", partner)  # a partner or its id
    own = Q(pk=pk) | Q(country=pk, kind=PartnerKind.INSTITUTION)
    return Q(partner__in=Partner.objects.filter(own).values("pk"))


def in_region(region) -> Q:
    """On InitiativePartner: a partner in `region`, by its own region or, for an
    institution recorded without one, its country's."""
    return Q(partner__region=region) | Q(
        partner__region="", partner__kind=PartnerKind.INSTITUTION, partner__country__region=region
    )


def initiatives_where(user, participants: Q) -> QuerySet:
    """Readable initiatives with a participant matching `participants` (a subquery, so no
    initiative is counted twice)."""
    matching = InitiativePartner.objects.filter(participants).values("initiative")
    return readable_initiatives(user).filter(pk__in=matching)


def initiatives_of_partner(partner, user) -> QuerySet:
    return initiatives_where(user, taking_part(partner))


def results_of_partner(partner, user) -> list[Line]:
    return rollup(periods_of(initiatives_of_partner(partner, user)))


def results_by_region(user) -> list[tuple[str, list[Line]]]:
    """Per UN M49 region: the results of the initiatives with a partner there. One query
    a region."""
    table = []
    for region in Region:
        lines = rollup(periods_of(initiatives_where(user, in_region(region))))
        if lines:
            table.append((region.label, lines))
    return table


def results_by_year(user) -> list[tuple[int, list[Line]]]:
    """Per year in which a period ends: targets and actuals per indicator, in one query."""
    rows = (
        periods_of(readable_initiatives(user))
        .annotate(year=ExtractYear("period_end"))
        .values("year", *INDICATOR_COLUMNS)
        .annotate(**SUMS)
        .order_by("year", "result__indicator")
    )
    years: dict[int, list[Line]] = {}
    for row in rows:
        years.setdefault(row["year"], []).append(_line(row))
    return [(year, sorted(lines, key=lambda x: str(x.indicator))) for year, lines in years.items()]


# Funding ---------------------------------------------------------------------------------


def converted(funding: QuerySet) -> QuerySet:
    """Funding lines annotated with `rate` (to the reporting currency, from the rate of
    the line's year; NULL when none is recorded) and `reporting_amount`."""
    rate = ExchangeRate.objects.filter(
        currency=OuterRef("currency"), year=ExtractYear(OuterRef("date"))
    ).values("rate")[:1]
    return funding.annotate(
        rate=Case(
            When(currency=settings.ACCORD_REPORTING_CURRENCY, then=Value(Decimal(1))),
            default=Subquery(rate),
            output_field=MONEY,
        )
    ).annotate(reporting_amount=ExpressionWrapper(F("amount") * F("rate"), output_field=MONEY))


@dataclass
class FundingTotals:
    committed: Decimal
    disbursed: Decimal
    currency: str
    unconverted: int  # lines without a rate (entered before a rate was removed)

    @property
    def disbursed_share(self) -> int | None:
        if not self.committed:
            return None
        return int((self.disbursed * 100 / self.committed).to_integral_value(ROUND_HALF_UP))


def funding_totals(funding: QuerySet) -> FundingTotals:
    """Committed and disbursed, in the reporting currency: one aggregate query."""
    zero = Value(Decimal(0), output_field=MONEY)
    amounts = converted(funding).aggregate(
        committed=Coalesce(Sum("reporting_amount", filter=Q(kind=FundingKind.COMMITMENT)), zero),
        disbursed=Coalesce(Sum("reporting_amount", filter=Q(kind=FundingKind.DISBURSEMENT)), zero),
        unconverted=Sum(Case(When(rate__isnull=True, then=1), default=0)),
    )
    return FundingTotals(
        committed=_cents(amounts["committed"]),
        disbursed=_cents(amounts["disbursed"]),
        currency=settings.ACCORD_REPORTING_CURRENCY,
        unconverted=amounts["unconverted"] or 0,
    )


def funding_of_initiative(initiative) -> FundingTotals:
    return funding_totals(Funding.objects.filter(initiative=initiative))


def funding_by_source(initiative) -> list[dict]:
    """Per source (a partner, or none) and kind: the totals in the reporting currency."""
    rows = (
        converted(Funding.objects.filter(initiative=initiative))
        .values("source", "kind")
        .annotate(total=Sum("reporting_amount"))
        .order_by("source", "kind")
    )
    return [{**row, "total": _cents(row["total"])} for row in rows]


def _cents(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)
