"""The action's rules: an owner or a desk, a title, never below its source's classification,
overdue only while active; and the helpers that read a record's actions."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import PROTECT
from django.utils import timezone, translation

from actions.models import Action, attach_sources, readable_source, source_key
from actions.tests.helpers import make_action

pytestmark = pytest.mark.django_db


def errors_of(action) -> dict:
    with pytest.raises(ValidationError) as raised:
        action.full_clean()
    return raised.value.message_dict


class TestRules:
    def test_it_requires_an_owner_or_a_desk(self):
        errors = errors_of(Action(title_en="Send the draft"))
        assert errors["owner"] == ["Choose who owns the action: a person, a desk or both."]

    def test_it_accepts_a_desk_alone_or_an_owner_alone(self, desk, editor):
        Action(title_en="Send the draft", owner_unit=desk).full_clean()
        Action(title_en="Send the draft", owner=editor).full_clean()

    def test_it_enforces_owner_or_desk_in_the_database_too(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.create(title_en="Orphan")

    def test_it_requires_a_title_in_either_language(self, desk):
        assert errors_of(Action(owner_unit=desk, title_en="  "))["title_en"] == [
            "Give the action a title, in English or Arabic."
        ]
        Action(owner_unit=desk, title_ar="إرسال المسودة").full_clean()

    def test_it_gives_the_title_in_the_active_language_with_a_fallback(self, desk):
        both = Action(owner_unit=desk, title_en="Send the draft", title_ar="إرسال المسودة")
        english_only = Action(owner_unit=desk, title_en="Send the draft")
        with translation.override("ar"):
            assert (both.title, english_only.title) == ("إرسال المسودة", "Send the draft")
        with translation.override("en"):
            assert both.title == str(both) == "Send the draft"

    def test_it_refuses_a_classification_below_the_source(self, desk, cyber):
        action = Action(title_en="Exchange points of contact", owner_unit=desk, source=cyber)
        action.classification = "internal"
        assert errors_of(action)["classification"] == [
            "An action cannot be classified below its source record (Confidential)."
        ]

    @pytest.mark.parametrize("level", ["confidential", "secret"])
    def test_it_accepts_the_sources_classification_or_above(self, desk, cyber, level):
        Action(
            title_en="Exchange", owner_unit=desk, source=cyber, classification=level
        ).full_clean()

    def test_it_lets_a_standalone_action_take_any_classification(self, desk):
        Action(title_en="Annual report", owner_unit=desk, classification="public").full_clean()

    def test_it_refuses_an_owner_who_could_not_read_the_action(self, viewer):
        action = Action(title_en="Brief", owner=viewer, classification="confidential")
        assert "could not read an action classified Confidential" in errors_of(action)["owner"][0]

    def test_it_refuses_half_a_source_in_the_database(self, desk, japan):
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.create(title_en="Half", owner_unit=desk, source_id=japan.pk)

    def test_it_keeps_a_completion_date_only_on_a_done_action(self, desk):
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.create(
                title_en="Not done", owner_unit=desk, completed_on=timezone.localdate()
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.create(title_en="Done", owner_unit=desk, status="done")

    def test_it_sets_and_clears_the_completion_date_in_clean(self, desk):
        action = Action(title_en="Done", owner_unit=desk, status="done")
        action.full_clean()
        assert action.completed_on == timezone.localdate()
        action.status = "open"
        action.full_clean()
        assert action.completed_on is None


class TestOverdue:
    @pytest.mark.parametrize(
        ("days", "status", "overdue"),
        [
            (-1, "open", True),
            (-30, "in_progress", True),
            (0, "open", False),  # due today is not late yet
            (3, "open", False),
            (-1, "cancelled", False),
        ],
    )
    def test_it_is_overdue_only_while_active_and_past_due(self, days, status, overdue):
        due = timezone.localdate() + timedelta(days=days)
        action = Action(title_en="x", due_date=due, status=status)
        assert action.is_overdue is overdue

    def test_it_is_never_overdue_without_a_due_date(self):
        assert Action(title_en="x").is_overdue is False

    def test_it_is_not_overdue_once_done(self):
        yesterday = timezone.localdate() - timedelta(days=1)
        assert Action(title_en="x", due_date=yesterday, status="done").is_overdue is False

    def test_it_queries_the_overdue_actions(self, desk):
        today = timezone.localdate()
        late = make_action("Late", due_date=today - timedelta(days=2))
        make_action("On time", due_date=today + timedelta(days=2))
        make_action(
            "Late but done", due_date=today - timedelta(days=2), status="done", completed_on=today
        )
        assert list(Action.objects.overdue()) == [late]


class TestPriority:
    def test_it_ranks_priorities_in_the_database_on_every_write_path(self, desk):
        action = make_action("Sign", priority="urgent")
        action.refresh_from_db()
        assert action.priority_rank == 4
        Action.objects.filter(pk=action.pk).update(priority="low")
        action.refresh_from_db()
        assert action.priority_rank == 1

    def test_it_sorts_by_due_date_then_urgency_with_undated_actions_last(self, desk):
        today = timezone.localdate()
        undated = make_action("Undated", priority="urgent")
        later = make_action("Later", due_date=today + timedelta(days=9))
        soon_low = make_action("Soon, low", due_date=today, priority="low")
        soon_urgent = make_action("Soon, urgent", due_date=today, priority="urgent")
        assert list(Action.objects.all()) == [soon_urgent, soon_low, later, undated]


class TestReadingARecordsActions:
    def test_it_lists_a_records_actions_active_first_by_due_date(self, desk, japan, cyber):
        today = timezone.localdate()
        done = make_action("Done", source=japan, status="done", completed_on=today)
        later = make_action("Later", source=japan, due_date=today + timedelta(days=5))
        sooner = make_action("Sooner", source=japan, due_date=today)
        make_action("Another record's", source=cyber)
        make_action("Standalone")
        assert list(Action.objects.for_source(japan)) == [sooner, later, done]

    def test_it_reads_owner_and_desk_in_the_same_query(
        self, desk, japan, editor, django_assert_num_queries
    ):
        make_action("A", source=japan, owner=editor, owner_unit=desk)
        make_action("B", source=japan, owner=editor, owner_unit=desk)
        ContentType.objects.get_for_model(japan)  # cached for the process, not per request
        readable = Action.objects.restrict(editor)  # reads the user's roles, once per request
        with django_assert_num_queries(1):
            rows = list(readable.for_source(japan))
            assert [(a.owner.username, a.owner_unit.code) for a in rows] == [
                ("editor", "asian"),
                ("editor", "asian"),
            ]

    def test_it_restricts_a_records_actions(self, desk, japan, viewer):
        make_action("Public", source=japan, classification="public")
        make_action("Confidential", source=japan, classification="confidential")
        titles = [a.title for a in Action.objects.restrict(viewer).for_source(japan)]
        assert titles == ["Public"]

    def test_it_names_a_source_only_to_those_who_may_read_it(self, desk, cyber, viewer, editor):
        action = make_action("Exchange", source=cyber)
        # A source reclassified above the action after it was filed stays hidden.
        Action.objects.filter(pk=action.pk).update(classification="internal")
        action.refresh_from_db()
        attach_sources([action], viewer)
        assert action.source_record is None
        attach_sources([action], editor)
        assert action.source_record == cyber

    def test_it_reads_a_source_key_only_within_clearance(self, cyber, viewer, editor):
        key = source_key(cyber)
        assert key == f"partners.partner:{cyber.pk}"
        assert readable_source(key, editor) == cyber
        assert readable_source(key, viewer) is None
        assert readable_source("core.orgunit:1", editor) is None  # not a classified record
        assert readable_source("nonsense", editor) is None
        assert readable_source("partners.partner:x", editor) is None

    def test_it_survives_a_deleted_source(self, desk, japan, editor):
        action = make_action("Orphaned", source=japan)
        Action.objects.filter(pk=action.pk).update(source_id=japan.pk + 1000)
        action = Action.objects.get(pk=action.pk)
        action.full_clean()
        attach_sources([action], editor)
        assert action.source_record is None


def test_it_protects_the_people_and_desks_that_own_actions():
    for name in ("owner", "owner_unit"):
        assert Action._meta.get_field(name).remote_field.on_delete is PROTECT


def test_it_indexes_every_filter_and_sort():
    indexed = {tuple(index.fields) for index in Action._meta.indexes}
    assert ("source_type", "source_id") in indexed
    assert ("status", "due_date") in indexed
    assert ("owner", "status", "due_date") in indexed
    assert ("owner_unit", "status", "due_date") in indexed
    assert ("-priority_rank", "due_date") in indexed
    assert ("-updated_at",) in indexed
    assert Action._meta.get_field("due_date").db_index
    assert Action._meta.get_field("classification").db_index


def test_it_names_its_constraints():
    names = {c.name for c in Action._meta.constraints}
    assert {"action_owner_or_desk", "action_has_title", "action_completed_when_done"} <= names
