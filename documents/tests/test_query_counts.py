"""The documents of a record are read in one query, and the API list in a bounded number:
the same for 1 document as for 20."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from documents import services
from documents.tests.files import png_bytes, upload
from documents.views import documents_for

pytestmark = pytest.mark.django_db

API_BUDGET = 8


def add(record, user, count):
    for i in range(count):
        services.attach(
            record,
            upload(f"scan-{i}.png", png_bytes()),
            user,
            title="",
            kind="other",
            language="en",
        )


def count_queries(fetch) -> int:
    fetch()  # warm what is cached beyond one request (content types, the user's permissions)
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


def test_it_fills_the_partial_in_one_query_for_1_and_20_documents(partner, editor):
    def fetch():
        html = render_to_string(
            "documents/_documents.html",
            {"documents": documents_for(partner, editor), "object": partner},
        )
        assert "scan-0.png" in html

    add(partner, editor, 1)
    one = count_queries(fetch)
    add(partner, editor, 19)
    twenty = count_queries(fetch)
    assert one == twenty == 1


@pytest.mark.urls("documents.tests.urls")
def test_it_lists_documents_in_the_api_in_the_same_queries(partner, editor, viewer):
    client = APIClient()
    client.force_authenticate(viewer)

    def fetch():
        response = client.get("/api/v1/documents/", {"page_size": 100})
        assert response.status_code == 200
        return response

    add(partner, editor, 1)
    one = count_queries(fetch)
    add(partner, editor, 19)
    twenty = count_queries(fetch)
    assert one == twenty <= API_BUDGET
