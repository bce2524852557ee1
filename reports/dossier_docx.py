"""The DOCX of a briefing dossier (python-docx), for the minister's office to edit: the
same data and the same order as the PDF, as headings, paragraphs and tables.

Right to left: in the Arabic dossier every paragraph is a right-to-left paragraph
(`w:bidi`), which Word and LibreOffice lay out from the right margin (a `w:jc` of "right"
would mean the END of an RTL paragraph to Word, so none is written), every table is a
right-to-left table (`w:bidiVisual`), the section runs right to left, and every run with
Arabic in it is marked `w:rtl` (in the English dossier, the runs that start with Arabic: an
Arabic name among English labels). Fonts: Latin text in Calibri, Arabic ("complex script",
`w:rFonts w:cs`) in Amiri, the PDF's font; the template's theme fonts, which would override
them, are removed.
"""

import unicodedata
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports import dossier as data
from reports.templatetags.reports_dossier import text_direction

LATIN_FONT = "Calibri"
ARABIC_FONT = "Amiri"
CLASSIFICATION_RED = RGBColor(0x8B, 0x00, 0x00)
MUTED = RGBColor(0x55, 0x55, 0x55)

# What may follow `w:bidi` in a paragraph's properties (ECMA-376 order), so that the
# element lands where Word expects it.
_AFTER_BIDI = (
    *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing"),
    *("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
    "w:pPrChange",
)
_AFTER_SECTION_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr) -> None:
    """Latin and Arabic fonts on a run's or a style's properties, theme fonts removed."""
    fonts = rpr.get_or_add_rFonts()
    for name in _THEME_FONTS:
        fonts.attrib.pop(qn(name), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), ARABIC_FONT)


def set_bidi(ppr) -> None:
    """Make a paragraph (or a style's paragraphs) right to left."""
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


