"""Every public page is valid HTML, by the Nu HTML Checker (vnu.jar), in both languages:
one run of the checker over every page the portal links to (the JVM start is most of it)."""

from core.tests.quality import check_html, format_html_errors
from portal.tests.test_leaks import crawl


def test_every_public_page_is_valid_html(client, world):
    pages = crawl(client, ["/public/en/", "/public/ar/"])
    html = {url: body for url, body in pages.items() if b"<!doctype html>" in body[:40].lower()}
    assert len(html) >= 16  # both languages of each page, countries and records included
    errors = check_html(html)
    assert not errors, format_html_errors(errors)


def test_the_checker_sees_an_error_in_a_portal_page(client, world):
    """The test above can fail: a page with a broken element is reported."""
    body = client.get("/public/en/").content.replace(b"<main", b"<main><p><div></div></p", 1)
    assert check_html({"/public/en/ (broken)": body})
