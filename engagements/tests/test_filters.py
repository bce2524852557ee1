"""The meeting list's filters, shared by the page, the exports and the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OrgUnit
from engagements.tests.conftest import (
    make_action,
    make_decision,
    make_meeting,
    make_session,
)
from partners.models import Partner

pytestmark = pytest.mark.django_db

LIST = reverse("engagements:meeting_list")


@pytest.fixture
def setting(japan, france, committee, desk):
    today = timezone.localdate()
    mic = Partner.objects.create(
        kind="institution",
        name_en="Ministry of Internal Affairs and Communications",
        institution_type="government",
        country=japan,
        classification="public",
    )
    made = {
        "session": make_session(committee, 1, days=-40, owner_unit=desk),
        "tokyo": make_meeting(
            "Call with the ministry in Tokyo", partners=[mic], kind="call", days=-5
        ),
        "paris": make_meeting(
            "Visit to Paris",
            partners=[france],
            kind="outgoing_visit",
            level="ministerial",
            days=10,
        ),
        "workshop": make_meeting("Workshop on skills", kind="workshop", days=30),
        "late": make_meeting(
            "Late evening call",
            start=timezone.make_aware(
                timezone.datetime.combine(today + timedelta(days=3), timezone.datetime.min.time())
            )
            + timedelta(hours=23, minutes=30),
        ),
    }
    return made


def titles(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {m.title_en for m in response.context["object_list"]}


def api_titles(api_client, **params) -> set[str]:
    response = api_client.get("/api/v1/meetings/", params)
    assert response.status_code == 200, response.data
    return {row["title_en"] for row in response.data["results"]}


def test_it_filters_by_kind_level_search_desk_and_committee(
    client_for, viewer, setting, committee, desk
):
    client = client_for(viewer)
    assert titles(client, kind="outgoing_visit") == {"Visit to Paris"}
    assert titles(client, level="ministerial") == {"Visit to Paris"}
    assert titles(client, q="paris") == {"Visit to Paris"}
    assert titles(client, desk=desk.pk) == {"Session 1"}
    assert titles(client, committee=committee.pk) == {"Session 1"}


def test_it_filters_by_partner_with_the_institutions_based_there(
    client_for, viewer, setting, japan, france
):
    client = client_for(viewer)
    assert titles(client, partner=japan.pk) == {"Session 1", "Call with the ministry in Tokyo"}
    assert titles(client, partner=france.pk) == {"Visit to Paris"}
    assert titles(client, region="150") == {"Visit to Paris"}
    assert titles(client, region="142") == {"Session 1"}  # the institution has no region


def test_it_filters_by_date_range_in_the_reader_time_zone(client_for, viewer, setting):
    client = client_for(viewer)
    today = timezone.localdate()
    upcoming = {"Visit to Paris", "Workshop on skills", "Late evening call"}
    assert titles(client, start_after=today.isoformat()) == upcoming
    assert titles(client, start_before=(today - timedelta(days=1)).isoformat()) == {
        "Session 1",
        "Call with the ministry in Tokyo",
    }
    day = (today + timedelta(days=3)).isoformat()
    # 23:30 in Cairo belongs to that day, both as the first and as the last day of a range.
    assert titles(client, start_after=day, start_before=day) == {"Late evening call"}
    later = (today + timedelta(days=4)).isoformat()
    assert titles(
        client, start_after=later, start_before=(today + timedelta(days=20)).isoformat()
    ) == {"Visit to Paris"}


def test_it_filters_meetings_with_open_actions_from_them_or_their_decisions(
    client_for, api, viewer, setting
):
    session, tokyo, paris = setting["session"], setting["tokyo"], setting["paris"]
    decision = make_decision(session, "Form a working group")
    make_action(decision, "Nominate the members")  # open, from a decision of the session
    make_action(tokyo, "Send the slides", status="in_progress")  # from the meeting itself
    make_action(paris, "Book the flights", status="done")  # done: not open
    hidden = make_meeting("Confidential talks", classification="confidential")
    make_action(setting["workshop"], "Secret follow-up", classification="confidential")
    client = client_for(viewer)
    assert titles(client, has_open_actions="true") == {
        "Session 1",
        "Call with the ministry in Tokyo",
    }
    assert titles(client, has_open_actions="false") == {
        "Visit to Paris",
        "Workshop on skills",  # its only open action is above the viewer's clearance
        "Late evening call",
    }
    assert api_titles(api(viewer), has_open_actions="true") == {
        "Session 1",
        "Call with the ministry in Tokyo",
    }
    page = client.get(LIST)
    flagged = {m.title_en for m in page.context["object_list"] if m.open_actions}
    assert flagged == {"Session 1", "Call with the ministry in Tokyo"}
    assert hidden.title_en not in page.text


def test_it_shares_the_filters_with_the_api_and_sorts(api, client_for, viewer, setting, japan):
    client = api(viewer)
    assert api_titles(client, kind="workshop") == {"Workshop on skills"}
    assert api_titles(client, partner=japan.pk) == {"Session 1", "Call with the ministry in Tokyo"}
    response = client_for(viewer).get(LIST, {"ordering": "start"})
    starts = [m.start for m in response.context["object_list"]]
    assert starts == sorted(starts)
    response = client_for(viewer).get(LIST)
    starts = [m.start for m in response.context["object_list"]]
    assert starts == sorted(starts, reverse=True)


def test_it_offers_only_readable_committees_in_the_filter(client_for, viewer, committee, japan):
    from engagements.models import JointCommittee

    JointCommittee.objects.create(
        name_en="Secret committee", partner=japan, classification="secret"
    )
    response = client_for(viewer).get(LIST)
    choices = [
        str(label) for _value, label in response.context["filter"].form.fields["committee"].choices
    ]
    assert "Egypt–Japan Joint Committee" in choices
    assert "Secret committee" not in choices
    assert OrgUnit.objects.exists()
