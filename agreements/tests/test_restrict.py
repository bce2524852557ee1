"""restrict() on agreements everywhere they come out: the list and its count, the page, the
API and its parts, the exports, the deadlines, the relations shown on another agreement."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements import services
from agreements.models import AgreementRelation, TreatyAction
from agreements.tests.conftest import add_party, make_agreement
from conftest import make_user

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:agreement_list")
DEADLINES = reverse("agreements:deadlines")
LEVELS = ["public", "internal", "confidential", "secret"]
TITLES = {level: f"{level.title()} memorandum" for level in LEVELS}


@pytest.fixture
def agreements(japan):
    """One agreement in force at each classification, with a party, a treaty action and
    deadlines ahead; the public one implements each of the others."""
    today = timezone.localdate()
    made = {}
    for level in LEVELS:
        agreement = make_agreement(
            TITLES[level],
            reference=f"REF-{level.upper()}",
            classification=level,
            status="in_force",
            signature_date=today - timedelta(days=400),
            term_kind="tacit_renewal",
            term_length=2,
            notice_months=3,
        )
        party = add_party(agreement, japan)
        TreatyAction.objects.create(
            agreement=agreement, party=party, kind="notification", date=agreement.signature_date
        )
        services.refresh_dates(agreement, today=today)
        made[level] = agreement
    for level in LEVELS[1:]:
        AgreementRelation.objects.create(
            source=made["public"], kind="implements", target=made[level]
        )
        AgreementRelation.objects.create(source=made[level], kind="amends", target=made["public"])
    return made


def listed(response) -> set[str]:
    return {a.title_en for a in response.context["object_list"]}


def visible_to(clearance) -> set[str]:
    return {TITLES[level] for level in LEVELS[: LEVELS.index(clearance) + 1]}


def export_rows(client, fmt, **params) -> list[list[str]]:
    response = client.get(LIST, {**params, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture(params=["viewer", "viewer_no_clearance"])
def reader(request):
    """A viewer at internal clearance, and one cleared for public records only."""
    user = request.getfixturevalue(request.param)
    return user


class TestPages:
    def test_it_lists_only_what_the_clearance_allows_and_counts_only_that(
        self, client_for, reader, agreements
    ):
        response = client_for(reader).get(LIST)
        expected = visible_to(reader.clearance)
        assert listed(response) == expected
        assert response.context["paginator"].count == len(expected)
        count = len(expected)
        label = f"{count} agreement" if count == 1 else f"{count} agreements"
        assert label in response.text
        for level in LEVELS:
            assert (TITLES[level] in response.text) == (TITLES[level] in expected)

    def test_it_hides_the_page_of_a_record_above_the_clearance(
        self, client_for, reader, agreements
    ):
        client = client_for(reader)
        for level, agreement in agreements.items():
            response = client.get(agreement.get_absolute_url())
            expected = 200 if TITLES[level] in visible_to(reader.clearance) else 404
            assert response.status_code == expected, level

    def test_it_hides_a_record_above_the_clearance_from_a_filtered_list(
        self, client_for, viewer, agreements
    ):
        client = client_for(viewer)
        assert listed(client.get(LIST, {"q": "Confidential"})) == set()
        assert listed(client.get(LIST, {"q": "REF-SECRET"})) == set()
        for params in [
            {"q": "memorandum"},
            {"status": "in_force"},
            {"type": "mou"},
            {"partner": agreements["public"].parties.get().partner_id},
            {"notice_within": 3650},
            {"in_force_on": timezone.localdate().isoformat()},
        ]:
            assert listed(client.get(LIST, params)) == visible_to("internal"), params

    def test_it_hides_the_related_agreements_above_the_clearance_on_both_ends(
        self, client_for, viewer, agreements
    ):
        page = client_for(viewer).get(agreements["public"].get_absolute_url())
        outgoing = {other.title_en for _, other, _ in page.context["relations_out"]}
        incoming = {other.title_en for _, other, _ in page.context["relations_in"]}
        assert outgoing == incoming == {TITLES["internal"]}
        assert TITLES["confidential"] not in page.text
        assert TITLES["secret"] not in page.text
        assert agreements["confidential"].get_absolute_url() not in page.text

    def test_it_lists_only_readable_deadlines(self, client_for, reader, agreements):
        response = client_for(reader).get(DEADLINES)
        assert response.status_code == 200
        titles = {row["title"] for row in response.context["rows"]}
        assert titles == visible_to(reader.clearance)
        assert response.context["paginator"].count == 2 * len(titles)  # notice and expiry
        assert TITLES["confidential"] not in response.text

    def test_it_offers_only_readable_agreements_to_relate_to(self, client_for, agreements):
        officer = make_user("internal_officer", "officer", "internal")
        url = reverse("agreements:relation_create", args=[agreements["public"].pk])
        client = client_for(officer)
        choices = client.get(url).context["form"].fields["target"].queryset
        assert {a.title_en for a in choices} == {TITLES["internal"]}
        response = client.post(url, {"kind": "amends", "target": agreements["secret"].pk})
        assert list(response.context["form"].errors) == ["target"]

    def test_it_hides_the_edit_and_part_pages_above_the_clearance(self, client_for, agreements):
        officer = make_user("internal_officer", "officer", "internal")
        client = client_for(officer)
        pk = agreements["confidential"].pk
        party = agreements["confidential"].parties.get()
        for url in [
            reverse("agreements:agreement_update", args=[pk]),
            reverse("agreements:party_create", args=[pk]),
            reverse("agreements:treaty_action_create", args=[pk]),
            reverse("agreements:relation_create", args=[pk]),
        ]:
            assert client.get(url).status_code == 404, url
        remove = reverse("agreements:part_delete", args=[pk, "party", party.pk])
        assert client.post(remove).status_code == 404
        assert agreements["confidential"].parties.exists()


class TestExports:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_exports_only_what_the_clearance_allows(self, client_for, reader, agreements, fmt):
        header, *rows = export_rows(client_for(reader), fmt)
        assert header[:3] == ["Reference", "Type", "Title"]
        assert {row[2] for row in rows} == visible_to(reader.clearance)
        assert all("Confidential" not in cell for row in rows for cell in row)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_exports_a_filtered_list_as_shown(self, client_for, manager, agreements, fmt):
        header, *rows = export_rows(client_for(manager), fmt, q="secret")
        assert [row[0] for row in rows] == ["REF-SECRET"]

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_refuses_the_export_to_a_user_without_a_role(
        self, client_for, outsider, agreements, fmt
    ):
        response = client_for(outsider).get(LIST, {"export": fmt})
        assert response.status_code == 403


class TestApi:
    def test_it_lists_and_shows_only_what_the_clearance_allows(self, api, reader, agreements):
        client = api(reader)
        response = client.get("/api/v1/agreements/")
        assert response.status_code == 200
        expected = visible_to(reader.clearance)
        assert {row["title_en"] for row in response.data["results"]} == expected
        assert response.data["count"] == len(expected)
        for level, agreement in agreements.items():
            detail = client.get(f"/api/v1/agreements/{agreement.pk}/")
            assert detail.status_code == (200 if TITLES[level] in expected else 404), level
            history = client.get(f"/api/v1/agreements/{agreement.pk}/history/")
            assert history.status_code == (200 if TITLES[level] in expected else 404), level

    def test_it_lists_only_the_parts_of_readable_agreements(self, api, reader, agreements):
        client = api(reader)
        readable = {
            a.pk for level, a in agreements.items() if TITLES[level] in visible_to(reader.clearance)
        }
        for url in ["/api/v1/agreement-parties/", "/api/v1/treaty-actions/"]:
            response = client.get(url, {"page_size": 100})
            assert response.status_code == 200
            assert {row["agreement"] for row in response.data["results"]} == readable, url
            assert response.data["count"] == len(readable)
        hidden = agreements["secret"]
        party = hidden.parties.get()
        action = hidden.treaty_actions.get()
        assert client.get(f"/api/v1/agreement-parties/{party.pk}/").status_code == 404
        assert client.get(f"/api/v1/treaty-actions/{action.pk}/").status_code == 404
        filtered = client.get("/api/v1/agreement-parties/", {"agreement": hidden.pk})
        assert (filtered.status_code, filtered.data["count"]) == (200, 0)

    def test_it_refuses_to_add_a_party_to_an_agreement_above_the_clearance(
        self, api, agreements, france
    ):
        officer = make_user("internal_officer", "officer", "internal")
        response = api(officer).post(
            "/api/v1/agreement-parties/",
            {"agreement": agreements["confidential"].pk, "partner": france.pk, "role": "party"},
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["agreement"]
        assert not agreements["confidential"].parties.filter(partner=france).exists()

    def test_it_refuses_a_user_without_a_role(self, api, outsider, agreements):
        client = api(outsider)
        for url in [
            "/api/v1/agreements/",
            f"/api/v1/agreements/{agreements['public'].pk}/",
            "/api/v1/agreement-parties/",
            "/api/v1/treaty-actions/",
        ]:
            assert client.get(url).status_code == 403, url

    def test_it_refuses_an_anonymous_caller(self, client, agreements):
        for url in ["/api/v1/agreements/", "/api/v1/treaty-actions/"]:
            assert client.get(url).status_code in (401, 403), url


class TestWhoMayEnter:
    def test_it_refuses_every_page_to_a_user_without_a_role(self, client_for, outsider, agreements):
        client = client_for(outsider)
        public = agreements["public"]
        for url in [
            LIST,
            DEADLINES,
            public.get_absolute_url(),
            reverse("agreements:agreement_create"),
            reverse("agreements:agreement_update", args=[public.pk]),
        ]:
            assert client.get(url).status_code == 403, url

    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, agreements):
        public = agreements["public"]
        for url in [
            LIST,
            DEADLINES,
            public.get_absolute_url(),
            reverse("agreements:agreement_create"),
            reverse("agreements:party_create", args=[public.pk]),
            f"{LIST}?export=csv",
        ]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login") + "?next="), url

    def test_it_refuses_a_viewer_every_change(self, client_for, viewer, agreements):
        client = client_for(viewer)
        public = agreements["public"]
        party = public.parties.get()
        for url in [
            reverse("agreements:agreement_create"),
            reverse("agreements:agreement_update", args=[public.pk]),
            reverse("agreements:agreement_delete", args=[public.pk]),
            reverse("agreements:party_create", args=[public.pk]),
            reverse("agreements:treaty_action_create", args=[public.pk]),
            reverse("agreements:relation_create", args=[public.pk]),
        ]:
            assert client.get(url).status_code == 403, url
        remove = reverse("agreements:part_delete", args=[public.pk, "party", party.pk])
        assert client.post(remove).status_code == 403
        assert public.parties.exists()
        page = client.get(public.get_absolute_url()).text
        assert reverse("agreements:agreement_update", args=[public.pk]) not in page
        assert remove not in page
