"""The dossier's two renderings read back: the PDF with poppler's pdftotext and pdffonts
(which must be installed: `make poppler`), the DOCX with python-docx. What they say is what
the reader may read, with the classification on every page, and Arabic in logical order in
an Arabic font."""

import io

import pytest
from django.utils import translation

from core.choices import Classification
from reports import dossier, dossier_docx, dossier_pdf
from reports.tests.conftest import (
    AGREEMENT_AR,
    CLEARANCE,
    JAPAN_AR,
    KINDS,
    above,
    docx_text,
    marker,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    readable,
)

pytestmark = pytest.mark.django_db

TALKING_POINT_AR = "نشكر الجانب الياباني على منحة الذكاء الاصطناعي"


def label(level: str, language: str) -> str:
    with translation.override(language):
        return str(Classification(level).label)


def squeeze(text: str) -> str:
    """Text without any whitespace: pdftotext may split an Arabic word where a letter does
    not join the next one, so logical order is compared letter by letter."""
    return "".join(text.split())


@pytest.fixture(autouse=True)
def font_installed():
    """The PDF's font must be installed (`make fonts`): a missing one fails, never skips."""
    try:
        dossier_pdf.font_files()
    except dossier_pdf.FontMissing as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("persona", list(CLEARANCE))
def test_it_prints_only_what_each_clearance_may_read_in_the_pdf(request, world, persona, tmp_path):
    user = request.getfixturevalue(persona)
    clearance = CLEARANCE[persona]
    pdf = dossier_pdf.render(dossier.build(world, user, "en", ["Raise the AI grant"]))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    for level in readable(clearance):
        for kind in KINDS:
            assert marker(level, kind) in text, (level, kind)
    for level in above(clearance):
        assert f"{level.upper()}-MARK" not in text, level
    assert "Raise the AI grant" in text


@pytest.mark.parametrize("persona", list(CLEARANCE))
def test_it_writes_only_what_each_clearance_may_read_in_the_docx(request, world, persona):
    user = request.getfixturevalue(persona)
    clearance = CLEARANCE[persona]
    content = dossier_docx.render(dossier.build(world, user, "en", ["Raise the AI grant"]))
    text = docx_text(content)
    for level in readable(clearance):
        for kind in KINDS:
            assert marker(level, kind) in text["body"], (level, kind)
    for level in above(clearance):
        for part in ("body", "header", "footer"):
            assert f"{level.upper()}-MARK" not in text[part], (level, part)
    assert "Raise the AI grant" in text["body"]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("persona", ["viewer", "manager"])
def test_it_prints_the_classification_on_every_page(
    request, world, visit, persona, language, tmp_path
):
    user = request.getfixturevalue(persona)
    highest = label(CLEARANCE[persona], language)
    for subject in (world, visit):
        pdf = dossier_pdf.render(dossier.build(subject, user, language, []))
        pages = pdf_pages(pdf, tmp_path)
        assert pages >= 3  # the cover, the partner, its records
        for page in range(1, pages + 1):
            for area in ("header", "footer"):
                text = pdf_text(pdf, tmp_path, page, area)
                assert squeeze(highest).casefold() in squeeze(text).casefold(), (page, area)
                # Never a higher one.
                for level in above(CLEARANCE[persona]):
                    assert label(level, language).casefold() not in text.casefold(), text


def test_it_sets_the_arabic_pdf_right_to_left_in_logical_order(editor, world, tmp_path):
    built = dossier.build(world, editor, "ar", [TALKING_POINT_AR])
    pdf = dossier_pdf.render(built)
    text = pdf_text(pdf, tmp_path)
    # Extracted in logical (reading) order, not reversed, and shaped from the right
    # characters (no presentation forms).
    for expected in (JAPAN_AR, AGREEMENT_AR, TALKING_POINT_AR, label("confidential", "ar")):
        assert squeeze(expected) in squeeze(text), expected
        assert squeeze(expected[::-1]) not in squeeze(text)
    assert not any("\ufb50" <= char <= "\ufeff" for char in text)
    html = pdf_html(built)
    assert '<html lang="ar" dir="rtl">' in html


