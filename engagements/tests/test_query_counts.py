"""Every meeting page, list, export and API call runs a bounded number of queries: the same
for 1 meeting as for 50, for 1 participant, agenda item and decision as for 20, and for 1
committee session as for 10."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import services as core_services
from core.models import AreaOfCooperation
from engagements.tests.conftest import (
    add_item,
    add_participant,
    country,
    make_action,
    make_decision,
    make_meeting,
    make_session,
)
from partners.models import Person
from partners.tests.test_query_counts import PARTNER_PAGE_BUDGET

pytestmark = pytest.mark.django_db

# A list: session, user, groups, the filter's choices (committees, desks), count, rows and
# their partners, committees and countries.
PAGE_BUDGET = 14
# The meeting page also reads its delegations, agenda (with what it carries and where from),
# decisions and their actions, documents, notes and history.
DETAIL_BUDGET = 26
LIST = reverse("engagements:meeting_list")


@pytest.fixture
def setting(japan, france, desk, committee):
    return {
        "partners": [japan, france],
        "desk": desk,
        "committee": committee,
        "area": AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="ذكاء"),
    }


def add_meetings(count, start, setting, days=None):
    """Meetings of every shape a row takes: partners, a country, a desk, some committee
    sessions, open actions from the meeting and from its decisions."""
    committee = setting["committee"]
    for i in range(start, start + count):
        when = days if days is not None else i - 25
        if i % 3 == 0:
            # The first row is a session in a country, so that every kind of related row
            # (partners, committee, country) is read for 1 meeting as for 50.
            meeting = make_session(
                committee,
                i + 1,
                days=when,
                owner_unit=setting["desk"],
                country=setting["partners"][0],
            )
        else:
            meeting = make_meeting(
                f"Meeting {i:03d}",
                partners=setting["partners"],
                days=when,
                country=setting["partners"][i % 2],
                city="Tokyo",
                owner_unit=setting["desk"],
            )
        meeting.areas.add(setting["area"])
        decision = make_decision(meeting, f"Decision {i}")
        make_action(decision if i % 2 else meeting, f"Action {i}")


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def same_for(fetch, add, few=1, many=50, budget=PAGE_BUDGET):
    add(few, 0)
    one = count_queries(fetch)
    add(many - few, few)
    lots = count_queries(fetch)
    assert one == lots, f"{one} queries for {few}, {lots} for {many}"
    assert lots <= budget, lots
    return lots


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "committee_session", "level": "senior_officials", "ordering": "start"},
        {"region": "142", "has_open_actions": "true"},
        {"partner": "PARTNER", "start_after": "2020-01-01", "start_before": "2099-12-31"},
        {"committee": "COMMITTEE", "desk": "DESK", "q": "session"},
    ],
    ids=["plain", "kind-level", "region-open", "partner-dates", "committee-desk-q"],
)
def test_it_lists_meetings_in_the_same_queries_for_1_and_50(client_for, viewer, setting, params):
    values = {
        "PARTNER": setting["partners"][0].pk,
        "COMMITTEE": setting["committee"].pk,
        "DESK": setting["desk"].pk,
    }
    params = {k: values.get(v, v) for k, v in params.items()}
    client = client_for(viewer)
    same_for(lambda: client.get(LIST, params), lambda n, s: add_meetings(n, s, setting))


def test_it_answers_the_htmx_list_in_the_same_queries(client_for, viewer, setting):
    client = client_for(viewer)
    same_for(
        lambda: client.get(LIST, headers={"HX-Request": "true"}),
        lambda n, s: add_meetings(n, s, setting),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_in_the_same_queries_for_1_and_50(client_for, viewer, setting, fmt):
    client = client_for(viewer)
    same_for(lambda: client.get(LIST, {"export": fmt}), lambda n, s: add_meetings(n, s, setting))


def test_it_lists_meetings_in_the_api_in_the_same_queries(api, viewer, setting, people):
    client = api(viewer)

    def add(n, start):
        add_meetings(n, start, setting)
        # Each meeting with its delegation and agenda, which the API shows nested.
        from engagements.models import Meeting

        for meeting in Meeting.objects.filter(participants__isnull=True):
            add_participant(meeting, people["Omar Khaled"], is_head=True)
            add_item(meeting)

    same_for(lambda: client.get("/api/v1/meetings/", {"page_size": 100}), add)


@pytest.mark.parametrize(
    "url", ["/api/v1/meeting-participants/", "/api/v1/agenda-items/", "/api/v1/decisions/"]
)
def test_it_lists_the_parts_in_the_api_in_the_same_queries(api, viewer, setting, people, url):
    client = api(viewer)

    def add(n, start):
        for i in range(start, start + n):
            meeting = make_meeting(f"Meeting {i}")
            add_participant(meeting, people["Omar Khaled"])
            add_item(meeting)
            make_decision(meeting)

    same_for(lambda: client.get(url, {"page_size": 100}), add)


def test_it_lists_committees_in_the_same_queries(client_for, viewer, japan, desk):
    from engagements.models import JointCommittee

    client = client_for(viewer)

    def add(n, start):
        for i in range(start, start + n):
            other = country(f"{i:02d}"[:2].replace("J", "X"), f"Country {i}")
            committee = JointCommittee.objects.create(
                name_en=f"Committee {i}", partner=other, owner_unit=desk
            )
            make_session(committee, 1, days=-i)

    same_for(lambda: client.get(reverse("engagements:committee_list")), add)


def test_it_draws_the_calendar_month_in_the_same_queries(client_for, viewer, setting):
    client = client_for(viewer)
    month = (timezone.localdate() + timedelta(days=40)).replace(day=10)
    offset = (month - timezone.localdate()).days

    def add(n, start):
        add_meetings(n, start, setting, days=offset)

    same_for(
        lambda: client.get(reverse("engagements:meeting_calendar"), {"month": f"{month:%Y-%m}"}),
        add,
    )
    response = client.get(reverse("engagements:meeting_calendar"), {"month": f"{month:%Y-%m}"})
    assert sum(len(d["meetings"]) for w in response.context["weeks"] for d in w) == 50


def test_it_shows_a_meeting_in_the_same_queries_for_1_and_20_parts(
    client_for, editor, setting, committee, japan
):
    """Participants of both delegations, agenda items (some carried over from an earlier
    session, by decision and by action), decisions with follow-up actions, change records."""
    earlier = make_session(committee, 1, days=-200)
    meeting = make_session(committee, 2, minutes="**Agreed.**")
    meeting.areas.add(setting["area"])
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            person = Person.objects.create(name_en=f"Person {i}", classification="public")
            add_participant(meeting, person, "ours" if i % 2 else "theirs", is_head=i < 2)
            old = make_decision(earlier, f"Old decision {i}")
            old_action = make_action(old, f"Old action {i}")
            add_item(meeting, f"Carried decision {i}", order=i, carried_decision=old)
            item = add_item(meeting, f"Carried action {i}", order=i, carried_action=old_action)
            decision = make_decision(meeting, f"Decision {i}", agenda_item=item)
            make_action(decision, f"Follow-up {i}")
            core_services.record_change(meeting, editor, "update", "page", {"x": [i, i + 1]})

    same_for(lambda: client.get(meeting.get_absolute_url()), add, 1, 20, DETAIL_BUDGET)
    page = client.get(meeting.get_absolute_url())
    assert len(page.context["agenda"]) == 40
    assert len(page.context["decisions"]) == 20
    assert all(d.follow_ups for d in page.context["decisions"])


def test_it_shows_a_committee_in_the_same_queries_for_1_and_10_sessions(
    client_for, editor, setting, committee
):
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            session = make_session(
                committee, i + 1, days=i * 30 - 300, country=setting["partners"][0]
            )
            pending = make_decision(session, f"Pending {i}")
            make_decision(session, f"Done {i}", status="implemented")
            make_action(pending, f"Follow-up {i}")
            make_action(session, f"Session action {i}")

    same_for(lambda: client.get(committee.get_absolute_url()), add, 1, 10, DETAIL_BUDGET)
    page = client.get(committee.get_absolute_url())
    assert len(page.context["sessions"]) == 10
    assert len(page.context["pending_decisions"]) == 10
    assert len(page.context["open_actions"]) == 20


def test_it_shows_a_partner_with_its_meetings_in_the_same_queries(client_for, editor, japan):
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            make_meeting(f"Meeting {i}", partners=[japan], days=i - 10)

    same_for(lambda: client.get(japan.get_absolute_url()), add, 1, 50, PARTNER_PAGE_BUDGET)
    page = client.get(japan.get_absolute_url())
    assert (len(page.context["upcoming_meetings"]), len(page.context["recent_meetings"])) == (
        5,
        10,
    )
