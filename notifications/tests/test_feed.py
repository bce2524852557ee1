"""The calendar feed: valid iCalendar that real clients load (checked by an independent
parser), stable UIDs, time zones, the right items within the owner's clearance, and an
address that is a secret stored only as its hash."""

import zoneinfo
from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from actions.tests.helpers import make_action
from core.models import ChangeRecord
from notifications import services
from notifications.models import CalendarFeed, hash_token
from notifications.tests.conftest import TODAY, make_meeting
from notifications.tests.ical import InvalidCalendar, check_lines, parse_and_validate

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("notifications:calendar_feed", args=[token])


@pytest.fixture
def fetch(client):
    """fetch(user) issues the user a feed and returns its body; fetch(token=...) reuses one."""

    def get(user=None, token=None):
        if token is None:
            _feed, token = services.issue_feed(user)
        response = client.get(feed_url(token))
        assert response.status_code == 200, response.status_code
        return response.content

    return get


def uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def summaries(body: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


class TestValidity:
    def test_it_is_valid_icalendar_for_an_independent_parser(self, fetch, officer, world):
        body = fetch(officer)
        calendar = parse_and_validate(body)
        assert calendar.prodid.value == "-//Accord//Calendar feed//EN"
        assert calendar.method.value == "PUBLISH"
        assert calendar.contents["x-wr-calname"][0].value == "Accord: desk_officer"
        events = calendar.vevent_list
        assert len(events) == len(uids(body)) > 5
        for event in events:
            assert event.uid.value and event.dtstamp.value.tzinfo is not None

    def test_it_proves_the_validation_is_real(self, fetch, officer, world):
        """The checks of these tests refuse what a calendar client would choke on."""
        body = fetch(officer)
        broken = {
            "no DTSTAMP": body.replace(b"DTSTAMP:", b"X-DTSTAMP:"),
            "no UID": body.replace(b"\r\nUID:", b"\r\nX-UID:"),
            "no PRODID": body.replace(b"PRODID:", b"X-PRODID:"),
            "a TZID without VTIMEZONE": body.replace(b"TZID:Asia/Tokyo", b"TZID:Asia/Tokio"),
            "bare LF": body.replace(b"\r\n", b"\n"),
            "an unfolded long line": body.replace(b"\r\n ", b""),
        }
        for what, text in broken.items():
            with pytest.raises(InvalidCalendar):
                parse_and_validate(text)
                pytest.fail(f"{what} passed the checks")

    def test_it_folds_long_lines_with_crlf(self, fetch, officer, world):
        world["meeting"].title_en = "A very long title " * 12
        world["meeting"].save()
        body = fetch(officer)
        check_lines(body)
        assert b"\r\n " in body  # folded
        assert "A very long title " * 12 in summaries(body)  # unfolded intact

    def test_it_answers_with_the_calendar_type_and_private_caching(self, client, officer, world):
        _feed, token = services.issue_feed(officer)
        response = client.get(feed_url(token))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Cache-Control"] == "private"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "sessionid" not in response.cookies
        assert client.head(feed_url(token)).status_code == 200


class TestContent:
    def test_it_keeps_uids_stable_across_fetches(self, fetch, officer, world):
        _feed, token = services.issue_feed(officer)
        first = uids(fetch(token=token))
        world["meeting"].title_en = "Tokyo ICT dialogue (moved)"
        world["meeting"].save()
        second = uids(fetch(token=token))
        assert first == second
        meeting, agreement = world["meeting"], world["agreement"]
        assert f"meeting-{meeting.pk}@mcit.example" in first
        assert f"action-{world['own_action'].pk}@mcit.example" in first
        for word in ("notice", "expiry", "review"):
            assert f"agreement-{agreement.pk}-{word}@mcit.example" in first

    def test_it_gives_meetings_their_time_zone_with_a_vtimezone(self, fetch, officer, world):
        body = fetch(officer)
        assert b"DTSTART;TZID=Asia/Tokyo:" in body
        assert b"DTSTART;TZID=Europe/Paris:" in body  # the confidential one: officer may read
        calendar = parse_and_validate(body)
        zones = {tz.tzid.value for tz in calendar.vtimezone_list}
        assert zones == {"Asia/Tokyo", "Europe/Paris"}
        meeting = world["meeting"]
        [event] = [
            e for e in calendar.vevent_list if e.uid.value.startswith(f"meeting-{meeting.pk}@")
        ]
        # The instant survives: vobject resolves the TZID through the VTIMEZONE it carries.
        assert event.dtstart.value == meeting.start
        assert event.dtend.value == meeting.end
        local = meeting.start.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
        assert event.dtstart.value.replace(tzinfo=None) == local.replace(tzinfo=None)
        assert event.location.value == "Japan"
        assert event.url.value == f"http://testserver{meeting.get_absolute_url()}"
        assert "Japan" in event.description.value
        assert event.contents["class"][0].value == "PRIVATE"

    def test_it_shows_due_dates_and_agreement_dates_as_all_day_events(self, fetch, officer, world):
        body = fetch(officer)
        action, agreement = world["own_action"], world["agreement"]
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        by_uid = {str(e["UID"]): e for e in events}
        due = by_uid[f"action-{action.pk}@mcit.example"]
        assert due.decoded("DTSTART") == action.due_date
        assert due.decoded("DTEND") == action.due_date + timedelta(days=1)
        assert f"DTSTART;VALUE=DATE:{action.due_date:%Y%m%d}".encode() in body
        assert str(due["SUMMARY"]) == "Due: Send the draft MoU"
        notice = by_uid[f"agreement-{agreement.pk}-notice@mcit.example"]
        assert isinstance(notice.decoded("DTSTART"), date)
        assert notice.decoded("DTSTART") == agreement.notice_deadline
        assert str(notice["SUMMARY"]) == "Notice deadline: Memorandum on ICT cooperation"
        assert str(by_uid[f"agreement-{agreement.pk}-review@mcit.example"]["SUMMARY"]) == (
            "Review due: Memorandum on ICT cooperation"
        )

    def test_it_lists_the_owners_and_the_desks_actions_only(self, fetch, officer, world):
        titles = summaries(fetch(officer))
        assert "Due: Send the draft MoU" in titles
        assert "Due: Book the delegation's hotel" in titles
        assert "Due: Prepare the annual report" in titles
        assert "Due: Call the Kenyan embassy" not in titles  # another desk's

    def test_it_leaves_out_finished_actions_and_records_outside_the_window(
        self, fetch, officer, world, desk
    ):
        make_action("Long done", owner=officer, due_date=TODAY, status="done", completed_on=TODAY)
        make_action("Too far", owner=officer, due_date=TODAY + timedelta(days=500))
        make_action("Too old", owner=officer, due_date=TODAY - timedelta(days=90))
        make_meeting("Last year's visit", days=-120)
        titles = summaries(fetch(officer))
        assert not {"Due: Long done", "Due: Too far", "Due: Too old", "Last year's visit"} & titles

    def test_it_never_carries_minutes(self, fetch, officer, world):
        meeting = world["meeting"]
        meeting.minutes = "The delegation **conceded** the landing fee."
        meeting.summary = "Confidential negotiating margin"
        meeting.save()
        body = fetch(officer).replace(b"\r\n ", b"")
        assert b"conceded" not in body and b"negotiating margin" not in body

    def test_it_survives_a_stored_time_zone_that_is_not_one(self, fetch, officer, world):
        type(world["meeting"]).objects.filter(pk=world["meeting"].pk).update(time_zone="Mars/Base")
        body = fetch(officer)
        parse_and_validate(body)
        assert b"Mars/Base" not in body and b"DTSTART;TZID=Africa/Cairo:" in body

    def test_it_speaks_the_owners_language(self, fetch, officer, world):
        officer.language = "ar"
        officer.save()
        world["meeting"].title_ar = "الحوار الياباني"
        world["meeting"].save()
        assert "الحوار الياباني" in summaries(fetch(officer))


class TestRestrict:
    def test_it_never_shows_a_viewer_what_is_above_their_clearance(self, fetch, desk_viewer, world):
        body = fetch(desk_viewer)
        parse_and_validate(body)
        titles = summaries(body)
        flat = body.replace(b"\r\n ", b"").decode()
        assert "Tokyo ICT dialogue" in titles
        assert "Cable landing talks" not in flat  # a confidential meeting
        assert "Europe/Paris" not in flat  # not even its time zone
        assert "Brief the minister" not in flat  # the desk's confidential action
        assert "Agreement on cyber defence" not in flat  # a confidential agreement
        assert "Call the Kenyan embassy" not in flat  # another desk's action
        assert "Due: Book the delegation's hotel" in titles  # the desk's internal action

    def test_it_reads_the_clearance_at_each_fetch(self, fetch, officer, world):
        _feed, token = services.issue_feed(officer)
        assert "Cable landing talks" in summaries(fetch(token=token))
        officer.clearance = "internal"
        officer.save()
        assert "Cable landing talks" not in summaries(fetch(token=token))

    def test_it_answers_404_to_a_user_who_lost_their_role_or_account(self, client, officer, world):
        _feed, token = services.issue_feed(officer)
        officer.groups.clear()
        assert client.get(feed_url(token)).status_code == 404
        officer.is_active = False
        officer.save()
        assert client.get(feed_url(token)).status_code == 404


class TestToken:
    def test_it_stores_only_the_tokens_hash(self, officer):
        feed, token = services.issue_feed(officer)
        feed.refresh_from_db()
        assert len(token) == 43
        assert feed.token_hash == hash_token(token)
        assert token not in feed.token_hash
        stored = CalendarFeed.objects.filter(pk=feed.pk).values_list(flat=False).get()
        assert not any(token in str(value) for value in stored)
        assert feed.token_hint == token[:4]
        changes = ChangeRecord.objects.filter(object_id=str(feed.pk))
        assert changes.count() == 1
        assert token not in str(changes.get().changes) and feed.token_hash not in str(
            changes.get().changes
        )

    def test_it_answers_404_to_an_unknown_token(self, client, officer):
        services.issue_feed(officer)
        assert client.get(feed_url("x" * 43)).status_code == 404
        assert client.get(feed_url("short")).status_code == 404
        assert client.get(feed_url("y" * 500)).status_code == 404

    def test_it_revokes_the_old_address_when_a_new_one_is_issued(self, client, officer, world):
        _feed, old = services.issue_feed(officer)
        _feed, new = services.issue_feed(officer)
        assert client.get(feed_url(old)).status_code == 404
        assert client.get(feed_url(new)).status_code == 200
        assert CalendarFeed.objects.count() == 1

    def test_it_answers_404_once_the_feed_is_turned_off(self, client, officer, world):
        _feed, token = services.issue_feed(officer)
        assert services.revoke_feed(officer)
        assert client.get(feed_url(token)).status_code == 404
        assert not services.revoke_feed(officer)  # already off

    def test_it_notes_when_a_calendar_last_read_it_at_most_hourly(self, client, officer):
        feed, token = services.issue_feed(officer)
        client.get(feed_url(token))
        feed.refresh_from_db()
        first = feed.last_used_at
        assert first is not None
        client.get(feed_url(token))
        feed.refresh_from_db()
        assert feed.last_used_at == first
        services.mark_used(feed, now=timezone.now() + timedelta(hours=2))
        feed.refresh_from_db()
        assert feed.last_used_at > first
