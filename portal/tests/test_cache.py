"""The public pages are cacheable (public cache headers, an ETag, 304 for a visitor who has
the page), served from the cache without rebuilding, and built afresh as soon as something
they show changes: publishing, withdrawing, editing a published record, editing a text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import services
from portal import services as portal_services
from portal.models import PageText

OVERVIEW = "/public/en/"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ACCORD_PORTAL_CACHE_SECONDS = 300
    settings.ACCORD_PORTAL_MAX_AGE = 60


def test_a_page_carries_public_cache_headers_and_an_etag(client, world):
    response = client.get(OVERVIEW)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    again = client.get(OVERVIEW, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    csv = client.get(reverse("public:dataset", args=["en", "agreements", "csv"]))
    assert "public" in csv["Cache-Control"] and csv["ETag"]
    assert csv["Content-Disposition"] == 'attachment; filename="agreements.csv"'


def test_a_cached_page_is_served_with_one_query(client, world):
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(OVERVIEW)
    assert second.status_code == 200 and b"SHOWN-agreement" in second.content
    assert len(captured) == 1  # the generation


def test_publishing_and_withdrawing_show_at_once(client, world, manager):
    record = world.hidden["HIDDEN-public-agreement"]
    assert b"HIDDEN-public-agreement" not in client.get("/public/en/agreements/").content
    portal_services.set_published(record, manager, True)
    assert b"HIDDEN-public-agreement" in client.get("/public/en/agreements/").content
    portal_services.set_published(record, manager, False)
    assert b"HIDDEN-public-agreement" not in client.get("/public/en/agreements/").content


def test_editing_a_published_record_shows_at_once(client, world, manager):
    record = world.shown["agreement"]
    client.get("/public/en/agreements/")
    record.title_en = "SHOWN-renamed agreement"
    services.save(record, manager)
    html = client.get("/public/en/agreements/").content.decode()
    assert "SHOWN-renamed agreement" in html and "SHOWN-agreement with Germany" not in html
    # A partner's new name reaches the pages that name it.
    germany = world.germany
    client.get("/public/en/bilateral/")
    germany.name_en = "Federal Republic of Germany"
    services.save(germany, manager)
    assert b"Federal Republic of Germany" in client.get("/public/en/bilateral/").content


def test_editing_a_text_shows_at_once(client, world, manager):
    client.get(OVERVIEW)
    text = PageText(key="introduction", title_en="A new title", body_en="New words")
    portal_services.save_text(text, manager)
    assert b"A new title" in client.get(OVERVIEW).content


def test_the_cache_can_be_turned_off(client, world, settings):
    settings.ACCORD_PORTAL_CACHE_SECONDS = 0
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as captured:
        client.get(OVERVIEW)
    assert len(captured) > 1
