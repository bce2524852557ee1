"""Every list of actions runs a bounded number of queries: the same for 1 action as for 50."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions.models import Action
from actions.tests.helpers import make_action
from conftest import make_user
from core import services
from core.models import AreaOfCooperation, Note, OrgUnit
from partners.models import Partner

pytestmark = pytest.mark.django_db

# A page: session, user, groups, count, permissions, rows, sources, the desks of the filter.
PAGE_BUDGET = 12
TODAY = timezone.localdate()


@pytest.fixture
def officer(db):
    desk = OrgUnit.objects.create(code="asian", name_en="Asian desk")
    return make_user("desk_officer", "officer", "confidential", org_unit=desk)


@pytest.fixture
def area(db):
    return AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="الذكاء الاصطناعي")


def add_actions(count, start, officer, area, source=None):
    """Actions of every shape a row can take: with a source of each of two kinds of partner
    record, an owner, a desk, due dates, areas."""
    for i in range(start, start + count):
        record = source or Partner.objects.create(
            kind="organization",
            name_en=f"Organization {i:03d}",
            acronym=f"O{i:03d}",
            category="un",
            classification="internal",
        )
        action = make_action(
            f"Action {i:03d}",
            source=record,
            owner=officer,
            owner_unit=officer.org_unit,
            due_date=TODAY + timedelta(days=i - 25),
            priority=["low", "normal", "high", "urgent"][i % 4],
        )
        action.areas.add(area)


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per-request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    status = getattr(response, "status_code", 200)
    assert status == 200
    return len(queries)


def same_for_1_and_50(fetch, add):
    add(1, 0)
    one = count_queries(fetch)
    add(49, 1)
    fifty = count_queries(fetch)
    assert one == fifty, f"{one} queries for 1 row, {fifty} for 50"
    assert fifty <= PAGE_BUDGET
    return fifty


@pytest.mark.parametrize("name", ["actions:action_list", "actions:my_actions"])
def test_it_lists_actions_in_the_same_queries_for_1_and_50(client_for, officer, area, name):
    client = client_for(officer)
    url = reverse(name)
    same_for_1_and_50(
        lambda: client.get(url, {"page_size": 100}),
        lambda n, start: add_actions(n, start, officer, area),
    )


def test_it_answers_the_htmx_list_in_the_same_queries(client_for, officer, area):
    client = client_for(officer)
    url = reverse("actions:desk_actions")
    same_for_1_and_50(
        lambda: client.get(url, {"ordering": "-priority"}, headers={"HX-Request": "true"}),
        lambda n, start: add_actions(n, start, officer, area),
    )


@pytest.mark.urls("actions.tests.urls")
def test_it_lists_actions_in_the_api_in_the_same_queries(officer, area):
    client = APIClient()
    client.force_authenticate(officer)
    same_for_1_and_50(
        lambda: client.get("/api/v1/actions/", {"page_size": 100}),
        lambda n, start: add_actions(n, start, officer, area),
    )


def test_it_renders_a_records_actions_in_the_same_queries(officer, area):
    japan = Partner.objects.create(
        kind="country", iso_alpha2="JP", name_en="Japan", classification="public"
    )

    def render():
        request = RequestFactory().get(japan.get_absolute_url())
        request.user = type(officer).objects.get(pk=officer.pk)  # a fresh user per request
        actions = Action.objects.restrict(request.user).for_source(japan)
        return render_to_string(
            "actions/_actions.html", {"actions": actions, "object": japan}, request=request
        )

    same_for_1_and_50(render, lambda n, start: add_actions(n, start, officer, area, japan))


def test_it_shows_an_action_with_its_notes_and_history_in_the_same_queries(
    client_for, officer, area
):
    add_actions(1, 0, officer, area)
    action = Action.objects.get()
    client = client_for(officer)
    ct = ContentType.objects.get_for_model(Action)

    def add(n, start):
        for i in range(start, start + n):
            Note.objects.create(content_type=ct, object_id=action.pk, text=f"Note {i}")
            services.record_change(action, officer, "update", "page", {"status": ["a", "b"]})

    same_for_1_and_50(lambda: client.get(action.get_absolute_url()), add)
