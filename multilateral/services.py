"""Use cases of the multilateral app: dues totals and standing, computed in SQL under the
reader's clearance, and the writes that go with them (through core.services)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from core import services
from core.choices import ChangeChannel
from multilateral.choices import ContributionKind
from multilateral.models import Contribution, Membership
from partners.models import Partner

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=18, decimal_places=2)
ASSESSED = Q(kind=ContributionKind.ASSESSED)
VOLUNTARY = Q(kind=ContributionKind.VOLUNTARY)
# What is still owed on one contribution: never negative, so that paying one year twice does
# not hide another year's arrears.
OWED = Greatest(F("amount_due") - F("amount_paid"), Value(ZERO), output_field=MONEY)


def _sum(expression, condition) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), Value(ZERO), output_field=MONEY)


TOTALS = {
    "assessed": _sum("amount_due", ASSESSED),
    "paid": _sum("amount_paid", ASSESSED),
    "arrears": _sum(OWED, ASSESSED),
    "voluntary": _sum("amount_due", VOLUNTARY),
    "voluntary_paid": _sum("amount_paid", VOLUNTARY),
}


def contributions_for(user, contributions: QuerySet | None = None) -> QuerySet:
    """The contributions `user` may read, to organizations they may read too."""
    queryset = Contribution.objects.all() if contributions is None else contributions
    return queryset.restrict(user).filter(organization__in=Partner.objects.restrict(user))


def dues_totals(organization=None, *, user, contributions: QuerySet | None = None) -> dict:
    """Dues and contributions added up in SQL (four queries, whatever the number of rows),
    within what `user` may read:

    - `rows`: per year, organization and currency;
    - `by_year`: per year and currency, all organizations together;
    - `by_organization`: per organization and currency, all years together;
    - `total`: per currency.

    Each carries `assessed`, `paid` and `arrears` (dues), and `voluntary` and
    `voluntary_paid`. Amounts in different currencies are never added together.
    `contributions` narrows the rows first (e.g. a filtered list); it is restricted here.
    """
    queryset = contributions_for(user, contributions)
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    queryset = queryset.order_by()
    named = {
        "acronym": F("organization__acronym"),
        "name_en": F("organization__name_en"),
        "name_ar": F("organization__name_ar"),
    }

    def grouped(keys, order, names=None):
        rows = queryset.values(*keys, **(names or {})).annotate(**TOTALS).order_by(*order)
        return list(rows)

    return {
        "rows": grouped(
            ["year", "organization", "currency"], ["-year", "name_en", "currency"], named
        ),
        "by_year": grouped(["year", "currency"], ["-year", "currency"]),
        "by_organization": grouped(["organization", "currency"], ["name_en", "currency"], named),
        "total": grouped(["currency"], ["currency"]),
    }


@dataclass
class Standing:
    """Where the country stands with an organization's dues."""

    latest_assessed_year: int | None = None
    arrears: dict[str, Decimal] = field(default_factory=dict)  # currency -> amount

    @property
    def in_arrears(self) -> bool:
        return any(amount > 0 for amount in self.arrears.values())


def _arrears_by_organization(organization_ids, user) -> dict[int, Standing]:
    rows = (
        contributions_for(user)
        .filter(ASSESSED, organization_id__in=organization_ids)
        .order_by()
        .values("organization_id", "currency")
        .annotate(latest=Max("year"), owed=_sum(OWED, Q()))
    )
    standings: dict[int, Standing] = {}
    for row in rows:
        standing = standings.setdefault(row["organization_id"], Standing())
        if standing.latest_assessed_year is None or row["latest"] > standing.latest_assessed_year:
            standing.latest_assessed_year = row["latest"]
        if row["owed"] > 0:
            standing.arrears[row["currency"]] = row["owed"]
    return standings


def standing(membership: Membership, user) -> Standing:
    """The dues standing of the organization of one membership: one query."""
    return _arrears_by_organization([membership.organization_id], user).get(
        membership.organization_id, Standing()
    )


def attach_standing(memberships, user) -> list:
    """Give each membership of a page its `standing` (one query for the whole page)."""
    memberships = list(memberships)
    standings = _arrears_by_organization({m.organization_id for m in memberships}, user)
    for membership in memberships:
        membership.standing = standings.get(membership.organization_id, Standing())
    return memberships


def with_standing(memberships: QuerySet, user) -> QuerySet:
    """Annotate a membership queryset for the overview, in SQL: `latest_assessed_year` and
    `in_arrears` (dues the user may read). Filter or sort on them like on any column."""
    dues = contributions_for(user).filter(ASSESSED, organization=OuterRef("organization_id"))
    latest = dues.order_by().values("organization").annotate(y=Max("year")).values("y")
    return memberships.annotate(
        latest_assessed_year=Subquery(latest[:1]),
        in_arrears=Exists(dues.filter(amount_paid__lt=F("amount_due"))),
    )


@transaction.atomic
def record_payment(
    contribution: Contribution, amount: Decimal, paid_on, user, *, channel=ChangeChannel.PAGE
) -> Contribution:
    """Add a payment to a contribution (a partial payment adds up). A negative or zero
    amount is refused on `amount_paid`; nothing is saved then."""
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount_paid": _("A payment must be more than zero.")})
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    contribution.amount_paid += amount
    contribution.paid_on = paid_on
    return services.save(contribution, user, channel=channel)


@transaction.atomic
def use_position(item, position, user, *, channel=ChangeChannel.PAGE):
    """Link an agenda item of a multilateral event to a national position kept for reuse;
    an item with no position text of its own starts from the position's text."""
    from engagements.services import save_part

    item.national_position = position
    if not item.position:
        item.position = position.text_en or position.text_ar
    return save_part(item, user, channel=channel)
