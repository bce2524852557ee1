"""The partner registry's REST API: the same permissions, clearance and filters as the pages."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import make_user
from core.models import ChangeRecord
from partners.models import Partner, Person, Position

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/partners/"
PEOPLE = "/api/v1/people/"


@pytest.fixture
def api():
    """api(user) is an API client authenticated with the user's token (None: anonymous)."""

    def as_user(user=None):
        client = APIClient()
        if user is not None and not isinstance(user, AnonymousUser):
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


@pytest.fixture
def registry(db):
    egypt = Partner.objects.create(
        kind="country",
        iso_alpha2="EG",
        iso_alpha3="EGY",
        name_en="Egypt",
        name_ar="مصر",
        region="002",
        classification="public",
    )
    japan = Partner.objects.create(
        kind="country",
        iso_alpha2="JP",
        name_en="Japan",
        name_ar="اليابان",
        region="142",
        classification="public",
    )
    itu = Partner.objects.create(
        kind="organization",
        acronym="ITU",
        name_en="International Telecommunication Union",
        category="un",
        classification="public",
    )
    ntra = Partner.objects.create(
        kind="institution",
        acronym="NTRA",
        name_en="National Telecom Regulatory Authority",
        institution_type="government",
        country=egypt,
        classification="internal",
    )
    cyber = Partner.objects.create(
        kind="institution",
        name_en="Cyber Response Unit",
        institution_type="government",
        country=egypt,
        classification="secret",
    )
    return {"EG": egypt, "JP": japan, "ITU": itu, "NTRA": ntra, "CYBER": cyber}


def names(response) -> list[str]:
    return [row["name_en"] for row in response.data["results"]]


NEW_ORGANIZATION = {
    "kind": "organization",
    "name_en": "Arab ICT Organization",
    "name_ar": "المنظمة العربية لتكنولوجيات الاتصال والمعلومات",
    "acronym": "AICTO",
    "category": "regional_arab",
    "classification": "public",
}


class TestAuthentication:
    def test_it_accepts_a_token(self, api, viewer, registry):
        response = api(viewer).get(PARTNERS)
        assert response.status_code == 200
        assert response.data["count"] == 4

    def test_it_refuses_a_wrong_token(self, registry):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get(PARTNERS).status_code in (401, 403)

    def test_it_refuses_an_anonymous_caller(self, api, registry):
        for method, url in [
            ("get", PARTNERS),
            ("get", f"{PARTNERS}{registry['EG'].pk}/"),
            ("post", PARTNERS),
            ("delete", f"{PARTNERS}{registry['EG'].pk}/"),
        ]:
            assert getattr(api(), method)(url).status_code in (401, 403), (method, url)

    def test_it_refuses_a_caller_without_a_role(self, api, outsider, registry):
        client = api(outsider)
        assert client.get(PARTNERS).status_code == 403
        assert client.get(f"{PARTNERS}{registry['EG'].pk}/").status_code == 403
        assert client.post(PARTNERS, NEW_ORGANIZATION, format="json").status_code == 403

    def test_it_refuses_an_inactive_users_token(self, api, registry):
        user = make_user("retired", "viewer", "secret")
        client = api(user)
        user.is_active = False
        user.save()
        assert client.get(PARTNERS).status_code in (401, 403)


class TestPermissions:
    def test_it_refuses_a_viewer_every_write(self, api, viewer, registry):
        client = api(viewer)
        url = f"{PARTNERS}{registry['ITU'].pk}/"
        assert client.post(PARTNERS, NEW_ORGANIZATION, format="json").status_code == 403
        assert client.patch(url, {"name_en": "X"}, format="json").status_code == 403
        assert client.put(url, {"name_en": "X"}, format="json").status_code == 403
        assert client.delete(url).status_code == 403
        assert Partner.objects.get(pk=registry["ITU"].pk).name_en.startswith("International")
        assert ChangeRecord.objects.count() == 0

    def test_it_lets_an_editor_create_and_update_but_not_delete(self, api, editor, registry):
        client = api(editor)
        created = client.post(PARTNERS, NEW_ORGANIZATION, format="json")
        assert created.status_code == 201
        assert created.data["name"] == "Arab ICT Organization"
        url = f"{PARTNERS}{created.data['id']}/"
        updated = client.patch(url, {"website": "https://www.aicto.org"}, format="json")
        assert updated.status_code == 200
        assert updated.data["website"] == "https://www.aicto.org"
        assert client.delete(url).status_code == 403
        assert Partner.objects.get(acronym="AICTO").created_by == editor

    def test_it_lets_a_manager_delete(self, api, manager, registry):
        response = api(manager).delete(f"{PARTNERS}{registry['ITU'].pk}/")
        assert response.status_code == 204
        assert not Partner.objects.filter(acronym="ITU").exists()

    def test_it_gives_the_detail_of_a_readable_record(self, api, viewer, registry):
        response = api(viewer).get(f"{PARTNERS}{registry['NTRA'].pk}/")
        assert response.status_code == 200
        assert response.data["country"] == registry["EG"].pk
        assert response.data["classification"] == "internal"