class Writer:
    """Adds the dossier's paragraphs and tables to a document, each in the direction of
    the dossier's language and each run in the direction of its own text."""

    def __init__(self, document, rtl: bool):
        self.document = document
        self.rtl = rtl

    def direct(self, paragraph):
        if self.rtl:
            set_bidi(paragraph._p.get_or_add_pPr())
        return paragraph

    def run(self, paragraph, text, *, bold=False, italic=False, size=None, color=None):
        run = paragraph.add_run(str(text))
        if bold:
            run.font.bold = True
            run.font.cs_bold = True
        if italic:
            run.font.italic = True
            run.font.cs_italic = True
        if size is not None:
            run.font.size = Pt(size)
            size_cs = run._r.get_or_add_rPr().find(qn("w:szCs"))
            if size_cs is None:
                size_cs = OxmlElement("w:szCs")
                run._r.get_or_add_rPr().find(qn("w:sz")).addnext(size_cs)
            size_cs.set(qn("w:val"), str(int(size * 2)))
        if color is not None:
            run.font.color.rgb = color
        if self.is_rtl(str(text)):
            run.font.rtl = True
        return run

    def is_rtl(self, text: str) -> bool:
        """In the Arabic dossier, every run but those of Latin text alone (a name, a
        reference); in the English one, the runs that start with Arabic."""
        if self.rtl:
            return text_direction(text) != "ltr" or any(
                unicodedata.bidirectional(char) in ("R", "AL") for char in text
            )
        return text_direction(text) == "rtl"

    def paragraph(self, text="", *, style=None, container=None, **run_options):
        container = container or self.document
        paragraph = self.direct(container.add_paragraph(style=style))
        if text:
            self.run(paragraph, text, **run_options)
        return paragraph

    def heading(self, text, level):
        paragraph = self.direct(self.document.add_heading(level=level))
        self.run(paragraph, text)
        return paragraph

    def empty(self, text):
        return self.paragraph(text, italic=True, color=MUTED)

    def details(self, rows):
        """(label, value) lines: the label in bold."""
        for label, value in rows:
            if not value:
                continue
            paragraph = self.paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            self.run(paragraph, f"{label}: ", bold=True)
            self.run(paragraph, value)

    def bullets(self, items):
        for item in items:
            self.paragraph(item, style="List Bullet")

    def table(self, headers, rows):
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self.direct(cell.paragraphs[0])
            self.run(cell.paragraphs[0], header, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                self.direct(cell.paragraphs[0])
                if value:
                    self.run(cell.paragraphs[0], value)
        self.paragraph()  # a table followed directly by another would merge in Word
        return table


def _setup(document, dossier: data.Dossier) -> None:
    """Fonts, direction, page and properties of the whole document."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for fonts in styles.iter(qn("w:rFonts")):
        rpr = fonts.getparent()
        if any(fonts.get(qn(name)) for name in _THEME_FONTS):
            set_fonts(rpr)
    if dossier.rtl:
        ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        set_bidi(ppr_default)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(20)
    if dossier.rtl:
        sect = section._sectPr
        if sect.find(qn("w:bidi")) is None:
            sect.insert_element_before(OxmlElement("w:bidi"), *_AFTER_SECTION_BIDI)
    props = document.core_properties
    props.title = dossier.title[:250]
    props.subject = dossier.subject[:250]
    props.author = dossier.prepared_for[:250]
    props.category = dossier.classification_label
    props.keywords = dossier.classification_label
    props.language = dossier.language
    props.created = dossier.prepared_at
    props.comments = "Accord"


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            paragraph.add_run("1")


def _header_footer(writer: Writer, dossier: data.Dossier) -> None:
    """The classification in the header and in the footer of every page (the section has
    one header and one footer, used by all its pages), with the page number."""
    section = writer.document.sections[0]
    section.different_first_page_header_footer = False
    header = section.header.paragraphs[0]
    writer.direct(header)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(header, dossier.classification_label.upper(), bold=True, color=CLASSIFICATION_RED)
    subject = section.header.add_paragraph()
    writer.direct(subject)
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(subject, dossier.subject[:80], size=8, color=MUTED)

    footer = section.footer.paragraphs[0]
    writer.direct(footer)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(footer, dossier.classification_label.upper(), bold=True, color=CLASSIFICATION_RED)
    pages = section.footer.add_paragraph()
    writer.direct(pages)
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(pages, f"{pgettext('page number', 'Page')} ", size=8, color=MUTED)
    _field(pages, "PAGE")
    writer.run(pages, f" {pgettext('page number', 'of')} ", size=8, color=MUTED)
    _field(pages, "NUMPAGES")


def _cover(writer: Writer, dossier: data.Dossier) -> None:
    banner = writer.paragraph()
    banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(
        banner, dossier.classification_label.upper(), bold=True, size=16, color=CLASSIFICATION_RED
    )
    title = writer.paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.run(title, dossier.title)
    when = data.day(dossier.prepared_at)
    prepared = writer.paragraph(
        _("Prepared for %(user)s on %(when)s") % {"user": dossier.prepared_for, "when": when}
    )
    prepared.alignment = WD_ALIGN_PARAGRAPH.CENTER
    handling = writer.paragraph(
        _(
            "Classification: %(level)s, the highest classification of what this dossier "
            "contains. It contains only what its reader may read; handle and store it "
            "accordingly."
        )
        % {"level": dossier.classification_label},
        size=9,
        color=MUTED,
    )
    handling.alignment = WD_ALIGN_PARAGRAPH.CENTER
    handling.add_run().add_break(WD_BREAK.PAGE)


def _decision_text(decision: data.DecisionLine) -> str:
    due = f", {_('due')} {data.day(decision.due)}" if decision.due else ""
    return f"{decision.text} ({decision.status}{due})"


def _mark(level: str) -> str:
    return "" if level == "public" else f" [{data.level_label(level)}]"


def _meeting(writer: Writer, meeting: data.MeetingBrief) -> None:
    writer.heading(meeting.title + _mark(meeting.classification), 1)
    when = (
        f"{data.day(meeting.start)} {meeting.start:%H:%M} – "
        f"{data.day(meeting.end)} {meeting.end:%H:%M} ({meeting.time_zone})"
    )
    writer.details(
        [
            (_("Kind"), f"{meeting.kind} · {meeting.level}"),
            (_("When"), when),
            (_("Where"), meeting.place or (_("Online") if meeting.online else "—")),
            (_("Joint committee"), meeting.committee),
            (_("Partners"), ", ".join(meeting.partners) or "—"),
            (_("Related agreements"), "; ".join(meeting.agreements)),
        ]
    )
    if meeting.summary:
        writer.heading(_("Summary"), 2)
        writer.paragraph(meeting.summary)
    writer.heading(_("Delegations"), 2)
    for side, members in meeting.delegations:
        writer.heading(side, 3)
        if members:
            writer.bullets(
                member.name
                + (f" ({_('head of delegation')})" if member.head else "")
                + (f", {member.role}" if member.role else "")
                for member in members
            )
        else:
            writer.empty(_("Nobody listed."))
    writer.heading(_("Agenda and our positions"), 2)
    for number, item in enumerate(meeting.agenda, 1):
        writer.heading(f"{number}. {item.title}", 3)
        writer.details(
            [
                (
                    f"{_('Our position')} ({item.position_status})",
                    item.position or _("Not written yet."),
                ),
                (_("National position"), item.national_position),
                (_("Outcome"), item.outcome),
            ]
        )
    if not meeting.agenda:
        writer.empty(_("No agenda recorded."))
    writer.heading(_("Decisions"), 2)
    if meeting.decisions:
        writer.bullets(_decision_text(d) for d in meeting.decisions)
    else:
        writer.empty(_("No decisions recorded."))
    if meeting.notes:
        writer.heading(_("Notes"), 2)
        writer.bullets(
            f"{data.day(n.written)}: {n.text}{_mark(n.classification)}" for n in meeting.notes
        )


def _partner(writer: Writer, partner: data.PartnerSection, first: bool) -> None:
    profile = partner.profile
    heading = writer.heading(profile.name + _mark(profile.classification), 1)
    if not first:
        heading.paragraph_format.page_break_before = True
    if profile.other_name:
        writer.paragraph(profile.other_name, size=13, color=MUTED)
    writer.heading(_("Profile"), 2)
    writer.details([*profile.details, (_("Areas of cooperation"), ", ".join(profile.areas))])
    if profile.description:
        writer.paragraph(profile.description)

    writer.heading(_("Agreements"), 2)
    if partner.agreements:
        summary = ", ".join(f"{status} {n}" for status, n in partner.agreements_by_status)
        writer.paragraph(f"{partner.agreement_count}: {summary}.")
        writer.table(
            [
                _("Agreement"),
                _("Status"),
                _("Signed"),
                _("In force"),
                _("Expires"),
                _("Notice by"),
            ],
            [
                (
                    a.title + _mark(a.classification),
                    a.status,
                    data.day(a.signed),
                    data.day(a.in_force),
                    data.day(a.expires),
                    data.day(a.notice_by),
                )
                for a in partner.agreements
            ],
        )
    else:
        writer.empty(_("No agreement with this partner."))

    writer.heading(_("Meetings"), 2)
    for label, meetings in (
        (_("Coming up"), partner.upcoming_meetings),
        (_("Latest meetings and their decisions"), partner.past_meetings),
    ):
        if not meetings:
            continue
        writer.heading(label, 3)
        writer.table(
            [_("Date"), _("Meeting"), _("Decisions")],
            [
                (
                    data.day(m.start),
                    f"{m.title}{_mark(m.classification)}\n{m.kind} · {m.level}"
                    + (f" · {m.place}" if m.place else ""),
                    "\n".join(_decision_text(d) for d in m.decisions),
                )
                for m in meetings
            ],
        )
    if not (partner.upcoming_meetings or partner.past_meetings):
        writer.empty(_("No meeting with this partner."))

    writer.heading(_("Open actions"), 2)
    if partner.actions:
        writer.table(
            [_("Action"), _("Owner"), _("Due"), _("Status")],
            [
                (
                    a.title + _mark(a.classification),
                    a.owner,
                    data.day(a.due),
                    f"{a.status} · {a.priority}",
                )
                for a in partner.actions
            ],
        )
    else:
        writer.empty(_("No open action."))

    writer.heading(_("Memberships in common"), 2)
    if partner.memberships:
        writer.paragraph(partner.memberships_basis)
        writer.table(
            [_("Organization"), _("Member"), _("Status"), _("Since")],
            [
                (m.organization + _mark(m.classification), m.member, m.status, data.day(m.since))
                for m in partner.memberships
            ],
        )
    else:
        writer.empty(_("No membership in common."))

    writer.heading(_("Initiatives and results"), 2)
    if partner.initiatives:
        writer.table(
            [_("Initiative"), _("Kind"), _("Status"), _("Period")],
            [
                (
                    i.title + _mark(i.classification),
                    i.kind,
                    i.status,
                    f"{i.start:%Y}–{i.end:%Y}" if i.end else f"{i.start:%Y}–",
                )
                for i in partner.initiatives
            ],
        )
        if partner.results:
            writer.heading(_("Results, all these initiatives together"), 3)
            writer.table(
                [_("Indicator"), _("Target"), _("Actual"), _("Achieved")],
                [
                    (
                        f"{r.indicator} ({r.unit})",
                        data.number(r.target),
                        data.number(r.actual),
                        data.percent(r.achieved),
                    )
                    for r in partner.results
                ],
            )
    else:
        writer.empty(_("No initiative with this partner."))

    writer.heading(_("Key people"), 2)
    if partner.people:
        writer.table(
            [_("Name"), _("Position"), _("Posted in"), _("Since")],
            [(p.name, p.title, p.posted_in, data.day(p.since)) for p in partner.people],
        )
    else:
        writer.empty(_("No one recorded in a post with this partner."))

    if partner.notes:
        writer.heading(_("Notes"), 2)
        writer.bullets(
            f"{data.day(n.written)}: {n.text}{_mark(n.classification)}" for n in partner.notes
        )


def render(dossier: data.Dossier) -> bytes:
    """The dossier as a Word document."""
    with translation.override(dossier.language):
        document = Document()
        writer = Writer(document, dossier.rtl)
        _setup(document, dossier)
        _header_footer(writer, dossier)
        _cover(writer, dossier)
        if dossier.talking_points:
            writer.heading(_("Talking points"), 1)
            for point in dossier.talking_points:
                writer.paragraph(point, style="List Number")
        if dossier.meeting is not None:
            _meeting(writer, dossier.meeting)
        for index, partner in enumerate(dossier.partners):
            alone = dossier.meeting is None and not dossier.talking_points
            _partner(writer, partner, first=index == 0 and alone)
        out = BytesIO()
        document.save(out)
        return out.getvalue()
