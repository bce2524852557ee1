"""The partner registry's pages: who may see and do what, filters, search, HTMX, Arabic."""

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from conftest import make_user
from core.models import ChangeRecord, Note
from partners.forms import PartnerForm
from partners.models import Partner, Person, Position

pytestmark = pytest.mark.django_db

LIST = reverse("partners:partner_list")
CREATE = reverse("partners:partner_create")


def country(iso, name_en, name_ar="", region="", subregion="", classification="public"):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        region=region,
        subregion=subregion,
        classification=classification,
    )


@pytest.fixture
def registry(db):
    """A small registry: countries in two regions, organizations, institutions."""
    egypt = country("EG", "Egypt", "مصر", "002", "015")
    japan = country("JP", "Japan", "اليابان", "142", "030")
    france = country("FR", "France", "فرنسا", "150", "155")
    itu = Partner.objects.create(
        kind="organization",
        acronym="ITU",
        name_en="International Telecommunication Union",
        name_ar="الاتحاد الدولي للاتصالات",
        category="un",
        classification="public",
    )
    las = Partner.objects.create(
        kind="organization",
        acronym="LAS",
        name_en="League of Arab States",
        name_ar="جامعة الدول العربية",
        category="regional_arab",
        classification="public",
        country=egypt,
    )
    ntra = Partner.objects.create(
        kind="institution",
        acronym="NTRA",
        name_en="National Telecom Regulatory Authority",
        name_ar="الجهاز القومي لتنظيم الاتصالات",
        institution_type="government",
        country=egypt,
        is_domestic=True,
        classification="internal",
    )
    return {"EG": egypt, "JP": japan, "FR": france, "ITU": itu, "LAS": las, "NTRA": ntra}


def names(response) -> list[str]:
    return [p.name_en for p in response.context["object_list"]]


def page_data(partner, **changes) -> dict:
    values = {**model_to_dict(partner, fields=PartnerForm._meta.fields), **changes}
    data = {}
    for name, value in values.items():
        if name == "areas":
            data[name] = [getattr(area, "pk", area) for area in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


NEW_INSTITUTION = {
    "kind": "institution",
    "name_en": "Information Technology Industry Development Agency",
    "name_ar": "هيئة تنمية صناعة تكنولوجيا المعلومات",
    "acronym": "ITIDA",
    "institution_type": "government",
    "classification": "internal",
}


class TestWhoMaySee:
    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, registry):
        for url in [LIST, registry["EG"].get_absolute_url(), CREATE]:
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login") + "?next=")

    def test_it_refuses_the_list_to_a_user_without_a_role(self, client_for, outsider, registry):
        client = client_for(outsider)
        assert client.get(LIST).status_code == 403
        assert client.get(registry["EG"].get_absolute_url()).status_code == 403

    def test_it_shows_a_viewer_the_list_and_a_record(self, client_for, viewer, registry):
        client = client_for(viewer)
        response = client.get(LIST)
        assert response.status_code == 200
        assert "National Telecom Regulatory Authority" in names(response)
        detail = client.get(registry["NTRA"].get_absolute_url())
        assert detail.status_code == 200
        assert "الجهاز القومي لتنظيم الاتصالات" in detail.text

    def test_it_refuses_to_let_a_viewer_create_edit_or_delete(self, client_for, viewer, registry):
        client = client_for(viewer)
        itu = registry["ITU"]
        edit = reverse("partners:partner_update", args=[itu.pk])
        delete = reverse("partners:partner_delete", args=[itu.pk])
        for url in [CREATE, edit, delete]:
            assert client.get(url).status_code == 403, url
        assert (
            client.post(CREATE, {**NEW_INSTITUTION, "country": registry["EG"].pk}).status_code
            == 403
        )
        assert client.post(edit, page_data(itu, name_en="Renamed")).status_code == 403
        assert client.post(delete).status_code == 403
        itu.refresh_from_db()
        assert itu.name_en == "International Telecommunication Union"
        assert not Partner.objects.filter(acronym="ITIDA").exists()

    def test_it_hides_the_buttons_a_viewer_cannot_use(self, client_for, viewer, registry):
        page = client_for(viewer).get(registry["ITU"].get_absolute_url())
        assert CREATE not in page.text
        assert reverse("partners:partner_delete", args=[registry["ITU"].pk]) not in page.text

    def test_it_refuses_an_officer_the_delete(self, client_for, editor, registry):
        response = client_for(editor).post(
            reverse("partners:partner_delete", args=[registry["ITU"].pk])
        )
        assert response.status_code == 403
        assert Partner.objects.filter(pk=registry["ITU"].pk).exists()

    def test_it_hides_a_record_above_the_clearance_in_the_list_and_detail(
        self, client_for, viewer_no_clearance, registry
    ):
        client = client_for(viewer_no_clearance)
        response = client.get(LIST)
        assert "National Telecom Regulatory Authority" not in names(response)
        assert "Egypt" in names(response)
        assert response.context["paginator"].count == 5
        assert client.get(registry["NTRA"].get_absolute_url()).status_code == 404
        edit = reverse("partners:partner_update", args=[registry["NTRA"].pk])
        assert (
            client_for(make_user("officer_public", "officer", "public")).get(edit).status_code
            == 404
        )

    def test_it_does_not_count_hidden_institutions_on_a_country_page(
        self, client_for, viewer_no_clearance, viewer, registry
    ):
        url = registry["EG"].get_absolute_url()
        hidden = client_for(viewer_no_clearance).get(url).context["based_here"]
        assert hidden == {"institutions": 0, "organizations": 1}
        shown = client_for(viewer).get(url).context["based_here"]
        assert shown == {"institutions": 1, "organizations": 1}


