"""Browser test: a desk officer records a real MoU with Japan, from proposal to entry into
force, with the legal adviser and the manager taking their steps, the signed texts
uploaded, the list exported, and the page read in Arabic.

Elements are found by ids, names, hrefs and data attributes (see core.tests.browser); the
only texts compared are the records' own and labels rendered in English for the check.
"""

import csv
import io
import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in, log_out

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page

TITLE_EN = "Memorandum of Understanding on cooperation in ICT and the digital economy"
TITLE_AR = "مذكرة تفاهم بشأن التعاون في مجال الاتصالات وتكنولوجيا المعلومات والاقتصاد الرقمي"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    """Egypt (the home country) and Japan; the officer, the legal adviser and the manager;
    another instrument, of another type, that the filtered export must leave out; and an
    empty folder for the uploaded files."""
    from agreements.models import Agreement
    from partners.models import Partner

    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert settings.ACCORD_HOME_COUNTRY == "EG"
    countries = {
        iso: Partner.objects.create(
            kind="country", iso_alpha2=iso, name_en=en, name_ar=ar, classification="public"
        )
        for iso, en, ar in [("EG", "Egypt", "مصر"), ("JP", "Japan", "اليابان")]
    }
    Agreement.objects.create(
        type="treaty",
        title_en="Convention on cybercrime",
        classification="public",
        term_kind="until_notice",
    )
    return {
        "egypt": countries["EG"],
        "japan": countries["JP"],
        "officer": make_user("officer", "officer", "confidential"),
        "legal": make_user("legal", "legal_adviser", "confidential"),
        "manager": make_user("manager", "manager", "secret"),
    }


def two_years_ago() -> date:
    today = date.today()
    return today.replace(year=today.year - 2, day=min(today.day, 28))


def submit(page, url_pattern=r"/agreements/\d+/$"):
    """Press the form's submit button and wait for the page it leads to."""
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(url_pattern))


def move_to(page, status):
    """Press the "Next steps" button that moves the agreement to `status`."""
    from playwright.sync_api import expect

    page.locator(f"#lifecycle-title ~ form button[data-status={status}]").click()
    # The badge changes on the page that follows (the URL stays the same).
    expect(page.locator("#status-badge")).to_have_class(re.compile(rf"\bstatus-{status}\b"))
    expect(page.locator("main .alert-success")).to_be_visible()


def upload(page, agreement, name, mime, data, *, title, language):
    """Upload a signed authentic text through the agreement page's documents section."""
    from playwright.sync_api import expect

    page.locator(f"main a[href='/documents/upload/agreements/agreement/{agreement.pk}/']").click()
    page.wait_for_url("**/documents/upload/**")
    page.locator("#id_file").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.locator("#id_title").fill(title)
    page.locator("#id_kind").select_option("authentic_text")
    page.locator("#id_language").select_option(language)
    page.locator("#id_is_authentic").check()
    expect(page.locator("#id_classification")).to_have_value(agreement.classification)
    submit(page, rf"/agreements/{agreement.pk}/$")
    expect(page.locator("main .alert-success")).to_be_visible()


