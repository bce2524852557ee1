"""restrict() on meetings wherever they come out: the list and its count, the page with its
minutes, agenda and decisions, the committee pages, the calendar, the API and its parts, the
exports, the partner page. Roles: a viewer reads and never writes; a user without a role
reads nothing; an anonymous visitor is sent to log in."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_user
from engagements.tests.conftest import (
    add_item,
    add_participant,
    make_action,
    make_decision,
    make_session,
)

pytestmark = pytest.mark.django_db

LIST = reverse("engagements:meeting_list")
CALENDAR = reverse("engagements:meeting_calendar")
COMMITTEES = reverse("engagements:committee_list")
SECRET_WORDS = "Nuclear cable route"


@pytest.fixture
def meetings(japan, committee, people):
    """An internal session and a confidential one of the same committee, each with a
    delegation, an agenda item, a decision, an action and minutes."""
    made = {}
    for number, level in enumerate(["internal", "confidential"], start=1):
        session = make_session(
            committee,
            number,
            days=number,
            classification=level,
            minutes=f"{level.title()} minutes: {SECRET_WORDS if level != 'internal' else 'ok'}",
        )
        session.title_en = f"{level.title()} session"
        session.save()
        add_participant(session, people["Omar Khaled"], "ours", is_head=True)
        add_item(session, f"{level.title()} item", position=f"{level.title()} position")
        decision = make_decision(session, f"{level.title()} decision")
        make_action(decision, f"{level.title()} follow-up")
        made[level] = session
    return made


@pytest.fixture(params=["viewer", "viewer_no_clearance"])
def reader(request):
    return request.getfixturevalue(request.param)


def visible(reader) -> set[str]:
    return {"internal": {"Internal session"}, "public": set()}[reader.clearance]


def export_rows(client, url, fmt, **params):
    response = client.get(url, {**params, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


class TestPages:
    def test_it_lists_and_counts_only_what_the_clearance_allows(self, client_for, reader, meetings):
        response = client_for(reader).get(LIST)
        titles = {m.title_en for m in response.context["object_list"]}
        assert titles == visible(reader)
        assert response.context["paginator"].count == len(titles)
        assert "Confidential session" not in response.text

    def test_it_hides_the_page_minutes_agenda_and_decisions_above_the_clearance(
        self, client_for, viewer, meetings
    ):
        client = client_for(viewer)
        page = client.get(meetings["internal"].get_absolute_url())
        assert page.status_code == 200
        assert "Internal minutes" in page.text and "Internal position" in page.text
        assert "Internal decision" in page.text and "Internal follow-up" in page.text
        assert client.get(meetings["confidential"].get_absolute_url()).status_code == 404
        for level in ("Confidential minutes", SECRET_WORDS, "Confidential item"):
            assert level not in page.text

    def test_it_hides_the_edit_and_part_pages_above_the_clearance(self, client_for, meetings):
        officer = make_user("internal_officer", "officer", "internal")
        client = client_for(officer)
        hidden = meetings["confidential"]
        item, decision = hidden.agenda_items.get(), hidden.decisions.get()
        for url in [
            reverse("engagements:meeting_update", args=[hidden.pk]),
            reverse("engagements:participant_create", args=[hidden.pk]),
            reverse("engagements:agenda_item_create", args=[hidden.pk]),
            reverse("engagements:agenda_item_update", args=[hidden.pk, item.pk]),
            reverse("engagements:decision_create", args=[hidden.pk]),
            reverse("engagements:decision_update", args=[hidden.pk, decision.pk]),
            f"{reverse('actions:action_create')}?source=engagements.decision:{decision.pk}",
        ]:
            assert client.get(url).status_code == 404, url
        remove = reverse("engagements:part_delete", args=[hidden.pk, "agenda-item", item.pk])
        assert client.post(remove).status_code == 404
        assert hidden.agenda_items.exists()

    def test_it_shows_a_committee_with_only_the_readable_sessions_and_open_items(
        self, client_for, reader, committee, meetings
    ):
        response = client_for(reader).get(committee.get_absolute_url())
        if reader.clearance == "public":
            assert response.status_code == 404  # the committee itself is internal
            return
        assert [s.title_en for s in response.context["sessions"]] == ["Internal session"]
        assert [d.text_en for d in response.context["pending_decisions"]] == ["Internal decision"]
        assert [a.title_en for a in response.context["open_actions"]] == ["Internal follow-up"]
        assert "Confidential" not in response.text
        listed = client_for(reader).get(COMMITTEES)
        assert [c.session_count for c in listed.context["object_list"]] == [1]

    def test_it_places_only_readable_meetings_on_the_calendar(self, client_for, reader, meetings):
        month = meetings["internal"].start.strftime("%Y-%m")
        response = client_for(reader).get(CALENDAR, {"month": month})
        assert response.status_code == 200
        placed = {
            entry["meeting"].title_en
            for week in response.context["weeks"]
            for day in week
            for entry in day["meetings"]
        }
        assert placed == visible(reader)
        assert "Confidential session" not in response.text

    def test_it_shows_on_a_partner_page_only_the_readable_meetings(
        self, client_for, viewer, japan, meetings
    ):
        response = client_for(viewer).get(japan.get_absolute_url())
        titles = [m.title_en for m in response.context["upcoming_meetings"]]
        assert titles == ["Internal session"]
        assert "Confidential session" not in response.text


class TestExports:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_exports_only_what_the_clearance_allows(self, client_for, reader, meetings, fmt):
        header, *rows = export_rows(client_for(reader), LIST, fmt)
        assert header[:5] == ["Start", "End", "Local start", "Time zone", "Title"]
        assert {row[4] for row in rows} == visible(reader)
        assert not any("Confidential" in cell for row in rows for cell in row)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_exports_committees_with_only_the_readable_sessions_counted(
        self, client_for, viewer, meetings, fmt
    ):
        header, *rows = export_rows(client_for(viewer), COMMITTEES, fmt)
        assert header[:3] == ["Name", "Partner", "Sessions"]
        assert [row[2] for row in rows] == ["1"]

    @pytest.mark.parametrize("url", [LIST, COMMITTEES])
    def test_it_refuses_the_export_to_a_user_without_a_role(self, client_for, outsider, url):
        assert client_for(outsider).get(url, {"export": "csv"}).status_code == 403


class TestApi:
    def test_it_lists_and_shows_only_readable_meetings(self, api, reader, meetings):
        client = api(reader)
        response = client.get("/api/v1/meetings/")
        assert {row["title_en"] for row in response.data["results"]} == visible(reader)
        assert response.data["count"] == len(visible(reader))
        for _level, meeting in meetings.items():
            expected = 200 if meeting.title_en in visible(reader) else 404
            assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == expected

    def test_it_lists_only_the_parts_of_readable_meetings(self, api, reader, meetings):
        client = api(reader)
        readable = {m.pk for m in meetings.values() if m.title_en in visible(reader)}
        for url in [
            "/api/v1/meeting-participants/",
            "/api/v1/agenda-items/",
            "/api/v1/decisions/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert {row["meeting"] for row in response.data["results"]} == readable, url
        hidden = meetings["confidential"]
        assert client.get(f"/api/v1/decisions/{hidden.decisions.get().pk}/").status_code == 404
        item = hidden.agenda_items.get()
        assert client.get(f"/api/v1/agenda-items/{item.pk}/").status_code == 404

    def test_it_shows_a_committee_with_only_readable_open_items(
        self, api, viewer, committee, meetings
    ):
        response = api(viewer).get(f"/api/v1/joint-committees/{committee.pk}/open-items/")
        assert response.status_code == 200
        assert [d["text_en"] for d in response.data["decisions"]] == ["Internal decision"]
        assert [a["title_en"] for a in response.data["actions"]] == ["Internal follow-up"]

    def test_it_refuses_to_add_a_part_to_a_meeting_above_the_clearance(self, api, meetings, people):
        officer = make_user("internal_officer", "officer", "internal")
        response = api(officer).post(
            "/api/v1/decisions/",
            {"meeting": meetings["confidential"].pk, "text_en": "Sneaked in"},
            format="json",
        )
        assert (response.status_code, list(response.data)) == (400, ["meeting"])
        assert not meetings["confidential"].decisions.filter(text_en="Sneaked in").exists()

    def test_it_refuses_a_user_without_a_role_and_an_anonymous_caller(
        self, api, client, outsider, meetings, committee
    ):
        urls = [
            "/api/v1/meetings/",
            f"/api/v1/meetings/{meetings['internal'].pk}/",
            "/api/v1/joint-committees/",
            "/api/v1/decisions/",
            "/api/v1/agenda-items/",
            "/api/v1/meeting-participants/",
        ]
        for url in urls:
            assert api(outsider).get(url).status_code == 403, url
            assert client.get(url).status_code in (401, 403), url


class TestWhoMayEnter:
    def urls(self, meeting, committee):
        return [
            LIST,
            CALENDAR,
            COMMITTEES,
            meeting.get_absolute_url(),
            committee.get_absolute_url(),
            reverse("engagements:meeting_create"),
            reverse("engagements:committee_create"),
            reverse("engagements:session_create", args=[committee.pk]),
            reverse("engagements:meeting_update", args=[meeting.pk]),
            reverse("engagements:participant_create", args=[meeting.pk]),
        ]

    def test_it_refuses_every_page_to_a_user_without_a_role(
        self, client_for, outsider, meetings, committee
    ):
        client = client_for(outsider)
        for url in self.urls(meetings["internal"], committee):
            assert client.get(url).status_code == 403, url

    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, meetings, committee):
        for url in self.urls(meetings["internal"], committee) + [f"{LIST}?export=csv"]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login") + "?next="), url
        part = reverse(
            "engagements:part_delete",
            args=[meetings["internal"].pk, "decision", meetings["internal"].decisions.get().pk],
        )
        assert client.post(part).status_code == 302

    def test_it_refuses_a_viewer_every_change(self, client_for, api, viewer, meetings, committee):
        client = client_for(viewer)
        meeting = meetings["internal"]
        item, decision = meeting.agenda_items.get(), meeting.decisions.get()
        for url in [
            reverse("engagements:meeting_create"),
            reverse("engagements:meeting_update", args=[meeting.pk]),
            reverse("engagements:meeting_delete", args=[meeting.pk]),
            reverse("engagements:participant_create", args=[meeting.pk]),
            reverse("engagements:agenda_item_create", args=[meeting.pk]),
            reverse("engagements:agenda_item_update", args=[meeting.pk, item.pk]),
            reverse("engagements:decision_create", args=[meeting.pk]),
            reverse("engagements:decision_update", args=[meeting.pk, decision.pk]),
            reverse("engagements:committee_create"),
            reverse("engagements:committee_update", args=[committee.pk]),
            reverse("engagements:session_create", args=[committee.pk]),
        ]:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
        remove = reverse("engagements:part_delete", args=[meeting.pk, "decision", decision.pk])
        assert client.post(remove).status_code == 403
        assert meeting.decisions.exists()
        page = client.get(meeting.get_absolute_url()).text
        assert reverse("engagements:meeting_update", args=[meeting.pk]) not in page
        assert remove not in page
        assert "source=engagements.decision" not in page  # no "add a follow-up action"
        calls = api(viewer)
        assert calls.post("/api/v1/meetings/", {}, format="json").status_code == 403
        opened = calls.post(f"/api/v1/joint-committees/{committee.pk}/sessions/", {}, format="json")
        assert opened.status_code == 403
        assert calls.delete(f"/api/v1/decisions/{decision.pk}/").status_code == 403
        assert committee.sessions.count() == 2
