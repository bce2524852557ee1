"""Every change to a meeting, its delegations, agenda and decisions, and a committee is
recorded (who, when, through which channel, each field's before and after), in the same
transaction, from the pages and from the API; the meeting page shows its parts' changes."""

import pytest
from django.urls import reverse

from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant
from engagements.tests.conftest import (
    add_item,
    add_participant,
    change_records,
    make_action,
    make_decision,
    make_meeting,
)

pytestmark = pytest.mark.django_db


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


class TestMeetings:
    def test_it_records_creating_editing_and_deleting_a_meeting_from_the_pages(
        self, client_for, editor, manager, japan
    ):
        client = client_for(editor)
        response = client.post(
            reverse("engagements:meeting_create"), meeting_data(partners=[japan.pk])
        )
        meeting = Meeting.objects.get()
        assert response.url == meeting.get_absolute_url()
        created = change_records(meeting).get()
        assert (created.action, created.user, created.channel) == ("create", editor, "page")
        assert created.changes["partners"] == [None, [japan.pk]]
        assert "minutes_html" not in created.changes  # derived, not recorded

        client.post(
            reverse("engagements:meeting_update", args=[meeting.pk]),
            meeting_data(partners=[japan.pk], title_en="Technical meeting on 5G and AI"),
        )
        update = change_records(meeting, action="update").get()
        assert update.changes == {
            "title_en": ["Technical meeting on 5G", "Technical meeting on 5G and AI"]
        }

        client_for(manager).post(reverse("engagements:meeting_delete", args=[meeting.pk]))
        assert not Meeting.objects.exists()
        deleted = change_records(meeting, action="delete").get()
        assert deleted.user == manager

    def test_it_records_changes_through_the_api(self, api, editor, manager):
        client = api(editor)
        response = client.post(
            "/api/v1/meetings/",
            {**meeting_data(), "start": "2026-12-01T10:00"},
            format="json",
        )
        meeting = Meeting.objects.get(pk=response.data["id"])
        client.patch(f"/api/v1/meetings/{meeting.pk}/", {"city": "Cairo"}, format="json")
        api(manager).delete(f"/api/v1/meetings/{meeting.pk}/")
        actions = list(change_records(meeting).values_list("action", "channel"))
        assert sorted(actions) == [("create", "api"), ("delete", "api"), ("update", "api")]
        assert change_records(meeting, action="update").get().changes == {"city": ["", "Cairo"]}

    def test_it_keeps_a_meeting_that_follow_up_actions_come_from(self, client_for, api, manager):
        meeting = make_meeting()
        decision = make_decision(meeting)
        make_action(decision, "Nominate the members")
        response = client_for(manager).post(
            reverse("engagements:meeting_delete", args=[meeting.pk]), follow=True
        )
        assert "Nominate the members" in response.text
        assert Meeting.objects.filter(pk=meeting.pk).exists()
        assert api(manager).delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 409
        assert not change_records(meeting, action="delete").exists()


