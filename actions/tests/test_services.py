"""change_status and create_for: validated, saved and recorded in one transaction."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions import services
from actions.models import Action
from actions.tests.helpers import make_action
from core.models import AreaOfCooperation, ChangeRecord

pytestmark = pytest.mark.django_db


def records(action):
    return ChangeRecord.objects.filter(object_id=str(action.pk), content_type__model="action")


class TestChangeStatus:
    def test_it_records_the_change_with_before_after_and_comment(self, desk, editor):
        action = make_action(owner_unit=desk)
        services.change_status(action, "in_progress", editor, "Drafting with legal")
        record = records(action).get()
        assert record.action == "update"
        assert record.changes["status"] == ["open", "in_progress"]
        assert (record.comment, record.user, record.channel) == (
            "Drafting with legal",
            editor,
            "page",
        )

    def test_it_sets_the_completion_date_on_done_and_clears_it_on_reopening(self, desk, editor):
        today = timezone.localdate()
        action = make_action(owner_unit=desk)
        services.change_status(action, "done", editor)
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("done", today)
        services.change_status(action, "open", editor, "The partner asked for more")
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("open", None)
        done, reopened = records(action).order_by("at", "id")
        assert done.changes["completed_on"] == [None, today.isoformat()]
        assert reopened.changes["completed_on"] == [today.isoformat(), None]
        assert reopened.changes["status"] == ["done", "open"]

    def test_it_lets_any_status_follow_any_other(self, desk, editor):
        action = make_action(owner_unit=desk)
        for status in ["done", "cancelled", "in_progress", "cancelled", "open"]:
            services.change_status(action, status, editor, "why")
            assert Action.objects.get(pk=action.pk).status == status

    @pytest.mark.parametrize("comment", ["", "   "])
    def test_it_needs_a_comment_to_cancel(self, desk, editor, comment):
        action = make_action(owner_unit=desk)
        with pytest.raises(ValidationError) as raised:
            services.change_status(action, "cancelled", editor, comment)
        assert raised.value.message_dict == {"comment": ["Say why the action is cancelled."]}
        assert Action.objects.get(pk=action.pk).status == "open"
        assert not records(action).exists()

    def test_it_refuses_the_status_the_action_already_has(self, desk, editor):
        action = make_action(owner_unit=desk)
        with pytest.raises(ValidationError) as raised:
            services.change_status(action, "open", editor)
        assert list(raised.value.message_dict) == ["status"]

    def test_it_refuses_an_unknown_status(self, desk, editor):
        with pytest.raises(ValidationError) as raised:
            services.change_status(make_action(owner_unit=desk), "finished", editor)
        assert list(raised.value.message_dict) == ["status"]

    def test_it_leaves_the_instance_as_it_was_when_the_save_is_refused(self, desk, editor):
        action = make_action(owner_unit=desk)
        action.owner_unit = None  # an invalid edit, caught by the model's validation
        with pytest.raises(ValidationError):
            services.change_status(action, "done", editor)
        assert (action.status, action.completed_on) == ("open", None)
        assert Action.objects.get(pk=action.pk).status == "open"

    def test_it_takes_the_channel(self, desk, editor):
        action = make_action(owner_unit=desk)
        services.change_status(action, "done", editor, channel="api")
        assert records(action).get().channel == "api"


class TestCreateFor:
    def test_it_files_an_action_for_a_source_at_the_sources_classification(
        self, desk, cyber, editor
    ):
        due = timezone.localdate() + timedelta(days=14)
        action = services.create_for(
            cyber, editor, title_en="Exchange points of contact", owner=editor, due_date=due
        )
        assert (action.source, action.classification, action.created_by) == (
            cyber,
            "confidential",
            editor,
        )
        record = records(action).get()
        assert record.action == "create"
        assert record.changes["source_id"] == [None, str(cyber.pk)]

    def test_it_refuses_a_classification_below_the_source(self, desk, cyber, editor):
        with pytest.raises(ValidationError) as raised:
            services.create_for(
                cyber, editor, title_en="Leak", owner_unit=desk, classification="public"
            )
        assert list(raised.value.message_dict) == ["classification"]
        assert not Action.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_files_a_standalone_action(self, desk, editor):
        action = services.create_for(None, editor, title_ar="التقرير السنوي", owner_unit=desk)
        assert action.source_type is None
        assert action.classification == "internal"
        assert action.search_text == "التقرير السنوي"

    def test_it_sets_areas_of_cooperation(self, desk, editor):
        area = AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="ذكاء")
        action = services.create_for(
            None, editor, title_en="AI roadmap", owner_unit=desk, m2m={"areas": [area]}
        )
        assert list(action.areas.all()) == [area]
        assert records(action).get().changes["areas"] == [None, [area.pk]]
