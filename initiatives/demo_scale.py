"""Synthetic initiatives for benchmarks (`seed_demo --scale N`): N × 100 initiatives with
their partners, funding and results, bulk-inserted, reproducible from the seed, and added
only once (a second run adds nothing)."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import AgreementParty
from core.choices import Classification
from core.text import normalize
from initiatives.choices import InitiativeKind, InitiativeStatus
from initiatives.demo import (
    COMMITMENT,
    CURRENCIES,
    DISBURSEMENT,
    FUNDER,
    IMPLEMENTER,
    PUBLIC,
    _periods,
    _rate,
)
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from initiatives.reference import load_indicators
from partners.models import Partner

SYNTHETIC = "Synthetic initiative "
SYNTHETIC_AR = "مبادرة تجريبية "


@transaction.atomic
def load_scale(home, scale: int, seed: int = 2026) -> int:
    """`scale` x 100 synthetic initiatives (one for each synthetic agreement of the
    agreements demo, whose foreign party funds it), each with two partners, funding and
    two results with their yearly periods, bulk-inserted (no change records: this is load,
    not history). Reproducible from `seed`; running again adds only what is missing."""
    if home is None:
        return 0
    load_indicators()
    today = timezone.localdate()
    have = Initiative.objects.filter(title_en__startswith=SYNTHETIC).count()
    want = scale * 100
    if have >= want:
        return 0
    kinds, statuses = list(InitiativeKind.values), list(InitiativeStatus.values)
    levels = list(Classification.values)
    new = []
    for i in range(have, want):
        rng = random.Random(f"{seed}:initiative:{i}")
        start = date(today.year - rng.randrange(10), rng.randrange(1, 13), 1)
        end = date(start.year + rng.randrange(2, 6), start.month, 1) - timedelta(days=1)
        status = (
            InitiativeStatus.COMPLETED
            if end < today
            else InitiativeStatus.PLANNED
            if start > today
            else InitiativeStatus.ONGOING
        )
        if rng.random() < 0.05:
            status = rng.choice(statuses)
        classification = rng.choice(levels)
        title_en, title_ar = f"{SYNTHETIC}{i:06d}", f"{SYNTHETIC_AR}{i:06d}"
        new.append(
            Initiative(
                title_en=title_en,
                title_ar=title_ar,
                kind=rng.choice(kinds),
                status=status,
                start_date=start,
                end_date=end,
                classification=classification,
                published=classification == PUBLIC and rng.random() < 0.3,
                search_text=normalize(f"{title_en} {title_ar}"),
            )
        )
    Initiative.objects.bulk_create(new, batch_size=1000)
    created = Initiative.objects.filter(
        title_en__startswith=SYNTHETIC, title_en__gte=f"{SYNTHETIC}{have:06d}"
    )
    _add_synthetic_parts(home, created, seed, today)
    return len(new)


def _add_synthetic_parts(home, created, seed: int, today: date) -> None:
    """The partners, agreements, funding and results of the initiatives `created`."""
    initiatives = list(created.order_by("title_en"))
    synthetic = dict(
        AgreementParty.objects.filter(agreement__reference__startswith="SYN-")
        .exclude(partner=home)
        .order_by("agreement__reference")
        .values_list("agreement_id", "partner_id")
    )
    agreements = list(synthetic)
    domestic = list(
        Partner.objects.filter(country=home, is_domestic=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ) or [home.pk]
    indicators = list(Indicator.objects.order_by("code"))
    reporting = settings.ACCORD_REPORTING_CURRENCY
    currencies = CURRENCIES if _rate("USD", today.year) is not None else [reporting]
    links, roles, funding, results, plans = [], [], [], [], {}
    for initiative in initiatives:
        number = int(initiative.title_en.removeprefix(SYNTHETIC))
        rng = random.Random(f"{seed}:parts:{number}")
        implementer = rng.choice(domestic)
        roles.append(
            InitiativePartner(initiative=initiative, partner_id=implementer, role=IMPLEMENTER)
        )
        if agreements:
            agreement = agreements[number % len(agreements)]
            links.append(
                Initiative.agreements.through(initiative=initiative, agreement_id=agreement)
            )
            if synthetic[agreement] != implementer:
                roles.append(
                    InitiativePartner(
                        initiative=initiative, partner_id=synthetic[agreement], role=FUNDER
                    )
                )
        currency = rng.choice(currencies)
        start, end = initiative.start_date, initiative.end_date
        usd = Decimal(rng.randrange(100, 20000)) * 1000
        rate = _rate(currency, start.year) or Decimal(1)
        committed = max((usd / rate / 1000).quantize(Decimal(1), ROUND_HALF_UP), 1) * 1000
        funding.append(
            Funding(
                initiative=initiative,
                kind=COMMITMENT,
                amount=committed,
                currency=currency,
                date=start,
            )
        )
        for year in range(start.year, min(end.year, today.year - 1) + 1):
            if rng.random() < 0.8:
                funding.append(
                    Funding(
                        initiative=initiative,
                        kind=DISBURSEMENT,
                        amount=(committed * Decimal(rng.uniform(0.1, 0.3))).quantize(
                            Decimal("0.01")
                        ),
                        currency=currency,
                        date=max(start, date(year, 6, 30)),
                    )
                )
        for indicator in rng.sample(indicators, min(2, len(indicators))):
            size = 10 ** rng.randrange(1, 4)
            baseline = Decimal(rng.randrange(0, 5) * size) if rng.random() < 0.5 else None
            results.append(
                Result(
                    initiative=initiative,
                    indicator=indicator,
                    baseline=baseline,
                    baseline_year=start.year - 1 if baseline is not None else None,
                )
            )
            plans[initiative.pk, indicator.pk] = [
                (first, last, Decimal(rng.randrange(1, 10) * size), rng.uniform(0.6, 1.2))
                for first, last in _periods(start, end, 1)
            ]
    Initiative.agreements.through.objects.bulk_create(links, batch_size=2000)
    InitiativePartner.objects.bulk_create(roles, batch_size=2000)
    _ensure_scale_rates({(f.currency, f.date.year) for f in funding})
    Funding.objects.bulk_create(funding, batch_size=2000)
    Result.objects.bulk_create(results, batch_size=2000)
    periods = []
    made = Result.objects.filter(initiative__in=created).values_list(
        "pk", "initiative_id", "indicator_id"
    )
    for pk, initiative_id, indicator_id in made.iterator():
        for first, last, target, share in plans.get((initiative_id, indicator_id), []):
            actual = (target * Decimal(share)).quantize(Decimal(1)) if last < today else None
            periods.append(
                ResultPeriod(
                    result_id=pk,
                    period_start=first,
                    period_end=last,
                    target=target,
                    actual=actual,
                )
            )
    ResultPeriod.objects.bulk_create(periods, batch_size=2000)


def _ensure_scale_rates(pairs: set[tuple[str, int]]) -> None:
    reporting = settings.ACCORD_REPORTING_CURRENCY
    have = set(ExchangeRate.objects.values_list("currency", "year"))
    missing = [
        ExchangeRate(currency=currency, year=year, rate=_rate(currency, year))
        for currency, year in sorted(pairs - have)
        if currency != reporting and _rate(currency, year) is not None
    ]
    ExchangeRate.objects.bulk_create(missing, batch_size=1000)
