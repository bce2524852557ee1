"""Browser tests of the public portal: a manager publishes an agreement from its page and a
visitor finds it on the Arabic portal, goes from the map to the country, switches to English;
on a phone no page scrolls sideways; and axe-core finds no WCAG 2.1 A or AA violation.

Elements are found by ids, data attributes and hrefs (see core.tests.browser), never by
translated text.
"""

import pytest
from django.urls import reverse

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in, open_page
from core.tests.quality import axe_violations, format_violations
from portal.tests import world as world_module

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def world(transactional_db):
    return world_module.build()


def test_a_published_agreement_reaches_the_arabic_portal(page, browser, live_server, world):
    from playwright.sync_api import expect

    record = world.hidden["HIDDEN-public-agreement"]
    record.title_ar = "مذكرة تفاهم في الحوسبة السحابية"
    record.save()
    log_in(page, make_user("manager", "manager", "secret"))
    page.goto(record.get_absolute_url())
    page.locator(".publish-control button.publish-button").click()
    expect(page.locator(".publish-control .published-badge")).to_be_visible()

    visitor = open_page(browser, live_server.url, locale="ar-EG")
    try:
        visitor.goto("/public/")
        visitor.wait_for_url("**/public/ar/")
        assert visitor.evaluate("document.documentElement.dir") == "rtl"
        assert visitor.evaluate("document.documentElement.lang") == "ar"
        visitor.goto(reverse("public:agreement_list", args=["ar"]))
        link = visitor.locator(f"a[href='/public/ar/agreements/{record.pk}/']")
        expect(link).to_have_text("مذكرة تفاهم في الحوسبة السحابية")
        # From the map to Germany's page, then the same page in English.
        visitor.goto(reverse("public:overview", args=["ar"]))
        visitor.locator("#map-DE").click()
        visitor.wait_for_url("**/public/ar/bilateral/de/")
        expect(visitor.locator(f"a[href='/public/ar/agreements/{record.pk}/']")).to_be_visible()
        visitor.locator("#language-switch").click()
        visitor.wait_for_url("**/public/en/bilateral/de/")
        assert visitor.evaluate("document.documentElement.dir") == "ltr"
        assert not visitor.problems, visitor.problems
    finally:
        visitor.context.close()
    assert not page.problems, page.problems


def portal_pages(world) -> list[str]:
    pages = []
    for lang in ("ar", "en"):
        pages += [
            reverse("public:overview", args=[lang]),
            reverse("public:bilateral", args=[lang]),
            reverse("public:country", args=[lang, "de"]),
            reverse("public:multilateral", args=[lang]),
            reverse("public:agreement_list", args=[lang]),
            reverse("public:agreement_detail", args=[lang, world.shown["agreement"].pk]),
            reverse("public:initiative_detail", args=[lang, world.shown["initiative"].pk]),
            reverse("public:open_data", args=[lang]),
        ]
    return pages


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, world):
    phone = open_page(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        for address in portal_pages(world):
            phone.goto(address)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{address} is {width}px wide on a phone"
        assert not phone.problems, phone.problems
    finally:
        phone.context.close()


def test_axe_finds_no_wcag_violation(browser, live_server, world):
    visitor = open_page(browser, live_server.url)
    try:
        found = {}
        for address in portal_pages(world):
            visitor.goto(address)
            violations = axe_violations(visitor)
            if violations:
                found[address] = format_violations(violations)
        assert not found, "\n".join(f"{url}:\n{text}" for url, text in found.items())
    finally:
        visitor.context.close()
