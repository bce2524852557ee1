"""Bad input is refused with a message on the field at fault, and nothing is saved: an end
before the start, a session number the committee already has, a person listed twice, a
second head for a delegation. Minutes with scripts or event handlers are stored sanitized
and never run in a page. Times are read in the meeting's own time zone."""

from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from engagements.models import Meeting, Participant
from engagements.tests.conftest import (
    CAIRO,
    TOKYO,
    add_participant,
    make_meeting,
    make_session,
)

pytestmark = pytest.mark.django_db

NEW = reverse("engagements:meeting_create")


def meeting_data(**overrides):
    return {
        "kind": "bilateral",
        "level": "technical",
        "title_en": "Technical meeting on 5G",
        "start": "2026-12-01T10:00",
        "end": "2026-12-01T12:00",
        "time_zone": "Africa/Cairo",
        "classification": "internal",
        **overrides,
    }


def errors_of(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


class TestTimes:
    def test_it_names_both_fields_when_the_end_comes_before_the_start(self, client_for, editor):
        response = client_for(editor).post(
            NEW, meeting_data(start="2026-12-01T10:00", end="2026-12-01T09:00")
        )
        errors = errors_of(response)
        assert set(errors) == {"start", "end"}
        assert "The end comes before the start." in errors["end"]
        assert "Nothing was saved" in response.text
        assert not Meeting.objects.exists()

    def test_it_refuses_an_end_before_the_start_through_the_api(self, api, editor):
        response = api(editor).post(
            "/api/v1/meetings/",
            {**meeting_data(), "start": "2026-12-01T10:00+02:00", "end": "2026-12-01T09:00+02:00"},
            format="json",
        )
        assert response.status_code == 400
        assert set(response.data) == {"start", "end"}
        assert not Meeting.objects.exists()

    def test_it_reads_the_times_typed_in_the_meeting_time_zone(self, client_for, editor):
        response = client_for(editor).post(
            NEW,
            meeting_data(start="2026-12-01T10:00", end="2026-12-01T12:30", time_zone="Asia/Tokyo"),
        )
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.start == datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
        assert meeting.start.astimezone(CAIRO).hour == 3  # 10:00 in Tokyo is 03:00 in Cairo
        assert meeting.time_zone == "Asia/Tokyo"
        # Edited again, the form shows the times of the place, not the reader's.
        form = client_for(editor).get(reverse("engagements:meeting_update", args=[meeting.pk]))
        assert 'value="2026-12-01T10:00"' in form.text
        assert 'value="2026-12-01T12:30"' in form.text

    def test_it_reads_times_without_an_offset_in_the_meeting_time_zone_in_the_api(
        self, api, editor
    ):
        response = api(editor).post(
            "/api/v1/meetings/",
            {**meeting_data(time_zone="Asia/Tokyo"), "start": "2026-12-01T10:00"},
            format="json",
        )
        assert response.status_code == 201, response.data
        meeting = Meeting.objects.get()
        assert meeting.start == datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
        assert response.data["start_local"] == "2026-12-01T10:00:00+09:00"

    def test_it_refuses_a_time_that_does_not_exist_in_the_meeting_time_zone(
        self, client_for, editor
    ):
        # Clocks in Paris jump from 02:00 to 03:00 on 29 March 2026.
        response = client_for(editor).post(
            NEW,
            meeting_data(
                start="2026-03-29T02:30", end="2026-03-29T04:00", time_zone="Europe/Paris"
            ),
        )
        assert list(errors_of(response)) == ["start"]
        assert not Meeting.objects.exists()

    def test_it_refuses_an_unknown_time_zone(self, client_for, api, editor):
        response = client_for(editor).post(NEW, meeting_data(time_zone="Mars/Olympus"))
        assert list(errors_of(response)) == ["time_zone"]
        response = api(editor).post(
            "/api/v1/meetings/",
            {**meeting_data(), "time_zone": "Mars/Olympus", "start": "2026-12-01T10:00Z"},
            format="json",
        )
        assert (response.status_code, list(response.data)) == (400, ["time_zone"])
        assert not Meeting.objects.exists()


class TestSessionNumbers:
    def test_it_refuses_a_session_number_the_committee_has_when_opening_a_session(
        self, client_for, editor, committee
    ):
        make_session(committee, 1, days=-30)
        url = reverse("engagements:session_create", args=[committee.pk])
        response = client_for(editor).post(
            url,
            {
                "session_number": "1",
                "level": "ministerial",
                "start": "2026-12-01T10:00",
                "end": "2026-12-01T16:00",
                "time_zone": "Africa/Cairo",
                "classification": "internal",
            },
        )
        errors = errors_of(response)
        assert list(errors) == ["session_number"]
        assert "already has a session with this number" in errors["session_number"][0]
        assert committee.sessions.count() == 1

    def test_it_refuses_it_when_a_meeting_is_edited_into_a_taken_number(
        self, client_for, editor, committee
    ):
        make_session(committee, 1, days=-30)
        second = make_session(committee, 2, days=-10)
        data = meeting_data(
            kind="committee_session", committee=committee.pk, session_number="1", title_en="S2"
        )
        response = client_for(editor).post(
            reverse("engagements:meeting_update", args=[second.pk]), data
        )
        assert list(errors_of(response)) == ["session_number"]
        second.refresh_from_db()
        assert (second.session_number, second.title_en) == (2, "Session 2")

    def test_it_refuses_a_taken_number_through_the_api(self, api, editor, committee):
        make_session(committee, 1, days=-30)
        response = api(editor).post(
            f"/api/v1/joint-committees/{committee.pk}/sessions/",
            {"session_number": 1, "start": "2026-12-01T10:00", "end": "2026-12-01T16:00"},
            format="json",
        )
        assert (response.status_code, list(response.data)) == (400, ["session_number"])
        response = api(editor).post(
            "/api/v1/meetings/",
            {
                **meeting_data(kind="committee_session"),
                "committee": committee.pk,
                "session_number": 1,
            },
            format="json",
        )
        assert (response.status_code, list(response.data)) == (400, ["session_number"])
        assert committee.sessions.count() == 1

    def test_it_asks_a_committee_meeting_for_its_kind_and_number(
        self, client_for, editor, committee
    ):
        response = client_for(editor).post(NEW, meeting_data(committee=committee.pk))
        assert set(errors_of(response)) == {"kind", "session_number"}
        response = client_for(editor).post(NEW, meeting_data(kind="committee_session"))
        assert set(errors_of(response)) == {"committee"}
        assert not Meeting.objects.exists()


class TestDelegations:
    @pytest.fixture
    def meeting(self, people):
        meeting = make_meeting()
        add_participant(meeting, people["Omar Khaled"], "ours", is_head=True)
        return meeting

    def test_it_refuses_a_person_listed_twice_on_the_person(
        self, client_for, editor, meeting, people
    ):
        url = reverse("engagements:participant_create", args=[meeting.pk])
        response = client_for(editor).post(
            url, {"person": people["Omar Khaled"].pk, "side": "theirs"}
        )
        errors = errors_of(response)
        assert list(errors) == ["person"]
        assert errors["person"] == ["This person is already listed for this meeting."]
        assert meeting.participants.count() == 1

    def test_it_refuses_a_second_head_of_the_same_delegation(
        self, client_for, editor, meeting, people
    ):
        url = reverse("engagements:participant_create", args=[meeting.pk])
        client = client_for(editor)
        response = client.post(
            url, {"person": people["Sara Mahmoud"].pk, "side": "ours", "is_head": "on"}
        )
        errors = errors_of(response)
        assert list(errors) == ["is_head"]
        assert errors["is_head"] == ["This delegation already has a head."]
        assert meeting.participants.count() == 1
        # The other delegation may have its own head.
        response = client.post(
            url, {"person": people["Kenji Sato"].pk, "side": "theirs", "is_head": "on"}
        )
        assert response.status_code == 302
        assert meeting.participants.filter(is_head=True).count() == 2

    def test_it_refuses_both_through_the_api(self, api, editor, meeting, people):
        client = api(editor)
        twice = client.post(
            "/api/v1/meeting-participants/",
            {"meeting": meeting.pk, "person": people["Omar Khaled"].pk, "side": "ours"},
            format="json",
        )
        assert (twice.status_code, list(twice.data)) == (400, ["person"])
        heads = client.post(
            "/api/v1/meeting-participants/",
            {
                "meeting": meeting.pk,
                "person": people["Sara Mahmoud"].pk,
                "side": "ours",
                "is_head": True,
            },
            format="json",
        )
        assert (heads.status_code, list(heads.data)) == (400, ["is_head"])
        assert Participant.objects.count() == 1


class TestDecisions:
    def test_it_refuses_a_decision_without_text_or_on_another_meeting_item(
        self, client_for, editor
    ):
        from engagements.tests.conftest import add_item

        meeting, other = make_meeting(), make_meeting("Other")
        foreign = add_item(other, "Elsewhere")
        url = reverse("engagements:decision_create", args=[meeting.pk])
        response = client_for(editor).post(url, {"status": "pending"})
        assert list(errors_of(response)) == ["text_en"]
        response = client_for(editor).post(
            url, {"status": "pending", "text_en": "Do it", "agenda_item": foreign.pk}
        )
        assert list(errors_of(response)) == ["agenda_item"]
        assert not meeting.decisions.exists()


class _Tags(HTMLParser):
    """Every tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.in_script = False
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


def assert_inert(html):
    parser = _Tags()
    parser.feed(html)
    tags = {tag for tag, _attrs in parser.tags}
    assert tags <= {"h1", "h2", "h3", "p", "strong", "em", "a", "ul", "ol", "li"}, tags
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs


HOSTILE = (
    "# Minutes\n\n"
    "<script>alert('minutes')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[click](javascript:alert(2))\n\n"
    '<a href="#" onclick="alert(3)">link</a>\n\n'
    "**Agreed**: a working group."
)


class TestMinutes:
    def test_it_stores_minutes_sanitized_and_never_renders_a_script(self, client_for, editor):
        response = client_for(editor).post(NEW, meeting_data(minutes=HOSTILE))
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.minutes == HOSTILE  # what was typed is kept, to edit again
        # Stored: only harmless tags, no attribute that runs anything; the pasted HTML is
        # kept as text that shows, not as markup.
        assert_inert(meeting.minutes_html)
        assert "<strong>Agreed</strong>" in meeting.minutes_html
        assert "&lt;script&gt;" in meeting.minutes_html

        page = client_for(editor).get(meeting.get_absolute_url())
        parser = _Tags()
        parser.feed(page.text)
        # The only scripts are the page's own files: none inline, none from the minutes.
        scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
        assert all(attrs.get("src") for attrs in scripts)
        assert not any("alert" in text for text in parser.scripts)
        handlers = [
            (tag, name) for tag, attrs in parser.tags for name in attrs if name.startswith("on")
        ]
        assert handlers == []
        hrefs = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
        assert not any(href.lower().startswith("javascript:") for href in hrefs)
        assert "<strong>Agreed</strong>" in page.text

    def test_it_sanitizes_minutes_written_through_the_api(self, api, editor):
        response = api(editor).post(
            "/api/v1/meetings/",
            {**meeting_data(), "start": "2026-12-01T10:00", "minutes": HOSTILE},
            format="json",
        )
        assert response.status_code == 201
        assert_inert(response.data["minutes_html"])
        assert_inert(Meeting.objects.get().minutes_html)


def test_it_refuses_a_governing_body_of_another_organization(db):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from multilateral.models import GoverningBody
    from partners.models import Partner

    itu = Partner.objects.create(
        kind="organization", acronym="ITU", name_en="ITU", category="un", classification="public"
    )
    upu = Partner.objects.create(
        kind="organization", acronym="UPU", name_en="UPU", category="un", classification="public"
    )
    council = GoverningBody.objects.create(organization=upu, name_en="Council", kind="council")
    start = timezone.now()
    meeting = Meeting(
        kind="multilateral",
        level="ministerial",
        title_en="PP",
        start=start,
        end=start,
        organization=itu,
        governing_body=council,
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "governing_body" in error.value.message_dict
    # With no organization given, the body's organization is taken.
    meeting.organization = None
    meeting.full_clean()
    assert meeting.organization == upu
