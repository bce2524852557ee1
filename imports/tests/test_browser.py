"""Browser test: an officer uploads a register, corrects the mapping, watches the check and
the import on their progress bars, picks the partner of an ambiguous row, imports, and finds
the agreements. The worker's part is played by the test between the clicks (the live
server and the test share the database).

Elements are found by ids, names and data attributes, never by translated text.
"""

import pytest

from agreements.models import Agreement
from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in
from imports import services
from imports.models import ImportJob
from imports.tests.files import AGREEMENTS, csv_bytes
from initiatives.tests.factories import country
from partners.models import Partner

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page


@pytest.fixture
def officer(transactional_db):
    for iso, iso3, name in [
        ("EG", "EGY", "Egypt"),
        ("DE", "DEU", "Germany"),
        ("KR", "KOR", "Korea, Republic of"),
    ]:
        Partner.objects.filter(pk=country(iso, name).pk).update(iso_alpha3=iso3)
    country("CG", "Congo")
    drc = country("CD", "Congo, The Democratic Republic of the")
    Partner.objects.filter(pk=drc.pk).update(former_names="Congo")
    return make_user("officer", "officer", "confidential")


def test_an_officer_imports_a_register_with_its_progress_bar(page, officer, tmp_path):
    from playwright.sync_api import expect

    rows = [
        *AGREEMENTS,
        ["EG-CG-9", "Agreement with Congo", "", "mou", "signed", "Congo", "2020-01-01", ""],
    ]
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(rows))
    log_in(page, officer)
    page.goto("/imports/")
    page.locator("#id_file").set_input_files(str(path))
    page.locator("#id_kind").select_option("agreements")
    page.locator("#upload-button").click()
    expect(page.locator("#mapping-form")).to_be_visible()
    expect(page.locator("#preview")).to_be_visible()
    # Correct the guess: this register's Arabic titles are not to be imported.
    page.locator("#map-title_ar").select_option(index=0)
    page.locator("#check-button").click()
    expect(page.locator("#progress [role=progressbar]")).to_be_visible()
    job = ImportJob.objects.get()
    services.report(job, 2, 5)
    expect(page.locator("#progress-label")).to_contain_text("2")
    services.check(job)
    expect(page.locator("#job-status")).to_have_attribute("data-status", "checked", timeout=10_000)
    expect(page.locator("#import-button")).to_be_disabled()  # a row needs a choice
    page.locator("#counts a[data-outcome=ambiguous]").click()
    row = page.locator("tr[data-outcome=ambiguous]")
    drc = Partner.objects.get(iso_alpha2="CD")
    row.locator("select").select_option(str(drc.pk))
    row.locator("button").click()
    expect(page.locator("#import-button")).to_be_enabled()
    page.locator("#import-button").click()
    expect(page.locator("#progress [role=progressbar]")).to_be_visible()
    services.run(ImportJob.objects.get())
    expect(page.locator("#job-status")).to_have_attribute("data-status", "imported", timeout=10_000)
    expect(page.locator("#undo-button")).to_be_visible()
    assert Agreement.objects.get(reference="EG-CG-9").parties.get().partner == drc
    assert Agreement.objects.get(reference="EG-DE-1").title_ar == ""  # the column was unmapped
    assert not page.problems, page.problems
