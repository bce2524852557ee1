"""The quality checkers of core.tests.quality can fail: the Nu HTML Checker reports invalid
HTML and passes valid HTML (English and Arabic), and axe-core finds accessibility
violations in a page and none in a clean one.
"""

import pytest

from core.tests import browser as shared
from core.tests import quality
from core.tests.quality import (
    QualityToolMissing,
    axe_violations,
    check_html,
    format_html_errors,
    format_violations,
)

browser = shared.browser

VALID = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Agreements</title></head>
<body><main><h1>Agreements</h1><p>A memorandum of understanding.</p></main></body>
</html>
"""
VALID_ARABIC = """<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>الاتفاقيات</title></head>
<body><main><h1>الاتفاقيات</h1>
<p>مذكرة تفاهم للتعاون في مجال تكنولوجيا المعلومات والاتصالات مع اليابان.</p></main></body>
</html>
"""
INVALID = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"></head>
<body>
<p>A paragraph <div>with a block inside</div></p>
<span id="twice"></span><span id="twice"></span>
</body>
</html>
"""


HTMX = VALID.replace("<main>", '<main hx-get="/agreements/" hx-trigger="load" foo="x">')


def test_check_html_reports_the_errors_of_invalid_documents_only():
    # One run of vnu over every document, as text or as the bytes of a response.
    errors = check_html(
        {
            "valid": VALID,
            "invalid": INVALID,
            "arabic": VALID_ARABIC.encode(),
            "/agreements/?page=2": VALID.encode(),
            "htmx": HTMX,
        }
    )

    assert list(errors) == ["invalid", "htmx"], format_html_errors(errors)
    report = "\n".join(errors["invalid"])
    assert "line 3: " in report and "“title”" in report  # no title in the head
    assert "line 5: " in report and "“p” end tag" in report  # a div closed the paragraph
    assert "line 6: Duplicate ID “twice”." in errors["invalid"]
    # HTMX's attributes are left out, other unknown attributes are not.
    assert errors["htmx"] == [
        "line 4: Attribute “foo” not allowed on element “main” at this point."
    ]
    assert format_html_errors(errors).startswith("invalid: line ")
    assert check_html({}) == {}


def test_check_html_reports_htmx_attributes_when_told_to_ignore_nothing():
    errors = check_html({"htmx": HTMX}, ignore=())

    assert len(errors["htmx"]) == 3, format_html_errors(errors)
    assert any("“hx-get”" in message for message in errors["htmx"])


def test_check_html_fails_loudly_without_java(monkeypatch):
    monkeypatch.setattr(quality.shutil, "which", lambda name: None)

    with pytest.raises(QualityToolMissing, match="make java"):
        check_html({"valid": VALID})


def test_check_html_fails_loudly_without_the_jar(settings, tmp_path):
    settings.BASE_DIR = tmp_path  # a project without node_modules

    with pytest.raises(QualityToolMissing, match="make assets"):
        check_html({"valid": VALID})


CLEAN_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Search</title></head>
<body><main>
<h1>Search</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Accord">
<form><label for="q">Search</label> <input id="q" name="q" type="search">
<button type="submit">Search</button></form>
</main></body>
</html>
"""
FAULTY_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Search</title></head>
<body><main>
<h1>Search</h1>
<img id="logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input id="q" name="q" type="text"><button type="submit">Search</button></form>
</main></body>
</html>
"""


@pytest.fixture
def blank_page(browser):
    page = shared.open_page(browser, "http://127.0.0.1")
    yield page
    page.context.close()


@pytest.mark.browser
def test_axe_finds_an_image_without_alt_and_an_input_without_label(blank_page):
    blank_page.set_content(FAULTY_PAGE)

    violations = axe_violations(blank_page)

    by_id = {violation["id"]: violation for violation in violations}
    assert {"image-alt", "label"} <= set(by_id), format_violations(violations)
    assert by_id["image-alt"]["targets"] == ["#logo"]
    assert by_id["label"]["targets"] == ["#q"]
    assert by_id["image-alt"]["impact"] == "critical"
    assert "image-alt (critical): " in format_violations(violations)


@pytest.mark.browser
def test_axe_finds_nothing_on_a_clean_page(blank_page):
    blank_page.set_content(CLEAN_PAGE)

    violations = axe_violations(blank_page)

    assert violations == [], format_violations(violations)
