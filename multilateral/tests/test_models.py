"""The models refuse bad input on the field at fault (full_clean) and in the database
(named constraints): a seat term that ends before it starts, a second active membership,
a currency that is not ISO 4217, a negative amount."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from core.text import normalize
from multilateral.models import (
    Contribution,
    GoverningBody,
    Membership,
    NationalPosition,
    OrganizationMember,
    Seat,
)
from multilateral.tests.factories import (  # noqa: F401
    body,
    council_fixture,
    egypt_fixture,
    itu_fixture,
    membership,
    position,
    seat,
)

pytestmark = pytest.mark.django_db


def refusal(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestSeat:
    def test_it_names_term_end_when_the_term_ends_before_it_starts(self, council, egypt):
        bad = Seat(
            body=council, holder=egypt, term_start=date(2026, 1, 1), term_end=date(2025, 12, 31)
        )
        errors = refusal(bad)
        assert "The term cannot end before it starts." in errors["term_end"]

    def test_it_accepts_an_open_or_one_day_term(self, council, egypt):
        Seat(body=council, holder=egypt, term_start=date(2026, 1, 1)).full_clean()
        day = date(2026, 1, 1)
        Seat(body=council, holder=egypt, term_start=day, term_end=day).full_clean()

    def test_it_is_refused_by_the_database_too(self, council, egypt):
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(
                body=council,
                holder=egypt,
                term_start=date(2026, 1, 1),
                term_end=date(2025, 1, 1),
            )


class TestMembership:
    def test_it_refuses_a_second_active_membership_on_member(self, itu, egypt):
        membership(itu, egypt, since=date(1876, 1, 1))
        errors = refusal(Membership(organization=itu, member=egypt, status="member_state"))
        assert "This member already has an active membership here." in errors["member"]

    def test_it_allows_a_new_membership_after_one_that_ended(self, itu, egypt):
        membership(itu, egypt, since=date(1990, 1, 1), until=date(2000, 1, 1))
        Membership(organization=itu, member=egypt, status="sector_member").full_clean()

    def test_it_refuses_an_end_before_the_start(self, itu, egypt):
        bad = Membership(
            organization=itu,
            member=egypt,
            status="observer",
            since=date(2020, 1, 1),
            until=date(2019, 1, 1),
        )
        assert "until" in refusal(bad)

    def test_it_refuses_a_country_as_the_organization(self, egypt):
        errors = refusal(Membership(organization=egypt, member=egypt, status="member_state"))
        assert "organization" in errors

    def test_the_database_refuses_a_second_active_membership(self, itu, egypt):
        membership(itu, egypt)
        with pytest.raises(IntegrityError), transaction.atomic():
            membership(itu, egypt)


class TestContribution:
    def contribution(self, org, **fields):
        values = {
            "organization": org,
            "year": 2025,
            "kind": "assessed",
            "currency": "CHF",
            "amount_due": Decimal("100"),
            "classification": "internal",
        }
        return Contribution(**{**values, **fields})

    def test_it_refuses_a_currency_that_is_not_iso_4217_on_currency(self, itu):
        errors = refusal(self.contribution(itu, currency="XYZ"))
        assert "“XYZ” is not an ISO 4217 currency code." in errors["currency"]

    @pytest.mark.parametrize("field", ["amount_due", "amount_paid"])
    def test_it_refuses_a_negative_amount_on_the_amount(self, itu, field):
        errors = refusal(self.contribution(itu, **{field: Decimal("-1")}))
        assert field in errors

    def test_it_upper_cases_the_currency(self, itu):
        contribution = self.contribution(itu, currency="usd")
        contribution.full_clean()
        assert contribution.currency == "USD"

    def test_it_computes_arrears_never_below_zero(self, itu):
        assert self.contribution(itu, amount_paid=Decimal("40")).arrears == Decimal("60")
        assert self.contribution(itu, amount_paid=Decimal("140")).arrears == Decimal("0")

    def test_it_keeps_one_assessment_a_year_but_any_number_of_pledges(self, itu):
        self.contribution(itu).save()
        self.contribution(itu, kind="voluntary").save()
        self.contribution(itu, kind="voluntary").save()
        assert "__all__" in refusal(self.contribution(itu))

    def test_the_database_refuses_a_negative_amount(self, itu):
        with pytest.raises(IntegrityError), transaction.atomic():
            self.contribution(itu, amount_due=Decimal("-5")).save()


class TestNationalPosition:
    def test_a_new_position_is_a_confidential_draft(self):
        new = NationalPosition(topic_en="Spectrum for IMT")
        assert (new.status, new.classification) == ("draft", "confidential")

    def test_it_indexes_both_topics_for_arabic_aware_search(self):
        found = position("Child online protection", topic_ar="حماية الأطفال على الإنترنت")
        assert found.search_text == normalize("Child online protection حماية الأطفال على الإنترنت")
        assert "الانترنت" in found.search_text  # hamza folded


class TestGoverningBody:
    def test_it_goes_with_its_organization(self, itu):
        body(itu, "Radio Regulations Board", "committee")
        itu.delete()
        assert not GoverningBody.objects.exists()

    def test_a_seat_on_it_protects_it(self, itu, council, egypt):
        seat(council, egypt)
        with pytest.raises(ProtectedError):
            itu.delete()

    def test_it_has_one_body_of_a_name_per_organization(self, itu, council):
        duplicate = GoverningBody(organization=itu, name_en="ITU Council", kind="council")
        assert "__all__" in refusal(duplicate)


class TestOrganizationMember:
    def test_it_refuses_an_end_before_the_start(self, itu, egypt):
        bad = OrganizationMember(organization=itu, country=egypt, since=2000, until=1990)
        assert "__all__" in refusal(bad)

    def test_it_is_a_full_member_until_told_otherwise(self, itu, egypt):
        member = OrganizationMember.objects.create(organization=itu, country=egypt, since=1876)
        assert (member.status, member.until) == ("full", None)
