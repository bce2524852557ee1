"""Every initiative list, export and page runs a bounded number of queries: the same for 1
row as for 20 (or for 1 partner, funding line, result and period as for 20)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import services as core_services
from core.models import AreaOfCooperation, Note, OrgUnit
from initiatives.models import Indicator, InitiativePartner
from initiatives.tests import factories as make

pytestmark = pytest.mark.django_db

# A page: session, user, groups, permissions, count, rows, the partners' prefetch, the
# areas of the filter's select; with the partner, area and agreement filters, the area
# chosen and the partner and agreement named above the results.
PAGE_BUDGET = 13
# The initiative page also reads its areas, agreements, partners, funding (lines, totals,
# per source), results (chart and periods), actions, documents, notes and history.
DETAIL_BUDGET = 24

LIST = reverse("initiatives:initiative_list")


@pytest.fixture
def setting(db):
    japan = make.country("JP", "Japan", "142")
    return {
        "desk": OrgUnit.objects.create(code="asian-desk", name_en="Asian desk"),
        "area": AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="ذكاء"),
        "partners": [japan, make.institution("JICA", japan, "government")],
        "agreement": make.agreement(),
    }


def add_initiatives(count, setting, start=0):
    if not start:
        make.rate("EUR", 2023, "1.1")
    for i in range(start, start + count):
        initiative = make.initiative(
            f"Programme {i:03d}",
            partners=[(setting["partners"][0], "funder"), (setting["partners"][1], "implementer")],
            agreements=[setting["agreement"]],
            owner_unit=setting["desk"],
        )
        initiative.areas.add(setting["area"])
        make.funding(initiative, "1000", "EUR")
        make.funding(initiative, "500", "USD", kind="disbursement")


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def same_for_1_and_20(fetch, add, budget=PAGE_BUDGET):
    add(1, 0)
    one = count_queries(fetch)
    add(19, 1)
    twenty = count_queries(fetch)
    assert one == twenty, f"{one} queries for 1 row, {twenty} for 20"
    assert twenty <= budget, twenty
    return twenty


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "capacity_building", "status": "ongoing", "ordering": "title"},
        {"q": "programme", "published": "false", "start_after": "2020-01-01"},
        {"partner": "PARTNER", "area": "AREA", "agreement": "AGREEMENT"},
    ],
    ids=["plain", "filtered", "searched", "partner-area-agreement"],
)
def test_it_lists_initiatives_in_the_same_queries_for_1_and_20(client_for, viewer, setting, params):
    ids = {
        "PARTNER": setting["partners"][0].pk,
        "AREA": setting["area"].pk,
        "AGREEMENT": setting["agreement"].pk,
    }
    params = {key: ids.get(value, value) for key, value in params.items()}
    client = client_for(viewer)
    same_for_1_and_20(
        lambda: client.get(LIST, params), lambda n, start: add_initiatives(n, setting, start)
    )


def test_it_answers_the_htmx_list_in_the_same_queries(client_for, viewer, setting):
    client = client_for(viewer)
    same_for_1_and_20(
        lambda: client.get(LIST, headers={"HX-Request": "true"}),
        lambda n, start: add_initiatives(n, setting, start),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_in_the_same_queries_for_1_and_20(client_for, viewer, setting, fmt):
    """Partners, agreements and the funding totals included: no query per row."""
    client = client_for(viewer)
    same_for_1_and_20(
        lambda: client.get(LIST, {"export": fmt}),
        lambda n, start: add_initiatives(n, setting, start),
    )


def test_it_lists_the_rates_in_the_same_queries(client_for, viewer, db):
    client = client_for(viewer)
    currencies = ["EUR", "JPY", "GBP", "CHF", "CNY"]

    def add(n, start):
        for i in range(start, start + n):
            make.rate(currencies[i % 5], 2000 + i, "1.5")

    same_for_1_and_20(lambda: client.get(reverse("initiatives:rate_list")), add)


def test_it_shows_an_initiative_in_the_same_queries_for_1_and_20_parts(client_for, editor, setting):
    """Partners, funding lines (some without a rate), results with their periods, notes
    and change records."""
    initiative = make.initiative(
        "Digital skills for youth",
        agreements=[setting["agreement"]],
        owner_unit=setting["desk"],
    )
    initiative.areas.add(setting["area"])
    make.rate("EUR", 2023, "1.1")
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            partner = make.institution(f"Partner {i}")
            InitiativePartner.objects.create(initiative=initiative, partner=partner, role="funder")
            make.funding(initiative, "1000", "EUR", source=partner)
            make.funding(initiative, "10", "JPY", kind="disbursement", on=date(2024, 1, 1))
            indicator = Indicator.objects.create(
                code=f"indicator-{i}", name_en=f"Indicator {i}", name_ar=f"مؤشر {i}", unit="number"
            )
            make.result(initiative, indicator, [(2022, 10, 8), (2023, 12, None)])
            Note.objects.create(
                content_type_id=core_services.ContentType.objects.get_for_model(initiative).pk,
                object_id=initiative.pk,
                text=f"Note {i}",
                created_by=editor,
            )
            core_services.record_change(initiative, editor, "update", "page", {"x": [i, i + 1]})

    def fetch():
        return client.get(initiative.get_absolute_url())

    add(1, 0)
    one = count_queries(fetch)
    add(19, 1)
    twenty = count_queries(fetch)
    assert one == twenty, f"{one} queries for 1 part, {twenty} for 20"
    assert twenty <= DETAIL_BUDGET, twenty
    page = fetch()
    assert len(page.context["results"]) == 20
    assert len(page.context["funding_lines"]) == 40
    assert page.context["funding"].committed == Decimal("22000.00")
    assert page.context["funding"].unconverted == 20
