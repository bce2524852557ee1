"""Records for the tests of the initiatives app, written straight to the tables (the tests
of writing go through the services, the pages and the API)."""

from datetime import date
from decimal import Decimal

from agreements.models import Agreement
from initiatives.models import (
    ExchangeRate,
    Funding,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from partners.models import Partner


def country(iso, name_en, region="", name_ar="", classification="public"):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        region=region,
        classification=classification,
    )


def institution(name_en, country=None, institution_type="company", **fields):
    fields.setdefault("classification", "public")
    return Partner.objects.create(
        kind="institution",
        name_en=name_en,
        country=country,
        institution_type=institution_type,
        **fields,
    )


def organization(acronym, name_en, category="un", classification="public"):
    return Partner.objects.create(
        kind="organization",
        acronym=acronym,
        name_en=name_en,
        category=category,
        classification=classification,
    )


def agreement(title="Digital cooperation MoU", classification="internal", **fields):
    return Agreement.objects.create(
        type="mou", title_en=title, classification=classification, **fields
    )


def initiative(
    title="Digital skills for youth",
    start=date(2022, 1, 1),
    end=date(2026, 12, 31),
    classification="internal",
    partners=(),
    agreements=(),
    **fields,
):
    """An initiative; `partners` are (partner, role) pairs."""
    fields.setdefault("kind", "capacity_building")
    fields.setdefault("status", "ongoing")
    record = Initiative.objects.create(
        title_en=title, start_date=start, end_date=end, classification=classification, **fields
    )
    for partner, role in partners:
        InitiativePartner.objects.create(initiative=record, partner=partner, role=role)
    record.agreements.set(agreements)
    return record


def result(initiative, indicator, periods=(), baseline=None, baseline_year=None):
    """A result; `periods` are (year, target, actual) for calendar years (None: not set)."""
    record = Result.objects.create(
        initiative=initiative,
        indicator=indicator,
        baseline=baseline,
        baseline_year=baseline_year,
    )
    for year, target, actual in periods:
        ResultPeriod.objects.create(
            result=record,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            target=None if target is None else Decimal(target),
            actual=None if actual is None else Decimal(actual),
            source="Annual report" if actual is not None else "",
        )
    return record


def funding(
    initiative, amount, currency="USD", kind="commitment", on=date(2023, 3, 1), source=None
):
    return Funding.objects.create(
        initiative=initiative,
        kind=kind,
        amount=Decimal(amount),
        currency=currency,
        date=on,
        source=source,
    )


def rate(currency, year, value):
    return ExchangeRate.objects.create(currency=currency, year=year, rate=Decimal(value))
