"""Fixtures of the dossier tests: one partner (Japan) with records at every classification
linked to it, each carrying a marker string that says its level, so that a test can tell
what went into a dossier and what stayed out; and the tools that read PDFs back."""

import re
import shutil
import subprocess
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from actions.models import Action
from agreements.models import Agreement, AgreementParty
from core.choices import Classification
from core.models import Note, OrgUnit
from engagements.models import AgendaItem, Decision, Meeting, Participant
from initiatives.models import Indicator, Initiative, InitiativePartner, Result, ResultPeriod
from multilateral.models import Membership, NationalPosition, OrganizationMember
from partners.models import Partner, Person, Position

LEVELS = Classification.values  # public, internal, confidential, secret
AGREEMENT_AR = "مذكرة تفاهم بشأن التعاون في مجال الاتصالات وتكنولوجيا المعلومات"
JAPAN_AR = "اليابان"
# Each level's initiative reports a different power of ten, so that the results' total
# says which initiatives were summed.
ACTUAL = {level: Decimal(10**i) for i, level in enumerate(LEVELS)}

# Who may read what (the personas of the root conftest).
CLEARANCE = {
    "viewer_no_clearance": "public",
    "viewer": "internal",
    "editor": "confidential",
    "manager": "secret",
}


def marker(level: str, kind: str) -> str:
    """The marker string of the record of `kind` at `level`, e.g. SECRET-MARK-AGREEMENT."""
    return f"{level.upper()}-MARK-{kind}"


KINDS = ["AGREEMENT", "MEETING", "DECISION", "ACTION", "ORG", "INITIATIVE", "PERSON", "NOTE"]


def readable(clearance: str) -> list[str]:
    return Classification.up_to(clearance)


def above(clearance: str) -> list[str]:
    return [level for level in LEVELS if level not in readable(clearance)]


def make_country(iso, name_en, name_ar, classification="public"):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        classification=classification,
    )


def past(days):
    return timezone.now() - timedelta(days=days)


def make_meeting(title, partner, *, days_ago=30, classification="internal", **fields):
    start = past(days_ago)
    meeting = Meeting.objects.create(
        kind=fields.pop("kind", "bilateral"),
        level=fields.pop("level", "ministerial"),
        title_en=title,
        start=start,
        end=start + timedelta(hours=2),
        city=fields.pop("city", "Tokyo"),
        classification=classification,
        **fields,
    )
    meeting.partners.add(partner)
    return meeting


@pytest.fixture
def desk(db):
    return OrgUnit.objects.create(code="asian-desk", name_en="Asian desk")


@pytest.fixture
def egypt(db):
    return make_country("EG", "Egypt", "مصر")


@pytest.fixture
def japan(db):
    return make_country("JP", "Japan", JAPAN_AR)


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(
        code="people-trained", name_en="People trained", name_ar="أشخاص مدربون", unit="people"
    )


@pytest.fixture
def world(db, japan, egypt, desk, indicator):
    """Japan, with one record of every kind at every classification."""
    partner_ct = ContentType.objects.get_for_model(Partner)
    for rank, level in enumerate(LEVELS):
        agreement = Agreement.objects.create(
            type="mou",
            title_en=marker(level, "AGREEMENT"),
            title_ar=AGREEMENT_AR if level == "public" else "",
            status="in_force",
            signature_date=date(2020 + rank, 5, 10),
            classification=level,
            term_kind="until_notice",
        )
        AgreementParty.objects.create(agreement=agreement, partner=japan)
        AgreementParty.objects.create(agreement=agreement, partner=egypt)
        meeting = make_meeting(marker(level, "MEETING"), japan, days_ago=10 + rank)
        meeting.classification = level
        meeting.save()
        Decision.objects.create(meeting=meeting, text_en=marker(level, "DECISION"))
        Action.objects.create(
            title_en=marker(level, "ACTION"),
            source_type=partner_ct,
            source_id=japan.pk,
            owner_unit=desk,
            due_date=timezone.localdate() + timedelta(days=10 + rank),
            classification=level,
        )
        organization = Partner.objects.create(
            kind="organization",
            name_en=marker(level, "ORG"),
            acronym=f"O{rank}",
            category="un",
            classification="public",
        )
        OrganizationMember.objects.create(organization=organization, country=japan)
        OrganizationMember.objects.create(organization=organization, country=egypt)
        Membership.objects.create(
            organization=organization,
            member=egypt,
            status="member_state",
            since=date(1990, 1, 1),
            classification=level,
        )
        initiative = Initiative.objects.create(
            title_en=marker(level, "INITIATIVE"),
            kind="capacity_building",
            status="ongoing",
            start_date=date(2021, 1, 1),
            classification=level,
        )
        InitiativePartner.objects.create(initiative=initiative, partner=japan, role="funder")
        result = Result.objects.create(initiative=initiative, indicator=indicator)
        ResultPeriod.objects.create(
            result=result,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            target=ACTUAL[level],
            actual=ACTUAL[level],
        )
        person = Person.objects.create(name_en=marker(level, "PERSON"), classification=level)
        Position.objects.create(
            person=person, partner=japan, title_en="Counsellor", start=date(2023, 1, 1)
        )
        Note.objects.create(
            content_type=partner_ct,
            object_id=japan.pk,
            text=marker(level, "NOTE"),
            classification=level,
        )
    return japan


