"""The meeting pages as a desk officer uses them: the month calendar, the meeting page with
its delegations, agenda (carried-over items marked), decisions and their follow-up actions,
the committee page, opening the next session, and the partner page's meetings."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from actions.models import Action
from engagements.models import Meeting
from engagements.tests.conftest import (
    CAIRO,
    TOKYO,
    add_item,
    add_participant,
    make_action,
    make_decision,
    make_meeting,
    make_session,
)
from partners.models import Partner

pytestmark = pytest.mark.django_db

CALENDAR = reverse("engagements:meeting_calendar")


def placed(response) -> dict:
    """{day: [titles]} of the calendar page."""
    days = {}
    for week in response.context["weeks"]:
        for day in week:
            if day["meetings"]:
                days[day["date"]] = [e["meeting"].title_en for e in day["meetings"]]
    return days


class TestCalendar:
    def test_it_places_meetings_on_the_days_of_the_reader_time_zone(self, client_for, viewer):
        # 07:30 on 3 March in Tokyo is 00:30 the same day in Cairo; 01:00 on 3 March in Tokyo
        # is still 2 March (18:00) in Cairo.
        make_meeting("Morning in Tokyo", start=datetime(2026, 3, 3, 7, 30, tzinfo=TOKYO))
        make_meeting("Night in Tokyo", start=datetime(2026, 3, 3, 1, 0, tzinfo=TOKYO))
        make_meeting(
            "Three-day visit", start=datetime(2026, 3, 30, 9, 0, tzinfo=CAIRO), hours=24 * 2 + 1
        )
        response = client_for(viewer).get(CALENDAR, {"month": "2026-03"})
        days = placed(response)
        assert days[datetime(2026, 3, 3).date()] == ["Morning in Tokyo"]
        assert days[datetime(2026, 3, 2).date()] == ["Night in Tokyo"]
        # A visit over several days is on each of them, into the next month's first days.
        for day in (30, 31):
            assert days[datetime(2026, 3, day).date()] == ["Three-day visit"]
        assert days[datetime(2026, 4, 1).date()] == ["Three-day visit"]
        assert "00:30" in response.text
        assert response.context["month"] == datetime(2026, 3, 1).date()

    def test_it_links_the_previous_and_next_months_keeping_the_filters(self, client_for, viewer):
        response = client_for(viewer).get(CALENDAR, {"month": "2026-01", "kind": "call"})
        assert response.context["previous_url"] == "?month=2025-12&kind=call"
        assert response.context["next_url"] == "?month=2026-02&kind=call"
        assert 'id="previous-month"' in response.text

    def test_it_filters_the_calendar_like_the_list(self, client_for, viewer):
        make_meeting("A call", kind="call", start=datetime(2026, 3, 3, 10, tzinfo=CAIRO))
        make_meeting("A visit", kind="incoming_visit", start=datetime(2026, 3, 4, 10, tzinfo=CAIRO))
        response = client_for(viewer).get(CALENDAR, {"month": "2026-03", "kind": "call"})
        assert sum(placed(response).values(), []) == ["A call"]

    def test_it_falls_back_to_this_month_on_a_bad_month(self, client_for, viewer):
        response = client_for(viewer).get(CALENDAR, {"month": "March"})
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)
        assert "YYYY-MM" in response.text

    def test_it_runs_right_to_left_in_arabic_from_the_first_day_of_the_week(
        self, client_for, viewer
    ):
        viewer.language = "ar"
        viewer.save()
        response = client_for(viewer).get(CALENDAR, {"month": "2026-03"})
        assert 'dir="rtl"' in response.text
        # The week starts on Saturday (FIRST_DAY_OF_WEEK): the first cell is 28 February.
        first = response.context["weeks"][0][0]["date"]
        assert (first.isoformat(), first.weekday()) == ("2026-02-28", 5)
        with translation.override("ar"):
            assert response.context["weekdays"][0][0] == translation.gettext("Saturday")
        # The "previous" arrow points right, the way earlier months lie in Arabic.
        assert re.search(r'id="previous-month"[^>]*><span aria-hidden="true">→', response.text)

    def test_it_helps_when_the_month_is_empty(self, client_for, editor):
        response = client_for(editor).get(CALENDAR, {"month": "2030-01"})
        assert "No meetings this month." in response.text
        assert reverse("engagements:meeting_create") in response.text


class TestMeetingPage:
    @pytest.fixture
    def session(self, committee, people, editor):
        earlier = make_session(committee, 1, days=-200)
        pending = make_decision(earlier, "Form a working group on AI")
        framework = make_decision(earlier, "Share the framework", status="implemented")
        action = make_action(
            framework,
            "Send the framework in English",
            due_date=timezone.localdate() - timedelta(days=3),
        )
        session = make_session(
            committee, 2, time_zone="Asia/Tokyo", start=datetime(2026, 12, 1, 10, tzinfo=TOKYO)
        )
        add_participant(session, people["Omar Khaled"], "ours", is_head=True, role="Co-chair")
        add_participant(session, people["Sara Mahmoud"], "ours")
        add_participant(session, people["Kenji Sato"], "theirs", is_head=True)
        add_item(session, "Form a working group on AI", 1, carried_decision=pending)
        add_item(session, "Send the framework in English", 2, carried_action=action)
        add_item(
            session,
            "Submarine cables",
            3,
            position="We offer our landing stations.",
            position_status="approved",
            outcome="Japan will study it.",
        )
        decision = make_decision(session, "Study a cable landing", due_date=timezone.localdate())
        make_action(decision, "Prepare the technical note", owner=editor)
        return session

    def test_it_shows_the_delegations_with_their_heads(self, client_for, viewer, session):
        response = client_for(viewer).get(session.get_absolute_url())
        ours, theirs = response.context["delegations"]
        assert [(p.person.name_en, p.is_head) for p in ours[1]] == [
            ("Omar Khaled", True),
            ("Sara Mahmoud", False),
        ]
        assert [(p.person.name_en, p.is_head) for p in theirs[1]] == [("Kenji Sato", True)]
        assert response.text.count("Head of delegation") == 2

    def test_it_marks_the_carried_over_items_with_where_they_come_from(
        self, client_for, viewer, session, committee
    ):
        response = client_for(viewer).get(session.get_absolute_url())
        agenda = response.context["agenda"]
        assert [i.is_carried for i in agenda] == [True, True, False]
        assert agenda[0].carried_decision.meeting.session_number == 1
        assert agenda[1].carried_action.origin_session.session_number == 1
        assert response.text.count('data-carried="true"') == 2
        assert "Decision of session 1" in response.text
        assert "from session 1" in response.text
        assert "We offer our landing stations." in response.text
        assert "Japan will study it." in response.text

    def test_it_shows_the_times_of_the_place_and_of_the_reader(self, client_for, viewer, session):
        response = client_for(viewer).get(session.get_absolute_url())
        when = re.search(r'id="meeting-when">(.*?)</dd>', response.text, re.S).group(1)
        assert "1 December 2026, 10:00" in when  # in Tokyo
        assert "Asia/Tokyo" in when and "03:00" in when  # and in Cairo

    def test_it_lists_each_decision_with_its_follow_up_actions_and_a_link_to_add_one(
        self, client_for, editor, session
    ):
        response = client_for(editor).get(session.get_absolute_url())
        decision = response.context["decisions"][0]
        assert [a.title_en for a in decision.follow_ups] == ["Prepare the technical note"]
        link = f"{reverse('actions:action_create')}?source=engagements.decision:{decision.pk}"
        assert link in response.text

    def test_it_files_a_follow_up_action_from_a_decision(self, client_for, editor, session):
        decision = session.decisions.get()
        url = f"{reverse('actions:action_create')}?source=engagements.decision:{decision.pk}"
        client = client_for(editor)
        form = client.get(url)
        assert form.status_code == 200
        assert "Study a cable landing" in form.text
        response = client.post(
            url,
            {
                "title_en": "Ask NTRA for the landing station data",
                "owner": editor.pk,
                "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
                "priority": "normal",
                "classification": "internal",
            },
        )
        assert response.status_code == 302
        assert response.url == f"{session.get_absolute_url()}#decision-{decision.pk}"
        action = Action.objects.get(title_en="Ask NTRA for the landing station data")
        assert action.source == decision
        page = client.get(session.get_absolute_url())
        assert "Ask NTRA for the landing station data" in page.text
        mine = client.get(reverse("actions:my_actions"))
        assert "Ask NTRA for the landing station data" in mine.text

    def test_it_helps_on_an_empty_meeting(self, client_for, editor):
        meeting = make_meeting()
        response = client_for(editor).get(meeting.get_absolute_url())
        for text in (
            "No delegations yet",
            "No agenda yet",
            "No decisions recorded",
            "No minutes yet",
        ):
            assert text in response.text
        assert reverse("engagements:participant_create", args=[meeting.pk]) in response.text


class TestCommittee:
    def test_it_shows_every_session_in_order_with_its_decisions_and_what_is_open(
        self, client_for, viewer, committee
    ):
        sessions = [make_session(committee, n, days=n * 100 - 400) for n in (2, 1, 3)]
        make_decision(sessions[1], "Done in 1", status="implemented")
        pending = make_decision(sessions[1], "Pending from 1")
        make_action(pending, "Follow it up")
        make_action(sessions[0], "From session 2 itself")
        make_action(committee, "From the committee")
        response = client_for(viewer).get(committee.get_absolute_url())
        assert [s.session_number for s in response.context["sessions"]] == [1, 2, 3]
        assert [d.text_en for d in response.context["pending_decisions"]] == ["Pending from 1"]
        open_actions = {
            a.title_en: (a.origin_session.session_number if a.origin_session else None)
            for a in response.context["open_actions"]
        }
        assert open_actions == {
            "Follow it up": 1,
            "From session 2 itself": 2,
            "From the committee": None,
        }
        assert response.context["next_number"] == 4
        assert "Done in 1" in response.text

    def test_it_opens_the_next_session_with_the_open_items_on_its_agenda(
        self, client_for, editor, committee, egypt, japan
    ):
        first = make_session(committee, 1, days=-100, country=egypt)
        make_action(make_decision(first, "Share the framework", status="implemented"), "Send it")
        client = client_for(editor)
        url = reverse("engagements:session_create", args=[committee.pk])
        form = client.get(url)
        assert form.context["form"].initial["country"] == japan.pk  # the hosts alternate
        assert [a.title_en for a in form.context["carry_actions"]] == ["Send it"]
        response = client.post(
            url,
            {
                "level": "ministerial",
                "start": "2026-12-01T10:00",
                "end": "2026-12-01T16:00",
                "time_zone": "Asia/Tokyo",
                "country": japan.pk,
                "city": "Tokyo",
                "classification": "internal",
            },
        )
        session = Meeting.objects.get(session_number=2)
        assert response.url == session.get_absolute_url()
        assert session.title_en == "2nd session of the Egypt–Japan Joint Committee"
        assert session.start == datetime(2026, 12, 1, 10, tzinfo=TOKYO)
        assert [i.carried_action.title_en for i in session.agenda_items.all()] == ["Send it"]

    def test_it_helps_when_there_is_no_committee_or_session_yet(
        self, client_for, editor, committee
    ):
        page = client_for(editor).get(committee.get_absolute_url())
        assert "No sessions recorded yet." in page.text
        assert reverse("engagements:session_create", args=[committee.pk]) in page.text
        committee.delete()
        listing = client_for(editor).get(reverse("engagements:committee_list"))
        assert "No joint committee matches." in listing.text


class TestMeetingList:
    def test_it_helps_when_nothing_matches(self, client_for, editor):
        response = client_for(editor).get(reverse("engagements:meeting_list"), {"q": "nothing"})
        assert "No meeting matches." in response.text
        assert reverse("engagements:meeting_create") in response.text

    def test_it_prefills_a_new_meeting_with_the_partner_it_comes_from(
        self, client_for, editor, japan
    ):
        response = client_for(editor).get(
            reverse("engagements:meeting_create"), {"partner": japan.pk}
        )
        assert response.context["form"].initial["partners"] == [japan.pk]


class TestPartnerPage:
    def test_it_shows_the_partner_meetings_coming_and_past_bounded(self, client_for, viewer, japan):
        mic = Partner.objects.create(
            kind="institution",
            name_en="Ministry of Internal Affairs and Communications",
            institution_type="government",
            country=japan,
            classification="public",
        )
        for i in range(8):
            make_meeting(f"Coming {i}", partners=[japan], days=i + 1)
        for i in range(12):
            make_meeting(f"Past {i}", partners=[mic], days=-i - 1)
        make_meeting("Not with Japan", days=2)
        response = client_for(viewer).get(japan.get_absolute_url())
        coming = [m.title_en for m in response.context["upcoming_meetings"]]
        past = [m.title_en for m in response.context["recent_meetings"]]
        assert coming == [f"Coming {i}" for i in range(5)]  # soonest first, at most 5
        assert past == [f"Past {i}" for i in range(10)]  # latest first, at most 10
        assert "Not with Japan" not in response.text
        assert f"{reverse('engagements:meeting_list')}?partner={japan.pk}" in response.text

    def test_it_says_so_when_there_are_none(self, client_for, editor, japan):
        response = client_for(editor).get(japan.get_absolute_url())
        assert "No meetings recorded with this partner yet." in response.text
        assert f"{reverse('engagements:meeting_create')}?partner={japan.pk}" in response.text
