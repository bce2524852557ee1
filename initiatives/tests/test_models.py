"""The rules of the initiatives app, through its services: bad input is refused naming the
field, and nothing (no row, no change record) is written."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from core.models import ChangeRecord
from initiatives import services
from initiatives.models import (
    ExchangeRate,
    Funding,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from initiatives.tests import factories as f

pytestmark = pytest.mark.django_db


def refused(call, field) -> ValidationError:
    """Run `call`; it must raise a ValidationError on `field` and write no change record."""
    changes = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert ChangeRecord.objects.count() == changes
    return caught.value


@pytest.fixture
def programme(db):
    return f.initiative(start=date(2022, 1, 1), end=date(2024, 12, 31))


@pytest.fixture
def trained(programme, indicators):
    return f.result(programme, indicators["people-trained"])


def period(result, start, end, target="100", actual=None):
    return ResultPeriod(
        result=result,
        period_start=start,
        period_end=end,
        target=Decimal(target) if target else None,
        actual=Decimal(actual) if actual else None,
    )


class TestResultPeriods:
    def test_it_saves_a_period_inside_the_initiative_and_records_it(self, trained, editor):
        saved = services.save_part(
            period(trained, date(2023, 1, 1), date(2023, 12, 31), "100", "80"), editor
        )
        assert saved.pk
        record = ChangeRecord.objects.get(object_id=str(saved.pk), action="create")
        assert record.user == editor
        assert record.changes["actual"] == [None, "80"]

    @pytest.mark.parametrize(
        "start,end",
        [
            (date(2021, 7, 1), date(2022, 6, 30)),  # starts before the initiative
            (date(2024, 7, 1), date(2025, 6, 30)),  # ends after it
            (date(2025, 1, 1), date(2025, 12, 31)),  # wholly after it
        ],
    )
    def test_it_refuses_a_period_outside_the_initiative(self, trained, editor, start, end):
        error = refused(
            lambda: services.save_part(period(trained, start, end, "10", "5"), editor),
            "period_start",
        )
        assert "within the initiative's dates" in " ".join(error.message_dict["period_start"])
        assert not ResultPeriod.objects.exists()

    def test_it_refuses_an_actual_for_a_period_to_come(self, editor, indicators):
        today = timezone.localdate()
        ongoing = f.initiative(start=today - timedelta(days=400), end=today + timedelta(days=800))
        result = f.result(ongoing, indicators["jobs-created"])
        future = period(result, today + timedelta(days=30), today + timedelta(days=90), "5", "5")
        refused(lambda: services.save_part(future, editor), "actual")
        # A target for the same period is what planning is.
        future.actual = None
        assert services.save_part(future, editor).pk

    def test_it_refuses_a_period_with_neither_target_nor_actual(self, trained, editor):
        empty = period(trained, date(2023, 1, 1), date(2023, 12, 31), target=None)
        refused(lambda: services.save_part(empty, editor), "target")

    def test_it_refuses_a_period_that_ends_before_it_starts(self, trained, editor):
        backwards = period(trained, date(2023, 6, 1), date(2023, 1, 1))
        refused(lambda: services.save_part(backwards, editor), "period_end")

    def test_it_refuses_two_periods_starting_the_same_day(self, trained, editor):
        services.save_part(period(trained, date(2023, 1, 1), date(2023, 12, 31)), editor)
        again = period(trained, date(2023, 1, 1), date(2023, 6, 30))
        refused(lambda: services.save_part(again, editor), "period_start")
        assert ResultPeriod.objects.count() == 1

    def test_it_keeps_the_initiative_dates_around_its_periods(self, trained, editor, programme):
        services.save_part(period(trained, date(2024, 1, 1), date(2024, 12, 31)), editor)
        programme.end_date = date(2023, 12, 31)
        refused(lambda: services.save_initiative(programme, editor), "end_date")
        programme.refresh_from_db()
        assert programme.end_date == date(2024, 12, 31)
        programme.start_date = date(2024, 6, 1)
        refused(lambda: services.save_initiative(programme, editor), "start_date")


class TestResults:
    def test_it_refuses_measuring_the_same_indicator_twice(self, trained, editor, indicators):
        again = Result(initiative=trained.initiative, indicator=indicators["people-trained"])
        refused(lambda: services.save_part(again, editor), "indicator")
        assert Result.objects.count() == 1

    def test_it_needs_the_year_of_a_baseline(self, programme, editor, indicators):
        result = Result(
            initiative=programme, indicator=indicators["jobs-created"], baseline=Decimal(3)
        )
        refused(lambda: services.save_part(result, editor), "baseline_year")


class TestPartners:
    def test_it_refuses_a_partner_twice_in_the_same_role(self, programme, editor):
        giz = f.institution("Development agency", institution_type="government")
        services.save_part(
            InitiativePartner(initiative=programme, partner=giz, role="funder"), editor
        )
        twice = InitiativePartner(initiative=programme, partner=giz, role="funder")
        error = refused(lambda: services.save_part(twice, editor), "partner")
        assert "already listed in this role" in error.message_dict["partner"][0]
        # The same partner in another role is a different fact.
        other = InitiativePartner(initiative=programme, partner=giz, role="implementer")
        assert services.save_part(other, editor).pk
        assert InitiativePartner.objects.count() == 2


class TestFunding:
    def line(self, programme, currency, on=date(2023, 5, 1), amount="1000"):
        return Funding(
            initiative=programme,
            kind="commitment",
            amount=Decimal(amount),
            currency=currency,
            date=on,
        )

    def test_it_refuses_an_unknown_currency(self, programme, editor):
        error = refused(lambda: services.save_part(self.line(programme, "XYZ"), editor), "currency")
        assert "ISO 4217" in error.message_dict["currency"][0]
        assert not Funding.objects.exists()

    def test_it_refuses_a_currency_without_a_rate_for_its_year(self, programme, editor):
        f.rate("EUR", 2022, "1.05")
        error = refused(lambda: services.save_part(self.line(programme, "EUR"), editor), "currency")
        assert "2023" in error.message_dict["currency"][0]
        f.rate("EUR", 2023, "1.08")
        assert services.save_part(self.line(programme, "eur"), editor).currency == "EUR"

    def test_it_needs_no_rate_for_the_reporting_currency(self, programme, editor):
        assert services.save_part(self.line(programme, "USD"), editor).pk

    @override_settings(ACCORD_REPORTING_CURRENCY="EUR")
    def test_the_reporting_currency_is_a_setting(self, programme, editor):
        assert services.save_part(self.line(programme, "EUR"), editor).pk
        refused(lambda: services.save_part(self.line(programme, "USD"), editor), "currency")

    def test_it_refuses_a_zero_or_negative_amount(self, programme, editor):
        refused(
            lambda: services.save_part(self.line(programme, "USD", amount="0"), editor), "amount"
        )

    def test_a_rate_for_the_reporting_currency_itself_is_refused(self, editor):
        from core import services as core_services

        rate = ExchangeRate(currency="usd", year=2024, rate=Decimal("1"))
        refused(lambda: core_services.save(rate, editor), "currency")


class TestInitiatives:
    def test_it_refuses_an_end_before_the_start(self, editor):
        backwards = Initiative(
            title_en="Backwards",
            kind="research",
            start_date=date(2024, 1, 1),
            end_date=date(2023, 1, 1),
        )
        refused(lambda: services.save_initiative(backwards, editor), "end_date")
        assert not Initiative.objects.exists()

    def test_only_a_public_initiative_can_be_published(self, manager):
        internal = Initiative(
            title_en="Internal",
            kind="research",
            start_date=date(2024, 1, 1),
            classification="internal",
            published=True,
        )
        refused(lambda: services.save_initiative(internal, manager), "published")
        internal.classification = "public"
        assert services.save_initiative(internal, manager).published

    def test_only_a_manager_publishes_or_unpublishes(self, editor, manager):
        record = f.initiative(classification="public")
        record.published = True
        refused(lambda: services.save_initiative(record, editor), "published")
        services.save_initiative(record, manager)
        record.refresh_from_db()
        assert record.published
        change = ChangeRecord.objects.filter(object_id=str(record.pk)).first()
        assert change.changes["published"] == ["False", "True"]
        # An officer may still edit a published initiative, as long as it stays published.
        record.title_en = "Renamed"
        services.save_initiative(record, editor)
        record.published = False
        refused(lambda: services.save_initiative(record, editor), "published")

    def test_it_is_found_by_its_arabic_title_however_spelt(self):
        f.initiative(title="Youth jobs", title_ar="مبادرة الشباب الرقمية")
        assert Initiative.objects.filter(search_text__contains="مبادره").exists()

    def test_the_iati_identifier_is_stable(self):
        record = f.initiative()
        with override_settings(ACCORD_IATI_ORG_REF="EG-GOV-1"):
            assert record.iati_identifier == f"EG-GOV-1-{record.pk}"


def test_it_dates_a_change_to_a_part_as_a_change_to_its_initiative(trained, editor, programme):
    long_ago = timezone.now() - timedelta(days=365)
    Initiative.objects.filter(pk=programme.pk).update(updated_at=long_ago)
    services.save_part(period(trained, date(2023, 1, 1), date(2023, 12, 31)), editor)
    programme.refresh_from_db()
    assert programme.updated_at > long_ago + timedelta(days=364)
