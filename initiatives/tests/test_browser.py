"""Browser test: a desk officer records what an initiative achieved (a result, then a
period with its target and actual value) through the forms, and finds it on the page of the
agreement the initiative carries out.

Elements are found by ids, names and hrefs (see core.tests.browser); the only texts
compared are the records' own and figures.
"""

import re
from datetime import date

import pytest

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page


@pytest.fixture
def people(transactional_db):
    """An officer; an MoU and the initiative that carries it out, from two years ago to two
    years ahead; the sector's indicator catalogue."""
    from initiatives.reference import load_indicators
    from initiatives.tests import factories as make

    load_indicators()
    year = date.today().year
    mou = make.agreement("Memorandum on digital skills")
    initiative = make.initiative(
        "Digital skills for youth",
        start=date(year - 2, 1, 1),
        end=date(year + 2, 12, 31),
        agreements=[mou],
    )
    return {
        "officer": make_user("officer", "officer", "confidential"),
        "agreement": mou,
        "initiative": initiative,
    }


def submit(page, url_pattern):
    """Press the form's submit button and wait for the page it leads to."""
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(url_pattern))


def test_officer_records_a_result_and_sees_it_on_the_agreement(page, people):
    from playwright.sync_api import expect

    from initiatives.models import Indicator, Result, ResultPeriod

    officer, initiative, agreement = people["officer"], people["initiative"], people["agreement"]
    url = f"/initiatives/{initiative.pk}/"
    trained = Indicator.objects.get(code="people-trained")

    log_in(page, officer)
    page.locator("nav a.nav-link[href='/initiatives/']").click()
    page.wait_for_url("**/initiatives/")
    page.locator(f"#results a[href='{url}']").click()
    page.wait_for_url(f"**{url}")

    # The result: people trained.
    page.locator("#add-result").click()
    page.wait_for_url(f"**{url}results/new/")
    expect(page.locator("#id_indicator")).to_be_focused()
    page.locator("#id_indicator").select_option(str(trained.pk))
    submit(page, rf"{url}(#result-\d+)?$")
    result = Result.objects.get(initiative=initiative)
    assert result.indicator == trained
    expect(page.locator("main .alert-success")).to_be_visible()

    # Its period, last year: a target of 100, 80 trained.
    last_year = date.today().year - 1
    page.locator(f"#add-period-{result.pk}").click()
    page.wait_for_url(f"**{url}results/{result.pk}/periods/new/")
    expect(page.locator("#id_period_start")).to_be_focused()
    page.locator("#id_period_start").fill(f"{last_year}-01-01")
    page.locator("#id_period_end").fill(f"{last_year}-12-31")
    page.locator("#id_target").fill("100")
    page.locator("#id_actual").fill("80")
    page.locator("#id_source").fill("Training register")
    submit(page, rf"{url}(#result-{result.pk})?$")
    period = ResultPeriod.objects.get(result=result)
    assert (period.target, period.actual) == (100, 80)
    row = page.locator(f"#period-{period.pk}")
    expect(row).to_contain_text("100")
    expect(row).to_contain_text("80")
    expect(row).to_contain_text("Training register")
    chart_row = page.locator("#initiative-results-table tr[data-indicator='people-trained']")
    expect(chart_row).to_contain_text("100")
    expect(chart_row).to_contain_text("80")

    # The agreement says what it achieved.
    page.locator(f"#agreements a[href='/agreements/{agreement.pk}/']").click()
    page.wait_for_url(f"**/agreements/{agreement.pk}/")
    achieved = page.locator("#achieved")
    expect(achieved).to_contain_text(trained.name_en)
    achieved_row = achieved.locator("tr[data-indicator='people-trained']")
    expect(achieved_row).to_contain_text("100")
    expect(achieved_row).to_contain_text("80")
    expect(achieved.locator(f"a[href='{url}']")).to_have_count(1)
    assert page.problems == []
