"""The search page, the box in the top bar of every page, and the API: bad input is
answered with a message (never an error), record text is escaped, and a search runs the
same number of queries for 1 result as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from search.tests.conftest import make_agreement, make_meeting, make_partner

pytestmark = pytest.mark.django_db

URL = "/search/"
API = "/api/v1/search/"

BAD_INPUT = [
    "",
    "   ",
    "!!!",
    "?.,;:'\"()[]{}<>/\\|",
    "x" * 10_000,
    "مصر " * 3_000,
    '"unbalanced quote',
    "cable'",
    "AND",
    "OR NOT",
    "cable AND OR NOT",
    "NEAR(cable data, 2)",
    "cable*",
    "*",
    "^cable",
    "title:cable",
    "-cable",
    "(cable",
    "cable)",
    "cable & data | !x <-> y",
    "'a':* & b",
    "%",
    "_",
    "\x00",
    "ـــ",  # only tatweel
    "ًٌٍَُِّْ",  # only diacritics
    "one two three four five six seven eight nine ten eleven",
]


def test_it_puts_the_search_box_on_every_page(client_for, viewer):
    client = client_for(viewer)
    for url in ["/", reverse("partners:partner_list"), reverse("agreements:agreement_list")]:
        html = client.get(url).content.decode()
        assert 'id="global-search"' in html
        assert 'action="/search/"' in html
        assert '<label class="visually-hidden" for="global-search-q">' in html


def test_it_keeps_the_search_box_off_the_login_page(client):
    assert 'id="global-search"' not in client.get("/login/").content.decode()


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get(URL, {"q": "cable"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert APIClient().get(API, {"q": "cable"}).status_code in (401, 403)


def test_it_refuses_a_user_without_a_role(client_for, outsider):
    assert client_for(outsider).get(URL, {"q": "cable"}).status_code == 403
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(API, {"q": "cable"}).status_code == 403


def test_it_shows_results_grouped_with_links_and_marks(client_for, viewer):
    partner = make_partner("Cable Consortium", "كونسورتيوم الكابلات")
    agreement = make_agreement("Memorandum", summary="On submarine cable landing.")
    response = client_for(viewer).get(URL, {"q": "cable"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{partner.get_absolute_url()}"' in html
    assert f'href="{agreement.get_absolute_url()}"' in html
    assert "<mark>Cable</mark> Consortium" in html
    assert "submarine <mark>cable</mark> landing" in html
    assert 'data-kind="partner"' in html and 'data-kind="agreement"' in html
    assert 'data-count="partner">1<' in html
    assert 'id="search-freshness"' in html
    assert 'value="cable"' in html  # the box keeps what was typed


def test_it_filters_by_kind(client_for, viewer):
    make_partner("Cable Consortium")
    make_agreement("Cable memorandum")
    html = client_for(viewer).get(URL, {"q": "cable", "kind": "agreement"}).content.decode()
    assert "Cable</mark> memorandum" in html
    assert "Consortium" not in html
    assert 'data-count="partner">1<' in html  # the other kinds still say what they hold


def test_it_escapes_record_text(client_for, viewer):
    make_partner('<script>alert("x")</script> Cable <img src=x onerror=alert(1)>')
    make_agreement("Memorandum", summary="<b>cable</b> & <i>fibre</i> </mark><script>")
    response = client_for(viewer).get(URL, {"q": "cable"})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;<mark>cable</mark>&lt;/b&gt;" in html
    assert "&lt;/mark&gt;&lt;script&gt;" in html
    body = APIClient()
    body.force_authenticate(viewer)
    hits = body.get(API, {"q": "cable"}).json()["results"]
    assert all("<script>" not in hit["title_html"] + hit["snippet_html"] for hit in hits)


@pytest.mark.parametrize("text", BAD_INPUT)
def test_it_answers_bad_input_with_results_or_a_message(client_for, viewer, text):
    make_partner("Cable Consortium", "كونسورتيوم مصر")
    client = client_for(viewer)
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-message"' in html or 'id="search-kinds"' in html
    for kind in ["", "partner"]:
        assert client.get(URL, {"q": text, "kind": kind, "page": "-1"}).status_code == 200
    api = APIClient()
    api.force_authenticate(viewer)
    answer = api.get(API, {"q": text})
    assert answer.status_code == 200
    body = answer.json()
    assert body["message"] or body["terms"]


def test_it_says_why_nothing_was_searched(client_for, viewer):
    client = client_for(viewer)
    assert "Type a name" in client.get(URL).content.decode()
    assert "nothing to search for" in client.get(URL, {"q": "?!"}).content.decode()
    assert "too common" in client.get(URL, {"q": "the and"}).content.decode()
    html = client.get(URL, {"q": " ".join(f"w{i}" for i in range(12))}).content.decode()
    assert "Only the first 8 words" in html


def test_it_says_when_nothing_matches(client_for, viewer):
    make_partner("Cable Consortium")
    html = client_for(viewer).get(URL, {"q": "zeppelin"}).content.decode()
    assert 'id="search-empty"' in html


def test_it_shows_the_page_in_arabic(client_for, viewer):
    make_partner("Egypt", "مصر", kind="country", iso_alpha2="EG")
    client = client_for(viewer)
    client.cookies["accord_language"] = "ar"
    viewer.language = "ar"
    viewer.save()
    html = client.get(URL, {"q": "مِصْر"}).content.decode()
    assert 'dir="rtl"' in html
    assert "<mark>مصر</mark>" in html


def test_the_api_answers_with_counts_results_and_pages(viewer):
    for i in range(3):
        make_partner(f"Cable body {i}")
    make_meeting("Cable talks", minutes="On cables.")
    api = APIClient()
    api.force_authenticate(viewer)
    body = api.get(API, {"q": "cable"}).json()
    assert body["terms"] == ["cable"]
    assert body["total"] == 5
    counts = {row["kind"]: row["count"] for row in body["counts"]}
    assert counts["partner"] == 3 and counts["meeting"] == 1 and counts["minutes"] == 1
    assert {hit["kind"] for hit in body["results"]} == {"partner", "meeting", "minutes"}
    assert body["page"] is None
    paged = api.get(API, {"q": "cable", "kind": "partner"}).json()
    assert paged["page"] == 1 and paged["pages"] == 1
    assert len(paged["results"]) == 3
    assert paged["results"][0]["url"].startswith("/partners/")


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["", "partner"])
def test_it_runs_the_same_queries_for_one_result_and_for_fifty(client_for, viewer, kind):
    client = client_for(viewer)
    make_partner("Cable body 0")
    make_agreement("Cable agreement 0")
    one = queries_for(client, {"q": "cable", "kind": kind})
    for i in range(1, 50):
        make_partner(f"Cable body {i}", f"هيئة الكابلات {i}")
        make_agreement(f"Cable agreement {i}", summary="Landing of a cable " * 20)
    assert queries_for(client, {"q": "cable", "kind": kind}) == one
    assert one <= 5  # session, user, groups; the counts per kind; the results