def test_officer_records_an_mou_from_proposal_to_entry_into_force(page, people):
    from django.utils import translation
    from django.utils.formats import date_format
    from playwright.sync_api import expect

    from agreements.choices import Status
    from agreements.models import Agreement
    from documents.models import Document
    from documents.tests.files import ARABIC, docx_bytes, pdf_bytes

    officer, legal, manager = people["officer"], people["legal"], people["manager"]

    # The officer opens the agreements and records a new MoU.
    log_in(page, officer)
    page.locator("nav a.nav-link[href='/agreements/']").click()
    page.locator("main a[href='/agreements/new/']").first.click()
    page.wait_for_url("**/agreements/new/")
    page.locator("#id_type").select_option("mou")
    page.locator("#id_title_en").press_sequentially(TITLE_EN)
    page.locator("#id_title_ar").press_sequentially(TITLE_AR)
    expect(page.locator("#id_title_ar")).to_have_attribute("dir", "rtl")
    page.locator("#id_classification").select_option("confidential")
    page.locator("#id_eif_rule").select_option("on_signature")
    page.locator("#id_term_kind").select_option("tacit_renewal")
    page.locator("#id_term_length").fill("5")
    page.locator("#id_term_unit").select_option("years")
    page.locator("#id_renewal_length").fill("2")
    page.locator("#id_renewal_unit").select_option("years")
    page.locator("#id_notice_months").fill("6")
    submit(page)
    agreement = Agreement.objects.get(title_en=TITLE_EN)
    assert (agreement.type, agreement.status, agreement.title_ar) == ("mou", "proposal", TITLE_AR)
    assert (agreement.term_kind, agreement.term_length, agreement.renewal_length) == (
        "tacit_renewal",
        5,
        2,
    )
    assert agreement.notice_months == 6
    url = f"/agreements/{agreement.pk}/"
    assert page.url.endswith(url)
    expect(page.locator("main h1")).to_have_text(TITLE_EN)
    expect(page.locator("#status-badge")).to_have_class(re.compile(r"\bstatus-proposal\b"))
    # Without a signature there is nothing to compute yet.
    expect(page.locator("#notice-deadline")).to_have_count(0)

    # Egypt and Japan sign it.
    for country in (people["egypt"], people["japan"]):
        page.locator("#add-party").click()
        page.wait_for_url(f"**{url}parties/new/")
        page.locator("#id_partner").select_option(str(country.pk))
        page.locator("#id_role").select_option("party")
        submit(page)
    party_links = page.locator("#parties-title").locator("xpath=../..").locator("tbody a")
    expect(party_links).to_have_count(2)
    for country in (people["egypt"], people["japan"]):
        expect(page.locator(f"main a[href='/partners/{country.pk}/']")).to_have_count(1)

    # Proposal, drafting, legal review; the officer cannot pass the review herself.
    move_to(page, "drafting")
    move_to(page, "legal_review")
    expect(page.locator("#legal-clearance")).to_have_count(0)
    expect(page.locator("button[data-status=approved]")).to_have_count(0)
    log_out(page)

    # The legal adviser passes the review.
    log_in(page, legal)
    page.goto(url)
    page.locator("#legal-clearance").click()
    expect(page.locator("#legal-clearance")).to_have_count(0)
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("button[data-status=approved]")).to_have_count(0)
    log_out(page)

    # The manager approves it for signature.
    log_in(page, manager)
    page.goto(url)
    move_to(page, "approved")
    log_out(page)

    # Signed two years ago: the officer records the date, then the steps that follow.
    log_in(page, officer)
    page.goto(url)
    expect(page.locator("button[data-status=signed]")).to_be_visible()
    page.locator(f"main a[href='{url}edit/']").click()
    page.wait_for_url(f"**{url}edit/")
    signed_on = two_years_ago()
    page.locator("#id_signature_date").fill(signed_on.isoformat())
    page.locator("#id_signature_place").fill("Tokyo")
    submit(page)
    move_to(page, "signed")
    move_to(page, "in_force")

    # In force since signature; renewed tacitly unless notice is given 6 months before.
    agreement.refresh_from_db()
    # The first term's last day is the eve of its fifth anniversary; notice must be given
    # six months before the anniversary.
    expiry = signed_on + relativedelta(years=5, days=-1)
    notice = signed_on + relativedelta(years=5, months=-6)
    assert (agreement.status, agreement.entry_into_force) == ("in_force", signed_on)
    assert (agreement.expiry_date, agreement.notice_deadline) == (expiry, notice)
    with translation.override("en"):
        in_force = str(Status.IN_FORCE.label)
        shown = {d: date_format(d, "DATE_FORMAT") for d in (signed_on, expiry, notice)}
        steps = [
            str(label)
            for label in (
                Status.DRAFTING.label,
                Status.LEGAL_REVIEW.label,
                "Legal review passed",
                Status.APPROVED.label,
                Status.SIGNED.label,
                Status.IN_FORCE.label,
            )
        ]
    badge = page.locator("#status-badge")
    expect(badge).to_have_text(in_force)
    expect(badge).to_have_class(re.compile(r"\bstatus-in_force\b"))
    expect(page.locator("#eif")).to_contain_text(shown[signed_on])
    expect(page.locator("#expiry")).to_contain_text(shown[expiry])
    expect(page.locator("#notice-deadline")).to_contain_text(shown[notice])
    timeline = page.locator("#lifecycle-timeline li")
    expect(timeline).to_have_count(len(steps))
    expect(timeline.locator("strong")).to_have_text(steps)
    for who, step in zip(
        [officer, officer, legal, manager, officer, officer], timeline.all(), strict=True
    ):
        expect(step).to_contain_text(str(who))
    # Nothing further for an officer to do: ending it is a manager's decision.
    expect(page.locator("button[data-status]")).to_have_count(0)

    # The signed authentic texts, Arabic (DOCX) and English (PDF).
    arabic = docx_bytes(TITLE_AR, ARABIC, table=None)
    english = pdf_bytes(TITLE_EN, "Signed at Tokyo")
    upload(
        page,
        agreement,
        "mou-japan-signed-ar.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        arabic,
        title="Signed Arabic text",
        language="ar",
    )
    upload(
        page,
        agreement,
        "mou-japan-signed-en.pdf",
        "application/pdf",
        english,
        title="Signed English text",
        language="en",
    )
    documents = list(Document.objects.for_record(agreement).order_by("language"))
    assert [(d.language, d.kind, d.is_authentic) for d in documents] == [
        ("ar", "authentic_text", True),
        ("en", "authentic_text", True),
    ]
    for document in documents:
        link = page.locator(f"main a[href='/documents/{document.pk}/download/']")
        expect(link).to_have_text(document.title)
        expect(link.locator("xpath=..")).to_contain_text(document.original_name)
    with page.expect_download() as download:
        page.locator(f"main a[href='/documents/{documents[1].pk}/download/']").click()
    assert download.value.suggested_filename == "mou-japan-signed-en.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == english

    # The list, filtered to MoUs, exported as CSV: the MoU is in it, the treaty is not.
    page.locator("main .breadcrumb a[href='/agreements/']").click()
    page.wait_for_url("**/agreements/")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    page.locator("#id_type").select_option("mou")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]type=mou\b"))
    expect(page.locator(f"#results a[href='{url}']")).to_have_text(TITLE_EN)
    with page.expect_download() as download:
        page.locator("#results a[href*='export=csv']").click()
    assert re.fullmatch(r"agreements-\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename)
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert len(rows) == 2, rows
    assert TITLE_EN in rows[1]
    assert "Japan" in ";".join(rows[1]) and "Egypt" in ";".join(rows[1])
    assert not any("Convention on cybercrime" in cell for row in rows for cell in row)

    # In Arabic the page turns right-to-left and shows the Arabic title.
    page.goto(url)
    page.locator("nav form button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "bootstrap.rtl" in page.locator("link[rel=stylesheet]").first.get_attribute("href")
    expect(page).to_have_url(re.compile(rf"{url}$"))
    expect(page.locator("main h1")).to_have_text(TITLE_AR)
    expect(page).to_have_title(re.compile(re.escape(TITLE_AR)))
    expect(page.locator("#status-badge")).to_have_class(re.compile(r"\bstatus-in_force\b"))
    expect(page.locator("#lifecycle-timeline li")).to_have_count(len(steps))
    expect(page.locator("#expiry")).not_to_be_empty()
    expect(page.locator("#notice-deadline")).not_to_be_empty()
    # Right-to-left: the title starts at the right edge of the page, the badge follows it
    # to the left.
    title_box = page.locator("main h1").bounding_box()
    badge_box = page.locator("#status-badge").bounding_box()
    assert badge_box["x"] + badge_box["width"] <= title_box["x"], (title_box, badge_box)
    assert page.problems == []
