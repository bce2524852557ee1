"""What the browser tests share: one headless Chromium per module, pages that record what
went wrong, and logging in by typing.

They run Debian's chromium (never a downloaded browser) through Playwright's sync API, and
find elements by ids, names and hrefs, never by translated text, so that the Arabic
catalogue can change without breaking them. A test module takes the fixtures by assigning
them to its own names (`browser = shared.browser`), which pytest collects as its own.
"""

import os
import re
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery"
TIMEOUT_MS = 5_000
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; fails (never skips) when chromium is missing."""
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: run `make chromium` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database access from a thread with a running loop unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_page(browser, base_url, **context_options):
    """A fresh page in its own context (own cookies) that records, in `page.problems`,
    every response of 400 or more, every static file that failed to load and every script
    error. Close it with `page.context.close()`."""
    options = {"viewport": VIEWPORT, "locale": "en-GB", **context_options}
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = []

    def record_response(response):
        if response.status >= 400:
            page.problems.append(f"{response.status} {response.url}")

    def record_failed(request):
        # A request the browser itself cancelled (the page moved on before the favicon
        # arrived) is not a missing file; any other failure of a static file is.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            page.problems.append(f"{request.failure} {request.url}")

    page.on("response", record_response)
    page.on("requestfailed", record_failed)
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    return page


@pytest.fixture
def page(browser, live_server):
    """A fresh page on the live server (see open_page)."""
    page = open_page(browser, live_server.url)
    yield page
    page.context.close()


def log_in(page, user):
    """Type the username and password, and press Enter, as people do; wait for the page
    that follows the login (the login page's own URL also ends with a slash)."""
    from playwright.sync_api import expect

    page.goto("/login/")
    page.locator("#id_username").press_sequentially(user.username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("form[action='/logout/']")).to_have_count(1)
    # The front-end libraries are served by the live server, not a CDN, and they ran.
    assert page.evaluate("typeof window.htmx") == "object", page.problems
    assert page.evaluate("typeof window.bootstrap") == "object", page.problems


def log_out(page):
    """Press the navbar's "Log out" button, and wait until the page says nobody is in."""
    from playwright.sync_api import expect

    page.locator("nav form[action='/logout/'] button").click()
    expect(page.locator("form[action='/logout/']")).to_have_count(0)