class TestParts:
    def test_it_records_the_delegation_agenda_and_decisions_from_the_pages(
        self, client_for, editor, people
    ):
        meeting = make_meeting()
        client = client_for(editor)
        client.post(
            reverse("engagements:participant_create", args=[meeting.pk]),
            {"person": people["Omar Khaled"].pk, "side": "ours", "is_head": "on"},
        )
        client.post(
            reverse("engagements:agenda_item_create", args=[meeting.pk]),
            {"order": 1, "title_en": "Digital skills", "position_status": "draft"},
        )
        item = AgendaItem.objects.get()
        client.post(
            reverse("engagements:agenda_item_update", args=[meeting.pk, item.pk]),
            {
                "order": 1,
                "title_en": "Digital skills",
                "position": "We propose a joint programme.",
                "position_status": "approved",
            },
        )
        client.post(
            reverse("engagements:decision_create", args=[meeting.pk]),
            {"text_en": "Launch the programme", "status": "pending", "agenda_item": item.pk},
        )
        decision = Decision.objects.get()
        client.post(
            reverse("engagements:decision_update", args=[meeting.pk, decision.pk]),
            {"text_en": "Launch the programme", "status": "implemented", "agenda_item": item.pk},
        )
        participant = Participant.objects.get()
        assert change_records(participant, action="create").get().user == editor
        assert change_records(item, action="update").get().changes == {
            "position": ["", "We propose a joint programme."],
            "position_status": ["draft", "approved"],
        }
        assert change_records(decision, action="update").get().changes == {
            "status": ["pending", "implemented"]
        }

        # The meeting page's history names them.
        page = client.get(meeting.get_absolute_url())
        history = [(r.action, r.object_repr) for r in page.context["history"]]
        assert ("update", "Launch the programme") in history
        assert ("update", "Digital skills") in history

        # Removed: the part's own record, and one on the meeting that says what went.
        client.post(reverse("engagements:part_delete", args=[meeting.pk, "decision", decision.pk]))
        assert not Decision.objects.exists()
        assert change_records(decision, action="delete").get().user == editor
        removal = change_records(meeting, action="update").get()
        assert removal.changes == {"decision": ["Launch the programme", None]}

    def test_it_records_parts_written_through_the_api(self, api, editor, people):
        meeting = make_meeting()
        client = api(editor)
        response = client.post(
            "/api/v1/decisions/",
            {"meeting": meeting.pk, "text_en": "Form a working group"},
            format="json",
        )
        decision = Decision.objects.get(pk=response.data["id"])
        client.patch(f"/api/v1/decisions/{decision.pk}/", {"status": "dropped"}, format="json")
        participant = client.post(
            "/api/v1/meeting-participants/",
            {"meeting": meeting.pk, "person": people["Kenji Sato"].pk, "side": "theirs"},
            format="json",
        ).data["id"]
        assert client.delete(f"/api/v1/meeting-participants/{participant}/").status_code == 204
        assert sorted(change_records(decision).values_list("action", "channel")) == [
            ("create", "api"),
            ("update", "api"),
        ]
        assert change_records(decision, action="update").get().changes == {
            "status": ["pending", "dropped"]
        }
        assert not Participant.objects.exists()

    def test_it_keeps_a_decision_that_actions_follow_up_or_a_later_agenda_carries(
        self, client_for, api, editor
    ):
        meeting, later = make_meeting(), make_meeting("Later")
        followed, carried = make_decision(meeting, "Followed"), make_decision(meeting, "Carried")
        make_action(followed, "Nominate the members")
        add_item(later, "Carried", carried_decision=carried)
        client = client_for(editor)
        for decision in (followed, carried):
            url = reverse("engagements:part_delete", args=[meeting.pk, "decision", decision.pk])
            response = client.post(url, follow=True)
            assert "This cannot be removed" in response.text
            assert api(editor).delete(f"/api/v1/decisions/{decision.pk}/").status_code == 409
        assert meeting.decisions.count() == 2

    def test_it_records_a_committee_and_its_sessions(self, client_for, api, editor, japan):
        client = client_for(editor)
        client.post(
            reverse("engagements:committee_create"),
            {
                "name_en": "Egypt–Japan Joint Committee",
                "partner": japan.pk,
                "classification": "internal",
                "alternating_host": "on",
            },
        )
        committee = JointCommittee.objects.get()
        assert change_records(committee, action="create").get().channel == "page"
        response = api(editor).post(
            f"/api/v1/joint-committees/{committee.pk}/sessions/",
            {"start": "2026-12-01T10:00", "end": "2026-12-01T16:00"},
            format="json",
        )
        assert response.status_code == 201, response.data
        session = Meeting.objects.get()
        assert response.data["session_number"] == 1
        assert change_records(session, action="create").get().channel == "api"

    def test_it_removes_a_participant_from_the_page(self, client_for, editor, people):
        meeting = make_meeting()
        participant = add_participant(meeting, people["Omar Khaled"])
        client_for(editor).post(
            reverse("engagements:part_delete", args=[meeting.pk, "participant", participant.pk])
        )
        assert not meeting.participants.exists()
        assert change_records(participant, action="delete").exists()