@pytest.fixture
def visit(db, world, japan, egypt):
    """A coming internal meeting with Japan: delegations, and an agenda whose national
    positions are at every classification."""
    start = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        kind="incoming_visit",
        level="ministerial",
        title_en="Visit of the Minister of Internal Affairs and Communications",
        title_ar="زيارة وزير الشؤون الداخلية والاتصالات الياباني",
        start=start,
        end=start + timedelta(hours=3),
        city="Cairo",
        venue="Ministry of Communications",
        classification="internal",
    )
    meeting.partners.set([japan, egypt])
    for order, level in enumerate(LEVELS):
        position = NationalPosition.objects.create(
            topic_en=marker(level, "POSITION"), text_en="We support it.", classification=level
        )
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title_en=f"Item {order}",
            position="Our draft position.",
            national_position=position,
        )
        person = Person.objects.get(name_en=marker(level, "PERSON"))
        Participant.objects.create(meeting=meeting, person=person, side="theirs")
    Decision.objects.create(meeting=meeting, text_en="Open a joint working group on AI")
    return meeting


def add_records(japan, desk, count, start):
    """`count` more agreements, past meetings with decisions, and open actions."""
    for i in range(start, start + count):
        agreement = Agreement.objects.create(
            type="mou",
            title_en=f"MoU {i}",
            classification="internal",
            term_kind="until_notice",
            signature_date=date(2000, 1, 1) + timedelta(days=i),
        )
        AgreementParty.objects.create(agreement=agreement, partner=japan)
        meeting = make_meeting(f"Meeting {i}", japan, days_ago=100 + i)
        Decision.objects.create(meeting=meeting, text_en=f"Decision {i}")
        Decision.objects.create(meeting=meeting, text_en=f"Decision {i}b")
        Action.objects.create(
            title_en=f"Action {i}",
            source_type=ContentType.objects.get_for_model(meeting),
            source_id=meeting.pk,
            owner_unit=desk,
            classification="internal",
            due_date=timezone.localdate() + timedelta(days=i),
        )
        meeting.agreements.add(agreement)


# Reading PDFs back -----------------------------------------------------------------------

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str) -> str:
    """The path of a poppler tool; fails (never skips) when it is missing."""
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} is not installed: run `make poppler` (apt-get install poppler-utils)")
    return path


# The page's margins, in points of an A4 page (595 x 842): what pdftotext crops to for the
# header and the footer.
MARGINS = {"header": (0, 0, 595, 62), "footer": (0, 784, 595, 58)}


def pdf_text(pdf: bytes, tmp_path, page: int | None = None, area: str | None = None) -> str:
    """The text of a PDF (or of one page, or of its header or footer), as pdftotext
    extracts it, in logical order, with the bidi control characters it adds removed and
    spaces folded."""
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    args = [poppler("pdftotext"), "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if area is not None:
        x, y, width, height = MARGINS[area]
        args += ["-r", "72", "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    text = subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return fold(text)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", BIDI_CONTROLS.sub("", text))
    return " ".join(text.split())


def pdf_pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        [poppler("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_fonts(pdf: bytes, tmp_path) -> list[dict]:
    """pdffonts' table: one dict per font (name, type, emb, sub, uni)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [poppler("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["name", "type"], out
    fonts = []
    for line in lines[2:]:
        # name, type (may hold spaces), encoding, emb, sub, uni, object, id
        parts = line.split()
        fonts.append(
            {"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3], "line": line}
        )
    return fonts


def docx_text(content: bytes) -> dict[str, str]:
    """The text of a DOCX read back with python-docx: body (paragraphs and tables),
    header and footer."""
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    body = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            body.extend(cell.text for cell in row.cells)
    section = document.sections[0]
    return {
        "body": fold("\n".join(body)),
        "header": fold("\n".join(p.text for p in section.header.paragraphs)),
        "footer": fold("\n".join(p.text for p in section.footer.paragraphs)),
        "document": document,
    }
