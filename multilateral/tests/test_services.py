"""The services: writes through core.services (bad input refused on its field, nothing saved,
no change record), dues totals and standing computed in SQL within the reader's clearance,
payments and positions reused on an agenda."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import services as core_services
from core.models import ChangeRecord
from engagements.models import AgendaItem, Meeting
from multilateral import services
from multilateral.models import Contribution, Membership, Seat
from multilateral.tests.factories import (  # noqa: F401
    contribution,
    council_fixture,
    egypt_fixture,
    itu_fixture,
    membership,
    organization,
    position,
    upu_fixture,
)

pytestmark = pytest.mark.django_db

D = Decimal


def refused(instance, user) -> dict:
    with pytest.raises(ValidationError) as caught:
        core_services.save(instance, user)
    return caught.value.message_dict


class TestBadInput:
    def test_it_refuses_a_seat_ending_before_it_starts(self, editor, council, egypt):
        bad = Seat(
            body=council,
            holder=egypt,
            term_start=date(2026, 1, 1),
            term_end=date(2025, 1, 1),
            classification="internal",
        )
        assert "term_end" in refused(bad, editor)
        assert not Seat.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_refuses_a_second_active_membership(self, editor, itu, egypt):
        membership(itu, egypt)
        bad = Membership(organization=itu, member=egypt, status="sector_member")
        assert "member" in refused(bad, editor)
        assert Membership.objects.count() == 1
        assert not ChangeRecord.objects.exists()

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"currency": "EGX"}, "currency"),
            ({"currency": "dollars"}, "currency"),
            ({"amount_due": D("-10")}, "amount_due"),
            ({"amount_paid": D("-0.01")}, "amount_paid"),
        ],
    )
    def test_it_refuses_a_bad_contribution(self, editor, itu, values, field):
        bad = Contribution(
            organization=itu,
            year=2025,
            kind="assessed",
            **{"currency": "CHF", "amount_due": D("100"), **values},
        )
        assert field in refused(bad, editor)
        assert not Contribution.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_saves_good_input_with_its_change_record(self, editor, itu):
        good = Contribution(
            organization=itu, year=2025, kind="assessed", currency="chf", amount_due=D("100")
        )
        core_services.save(good, editor)
        [record] = ChangeRecord.objects.all()
        assert (record.action, record.user, record.changes["currency"]) == (
            "create",
            editor,
            [None, "CHF"],
        )


@pytest.fixture
def dues(itu, upu):
    """ITU: dues for 2023-2025 in CHF (paid, partly paid, unpaid), a voluntary pledge and
    a 2025 pledge in USD; UPU: 2025 dues in CHF, overpaid; one confidential entry."""
    contribution(itu, 2023, "100000", "100000")
    contribution(itu, 2024, "100000", "60000")
    contribution(itu, 2025, "110000", "0")
    contribution(itu, 2024, "25000", "25000", kind="voluntary")
    contribution(itu, 2025, "40000", "10000", kind="voluntary", currency="USD")
    contribution(upu, 2025, "30000", "35000")
    contribution(upu, 2024, "999", "0", classification="confidential")
    return {"itu": itu, "upu": upu}


def amounts(row) -> tuple:
    keys = ("assessed", "paid", "arrears", "voluntary", "voluntary_paid")
    return tuple(row[k] for k in keys)


class TestDuesTotals:
    def test_it_adds_up_per_year_organization_and_currency(self, viewer, dues):
        totals = services.dues_totals(user=viewer)
        rows = {(r["year"], r["acronym"], r["currency"]): amounts(r) for r in totals["rows"]}
        assert rows == {
            (2025, "ITU", "CHF"): (D("110000"), D("0"), D("110000"), D("0"), D("0")),
            (2025, "ITU", "USD"): (D("0"), D("0"), D("0"), D("40000"), D("10000")),
            (2025, "UPU", "CHF"): (D("30000"), D("35000"), D("0"), D("0"), D("0")),
            (2024, "ITU", "CHF"): (D("100000"), D("60000"), D("40000"), D("25000"), D("25000")),
            (2023, "ITU", "CHF"): (D("100000"), D("100000"), D("0"), D("0"), D("0")),
        }
        assert [r["year"] for r in totals["rows"]] == [2025, 2025, 2025, 2024, 2023]

    def test_it_adds_up_per_year_and_per_organization(self, viewer, dues):
        totals = services.dues_totals(user=viewer)
        by_year = {(r["year"], r["currency"]): amounts(r) for r in totals["by_year"]}
        assert by_year[(2025, "CHF")] == (D("140000"), D("35000"), D("110000"), D("0"), D("0"))
        by_org = {(r["acronym"], r["currency"]): amounts(r) for r in totals["by_organization"]}
        assert by_org[("ITU", "CHF")] == (
            D("310000"),
            D("160000"),
            D("150000"),
            D("25000"),
            D("25000"),
        )

    def test_an_overpayment_does_not_hide_arrears_elsewhere(self, viewer, dues):
        """UPU's 2025 overpayment of 5,000 CHF does not reduce ITU's arrears in CHF."""
        total = {r["currency"]: amounts(r) for r in services.dues_totals(user=viewer)["total"]}
        assert total["CHF"][2] == D("150000")
        assert total["USD"] == (D("0"), D("0"), D("0"), D("40000"), D("10000"))

    def test_it_never_adds_currencies_together(self, viewer, dues):
        totals = services.dues_totals(user=viewer)
        assert {r["currency"] for r in totals["total"]} == {"CHF", "USD"}

    def test_it_narrows_to_one_organization(self, viewer, dues):
        totals = services.dues_totals(dues["upu"], user=viewer)
        assert [(r["year"], r["acronym"]) for r in totals["rows"]] == [(2025, "UPU")]

    def test_it_counts_only_what_the_user_may_read(self, viewer, editor, dues):
        def upu_2024(user):
            rows = services.dues_totals(dues["upu"], user=user)["rows"]
            return [r["assessed"] for r in rows if r["year"] == 2024]

        assert upu_2024(viewer) == []
        assert upu_2024(editor) == [D("999")]
        assert services.dues_totals(user=None) == {
            "rows": [],
            "by_year": [],
            "by_organization": [],
            "total": [],
        }

    def test_it_runs_four_queries_whatever_the_number_of_rows(self, viewer, itu, dues):
        services.dues_totals(user=viewer)  # the role check is then cached on the user
        with CaptureQueriesContext(connection) as few:
            services.dues_totals(user=viewer)
        for year in range(1970, 2020):
            contribution(itu, year, "1000", "500")
        with CaptureQueriesContext(connection) as many:
            services.dues_totals(user=viewer)
        assert len(few) == len(many) == 4


class TestStanding:
    def test_it_gives_the_latest_assessed_year_and_arrears_per_currency(self, viewer, egypt, dues):
        itu_membership = membership(dues["itu"], egypt)
        standing = services.standing(itu_membership, viewer)
        assert standing.latest_assessed_year == 2025
        assert standing.arrears == {"CHF": D("150000")}
        assert standing.in_arrears

    def test_an_organization_without_dues_stands_clear(self, viewer, egypt):
        other = organization("WIPO", "World Intellectual Property Organization")
        standing = services.standing(membership(other, egypt), viewer)
        assert (standing.latest_assessed_year, standing.arrears) == (None, {})
        assert not standing.in_arrears

    def test_it_attaches_standing_to_a_page_in_one_query(self, viewer, egypt, dues):
        memberships = [membership(dues["itu"], egypt), membership(dues["upu"], egypt)]
        services.standing(memberships[0], viewer)  # the role check is then cached
        with CaptureQueriesContext(connection) as queries:
            attached = services.attach_standing(memberships, viewer)
        assert len(queries) == 1
        assert [m.standing.in_arrears for m in attached] == [True, False]

    def test_it_annotates_the_overview_in_sql(self, viewer, egypt, dues):
        membership(dues["itu"], egypt)
        membership(dues["upu"], egypt)
        rows = services.with_standing(Membership.objects.restrict(viewer), viewer)
        found = {m.organization.acronym: (m.latest_assessed_year, m.in_arrears) for m in rows}
        assert found == {"ITU": (2025, True), "UPU": (2025, False)}
        assert [m.organization.acronym for m in rows.filter(in_arrears=True)] == ["ITU"]


class TestPayments:
    def test_partial_payments_add_up_and_are_recorded(self, editor, itu):
        dues = contribution(itu, 2025, "100000", "0")
        services.record_payment(dues, D("30000"), date(2025, 3, 1), editor)
        services.record_payment(dues, D("20000"), date(2025, 6, 1), editor)
        dues.refresh_from_db()
        assert (dues.amount_paid, dues.arrears, dues.paid_on) == (
            D("50000"),
            D("50000"),
            date(2025, 6, 1),
        )
        changes = ChangeRecord.objects.filter(object_id=str(dues.pk))
        assert changes.count() == 2

    @pytest.mark.parametrize("amount", [D("0"), D("-5")])
    def test_it_refuses_a_payment_that_is_not_positive(self, editor, itu, amount):
        dues = contribution(itu, 2025, "100", "0")
        with pytest.raises(ValidationError) as caught:
            services.record_payment(dues, amount, date(2025, 3, 1), editor)
        assert "amount_paid" in caught.value.message_dict
        dues.refresh_from_db()
        assert dues.amount_paid == D("0")
        assert not ChangeRecord.objects.exists()


class TestPositions:
    def test_it_reuses_a_position_on_an_agenda_item(self, editor, itu):
        kept = position("AI governance", text_en="Egypt supports a human-centred approach.")
        meeting = Meeting.objects.create(
            kind="multilateral",
            level="ministerial",
            title_en="Plenipotentiary Conference",
            start="2026-09-01T09:00+03:00",
            end="2026-09-01T17:00+03:00",
            organization=itu,
        )
        item = AgendaItem.objects.create(meeting=meeting, title_en="AI governance", order=1)
        services.use_position(item, kept, editor)
        item.refresh_from_db()
        assert item.national_position == kept
        assert item.position == "Egypt supports a human-centred approach."
        assert ChangeRecord.objects.filter(object_id=str(item.pk)).exists()