class TestClearance:
    def test_it_lists_only_what_the_clearance_allows(
        self, api, viewer, viewer_no_clearance, manager, registry
    ):
        assert api(viewer_no_clearance).get(PARTNERS).data["count"] == 3
        assert api(viewer).get(PARTNERS).data["count"] == 4
        assert api(manager).get(PARTNERS).data["count"] == 5

    def test_it_answers_404_for_a_record_above_the_clearance(self, api, viewer, registry):
        client = api(viewer)
        url = f"{PARTNERS}{registry['CYBER'].pk}/"
        assert client.get(url).status_code == 404
        assert (
            api(make_user("officer_internal", "officer", "internal"))
            .patch(url, {"name_en": "Renamed"}, format="json")
            .status_code
            == 404
        )

    def test_it_restricts_filtered_results_too(self, api, viewer, registry):
        response = api(viewer).get(PARTNERS, {"kind": "institution"})
        assert names(response) == ["National Telecom Regulatory Authority"]
        response = api(viewer).get(PARTNERS, {"country": registry["EG"].pk})
        assert "Cyber Response Unit" not in names(response)

    def test_it_refuses_to_create_above_the_callers_clearance(self, api, editor, registry):
        response = api(editor).post(
            PARTNERS, {**NEW_ORGANIZATION, "classification": "secret"}, format="json"
        )
        assert response.status_code == 400
        assert list(response.data) == ["classification"]
        assert not Partner.objects.filter(acronym="AICTO").exists()

    def test_it_refuses_to_raise_a_record_above_the_callers_clearance(self, api, editor, registry):
        url = f"{PARTNERS}{registry['ITU'].pk}/"
        response = api(editor).patch(url, {"classification": "secret"}, format="json")
        assert response.status_code == 400
        assert "classification" in response.data
        assert Partner.objects.get(pk=registry["ITU"].pk).classification == "public"

    def test_it_refuses_to_link_a_record_to_a_partner_above_the_clearance(self, api, registry):
        hidden = Partner.objects.create(
            kind="country", iso_alpha2="XK", name_en="Hidden Land", classification="confidential"
        )
        officer = make_user("officer_public", "officer", "public")
        response = api(officer).post(
            PARTNERS,
            {
                "kind": "institution",
                "name_en": "Agency",
                "institution_type": "government",
                "country": hidden.pk,
                "classification": "public",
            },
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["country"]
        # The same answer as for a partner that does not exist: nothing is revealed.
        missing = api(officer).post(
            PARTNERS,
            {
                "kind": "institution",
                "name_en": "Agency",
                "institution_type": "government",
                "country": 999999,
                "classification": "public",
            },
            format="json",
        )
        assert missing.data["country"] == [
            m.replace(str(hidden.pk), "999999") for m in response.data["country"]
        ]
        assert not Partner.objects.filter(name_en="Agency").exists()

    def test_it_does_not_reveal_a_hidden_partner_through_a_persons_positions(
        self, api, viewer, registry
    ):
        person = Person.objects.create(name_en="Kenji Sato", classification="public")
        Position.objects.create(person=person, partner=registry["CYBER"], title_en="Liaison")
        Position.objects.create(person=person, partner=registry["JP"], title_en="Ambassador")
        response = api(viewer).get(f"{PEOPLE}{person.pk}/")
        assert [p["title_en"] for p in response.data["positions"]] == ["Ambassador"]


class TestFilters:
    def test_it_filters_by_kind(self, api, viewer, registry):
        assert names(api(viewer).get(PARTNERS, {"kind": "country"})) == ["Egypt", "Japan"]

    def test_it_filters_by_region(self, api, viewer, registry):
        assert names(api(viewer).get(PARTNERS, {"region": "142"})) == ["Japan"]

    @pytest.mark.parametrize("typed", ["مصر", "مــصر", "egypt", "EGY"])
    def test_it_searches_in_arabic_and_english(self, api, viewer, registry, typed):
        assert names(api(viewer).get(PARTNERS, {"q": typed})) == ["Egypt"]

    def test_it_sorts(self, api, viewer, registry):
        ascending = names(api(viewer).get(PARTNERS, {"ordering": "name"}))
        assert ascending == sorted(ascending)
        assert names(api(viewer).get(PARTNERS, {"ordering": "-name"})) == ascending[::-1]

    def test_it_refuses_an_unknown_choice(self, api, viewer, registry):
        response = api(viewer).get(PARTNERS, {"kind": "planet"})
        assert response.status_code == 400
        assert "kind" in response.data

    def test_it_paginates(self, api, viewer, registry):
        response = api(viewer).get(PARTNERS, {"page_size": 2, "page": 2})
        assert response.data["count"] == 4
        assert len(response.data["results"]) == 2
        assert response.data["previous"] is not None


class TestInvalidData:
    def test_it_names_the_field_and_saves_nothing(self, api, editor, registry):
        response = api(editor).post(
            PARTNERS,
            {"kind": "country", "name_en": "Atlantis", "classification": "public"},
            format="json",
        )
        assert response.status_code == 400
        assert response.data["iso_alpha2"] == ["A country needs its two-letter ISO code."]
        assert not Partner.objects.filter(name_en="Atlantis").exists()
        assert ChangeRecord.objects.count() == 0

    def test_it_refuses_a_duplicate_iso_code_on_its_field(self, api, editor, registry):
        response = api(editor).post(
            PARTNERS,
            {"kind": "country", "name_en": "Egypt again", "iso_alpha2": "EG"},
            format="json",
        )
        assert response.status_code == 400
        assert response.data["iso_alpha2"] == ["A country with this ISO code already exists."]

    def test_it_refuses_a_duplicate_acronym_on_its_field(self, api, editor, registry):
        response = api(editor).post(PARTNERS, {**NEW_ORGANIZATION, "acronym": "itu"}, format="json")
        assert response.status_code == 400
        assert response.data["acronym"] == ["An organization with this acronym already exists."]
        assert Partner.objects.filter(acronym__iexact="itu").count() == 1

    def test_it_refuses_a_choice_it_does_not_offer(self, api, editor, registry):
        response = api(editor).post(
            PARTNERS, {**NEW_ORGANIZATION, "category": "club"}, format="json"
        )
        assert response.status_code == 400
        assert "category" in response.data

    def test_it_refuses_an_institution_without_a_country(self, api, editor, registry):
        response = api(editor).post(
            PARTNERS,
            {
                "kind": "institution",
                "name_en": "ITIDA",
                "institution_type": "government",
                "classification": "internal",
            },
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["country"]


class TestDelete:
    def test_it_refuses_to_delete_a_used_partner_with_409_naming_the_user(
        self, api, manager, registry
    ):
        response = api(manager).delete(f"{PARTNERS}{registry['EG'].pk}/")
        assert response.status_code == 409
        assert "National Telecom Regulatory Authority (NTRA)" in response.data["detail"]
        assert Partner.objects.filter(pk=registry["EG"].pk).exists()
        assert ChangeRecord.objects.count() == 0

    def test_it_refuses_to_delete_a_partner_held_in_a_position(self, api, manager, registry):
        person = Person.objects.create(name_en="Kenji Sato")
        Position.objects.create(person=person, partner=registry["JP"], title_en="Ambassador")
        response = api(manager).delete(f"{PARTNERS}{registry['JP'].pk}/")
        assert response.status_code == 409
        assert "Kenji Sato: Ambassador" in response.data["detail"]


class TestSchemaAndDocs:
    def test_it_publishes_an_openapi_3_schema(self, client, registry):
        response = client.get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/partners/" in schema["paths"]
        assert "/api/v1/partners/{id}/" in schema["paths"]
        parameters = {p["name"] for p in schema["paths"]["/api/v1/partners/"]["get"]["parameters"]}
        assert {"q", "kind", "ordering", "page"} <= parameters

    def test_it_serves_swagger_ui_from_local_files(self, client):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger-ui" in html
        assert re.findall(r"https?://", html) == []
        assert re.findall(r"""(?:src|href)=["']//""", html) == []
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert assets and all(a.startswith("/static/") for a in assets), assets
        # ... and every one of them ships with the application.
        assert [a for a in assets if not finders.find(a.removeprefix("/static/"))] == []
