"""Nothing that is not public and published appears anywhere the public can reach: every
page of the portal (found by following its links from the home pages, in both languages),
every download of the open data, the map's data, and the addresses of hidden records."""

import re
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from portal.tests.world import HIDDEN_NUMBER, MARKER

LINK = re.compile(rb'href="([^"#]+)')


def crawl(client, starts) -> dict[str, bytes]:
    """Every portal address reachable from `starts` by links: {address: body}."""
    seen, queue = {}, list(starts)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seen[url] = response.content
        if response["Content-Type"].startswith("text/html"):
            for found in LINK.findall(response.content):
                target = urljoin(url, found.decode().replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.path.startswith("/public/") and not parts.netloc:
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert len(seen) < 500, "the crawl should be bounded"
    return seen


def assert_nothing_hidden(url: str, body: bytes):
    text = body.decode("utf-8", "replace")
    assert MARKER not in text, f"{url} shows a hidden record"
    for form in (str(HIDDEN_NUMBER), f"{HIDDEN_NUMBER:,}", "٧٧٧٧٧٧٧"):
        assert form not in text, f"{url} counts a hidden result"


def test_it_shows_no_hidden_record_on_any_page_or_download(client, world):
    pages = crawl(client, [reverse("public:overview", args=[lang]) for lang in ("en", "ar")])
    for url, body in pages.items():
        assert_nothing_hidden(url, body)
    everything = b"".join(pages.values()).decode()
    # The crawl reached the published records, the downloads and the map's data.
    for name in (
        "SHOWN-agreement",
        "SHOWN-memorandum",
        "SHOWN-meeting",
        "SHOWN-initiative",
        "SHOWN-person",
    ):
        assert name in everything, name
    downloads = [url for url in pages if "/open-data/" in url and "." in url.rsplit("/", 1)[1]]
    assert any(url.endswith("countries.json") for url in downloads)
    assert any(url.endswith("agreements.csv") for url in downloads)
    assert any(url.endswith("iati-activities.xml") for url in downloads)
    assert len([u for u in pages if "/bilateral/" in u and u.count("/") == 5]) >= 4


def test_it_answers_404_for_the_address_of_a_hidden_record(client, world):
    for name, record in world.hidden.items():
        model = record._meta.model_name
        for lang in ("en", "ar"):
            if model == "agreement":
                url = reverse("public:agreement_detail", args=[lang, record.pk])
            elif model == "initiative":
                url = reverse("public:initiative_detail", args=[lang, record.pk])
            else:
                continue
            response = client.get(url)
            assert response.status_code == 404, name
            assert MARKER not in response.content.decode()
    for iso in ("jp", "eg", "zz", "../", "e"):
        response = client.get(f"/public/en/bilateral/{iso}/")
        assert response.status_code == 404, iso
        assert MARKER not in response.content.decode()


def test_it_finds_nothing_hidden_by_searching_or_filtering(client, world):
    url = reverse("public:agreement_list", args=["en"])
    for query in (
        # Words of the hidden titles (the query is echoed in the form, so not the marker).
        {"q": "agreement"},
        {"q": "secret"},
        {"q": "confidential agreement"},
        {"country": "de"},
        {"country": "jp"},
        {"year": "2024"},
        {"standing": "in_force"},
        {"type": "mou"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert_nothing_hidden(url, response.content)


def test_it_counts_only_published_results(client, world):
    response = client.get(reverse("public:overview", args=["en"]))
    results = response.content.decode().split('id="results"')[1].split("</table>")[0]
    assert "500" in results and "420" in results