def pdf_html(built) -> str:
    from django.template.loader import render_to_string

    with translation.override(built.language):
        return render_to_string("reports/dossier_pdf.html", {"dossier": built})


@pytest.mark.parametrize("language", ["en", "ar"])
def test_it_embeds_every_font_of_the_pdf(editor, world, language, tmp_path):
    pdf = dossier_pdf.render(dossier.build(world, editor, language, [TALKING_POINT_AR]))
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert any("Amiri" in font["name"] for font in fonts), fonts


def test_it_loads_nothing_but_its_fonts(tmp_path):
    """The PDF renderer's fetcher refuses the network and every other file."""
    fonts = dossier_pdf.font_files()
    fetcher = dossier_pdf._fetcher_class()(fonts.values())
    for url in (
        "http://example.org/logo.png",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (tmp_path / "x.css").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch(fonts["normal"].as_uri())
    assert response.read(4) in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    response.close()


def test_it_names_its_fonts_in_the_stylesheet():
    fonts = dossier_pdf.font_files()
    built = dossier.Dossier(
        kind="partner",
        language="ar",
        title='Dossier "x"',
        subject="اليابان",
        prepared_for="someone",
        prepared_at=None,
        classification="secret",
        classification_label='Se"cret\\',
        talking_points=[],
        partners=[],
    )
    css = dossier_pdf.page_css(built, fonts)
    assert fonts["normal"].as_uri() in css
    assert "http" not in css
    assert '"Se\\"cret\\\\"' in css  # escaped: a label cannot break out of its string
    assert "@top-right" in css  # the subject on the start side of an Arabic page


def test_it_writes_a_docx_that_reads_back_in_both_languages(editor, world):
    from docx.oxml.ns import qn

    content = dossier_docx.render(dossier.build(world, editor, "ar", [TALKING_POINT_AR]))
    text = docx_text(content)
    confidential = label("confidential", "ar")
    assert confidential in text["header"]
    assert confidential in text["footer"]
    assert JAPAN_AR in text["body"]
    assert AGREEMENT_AR in text["body"]
    assert TALKING_POINT_AR in text["body"]
    assert "Japan" in text["body"]  # the other language's name, beside it
    document = text["document"]
    # Every paragraph right to left; every Arabic run marked so, in an Arabic font.
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None
    arabic_runs = [
        r for p in paragraphs for r in p.runs if any("\u0600" <= c <= "\u06ff" for c in r.text)
    ]
    assert arabic_runs
    assert all(run.font.rtl for run in arabic_runs)
    fonts = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert fonts.get(qn("w:cs")) == dossier_docx.ARABIC_FONT
    assert fonts.get(qn("w:cstheme")) is None
    assert document.core_properties.category == confidential

    english = docx_text(dossier_docx.render(dossier.build(world, editor, "en", [])))
    assert "CONFIDENTIAL" in english["header"] and "CONFIDENTIAL" in english["footer"]
    assert "Japan" in english["body"] and JAPAN_AR in english["body"]
    assert "CONFIDENTIAL-MARK-AGREEMENT" in english["body"]
    english_paragraph = english["document"].paragraphs[1]
    assert english_paragraph._p.pPr is None or english_paragraph._p.pPr.find(qn("w:bidi")) is None


def test_it_opens_the_docx_as_a_zip_word_package(editor, world):
    import zipfile

    content = dossier_docx.render(dossier.build(world, editor, "en", []))
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
        assert "word/document.xml" in names
        assert any(n.startswith("word/header") for n in names)
        assert any(n.startswith("word/footer") for n in names)
        footer = package.read(next(n for n in names if n.startswith("word/footer")))
        assert b"PAGE" in footer and b"NUMPAGES" in footer
