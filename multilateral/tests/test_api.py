"""The multilateral API: roles and clearance (a draft national position is confidential and
never reaches a reader cleared for internal records: not in a list, a detail, a filter or a
count), bad input refused on its field with nothing saved, the dues totals, the shared
filters, and a bounded number of queries for 1 row as for 50."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from conftest import make_user
from core.models import ChangeRecord
from multilateral.models import (
    Candidacy,
    Contribution,
    Membership,
    NationalPosition,
    OrganizationMember,
    Seat,
)
from multilateral.tests.factories import (  # noqa: F401
    api_fixture,
    body,
    candidacy,
    contribution,
    council_fixture,
    country,
    egypt_fixture,
    itu_fixture,
    membership,
    national_fixture,
    organization,
    position,
    post,
    seat,
    upu_fixture,
)
from partners.models import Partner, Person

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/memberships/",
    "/api/v1/governing-bodies/",
    "/api/v1/seats/",
    "/api/v1/elected-posts/",
    "/api/v1/candidacies/",
    "/api/v1/contributions/",
    "/api/v1/contributions/dues/",
    "/api/v1/national-positions/",
    "/api/v1/member-states/",
]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestPermissions:
    @pytest.mark.parametrize("url", LISTS)
    def test_it_lets_no_one_without_a_role_read(self, api, outsider, client, url):
        assert api(outsider).get(url).status_code == 403
        assert client.get(url).status_code in (401, 403)

    @pytest.mark.parametrize("url", LISTS)
    def test_a_viewer_reads_every_list(self, api, viewer, url):
        assert api(viewer).get(url).status_code == 200

    def test_a_viewer_may_not_write(self, api, viewer, itu, egypt):
        response = api(viewer).post(
            "/api/v1/memberships/",
            {"organization": itu.pk, "member": egypt.pk, "status": "member_state"},
            format="json",
        )
        assert response.status_code == 403
        assert not Membership.objects.exists()

    def test_an_officer_creates_and_the_change_is_recorded(self, api, editor, itu, egypt):
        response = api(editor).post(
            "/api/v1/memberships/",
            {
                "organization": itu.pk,
                "member": egypt.pk,
                "status": "member_state",
                "since": "1876-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        created = Membership.objects.get()
        assert (created.created_by, response.json()["is_active"]) == (editor, True)
        [record] = ChangeRecord.objects.filter(object_id=str(created.pk))
        assert (record.action, record.channel) == ("create", "api")

    def test_only_a_manager_deletes(self, api, editor, manager, itu, egypt):
        kept = membership(itu, egypt)
        url = f"/api/v1/memberships/{kept.pk}/"
        assert api(editor).delete(url).status_code == 403
        assert api(manager).delete(url).status_code == 204
        assert not Membership.objects.exists()

    def test_reference_data_is_read_only(self, api, manager, itu, egypt, council):
        OrganizationMember.objects.create(organization=itu, country=egypt, since=1876)
        for url in ["/api/v1/governing-bodies/", "/api/v1/member-states/"]:
            assert api(manager).post(url, {}, format="json").status_code in (403, 405)

    def test_it_hides_links_to_records_above_the_readers_clearance(
        self, api, viewer, manager, itu, egypt
    ):
        treaty = Agreement.objects.create(
            type="treaty", title_en="ITU Constitution", classification="secret"
        )
        secret = Person.objects.create(name_en="Focal point", classification="secret")
        kept = membership(itu, egypt, legal_basis=treaty, focal_person=secret)
        url = f"/api/v1/memberships/{kept.pk}/"
        shown = api(viewer).get(url).json()
        assert (shown["legal_basis"], shown["focal_person"], shown["member"]) == (
            None,
            None,
            egypt.pk,
        )
        shown = api(manager).get(url).json()
        assert (shown["legal_basis"], shown["focal_person"]) == (treaty.pk, secret.pk)


class TestPositionsAreRestricted:
    @pytest.fixture
    def draft(self, itu, council):
        return position(
            "Child online protection",
            topic_ar="حماية الأطفال على الإنترنت",
            organization=itu,
            body=council,
            text_en="Egypt supports Resolution 179.",
        )

    def test_a_draft_is_confidential_by_default(self, draft):
        assert (draft.status, draft.classification) == ("draft", "confidential")

    def test_a_reader_cleared_for_internal_never_sees_it(self, api, viewer, draft, itu, council):
        client = api(viewer)
        listed = client.get("/api/v1/national-positions/").json()
        assert (listed["count"], listed["results"]) == (0, [])
        assert client.get(f"/api/v1/national-positions/{draft.pk}/").status_code == 404
        for params in [
            {"q": "child"},
            {"q": "الانترنت"},
            {"organization": itu.pk},
            {"body": council.pk},
            {"status": "draft"},
        ]:
            found = client.get("/api/v1/national-positions/", params).json()
            assert found["count"] == 0, params

    def test_a_reader_cleared_for_confidential_finds_it(self, api, editor, draft, itu, council):
        client = api(editor)
        assert ids(client.get("/api/v1/national-positions/")) == [draft.pk]
        for params in [
            {"q": "child"},
            {"q": "الانترنت"},  # the Arabic topic, spelt without the hamza
            {"organization": itu.pk},
            {"body": council.pk},
            {"status": "draft"},
        ]:
            assert ids(client.get("/api/v1/national-positions/", params)) == [draft.pk], params
        assert ids(client.get("/api/v1/national-positions/", {"status": "delivered"})) == []

    def test_a_cleared_position_filed_internal_is_read_by_a_viewer(self, api, viewer, itu):
        shared = position("WSIS+20", status="cleared", classification="internal")
        assert ids(api(viewer).get("/api/v1/national-positions/")) == [shared.pk]

    def test_nobody_files_a_position_above_their_clearance(self, api, itu):
        officer = make_user("junior", "officer", "internal")
        client = api(officer)
        response = client.post(
            "/api/v1/national-positions/", {"topic_en": "Spectrum"}, format="json"
        )
        assert response.status_code == 400
        assert "classification" in response.json()
        response = client.post(
            "/api/v1/national-positions/",
            {"topic_en": "Spectrum", "classification": "internal"},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert not NationalPosition.objects.filter(classification="confidential").exists()

    def test_an_officer_files_a_confidential_draft(self, api, editor, itu):
        response = api(editor).post(
            "/api/v1/national-positions/",
            {
                "topic_en": "AI governance",
                "topic_ar": "حوكمة الذكاء الاصطناعي",
                "organization": itu.pk,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["classification"] == "confidential"
        assert NationalPosition.objects.get().search_text


class TestBadInput:
    def test_a_seat_term_ending_before_it_starts_is_refused_on_term_end(
        self, api, editor, council, egypt
    ):
        response = api(editor).post(
            "/api/v1/seats/",
            {
                "body": council.pk,
                "holder": egypt.pk,
                "term_start": "2026-01-01",
                "term_end": "2025-12-31",
            },
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["term_end"] == ["The term cannot end before it starts."]
        assert not Seat.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_a_second_active_membership_is_refused_on_member(self, api, editor, itu, egypt):
        membership(itu, egypt)
        response = api(editor).post(
            "/api/v1/memberships/",
            {"organization": itu.pk, "member": egypt.pk, "status": "sector_member"},
            format="json",
        )
        assert response.status_code == 400
        assert "This member already has an active membership here." in response.json()["member"]
        assert Membership.objects.count() == 1
        assert not ChangeRecord.objects.exists()

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"currency": "XXY"}, "currency"),
            ({"currency": "EURO"}, "currency"),
            ({"amount_due": "-100.00"}, "amount_due"),
            ({"amount_paid": "-1.00"}, "amount_paid"),
        ],
    )
    def test_a_bad_payment_is_refused_on_its_field(self, api, editor, itu, values, field):
        response = api(editor).post(
            "/api/v1/contributions/",
            {
                "organization": itu.pk,
                "year": 2025,
                "kind": "assessed",
                "currency": "CHF",
                "amount_due": "1000.00",
                **values,
            },
            format="json",
        )
        assert response.status_code == 400
        assert field in response.json()
        assert not Contribution.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_an_update_with_bad_input_leaves_the_record_as_it_was(self, api, editor, itu):
        dues = contribution(itu, 2025, "1000", "0")
        response = api(editor).patch(
            f"/api/v1/contributions/{dues.pk}/", {"amount_paid": "-5"}, format="json"
        )
        assert response.status_code == 400
        dues.refresh_from_db()
        assert dues.amount_paid == Decimal("0")
        assert not ChangeRecord.objects.exists()

    def test_more_votes_than_cast_are_refused(self, api, editor, council, egypt):
        response = api(editor).post(
            "/api/v1/candidacies/",
            {"body": council.pk, "country": egypt.pk, "votes_for": 120, "votes_cast": 100},
            format="json",
        )
        assert response.status_code == 400
        assert not Candidacy.objects.exists()


class TestDues:
    @pytest.fixture
    def dues(self, itu, upu):
        contribution(itu, 2024, "100000", "60000")
        contribution(itu, 2025, "110000", "0")
        contribution(itu, 2025, "40000", "10000", kind="voluntary", currency="USD")
        contribution(upu, 2025, "30000", "30000")
        contribution(upu, 2023, "5", "0", classification="secret")

    def test_it_answers_the_totals(self, api, viewer, dues):
        totals = api(viewer).get("/api/v1/contributions/dues/").json()
        chf = next(row for row in totals["total"] if row["currency"] == "CHF")
        assert (chf["assessed"], chf["paid"], chf["arrears"]) == (
            "240000.00",
            "90000.00",
            "150000.00",
        )
        usd = next(row for row in totals["total"] if row["currency"] == "USD")
        assert (usd["assessed"], usd["voluntary"], usd["voluntary_paid"]) == (
            "0.00",
            "40000.00",
            "10000.00",
        )
        assert [(r["year"], r["currency"]) for r in totals["by_year"]] == [
            (2025, "CHF"),
            (2025, "USD"),
            (2024, "CHF"),
        ]

    def test_the_list_filters_apply(self, api, viewer, itu, dues):
        client = api(viewer)
        totals = client.get("/api/v1/contributions/dues/", {"organization": itu.pk}).json()
        assert {row["acronym"] for row in totals["rows"]} == {"ITU"}
        totals = client.get("/api/v1/contributions/dues/", {"in_arrears": "true"}).json()
        assert [(r["year"], r["arrears"]) for r in totals["rows"]] == [
            (2025, "110000.00"),
            (2024, "40000.00"),
        ]

    def test_a_secret_contribution_counts_only_for_the_cleared(self, api, viewer, manager, dues):
        def years(user):
            return {r["year"] for r in api(user).get("/api/v1/contributions/dues/").json()["rows"]}

        assert years(viewer) == {2024, 2025}
        assert years(manager) == {2023, 2024, 2025}

    def test_the_list_shows_arrears(self, api, viewer, dues):
        rows = api(viewer).get("/api/v1/contributions/", {"kind": "assessed", "year": 2024})
        [row] = rows.json()["results"]
        assert (row["amount_due"], row["arrears"]) == ("100000.00", "40000.00")


class TestFilters:
    def test_memberships_filter_by_name_category_member_and_activity(self, api, viewer, itu, egypt):
        las = organization("LAS", "League of Arab States", "regional_arab")
        las.name_ar = "جامعة الدول العربية"
        las.save()
        regulator = Partner.objects.create(
            kind="institution",
            name_en="National Telecom Regulatory Authority",
            institution_type="government",
            country=egypt,
            is_domestic=True,
            classification="public",
        )
        ours = membership(las, egypt, since=date(1945, 3, 22))
        ended = membership(itu, regulator, until=date(2000, 1, 1), status="sector_member")
        client = api(viewer).get
        url = "/api/v1/memberships/"
        assert ids(client(url, {"q": "الدول العربيه"})) == [ours.pk]
        assert ids(client(url, {"q": "league arab"})) == [ours.pk]
        assert ids(client(url, {"q": "arab union"})) == []  # every word must match
        assert ids(client(url, {"category": "regional_arab"})) == [ours.pk]
        assert ids(client(url, {"member": regulator.pk})) == [ended.pk]
        assert ids(client(url, {"active": "false"})) == [ended.pk]
        assert ids(client(url, {"status": "sector_member"})) == [ended.pk]
        assert ids(client(url, {"ordering": "-since"}))[0] == ours.pk

    def test_candidacies_filter_by_year_of_election_and_result(self, api, viewer, council, egypt):
        won = candidacy(council, egypt, election_date=date(2022, 10, 1), result="elected")
        coming = candidacy(council, egypt, election_date=date(2026, 11, 1))
        client = api(viewer).get
        assert ids(client("/api/v1/candidacies/", {"year": 2022})) == [won.pk]
        assert ids(client("/api/v1/candidacies/", {"result": "pending"})) == [coming.pk]
        assert ids(client("/api/v1/candidacies/", {"body": council.pk})) == [coming.pk, won.pk]


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200, response.content
    return len(queries)


def same_for(fetch, add, few=1, many=50):
    add(0, few)
    one = count_queries(fetch)
    add(few, many)
    lots = count_queries(fetch)
    assert one == lots, f"{one} queries for {few}, {lots} for {many}"
    return lots


class TestQueryCounts:
    """Each list answers in the same number of queries for 1 row as for 50."""

    @pytest.fixture
    def world(self, egypt, itu, council, national):
        return {"egypt": egypt, "itu": itu, "council": council, "person": national}

    def adders(self, world):
        egypt, itu, council, person = (world[k] for k in ("egypt", "itu", "council", "person"))

        def memberships(start, end):
            treaty = Agreement.objects.create(type="treaty", title_en="Constitution")
            for i in range(start, end):
                org = organization(f"ORG{i}", f"Organization {i}")
                kept = membership(org, egypt, legal_basis=treaty, focal_person=person)
                kept.areas.set([])
                contribution(org, 2025, "100", "50")

        def bodies(start, end):
            for i in range(start, end):
                body(itu, f"Study Group {i}", "study_group")

        def seats(start, end):
            for i in range(start, end):
                seat(council, egypt, start=date(1950 + i, 1, 1))

        def posts(start, end):
            for i in range(start, end):
                post(council, person, start=date(1950 + i, 1, 1))

        def candidacies(start, end):
            for i in range(start, end):
                candidacy(council, egypt, person, election_date=date(1950 + i, 1, 1))

        def contributions(start, end):
            for i in range(start, end):
                contribution(itu, 1950 + i, "100", "20")

        def positions(start, end):
            for i in range(start, end):
                position(f"Topic {i}", organization=itu, body=council, classification="internal")

        def members(start, end):
            for i in range(start, end):
                other = country(f"{chr(65 + i // 26)}{chr(65 + i % 26)}", f"Country {i}")
                OrganizationMember.objects.create(organization=itu, country=other, since=1900)

        return {
            "/api/v1/memberships/": memberships,
            "/api/v1/governing-bodies/": bodies,
            "/api/v1/seats/": seats,
            "/api/v1/elected-posts/": posts,
            "/api/v1/candidacies/": candidacies,
            "/api/v1/contributions/": contributions,
            "/api/v1/contributions/dues/": contributions,
            "/api/v1/national-positions/": positions,
            "/api/v1/member-states/": members,
        }

    @pytest.mark.parametrize("url", LISTS)
    def test_it_lists_in_the_same_queries_for_1_and_50(self, api, viewer, world, url):
        client = api(viewer)
        lots = same_for(lambda: client.get(url, {"page_size": 100}), self.adders(world)[url])
        assert lots <= 6, lots
