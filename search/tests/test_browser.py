"""Browser test: a viewer, reading in Arabic, types a partner's Arabic name in the top bar's
search box, spelled differently from the record (no hamza, ه for ة), sees it among the
results with the match marked, and opens it. A confidential record is not found."""

import re

import pytest

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page

NAME_AR = "الجهاز القومي لتنظيم الإتصالات"
TYPED = "الجهاز القومى لتنظيم الاتصالات"  # no hamza under the alef, ى for ي


@pytest.fixture
def records(transactional_db):
    from search.tests.conftest import make_meeting, make_partner

    regulator = make_partner(
        "National Telecom Regulatory Authority", NAME_AR, "internal", acronym="NTRA"
    )
    make_meeting("Secret talks", f"مباحثات {NAME_AR} السرية", "confidential")
    return {"regulator": regulator, "viewer": make_user("viewer", "viewer", "internal")}


def test_viewer_finds_a_partner_by_its_arabic_name_spelled_differently(page, records):
    from playwright.sync_api import expect

    regulator = records["regulator"]
    log_in(page, records["viewer"])
    page.locator("nav form button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # The search box is in the top bar, labelled for screen readers; type and press Enter.
    box = page.locator("#global-search-q")
    expect(page.locator("label[for=global-search-q]")).to_have_count(1)
    box.focus()
    box.press_sequentially(TYPED)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    hits = page.locator("main .search-hit")
    expect(hits).to_have_count(1)  # the confidential meeting is not among them
    expect(page.locator("#search-kinds a[data-kind=partner] [data-count=partner]")).to_have_text(
        "1"
    )
    link = hits.first.locator("a").first
    expect(link).to_have_attribute("href", regulator.get_absolute_url())
    expect(link).to_contain_text("الجهاز القومي")
    expect(link.locator("mark")).to_have_text(NAME_AR.split())
    expect(page.locator("#global-search-q")).to_have_value(TYPED)

    link.click()
    page.wait_for_url(f"**{regulator.get_absolute_url()}")
    expect(page.locator("main h1")).to_contain_text(NAME_AR)
    assert page.problems == []
