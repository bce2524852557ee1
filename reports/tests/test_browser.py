"""Browser test: an officer opens a partner's page, presses "Briefing dossier", writes a
talking point, chooses PDF and receives the dossier as a download; then the Word version of
a meeting's dossier, from the meeting's page.

Elements are found by ids, names and hrefs (see core.tests.browser), never by translated
text.
"""

import re
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
    from agreements.models import Agreement, AgreementParty
    from engagements.models import Meeting
    from partners.models import Partner

    japan = Partner.objects.create(
        kind="country",
        iso_alpha2="JP",
        name_en="Japan",
        name_ar="اليابان",
        classification="public",
    )
    agreement = Agreement.objects.create(
        type="mou",
        title_en="MoU on ICT cooperation",
        title_ar="مذكرة تفاهم بشأن التعاون في مجال الاتصالات",
        classification="internal",
        term_kind="until_notice",
    )
    AgreementParty.objects.create(agreement=agreement, partner=japan)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        kind="bilateral",
        level="ministerial",
        title_en="Ministerial meeting with Japan",
        start=start,
        end=start + timedelta(hours=2),
        classification="internal",
    )
    meeting.partners.add(japan)
    return {
        "japan": japan,
        "meeting": meeting,
        "officer": make_user("officer", "officer", "confidential"),
    }


def test_it_downloads_a_briefing_dossier_from_the_partner_page(page, records):
    from playwright.sync_api import expect

    japan = records["japan"]
    log_in(page, records["officer"])
    page.goto(japan.get_absolute_url())
    page.locator("#dossier-button").click()
    page.wait_for_url(re.compile(reverse("reports:dossier_partner", args=[japan.pk]) + "$"))
    expect(page.locator("#dossier-preview")).to_be_visible()
    page.locator("#id_language").select_option("ar")
    page.locator("input[name=format][value=pdf]").check()
    page.locator("#id_talking_points").fill("Thank Japan for the AI grant")
    with page.expect_download() as info:
        page.locator("#make-dossier").click()
    download = info.value
    assert re.fullmatch(r"dossier-japan-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert page.problems == []


def test_it_downloads_the_word_dossier_of_a_meeting(page, records):
    import zipfile

    meeting = records["meeting"]
    log_in(page, records["officer"])
    page.goto(meeting.get_absolute_url())
    page.locator("#dossier-button").click()
    page.wait_for_url(re.compile(reverse("reports:dossier_meeting", args=[meeting.pk]) + "$"))
    page.locator("input[name=format][value=docx]").check()
    with page.expect_download() as info:
        page.locator("#make-dossier").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    assert zipfile.is_zipfile(download.path())
    assert page.problems == []
