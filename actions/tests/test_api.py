"""The actions' REST API: the same permissions, clearance, rules and filters as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action
from actions.tests.helpers import make_action
from conftest import make_user
from core.models import ChangeRecord

pytestmark = [pytest.mark.django_db, pytest.mark.urls("actions.tests.urls")]

ACTIONS = "/api/v1/actions/"
TODAY = timezone.localdate()


def detail(action) -> str:
    return f"{ACTIONS}{action.pk}/"


def status(action) -> str:
    return f"{ACTIONS}{action.pk}/status/"


def titles(response) -> list[str]:
    return [row["title_en"] for row in response.data["results"]]


@pytest.fixture
def rows(desk, japan, cyber, editor):
    return {
        "public": make_action("Public step", source=japan, owner=editor, classification="public"),
        "confidential": make_action("Confidential step", source=cyber),
        "late": make_action("Late", due_date=TODAY - timedelta(days=1)),
    }


class TestReading:
    def test_it_refuses_an_anonymous_caller_and_a_user_without_a_role(self, api, outsider, rows):
        assert api().get(ACTIONS).status_code in (401, 403)
        assert api(outsider).get(ACTIONS).status_code == 403
        assert api(outsider).get(detail(rows["public"])).status_code == 403

    def test_it_lists_only_what_the_clearance_allows(self, api, viewer, editor, rows):
        assert sorted(titles(api(viewer).get(ACTIONS))) == ["Late", "Public step"]
        assert len(titles(api(editor).get(ACTIONS))) == 3
        assert api(viewer).get(ACTIONS).data["count"] == 2

    def test_it_answers_404_for_an_action_above_the_clearance(self, api, viewer, rows):
        assert api(viewer).get(detail(rows["confidential"])).status_code == 404

    def test_it_describes_the_source(self, api, viewer, japan, rows):
        data = api(viewer).get(detail(rows["public"])).data
        assert data["source"] == {
            "type": "partners.partner",
            "id": japan.pk,
            "label": "Japan",
            "url": japan.get_absolute_url(),
        }
        assert data["title"] == "Public step"
        assert data["status"] == "open"
        assert api(viewer).get(detail(rows["late"])).data["source"] is None

    def test_it_does_not_name_a_source_above_the_clearance(self, api, viewer, cyber, rows):
        Action.objects.filter(pk=rows["confidential"].pk).update(classification="internal")
        data = api(viewer).get(detail(rows["confidential"])).data
        assert data["source"]["label"] is None
        assert data["source"]["url"] is None

    def test_it_filters_like_the_page(self, api, editor, rows):
        client = api(editor)
        assert titles(client.get(ACTIONS, {"overdue": "true"})) == ["Late"]
        assert titles(client.get(ACTIONS, {"owner": "me"})) == ["Public step"]
        assert titles(client.get(ACTIONS, {"owner": editor.pk})) == ["Public step"]
        assert titles(client.get(ACTIONS, {"q": "confidential"})) == ["Confidential step"]
        assert len(titles(client.get(ACTIONS, {"source_type": "partners.partner"}))) == 2
        assert client.get(ACTIONS, {"late": "x", "status": "nope"}).status_code == 400

    def test_it_reports_overdue_actions(self, api, viewer, rows):
        assert api(viewer).get(detail(rows["late"])).data["is_overdue"] is True


class TestWriting:
    def test_it_creates_an_action_for_a_source_at_the_sources_classification(
        self, api, editor, cyber
    ):
        response = api(editor).post(
            ACTIONS,
            {
                "title_en": "Exchange points of contact",
                "source": f"partners.partner:{cyber.pk}",
                "owner": editor.pk,
                "due_date": (TODAY + timedelta(days=7)).isoformat(),
                "priority": "high",
            },
            format="json",
        )
        assert response.status_code == 201, response.data
        action = Action.objects.get()
        assert (action.source, action.classification, action.priority) == (
            cyber,
            "confidential",
            "high",
        )
        assert response.data["source"]["label"] == "Cyber Defence Agency"
        record = ChangeRecord.objects.get()
        assert (record.action, record.channel) == ("create", "api")

    def test_it_refuses_a_source_the_caller_cannot_read_on_its_field(
        self, api, viewer, desk, cyber
    ):
        officer = make_user("officer_internal", "officer", "internal")
        for key in [f"partners.partner:{cyber.pk}", "partners.partner:999999", "core.orgunit:1"]:
            response = api(officer).post(
                ACTIONS, {"title_en": "x", "owner_unit": desk.pk, "source": key}, format="json"
            )
            assert response.status_code == 400
            assert list(response.data) == ["source"]
        assert not Action.objects.exists()

    def test_it_refuses_a_classification_below_the_source_on_its_field(
        self, api, editor, desk, cyber
    ):
        response = api(editor).post(
            ACTIONS,
            {
                "title_en": "x",
                "owner_unit": desk.pk,
                "source": f"partners.partner:{cyber.pk}",
                "classification": "internal",
            },
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["classification"]

    def test_it_requires_an_owner_or_a_desk_on_the_owner_field(self, api, editor):
        response = api(editor).post(ACTIONS, {"title_en": "x"}, format="json")
        assert response.status_code == 400
        assert response.data["owner"] == ["Choose who owns the action: a person, a desk or both."]

    def test_it_does_not_change_the_status_through_an_edit(self, api, editor, rows):
        action = rows["public"]
        response = api(editor).patch(detail(action), {"status": "done"}, format="json")
        assert response.status_code == 200
        assert Action.objects.get(pk=action.pk).status == "open"

    def test_it_refuses_a_viewer_any_write(self, api, viewer, desk, rows):
        client = api(viewer)
        action = rows["public"]
        assert client.post(ACTIONS, {"title_en": "x", "owner_unit": desk.pk}).status_code == 403
        assert client.patch(detail(action), {"title_en": "y"}).status_code == 403
        assert client.delete(detail(action)).status_code == 403
        assert client.post(status(action), {"status": "done"}).status_code == 403
        assert Action.objects.get(pk=action.pk).status == "open"

    def test_it_lets_a_manager_delete(self, api, manager, rows):
        assert api(manager).delete(detail(rows["late"])).status_code == 204
        assert ChangeRecord.objects.get().action == "delete"


class TestStatusEndpoint:
    def test_it_marks_an_action_done_and_records_it(self, api, editor, rows):
        action = rows["public"]
        response = api(editor).post(
            status(action), {"status": "done", "comment": "Sent"}, format="json"
        )
        assert response.status_code == 200
        assert (response.data["status"], response.data["completed_on"]) == (
            "done",
            TODAY.isoformat(),
        )
        record = ChangeRecord.objects.get()
        assert (record.changes["status"], record.comment, record.channel) == (
            ["open", "done"],
            "Sent",
            "api",
        )

    def test_it_reopens_and_clears_the_completion_date(self, api, editor, rows):
        action = rows["public"]
        api(editor).post(status(action), {"status": "done"}, format="json")
        response = api(editor).post(status(action), {"status": "in_progress"}, format="json")
        assert (response.data["status"], response.data["completed_on"]) == ("in_progress", None)

    def test_it_needs_a_comment_to_cancel_and_names_the_field(self, api, editor, rows):
        response = api(editor).post(status(rows["public"]), {"status": "cancelled"}, format="json")
        assert response.status_code == 400
        assert response.data == {"comment": ["Say why the action is cancelled."]}
        assert Action.objects.get(pk=rows["public"].pk).status == "open"
        assert not ChangeRecord.objects.exists()

    def test_it_names_the_status_field_when_it_is_wrong(self, api, editor, rows):
        for payload in [{"status": "finished"}, {}, {"status": "open"}]:
            response = api(editor).post(status(rows["public"]), payload, format="json")
            assert response.status_code == 400
            assert list(response.data) == ["status"]

    def test_it_answers_404_for_an_action_above_the_clearance(self, api, rows):
        officer = make_user("officer_internal", "officer", "internal")
        response = api(officer).post(status(rows["confidential"]), {"status": "done"})
        assert response.status_code == 404
        assert Action.objects.get(pk=rows["confidential"].pk).status == "open"

    def test_it_refuses_a_user_without_a_role(self, api, outsider, rows):
        response = api(outsider).post(status(rows["public"]), {"status": "done"})
        assert response.status_code == 403
