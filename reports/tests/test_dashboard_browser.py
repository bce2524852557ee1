"""Browser test: an officer logs in, lands on the dashboard, sees its panels and pictures,
reaches a country on the map with the keyboard, and clicks another to open its partner page.

Elements are found by ids, data attributes and hrefs (see core.tests.browser), never by
translated text.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page


@pytest.fixture
def records(transactional_db):
    from django.core.cache import cache

    from agreements.models import Agreement, AgreementParty
    from engagements.models import Meeting
    from partners.models import Partner

    cache.clear()  # the dashboard's trends of an earlier test

    countries = {
        iso: Partner.objects.create(
            kind="country", iso_alpha2=iso, name_en=en, name_ar=ar, classification="public"
        )
        for iso, en, ar in [("EG", "Egypt", "مصر"), ("JP", "Japan", "اليابان")]
    }
    agreement = Agreement.objects.create(
        type="mou",
        title_en="MoU on ICT cooperation with Japan",
        status="in_force",
        signature_date=timezone.localdate() - timedelta(days=30),
        classification="internal",
        term_kind="until_notice",
    )
    AgreementParty.objects.create(agreement=agreement, partner=countries["JP"])
    AgreementParty.objects.create(agreement=agreement, partner=countries["EG"])
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        kind="bilateral",
        level="ministerial",
        title_en="Bilateral meeting with Japan",
        start=start,
        end=start + timedelta(hours=1),
        classification="internal",
    )
    meeting.partners.add(countries["JP"])
    return {**countries, "officer": make_user("officer", "officer", "confidential")}


def test_officer_opens_a_partner_from_the_map(page, records):
    from playwright.sync_api import expect

    japan = records["JP"]
    log_in(page, records["officer"])
    # The dashboard is the home page.
    expect(page.locator("#panel-meetings")).to_be_visible()
    expect(
        page.locator(f"#panel-meetings a[href='/meetings/{japan.meetings.get().pk}/']")
    ).to_be_visible()
    expect(page.locator("#world-map")).to_be_visible()
    expect(page.locator("#chart-years")).to_be_visible()
    expect(page.locator("#map-JP")).to_have_class("map-country map-4")
    # Egypt is the home country: drawn apart, linked all the same.
    expect(page.locator("#map-EG")).to_have_class("map-country map-home")
    # The map's links take the keyboard focus.
    link = page.locator("#world-map a[data-iso='JP']")
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-iso')") == "JP"
    # A click on Japan opens its partner page.
    page.locator("#map-JP").click()
    url = reverse("partners:partner_detail", args=[japan.pk])
    page.wait_for_url(f"**{url}")
    assert not page.problems, page.problems
