"""Browser tests: headless Chromium drives the live server the way a desk officer does.

The browser, the pages and logging in are shared with the other apps' browser tests, in
core.tests.browser.
"""

import re

import pytest

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page


@pytest.fixture
def officer(transactional_db):
    """An officer, and a few countries for the institution's country field."""
    from partners.models import Partner

    for iso, en, ar in [
        ("EG", "Egypt", "مصر"),
        ("FR", "France", "فرنسا"),
        ("JP", "Japan", "اليابان"),
    ]:
        Partner.objects.create(
            kind="country", iso_alpha2=iso, name_en=en, name_ar=ar, classification="public"
        )
    return make_user("officer", "officer", "confidential")


def test_officer_adds_an_institution_in_arabic_and_finds_it_by_arabic_search(page, officer):
    from playwright.sync_api import expect

    from partners.models import Partner

    log_in(page, officer)

    # Switch to Arabic with the navbar's language button: the page turns right-to-left.
    page.locator("nav form button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "bootstrap.rtl" in page.locator("link[rel=stylesheet]").first.get_attribute("href")
    expect(page.locator("nav form button[name=language][value=en]")).to_be_visible()

    # Partners, then "new partner".
    page.locator("nav a.nav-link[href='/partners/']").click()
    page.locator("main a[href='/partners/new/']").first.click()
    page.wait_for_url("**/partners/new/")

    # Fill the institution with the keyboard: choose the kind, then Tab through the names.
    kind = page.locator("#id_kind")
    kind.focus()
    kind.select_option("institution")
    page.keyboard.press("Tab")
    expect(page.locator("#id_name_en")).to_be_focused()
    page.keyboard.type("National Telecom Regulatory Authority")
    page.keyboard.press("Tab")
    expect(page.locator("#id_name_ar")).to_be_focused()
    expect(page.locator("#id_name_ar")).to_have_attribute("dir", "rtl")
    page.keyboard.type("الجهاز القومي لتنظيم الاتصالات")
    page.locator("#id_institution_type").select_option("government")
    egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
    page.locator("#id_country").select_option(str(egypt.pk))
    page.locator("main form button[type=submit]").click()

    # Saved: the detail page says so, and the record is in the database.
    page.wait_for_url(re.compile(r"/partners/\d+/$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("الجهاز القومي لتنظيم الاتصالات")
    saved = Partner.objects.get(name_en="National Telecom Regulatory Authority")
    assert (saved.kind, saved.institution_type, saved.country) == (
        "institution",
        "government",
        egypt,
    )
    assert saved.name_ar == "الجهاز القومي لتنظيم الاتصالات"
    assert page.url.endswith(f"/partners/{saved.pk}/")

    # The list; typing part of the Arabic name filters the results in place (HTMX).
    page.locator("main .breadcrumb a[href='/partners/']").click()
    page.wait_for_url("**/partners/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(4)
    page.evaluate("window.__marker = 1")
    page.locator("#id_q").press_sequentially("لتنظيم الاتصا")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(f"a[href='/partners/{saved.pk}/']")).to_have_text(
        "الجهاز القومي لتنظيم الاتصالات"
    )
    assert page.evaluate("window.__marker") == 1, "the search reloaded the whole page"
    expect(page).to_have_url(re.compile(r"/partners/\?q="))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.problems == []


def test_invalid_partner_shows_errors_next_to_the_fields_and_saves_nothing(page, officer):
    from playwright.sync_api import expect

    from partners.models import Partner

    log_in(page, officer)
    page.goto("/partners/new/")
    page.locator("#id_kind").select_option("institution")
    page.locator("#id_name_en").fill("Institution without a type or a country")
    page.locator("#id_name_en").press("Enter")

    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/partners/new/$"))
    expect(page.locator("main .alert-danger")).to_be_visible()
    for name in ("institution_type", "country"):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", f"id_{name}_error")
        # The message sits in the field's own group, right after it.
        error = page.locator(f"#id_{name} ~ #id_{name}_error")
        expect(error).to_be_visible()
        expect(error).not_to_be_empty()
    # Keyboard users land on the first field to fix; what was typed is kept.
    expect(page.locator("#id_institution_type")).to_be_focused()
    expect(page.locator("#id_name_en")).to_have_value("Institution without a type or a country")
    expect(page.locator("#id_kind")).to_have_value("institution")
    expect(page.locator("#id_name_en")).not_to_have_class(re.compile(r"\bis-invalid\b"))
    assert not Partner.objects.exclude(kind="country").exists()
    assert page.problems == []
