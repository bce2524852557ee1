"""The public pages: in English and Arabic, with the right language, direction and titles;
grouped as the sector groups its partners; robust to any query string; a bounded number of
queries; and the managers' pages of the portal, refused to everyone else."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgreementParty
from core.models import ChangeRecord
from initiatives.tests.factories import agreement
from portal.models import PageText

PAGES = [
    ("public:overview", []),
    ("public:bilateral", []),
    ("public:multilateral", []),
    ("public:agreement_list", []),
    ("public:open_data", []),
]


# At most this many queries build a public page (the overview: the generation, the texts,
# four figures, the map's four, the results, the latest agreements and their parties).
PAGE_BUDGET = 14


def url(name, lang, *args):
    return reverse(name, args=[lang, *args])


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_every_page_has_its_language_direction_and_title(client, world, lang, direction):
    pages = [url(name, lang) for name, _ in PAGES] + [
        url("public:country", lang, "de"),
        url("public:agreement_detail", lang, world.shown["agreement"].pk),
        url("public:initiative_detail", lang, world.shown["initiative"].pk),
    ]
    titles = set()
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{direction}">' in html
        assert response["Content-Language"] == lang
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        titles.add(title)
        other = "ar" if lang == "en" else "en"
        assert f'hreflang="{other}" href="/public/{other}/' in html
        assert '<link rel="canonical" href="http://testserver/public/' in html
        assert 'name="viewport"' in html
    assert len(titles) == len(pages), "each page has its own title"


def test_the_arabic_pages_are_in_arabic(client, world):
    html = client.get(url("public:bilateral", "ar")).content.decode()
    assert "ألمانيا" in html  # the country's Arabic name
    assert "الدول العربية" in html  # the group's heading, translated
    detail = client.get(url("public:agreement_detail", "ar", world.shown["agreement"].pk))
    assert "اتفاق معروض مع ألمانيا" in detail.content.decode()


def test_it_groups_countries_as_the_sector_does(client, world):
    html = client.get(url("public:bilateral", "en")).content.decode()
    sections = {
        key: html.split(f'id="section-{key}"')[1].split("</section>")[0]
        for key in ("arab", "african", "european")
    }
    assert "Morocco" in sections["arab"] and "Morocco" not in sections["african"]
    assert "Kenya" in sections["african"]
    assert "Germany" in sections["european"]
    assert "Egypt" not in html.split('id="section-arab"')[1]  # the home country is no partner


def test_it_groups_organizations_as_the_sector_does(client, world):
    html = client.get(url("public:multilateral", "en")).content.decode()
    un = html.split('id="section-un"')[1].split("</section>")[0]
    assert "International Telecommunication Union" in un
    assert "SHOWN-person Amal Farouk" in un and "Vice-chair" in un
    assert "ITU Council" in un


def test_a_country_page_shows_its_agreements_meetings_and_results(client, world):
    html = client.get(url("public:country", "en", "de")).content.decode()
    assert "SHOWN-agreement with Germany" in html
    assert "SHOWN-meeting in Berlin" in html
    kenya = client.get(url("public:country", "en", "ke")).content.decode()
    assert "SHOWN-initiative for young coders" in kenya
    assert "People trained" in kenya and "420" in kenya


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999999999999999999",
        "?year=abc",
        "?year=99999999999",
        "?type=%00",
        "?country=%F0%9F%98%80",
        "?country=../../etc",
        "?q=" + "x" * 5000,
        "?q=%22%27%3B--",
        "?q=\u202eevil",
        "?standing[]=1&standing=2",
        "?q=a&q=b&q=c",
    ],
)
def test_no_query_string_causes_an_error(client, world, query):
    for name, _ in PAGES:
        response = client.get(url(name, "en") + query)
        assert response.status_code == 200, (name, query)


def test_the_list_filters_agreements(client, world):
    address = url("public:agreement_list", "en")
    assert "SHOWN-memorandum" in client.get(address, {"country": "ma"}).content.decode()
    html = client.get(address, {"country": "ma"}).content.decode()
    assert "SHOWN-agreement with Germany" not in html
    html = client.get(address, {"standing": "in_force"}).content.decode()
    assert "SHOWN-agreement with Germany" in html and "SHOWN-memorandum" not in html
    html = client.get(address, {"year": "2024"}).content.decode()
    assert "SHOWN-memorandum" in html and "SHOWN-agreement with Germany" not in html
    html = client.get(address, {"q": "germany"}).content.decode()
    assert "SHOWN-agreement with Germany" in html and "SHOWN-memorandum" not in html


def queries_of(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def add_agreements(world, count):
    for n in range(count):
        record = agreement(
            f"SHOWN-extra {n}",
            classification="public",
            published=True,
            status="in_force",
            signature_date=date(2022, 1, 1 + n % 28),
        )
        AgreementParty.objects.create(agreement=record, partner=world.germany)
        AgreementParty.objects.create(agreement=record, partner=world.home)


@pytest.mark.parametrize(
    "name,args",
    [
        ("public:overview", []),
        ("public:bilateral", []),
        ("public:agreement_list", []),
        ("public:country", ["de"]),
        ("public:multilateral", []),
    ],
)
def test_a_page_runs_the_same_number_of_queries_for_1_and_20_agreements(
    client, world, settings, name, args
):
    settings.ACCORD_PORTAL_CACHE_SECONDS = 0  # measure the page, not the cache
    address = url(name, "en", *args)
    client.get(address)  # content types and the map's outlines, read once per process
    few = queries_of(client, address)
    add_agreements(world, 20)
    assert queries_of(client, address) == few
    assert few <= PAGE_BUDGET


def test_the_managers_pages_are_refused_to_everyone_else(
    client, client_for, world, editor, viewer, outsider
):
    addresses = [reverse("portal:index"), reverse("portal:text_update", args=["introduction"])]
    for address in addresses:
        assert client.get(address).status_code == 302  # to the log-in page
    for persona in (editor, viewer, outsider):
        for address in addresses:
            assert client_for(persona).get(address).status_code == 403


def test_a_manager_edits_a_text_and_the_portal_shows_it(client_for, manager, world):
    client = client_for(manager)
    index = client.get(reverse("portal:index")).content.decode()
    assert "International Relations Sector" in index
    address = reverse("portal:text_update", args=["introduction"])
    page = client.get(address)
    assert page.context["form"]["title_ar"].value() == "قطاع العلاقات الدولية"
    response = client.post(
        address,
        {
            "title_en": "ICT International Cooperation",
            "title_ar": "التعاون الدولي",
            "body_en": "We **cooperate**. <script>alert(1)</script>",
            "body_ar": "نتعاون",
        },
    )
    assert response.status_code == 302
    text = PageText.objects.get(key="introduction")
    assert ChangeRecord.objects.filter(object_id=str(text.pk), action="create").exists()
    client.logout()
    english = client.get(url("public:overview", "en")).content.decode()
    assert "ICT International Cooperation" in english
    assert "<strong>cooperate</strong>" in english and "<script>alert" not in english
    assert "التعاون الدولي" in client.get(url("public:overview", "ar")).content.decode()


def test_a_text_without_its_english_title_is_refused(client_for, manager, db):
    response = client_for(manager).post(
        reverse("portal:text_update", args=["bilateral"]), {"title_en": "", "body_en": "x"}
    )
    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    assert not PageText.objects.exists()
    assert client_for(manager).get("/portal/texts/unknown/").status_code == 404


def test_an_empty_portal_says_so(client, db):
    for name, _ in PAGES:
        assert client.get(url(name, "en")).status_code == 200
    html = client.get(url("public:overview", "en")).content.decode()
    assert "No agreement has been published yet." in html
    assert client.get(url("public:iati", "en")).status_code == 404


def test_public_root_opens_in_the_visitors_language(client, db):
    response = client.get("/public/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response["Location"] == "/public/ar/"
    assert client.get("/public/fr/").status_code == 404
