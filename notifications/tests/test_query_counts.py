"""The feed, the settings page and a digest run a bounded number of queries: the same for 1
item of each kind as for 50."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.tests.helpers import make_action
from notifications import services
from notifications.digests import build_digest
from notifications.tests.conftest import TODAY, in_force, make_meeting
from partners.models import Partner

pytestmark = pytest.mark.django_db

# The feed: the feed and its user, the user's roles, meetings, their partners, actions,
# agreements.
FEED_BUDGET = 6
# The digest: the user's roles, actions, meetings, agreements.
DIGEST_BUDGET = 4


def add_items(count, start, officer, desk):
    """`count` items of every kind the feed carries, in several time zones."""
    zones = ["Asia/Tokyo", "Europe/Paris", "America/New_York", "Africa/Cairo"]
    for i in range(start, start + count):
        meeting = make_meeting(f"Meeting {i:03d}", days=1 + i % 3, time_zone=zones[i % 4])
        meeting.partners.add(
            Partner.objects.create(
                kind="organization", name_en=f"Organization {i:03d}", acronym=f"O{i:03d}"
            )
        )
        make_action(f"Action {i:03d}", owner=officer, due_date=TODAY + timedelta(days=i % 5))
        make_action(f"Desk action {i:03d}", owner_unit=desk, due_date=TODAY - timedelta(days=1))
        in_force(
            f"Agreement {i:03d}",
            notice_deadline=TODAY + timedelta(days=30),
            expiry_date=TODAY + timedelta(days=90),
            next_review=TODAY + timedelta(days=180),
        )


def count(fetch) -> int:
    fetch()  # warm what is cached per process (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


def same_for_1_and_50(fetch, add, budget):
    add(1, 0)
    one = count(fetch)
    add(49, 1)
    fifty = count(fetch)
    assert one == fifty, f"{one} queries for 1 item of each kind, {fifty} for 50"
    assert fifty <= budget, fifty


def test_it_serves_the_feed_in_the_same_queries_for_1_and_50(client, officer, desk):
    _feed, token = services.issue_feed(officer)
    url = reverse("notifications:calendar_feed", args=[token])
    sizes = []

    def fetch():
        response = client.get(url)
        assert response.status_code == 200
        sizes.append(response.content.count(b"BEGIN:VEVENT"))

    same_for_1_and_50(fetch, lambda n, start: add_items(n, start, officer, desk), FEED_BUDGET)
    assert sizes[-1] == 50 * (1 + 2 + 3)  # meetings, actions, agreement dates


def test_it_builds_a_digest_in_the_same_queries_for_1_and_50(officer, desk):
    def build():
        user = type(officer).objects.get(pk=officer.pk)  # a fresh user: roles not cached
        assert not build_digest(user).is_empty

    # The budget, and the query that reads the fresh user.
    same_for_1_and_50(build, lambda n, start: add_items(n, start, officer, desk), DIGEST_BUDGET + 1)


def test_it_shows_the_settings_page_in_bounded_queries(client_for, officer):
    client = client_for(officer)
    services.issue_feed(officer)
    url = reverse("notifications:settings")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Session, user, roles, feed, saved settings (twice: the form's instance, the status).
    assert len(queries) <= 8
