"""seed_demo's initiatives: a realistic, bilingual set with partners, funding and results,
loaded once; and --scale's synthetic initiatives, added once. The world is the few
countries and organizations the demos name (load_reference would take seconds)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from core.models import ChangeRecord
from core.reference import load_areas, load_org_units
from initiatives.choices import InitiativeKind
from initiatives.models import ExchangeRate, Funding, Initiative, ResultPeriod
from initiatives.tests.factories import country, organization

pytestmark = pytest.mark.django_db

COUNTRIES = [
    ("EG", "Egypt", "002"),
    ("DE", "Germany", "150"),
    ("FR", "France", "150"),
    ("FI", "Finland", "150"),
    ("JP", "Japan", "142"),
    ("KR", "South Korea", "142"),
    ("IN", "India", "142"),
    ("CN", "China", "142"),
    ("SA", "Saudi Arabia", "142"),
    ("AE", "United Arab Emirates", "142"),
    ("KE", "Kenya", "002"),
    ("MA", "Morocco", "002"),
    ("US", "United States", "019"),
]
ORGANIZATIONS = [
    ("ITU", "International Telecommunication Union", "un"),
    ("UNDP", "United Nations Development Programme", "un"),
    ("EU", "European Union", "regional_other"),
    ("AfDB", "African Development Bank", "development_finance"),
]


@pytest.fixture
def world(db):
    load_areas()
    load_org_units()
    for iso, name, region in COUNTRIES:
        country(iso, name, region)
    for acronym, name, category in ORGANIZATIONS:
        organization(acronym, name, category)


def seed(*args) -> str:
    output = io.StringIO()
    call_command("seed_demo", *args, "--no-users", stdout=output)
    return output.getvalue()


def test_it_loads_the_demo_initiatives_once(world):
    output = seed()
    assert "and 12 initiatives created" in output
    demo = Initiative.objects.all()
    assert demo.count() == 12
    assert set(demo.values_list("kind", flat=True)) == set(InitiativeKind.values)
    assert set(demo.values_list("classification", flat=True)) == {
        "public",
        "internal",
        "confidential",
        "secret",
    }
    published = demo.filter(published=True)
    assert published.count() >= 2
    assert set(published.values_list("classification", flat=True)) == {"public"}
    today = timezone.localdate()
    for record in demo.prefetch_related("agreements__parties", "participants__partner"):
        assert record.title_ar and record.description_ar, record
        assert 1 <= record.agreements.count() <= 2, record
        # Each agreement has one of the initiative's partners (or its country) as a party.
        taking_part = {p.partner_id for p in record.participants.all()} | {
            p.partner.country_id for p in record.participants.all()
        }
        for agreement in record.agreements.all():
            parties = {party.partner_id for party in agreement.parties.all()}
            assert parties & taking_part, (record, agreement)
        assert record.results.exists(), record
        assert record.funding.exists(), record
    periods = ResultPeriod.objects.all()
    assert periods.filter(actual__isnull=False).exists()
    assert not periods.filter(actual__isnull=False, period_end__gte=today).exists()
    currencies = set(Funding.objects.values_list("currency", flat=True))
    assert currencies == {"USD", "EUR", "JPY", "KRW", "EGP"}
    # A rate for each year a currency is used in.
    reporting = settings.ACCORD_REPORTING_CURRENCY
    for currency, on in Funding.objects.exclude(currency=reporting).values_list("currency", "date"):
        assert ExchangeRate.objects.filter(currency=currency, year=on.year).exists()
    records = ChangeRecord.objects.filter(content_type__model="initiative")
    assert set(records.values_list("channel", flat=True)) == {"command"}

    before = {
        model: model.objects.count() for model in (Initiative, Funding, ResultPeriod, ExchangeRate)
    }
    changes = ChangeRecord.objects.count()
    assert "and 0 initiatives created" in seed()
    assert {model: model.objects.count() for model in before} == before
    assert ChangeRecord.objects.count() == changes


def test_scale_adds_synthetic_initiatives_once(world):
    output = seed("--scale", "1")
    assert "100 initiatives added" in output
    synthetic = Initiative.objects.filter(title_en__startswith="Synthetic initiative ")
    assert synthetic.count() == 100
    assert not synthetic.filter(results__isnull=True).exists()
    assert not synthetic.filter(participants__isnull=True).exists()
    assert not synthetic.filter(agreements__isnull=True).exists()
    assert synthetic.filter(search_text__contains="مبادره تجريبيه").count() == 100
    assert ResultPeriod.objects.filter(result__initiative__in=synthetic).exists()
    assert not synthetic.filter(published=True).exclude(classification="public").exists()
    reporting = settings.ACCORD_REPORTING_CURRENCY
    for currency, on in (
        Funding.objects.filter(initiative__in=synthetic)
        .exclude(currency=reporting)
        .values_list("currency", "date")
        .distinct()
    ):
        assert ExchangeRate.objects.filter(currency=currency, year=on.year).exists()

    assert "0 initiatives added" in seed("--scale", "1")
    assert synthetic.count() == 100
