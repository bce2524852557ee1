"""Browser test: a viewer of the multilateral desk switches to Arabic, opens the ITU page from
the "Multilateral" overview, and finds it right to left, with Arabic headings, our seat on
the ITU Council, the dues chart (an accessible inline SVG with its title) and the table of
the same figures.

Elements are found by ids and hrefs (see core.tests.browser); the texts compared are the
records' own, or the catalogue's Arabic for a string, read through gettext.
"""

import re
from datetime import date, timedelta

import pytest

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def itu(transactional_db):
    """Egypt a member state of ITU with a seat on its Council, six years of dues in CHF
    (the last two in arrears); a viewer of the multilateral desk."""
    from django.utils import timezone

    from core.models import OrgUnit
    from multilateral.tests.factories import body, contribution, membership, seat
    from partners.models import Partner

    egypt = Partner.objects.create(
        kind="country", iso_alpha2="EG", name_en="Egypt", name_ar="مصر", classification="public"
    )
    itu = Partner.objects.create(
        kind="organization",
        acronym="ITU",
        name_en="International Telecommunication Union",
        name_ar="الاتحاد الدولي للاتصالات",
        category="un",
        classification="public",
    )
    desk = OrgUnit.objects.create(
        code="multilateral-desk", name_en="Multilateral Desk", name_ar="إدارة العلاقات متعددة"
    )
    council = body(itu, "ITU Council", name_ar="مجلس الاتحاد الدولي للاتصالات")
    membership(itu, egypt, since=date(1876, 1, 1), focal_unit=desk, classification="public")
    today = timezone.localdate()
    seat(council, egypt, start=today - timedelta(days=300), end=today + timedelta(days=400))
    for year in range(today.year - 5, today.year + 1):
        paid = {today.year: "0", today.year - 1: "150000"}.get(year, "318000")
        contribution(itu, year, "318000", paid)
    return {
        "itu": itu,
        "council": council,
        "viewer": make_user("vera", "viewer", "internal", org_unit=desk),
    }


def test_viewer_reads_the_itu_page_in_arabic(page, itu):
    from django.utils import timezone, translation
    from playwright.sync_api import expect

    organization, council = itu["itu"], itu["council"]
    log_in(page, itu["viewer"])

    # Switch to Arabic with the top bar's button: the page comes back right to left.
    page.locator("nav button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    # The Multilateral overview, then the ITU row's link.
    page.locator("nav a.nav-link[href='/multilateral/']").click()
    page.wait_for_url("**/multilateral/")
    link = f"/multilateral/organizations/{organization.pk}/"
    page.locator(f"#results a[href='{link}']").click()
    page.wait_for_url(f"**{link}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Arabic headings: the organization's Arabic name, the breadcrumb, each section's title
    # as the Arabic catalogue has it.
    expect(page.locator("#organization-name")).to_contain_text("الاتحاد الدولي للاتصالات")
    crumb = page.locator("#crumb-multilateral").inner_text()
    assert ARABIC_LETTER.search(crumb), crumb
    with translation.override("ar"):
        headings = {
            "#membership-title": translation.gettext("Our membership"),
            "#seats-title": translation.gettext("Governing bodies and our seats"),
            "#dues-title": translation.gettext("Dues"),
            "#candidacies-title": translation.gettext("Candidacies"),
        }
        chart_title = translation.gettext("Dues assessed and paid per year, in %(currency)s") % {
            "currency": "CHF"
        }
        multilateral = translation.gettext("Multilateral")
    assert crumb == multilateral
    for selector, text in headings.items():
        expect(page.locator(selector)).to_have_text(text)

    # The dues chart: an inline SVG image named by its title, six years, mirrored.
    chart = page.locator("#dues svg[role=img]")
    expect(chart).to_have_count(1)
    title_id = chart.get_attribute("aria-labelledby")
    expect(chart.locator(f"title#{title_id}")).to_have_text(chart_title)
    expect(chart.locator("rect.bar-due")).to_have_count(6)
    expect(chart.locator("rect.bar-paid")).to_have_count(6)
    year = timezone.localdate().year
    first = chart.locator("text.year", has_text=str(year - 5)).bounding_box()
    last = chart.locator("text.year", has_text=str(year)).bounding_box()
    assert first["x"] > last["x"], "the earliest year should be on the right in Arabic"

    # The table beside it: the same six years, latest first, with the arrears.
    rows = page.locator("#dues-table tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first.locator("th")).to_have_text(str(year))
    expect(rows.nth(1)).to_contain_text("168,000")

    # Our seat on the ITU Council, current.
    seat_row = page.locator(f"#seats-table tr[data-body='{council.pk}']")
    expect(seat_row).to_contain_text("مجلس الاتحاد الدولي للاتصالات")
    expect(seat_row.locator(".badge.text-bg-success")).to_have_count(1)
    assert page.problems == []
