"""Every agreement list, export and page runs a bounded number of queries: the same for 1
row as for 50 (or for 1 party, treaty action and relation as for 20)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import AgreementRelation, StatusChange, TreatyAction
from agreements.tests.conftest import add_party, make_agreement, partner
from core import services as core_services
from core.models import AreaOfCooperation, OrgUnit

pytestmark = pytest.mark.django_db

# A page: session, user, groups, permissions, the stale-dates check, count, rows, prefetches.
PAGE_BUDGET = 14
# The agreement page also reads its parties, treaty actions, relations both ways, timeline,
# notes, history, documents and the rules' inputs.
DETAIL_BUDGET = 24

LIST = reverse("agreements:agreement_list")


@pytest.fixture
def setting(db):
    today = timezone.localdate()
    return {
        "desk": OrgUnit.objects.create(code="asian-desk", name_en="Asian desk"),
        "area": AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="ذكاء"),
        "partners": [partner("JP", "Japan", region="142"), partner("FR", "France", region="150")],
        "signed": today - timedelta(days=100),
    }


def add_agreements(count, setting, start=0):
    for i in range(start, start + count):
        agreement = make_agreement(
            f"Memorandum {i:03d}",
            reference=f"REF-{i:03d}",
            status="in_force",
            signature_date=setting["signed"],
            owner_unit=setting["desk"],
            term_kind="tacit_renewal",
            notice_months=6,
        )
        agreement.areas.add(setting["area"])
        for counterpart in setting["partners"]:
            party = add_party(agreement, counterpart)
            TreatyAction.objects.create(
                agreement=agreement, party=party, kind="signature", date=setting["signed"]
            )
        services.refresh_dates(agreement)


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def same_for_1_and_50(fetch, add, budget=PAGE_BUDGET):
    add(1, 0)
    one = count_queries(fetch)
    add(49, 1)
    fifty = count_queries(fetch)
    assert one == fifty, f"{one} queries for 1 row, {fifty} for 50"
    assert fifty <= budget
    return fifty


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "mou", "status": "in_force", "ordering": "-expiry"},
        {"region": "142", "notice_within": 3650},
        {"in_force_on": "2026-01-01", "expiring_within": 3650},
    ],
    ids=["plain", "filtered", "region-notice", "in-force-expiring"],
)
def test_it_lists_agreements_in_the_same_queries_for_1_and_50(client_for, viewer, setting, params):
    client = client_for(viewer)
    same_for_1_and_50(
        lambda: client.get(LIST, params), lambda n, start: add_agreements(n, setting, start)
    )


def test_it_answers_the_htmx_list_in_the_same_queries(client_for, viewer, setting):
    client = client_for(viewer)
    same_for_1_and_50(
        lambda: client.get(LIST, headers={"HX-Request": "true"}),
        lambda n, start: add_agreements(n, setting, start),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_in_the_same_queries_for_1_and_50(client_for, viewer, setting, fmt):
    client = client_for(viewer)
    same_for_1_and_50(
        lambda: client.get(LIST, {"export": fmt}),
        lambda n, start: add_agreements(n, setting, start),
    )


def test_it_lists_agreements_in_the_api_in_the_same_queries(api, viewer, setting):
    client = api(viewer)
    same_for_1_and_50(
        lambda: client.get("/api/v1/agreements/", {"page_size": 100}),
        lambda n, start: add_agreements(n, setting, start),
    )


@pytest.mark.parametrize("url", ["/api/v1/agreement-parties/", "/api/v1/treaty-actions/"])
def test_it_lists_the_parts_in_the_api_in_the_same_queries(api, viewer, setting, url):
    client = api(viewer)
    same_for_1_and_50(
        lambda: client.get(url, {"page_size": 100}),
        lambda n, start: add_agreements(n, setting, start),
    )


def test_it_lists_the_deadlines_in_the_same_queries(client_for, viewer, setting):
    client = client_for(viewer)
    same_for_1_and_50(
        lambda: client.get(reverse("agreements:deadlines")),
        lambda n, start: add_agreements(n, setting, start),
    )


def test_it_shows_an_agreement_in_the_same_queries_for_1_and_20_parts(client_for, editor, setting):
    """Parties, treaty actions, relations both ways, timeline steps and change records."""
    today = timezone.localdate()
    agreement = make_agreement(
        "Framework agreement",
        status="in_force",
        signature_date=today - timedelta(days=30),
        eif_rule="last_notification",
        owner_unit=setting["desk"],
    )
    agreement.areas.add(setting["area"])
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            counterpart = partner(f"{i:02d}"[:2], f"Country {i}", classification="public")
            party = add_party(agreement, counterpart, signatory_name=f"Minister {i}")
            TreatyAction.objects.create(
                agreement=agreement, party=party, kind="ratification", date=today
            )
            other = make_agreement(f"Programme {i}", type="executive_programme")
            AgreementRelation.objects.create(source=other, kind="implements", target=agreement)
            AgreementRelation.objects.create(source=agreement, kind="amends", target=other)
            StatusChange.objects.create(
                agreement=agreement, from_status="signed", to_status="in_force", user=editor
            )
            core_services.record_change(agreement, editor, "update", "page", {"x": [i, i + 1]})

    def fetch():
        return client.get(agreement.get_absolute_url())

    add(1, 0)
    one = count_queries(fetch)
    add(19, 1)
    twenty = count_queries(fetch)
    assert one == twenty, f"{one} queries for 1 part, {twenty} for 20"
    assert twenty <= DETAIL_BUDGET
    page = fetch()
    assert len(page.context["parties"]) == 20
    assert len(page.context["relations_in"]) == len(page.context["relations_out"]) == 20