class TestCreateAndEdit:
    def test_it_lets_an_editor_create_a_partner(self, client_for, editor, registry):
        response = client_for(editor).post(
            CREATE, {**NEW_INSTITUTION, "country": registry["EG"].pk}
        )
        partner = Partner.objects.get(acronym="ITIDA")
        assert response.status_code == 302
        assert response.url == partner.get_absolute_url()
        assert (partner.country, partner.created_by) == (registry["EG"], editor)

    def test_it_lets_an_editor_edit_a_partner(self, client_for, editor, registry):
        itu = registry["ITU"]
        url = reverse("partners:partner_update", args=[itu.pk])
        response = client_for(editor).post(url, page_data(itu, website="https://www.itu.int"))
        assert response.status_code == 302
        itu.refresh_from_db()
        assert itu.website == "https://www.itu.int"

    def test_it_refuses_a_classification_above_the_editors_clearance(
        self, client_for, editor, registry
    ):
        client = client_for(editor)
        form = client.get(CREATE).context["form"]
        assert [v for v, _ in form.fields["classification"].choices] == [
            "public",
            "internal",
            "confidential",
        ]
        response = client.post(
            CREATE, {**NEW_INSTITUTION, "country": registry["EG"].pk, "classification": "secret"}
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["classification"]
        assert not Partner.objects.filter(acronym="ITIDA").exists()
        assert ChangeRecord.objects.count() == 0

    def test_it_names_the_field_in_error_and_saves_nothing(self, client_for, editor, registry):
        response = client_for(editor).post(CREATE, NEW_INSTITUTION)  # no country
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["country"] == ["Choose the country the institution is in."]
        assert 'id="id_country_error"' in response.text
        assert 'aria-invalid="true"' in response.text
        assert "Nothing was saved" in response.text
        assert not Partner.objects.filter(acronym="ITIDA").exists()

    def test_it_refuses_a_duplicate_acronym_on_its_field(self, client_for, editor, registry):
        response = client_for(editor).post(
            CREATE,
            {
                "kind": "organization",
                "name_en": "Another ITU",
                "acronym": "itu",
                "category": "un",
                "classification": "public",
            },
        )
        assert response.context["form"].errors["acronym"] == [
            "An organization with this acronym already exists."
        ]
        assert Partner.objects.filter(acronym__iexact="itu").count() == 1

    def test_it_refuses_a_duplicate_iso_code_on_its_field(self, client_for, editor, registry):
        response = client_for(editor).post(
            CREATE,
            {
                "kind": "country",
                "name_en": "Egypt again",
                "iso_alpha2": "eg",
                "classification": "public",
            },
        )
        assert response.context["form"].errors["iso_alpha2"] == [
            "A country with this ISO code already exists."
        ]

    def test_it_offers_only_countries_the_user_may_read(self, client_for, registry):
        hidden = country("XK", "Hidden Land", classification="confidential")
        officer = make_user("officer_public", "officer", "public")
        client = client_for(officer)
        choices = client.get(CREATE).context["form"].fields["country"].queryset
        assert registry["EG"] in choices
        assert hidden not in choices
        assert "Hidden Land" not in client.get(reverse("partners:person_create")).text
        response = client.post(
            CREATE, {**NEW_INSTITUTION, "country": hidden.pk, "classification": "public"}
        )
        assert list(response.context["form"].errors) == ["country"]
        assert not Partner.objects.filter(acronym="ITIDA").exists()

    def test_it_preselects_the_kind_from_the_link(self, client_for, editor):
        response = client_for(editor).get(CREATE + "?kind=organization")
        assert response.context["form"].initial["kind"] == "organization"


class TestDelete:
    def test_it_lets_a_manager_delete_an_unused_partner(self, client_for, manager, registry):
        itu = registry["ITU"]
        response = client_for(manager).post(
            reverse("partners:partner_delete", args=[itu.pk]), follow=True
        )
        assert response.redirect_chain[-1][0] == LIST
        assert not Partner.objects.filter(pk=itu.pk).exists()
        assert "Deleted International Telecommunication Union (ITU)." in response.text

    def test_it_refuses_to_delete_a_country_that_an_institution_points_to(
        self, client_for, manager, registry
    ):
        egypt = registry["EG"]
        response = client_for(manager).post(
            reverse("partners:partner_delete", args=[egypt.pk]), follow=True
        )
        assert response.redirect_chain[-1][0] == egypt.get_absolute_url()
        assert Partner.objects.filter(pk=egypt.pk).exists()
        assert "cannot be deleted because other records use it" in response.text
        assert "National Telecom Regulatory Authority (NTRA)" in response.text
        assert ChangeRecord.objects.filter(action="delete").count() == 0

    def test_it_refuses_to_delete_a_partner_someone_holds_a_position_with(
        self, client_for, manager, registry
    ):
        japan = registry["JP"]
        person = Person.objects.create(name_en="Kenji Sato", name_ar="كينجي ساتو")
        Position.objects.create(person=person, partner=japan, title_en="Ambassador of Japan")
        response = client_for(manager).post(
            reverse("partners:partner_delete", args=[japan.pk]), follow=True
        )
        assert Partner.objects.filter(pk=japan.pk).exists()
        assert "Kenji Sato: Ambassador of Japan" in response.text

    def test_it_asks_for_confirmation_before_deleting(self, client_for, manager, registry):
        response = client_for(manager).get(
            reverse("partners:partner_delete", args=[registry["ITU"].pk])
        )
        assert response.status_code == 200
        assert Partner.objects.filter(pk=registry["ITU"].pk).exists()


class TestListing:
    @pytest.fixture
    def client(self, client_for, viewer, registry):
        return client_for(viewer)

    def test_it_filters_by_kind(self, client):
        assert names(client.get(LIST, {"kind": "organization"})) == [
            "International Telecommunication Union",
            "League of Arab States",
        ]

    def test_it_filters_by_category(self, client):
        assert names(client.get(LIST, {"category": "regional_arab"})) == ["League of Arab States"]

    def test_it_filters_by_region(self, client):
        assert names(client.get(LIST, {"region": "142"})) == ["Japan"]

    def test_it_filters_by_country(self, client, registry):
        assert names(client.get(LIST, {"country": registry["EG"].pk})) == [
            "League of Arab States",
            "National Telecom Regulatory Authority",
        ]

    def test_it_combines_filters(self, client):
        assert names(client.get(LIST, {"kind": "country", "region": "002"})) == ["Egypt"]

    @pytest.mark.parametrize("typed", ["مصر", "مــصر", "مِصْر", "egypt", "EGYPT", "eg"])
    def test_it_finds_egypt_in_arabic_and_english(self, client, typed):
        assert "Egypt" in names(client.get(LIST, {"q": typed}))

    def test_it_finds_by_arabic_words_in_any_spelling(self, client):
        assert names(client.get(LIST, {"q": "الجهاز القومى"})) == [
            "National Telecom Regulatory Authority"
        ]
        assert names(client.get(LIST, {"q": "جامعه الدول"})) == ["League of Arab States"]

    def test_it_finds_by_acronym(self, client):
        assert names(client.get(LIST, {"q": "itu"})) == ["International Telecommunication Union"]

    def test_it_says_so_when_nothing_matches(self, client):
        response = client.get(LIST, {"q": "Atlantis"})
        assert names(response) == []
        assert "No partner matches." in response.text

    def test_it_sorts_by_name_both_ways(self, client):
        ascending = names(client.get(LIST, {"ordering": "name"}))
        assert ascending == sorted(ascending)
        assert names(client.get(LIST, {"ordering": "-name"})) == list(reversed(ascending))

    def test_it_sorts_by_kind(self, client):
        kinds = [p.kind for p in client.get(LIST, {"ordering": "kind"}).context["object_list"]]
        assert kinds == sorted(kinds)

    def test_it_paginates(self, client):
        Partner.objects.bulk_create(
            Partner(
                kind="organization",
                acronym=f"O{i:02d}",
                name_en=f"Org {i:02d}",
                category="un",
                classification="public",
            )
            for i in range(30)
        )
        first = client.get(LIST, {"kind": "organization"})
        second = client.get(LIST, {"kind": "organization", "page": 2})
        assert len(names(first)) == 25
        assert len(names(second)) == 7
        assert not set(names(first)) & set(names(second))
        assert (second.context["page_obj"].number, second.context["paginator"].num_pages) == (2, 2)
        # The link back keeps the filter.
        assert re.search(r"\?kind=organization&(amp;)?page=1", second.text)

    def test_it_answers_htmx_with_the_results_fragment_only(self, client):
        response = client.get(LIST, {"q": "egypt"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text
        assert "<nav" not in response.text
        templates = [t.name for t in response.templates]
        assert "partners/partials/partner_results.html" in templates
        assert "base.html" not in templates
        assert "Egypt" in response.text

    def test_it_serves_the_whole_page_without_htmx(self, client):
        response = client.get(LIST, {"q": "egypt"})
        assert "<html" in response.text
        assert 'id="results"' in response.text


class TestPeople:
    def test_it_lets_an_editor_add_a_person_and_a_position(self, client_for, editor, registry):
        client = client_for(editor)
        response = client.post(
            reverse("partners:person_create"),
            {
                "name_en": "Kenji Sato",
                "name_ar": "كينجي ساتو",
                "nationality": registry["JP"].pk,
                "classification": "internal",
            },
        )
        person = Person.objects.get(name_en="Kenji Sato")
        assert response.url == person.get_absolute_url()
        response = client.post(
            reverse("partners:position_create", args=[person.pk]),
            {
                "partner": registry["JP"].pk,
                "title_en": "Ambassador of Japan",
                "start": "2024-09-01",
            },
        )
        assert response.url == person.get_absolute_url()
        assert person.positions.get().partner == registry["JP"]
        assert "Ambassador of Japan" in client.get(person.get_absolute_url()).text

    def test_it_refuses_a_position_that_ends_before_it_starts(self, client_for, editor, registry):
        person = Person.objects.create(name_en="Kenji Sato")
        response = client_for(editor).post(
            reverse("partners:position_create", args=[person.pk]),
            {
                "partner": registry["JP"].pk,
                "title_en": "Ambassador",
                "start": "2024-09-01",
                "end": "2024-08-31",
            },
        )
        assert response.status_code == 200
        assert "A position cannot end before it starts." in response.text
        assert not Position.objects.exists()

    def test_it_refuses_a_position_with_a_partner_above_the_clearance(self, client_for, registry):
        officer = make_user("officer_public", "officer", "public")
        person = Person.objects.create(name_en="Karim Nabil", classification="public")
        response = client_for(officer).post(
            reverse("partners:position_create", args=[person.pk]),
            {"partner": registry["NTRA"].pk, "title_en": "Vice President"},
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["partner"]
        assert not Position.objects.exists()

    def test_it_does_not_show_a_hidden_partner_through_a_persons_position(
        self, client_for, viewer, registry
    ):
        secret = Partner.objects.create(
            kind="institution",
            name_en="Secret Cyber Unit",
            institution_type="government",
            country=registry["EG"],
            classification="secret",
        )
        person = Person.objects.create(name_en="Kenji Sato", classification="public")
        Position.objects.create(person=person, partner=secret, title_en="Liaison")
        client = client_for(viewer)
        assert "Secret Cyber Unit" not in client.get(reverse("partners:person_list")).text
        assert "Secret Cyber Unit" not in client.get(person.get_absolute_url()).text

    def test_it_lists_people_with_their_current_position(self, client_for, viewer, registry):
        person = Person.objects.create(name_en="Kenji Sato", classification="public")
        Position.objects.create(
            person=person, partner=registry["JP"], title_en="Ambassador", start=date(2024, 9, 1)
        )
        Position.objects.create(
            person=person,
            partner=registry["FR"],
            title_en="Former post",
            start=date(2019, 1, 1),
            end=date(2020, 1, 1),
        )
        response = client_for(viewer).get(reverse("partners:person_list"), {"q": "sato"})
        assert "Ambassador, Japan" in response.text
        assert "Former post" not in response.text


class TestNotes:
    def test_it_lets_an_editor_add_a_note_up_to_their_clearance(self, client_for, editor, registry):
        egypt = registry["EG"]
        url = reverse("core:note_create", args=["partners", "partner", egypt.pk])
        client = client_for(editor)
        client.post(url, {"text": "Joint committee in May", "classification": "confidential"})
        client.post(url, {"text": "Above my clearance", "classification": "secret"})
        assert list(Note.objects.values_list("text", flat=True)) == ["Joint committee in May"]

    def test_it_refuses_a_note_on_a_record_the_user_cannot_read(self, client_for, registry):
        officer = make_user("officer_public", "officer", "public")
        url = reverse("core:note_create", args=["partners", "partner", registry["NTRA"].pk])
        response = client_for(officer).post(url, {"text": "x", "classification": "public"})
        assert response.status_code == 404
        assert not Note.objects.exists()


# The Arabic interface ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def arabic_catalogue():
    """The Arabic catalogue as the translators left it, compiled if the .mo is stale (which is
    what `make assets` does), so that the page shows what the .po file says."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from django.core.signals import setting_changed

    po = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale="ar")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        with tempfile.NamedTemporaryFile(dir=mo.parent, delete=False, suffix=".tmp") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, mo)
        # Forget the catalogues Django has already loaded, as override_settings would.
        setting_changed.send(
            sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
        )
    return catalog


def arabic_for(catalog, english: str) -> str:
    """What the Arabic page shows for `english`: its translation, or the English when the
    catalogue has none yet."""
    message = catalog.get(english)
    if message is None or message.fuzzy or not message.string:
        return english
    return message.string


def html_tag(page: str) -> dict:
    """The language and direction the page declares on its <html> element."""
    tag = re.search(r"<html\b[^>]*>", page).group(0)
    return dict(re.findall(r'\b(lang|dir)="([^"]*)"', tag))


class TestArabic:
    def test_it_serves_the_arabic_page_right_to_left(
        self, client_for, viewer, registry, arabic_catalogue
    ):
        client = client_for(viewer)
        response = client.post(reverse("core:set_language"), {"language": "ar", "next": LIST})
        assert response.status_code == 302
        assert response.url == LIST
        page = client.get(LIST).text
        assert html_tag(page) == {"lang": "ar", "dir": "rtl"}
        assert "bootstrap.rtl.min.css" in page
        expected = arabic_for(arabic_catalogue, "Partners")
        assert re.search(rf"<h1[^>]*>\s*{re.escape(expected)}\s*</h1>", page)
        assert re.search(rf"<title>\s*{re.escape(expected)} ", page)
        # The records speak Arabic too.
        assert ">مصر</a>" in page
        assert arabic_for(arabic_catalogue, "Africa") in page

    def test_it_serves_english_left_to_right_by_default(self, client_for, viewer, registry):
        page = client_for(viewer).get(LIST).text
        assert html_tag(page) == {"lang": "en", "dir": "ltr"}
        assert ">Egypt</a>" in page

    def test_it_remembers_the_language_on_the_user_for_the_next_log_in(
        self, client_for, viewer, registry
    ):
        client_for(viewer).post(reverse("core:set_language"), {"language": "ar"})
        viewer.refresh_from_db()
        assert viewer.language == "ar"

        elsewhere = Client()  # another browser: no language cookie, no session
        assert html_tag(elsewhere.get(reverse("login")).text)["lang"] == "en"
        response = elsewhere.post(
            reverse("login"),
            {"username": "viewer", "password": "correct-horse-battery", "next": LIST},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == LIST
        assert html_tag(response.text) == {"lang": "ar", "dir": "rtl"}

    def test_it_ignores_a_language_it_does_not_offer(self, client_for, viewer):
        client_for(viewer).post(reverse("core:set_language"), {"language": "xx"})
        viewer.refresh_from_db()
        assert viewer.language == ""

    def test_it_does_not_redirect_to_another_site(self, client_for, viewer):
        response = client_for(viewer).post(
            reverse("core:set_language"), {"language": "ar", "next": "https://evil.example/"}
        )
        assert response.url == "/"

    def test_it_switches_an_anonymous_visitor_by_cookie(self, client):
        client.post(reverse("core:set_language"), {"language": "ar"})
        page = client.get(reverse("login")).text
        assert html_tag(page) == {"lang": "ar", "dir": "rtl"}


def test_it_groups_countries_by_bloc(client_for, viewer):
    from multilateral.models import OrganizationMember

    las = Partner.objects.create(
        kind="organization",
        acronym="LAS",
        name_en="League of Arab States",
        category="regional_arab",
        classification="public",
    )
    egypt = Partner.objects.create(
        kind="country", iso_alpha2="EG", name_en="Egypt", classification="public"
    )
    Partner.objects.create(
        kind="country", iso_alpha2="JP", name_en="Japan", classification="public"
    )
    OrganizationMember.objects.create(organization=las, country=egypt)
    response = client_for(viewer).get(LIST, {"bloc": las.pk})
    assert [p.name_en for p in response.context["object_list"]] == ["Egypt"]
    assert f'<option value="{las.pk}" selected>' in response.text
