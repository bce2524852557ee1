"""Opening joint committee sessions: numbering in order (also when two officers open one at
the same moment), refusing a number already taken, and carrying what is still open (pending
decisions, open actions) from one session's agenda to the next until it is done."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from actions import services as action_services
from core.models import ChangeRecord
from engagements import services
from engagements.models import Meeting
from engagements.tests.conftest import at, make_action, make_decision, make_session

pytestmark = pytest.mark.django_db


def open_next(committee, user, days=0, **fields):
    start = at(days)
    return services.open_session(
        committee, user, start=start, end=start + timedelta(hours=6), **fields
    )


def carried(session):
    """What the session's agenda carries: ("action" or "decision", its title)."""
    rows = []
    for item in session.agenda_items.select_related("carried_action", "carried_decision"):
        if item.carried_action_id:
            rows.append(("action", item.carried_action.title_en))
        elif item.carried_decision_id:
            rows.append(("decision", item.carried_decision.text_en))
    return rows


class TestNumbering:
    def test_it_numbers_sessions_in_order(self, committee, editor):
        numbers = [open_next(committee, editor, days=i).session_number for i in range(3)]
        assert numbers == [1, 2, 3]
        assert list(committee.sessions.values_list("session_number", flat=True)) == [3, 2, 1]

    def test_it_continues_after_the_highest_number_recorded(self, committee, editor):
        make_session(committee, 7, days=-400)
        assert open_next(committee, editor).session_number == 8

    def test_it_gives_a_session_the_committee_kind_title_partner_and_classification(
        self, committee, editor, japan
    ):
        session = open_next(committee, editor)
        assert (session.kind, session.committee, session.classification) == (
            "committee_session",
            committee,
            committee.classification,
        )
        assert session.title_en == "1st session of the Egypt–Japan Joint Committee"
        assert session.title_ar == "الدورة 1 – اللجنة المصرية اليابانية المشتركة"
        assert list(session.partners.all()) == [japan]
        assert session.owner_unit == committee.owner_unit
        assert services.ordinal_en(2) == "2nd" and services.ordinal_en(13) == "13th"

    def test_it_refuses_a_session_number_already_taken_on_the_session_number(
        self, committee, editor
    ):
        make_session(committee, 2, days=-30)
        with pytest.raises(ValidationError) as error:
            open_next(committee, editor, session_number=2)
        assert list(error.value.message_dict) == ["session_number"]
        assert committee.sessions.count() == 1

    def test_it_records_the_session_and_its_carried_items(self, committee, editor):
        first = open_next(committee, editor, days=-60)
        make_decision(first, "Form a working group")
        second = open_next(committee, editor)
        assert ChangeRecord.objects.filter(object_id=str(second.pk), action="create").exists()
        item = second.agenda_items.get()
        records = ChangeRecord.objects.filter(object_id=str(item.pk), action="create")
        assert records.filter(content_type__model="agendaitem", user=editor).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: writers queue up"
)
@pytest.mark.django_db(transaction=True)
def test_it_gives_two_sessions_opened_at_once_two_numbers(committee, editor):
    """Two officers open the next session at the same moment: the committee row lock makes
    the second wait for the first, so they get 1 and 2 (not 1 twice and an error)."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def open_one(day):
        try:
            barrier.wait(timeout=5)
            results.append(open_next(committee, editor, days=day).session_number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_one, args=(day,)) for day in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert sorted(results) == [1, 2]


class TestCarryOver:
    def test_it_carries_open_actions_and_pending_decisions_across_three_sessions(
        self, committee, editor
    ):
        # Session 1 decides two things; one decision is followed by an action.
        one = open_next(committee, editor, days=-300)
        assert carried(one) == []
        working_group = make_decision(one, "Form a working group on AI")
        framework = make_decision(one, "Share the investment framework", status="implemented")
        send = make_action(framework, "Send the framework in English")
        session_action = make_action(one, "Circulate the minutes", status="done")

        # Session 2: what session 1 left open is on the agenda; the done action is not.
        two = open_next(committee, editor, days=-150)
        assert carried(two) == [
            ("decision", "Form a working group on AI"),
            ("action", "Send the framework in English"),
        ]
        make_decision(two, "Study a cable landing")

        # Session 3: still open, so carried again, with session 2's pending decision.
        three = open_next(committee, editor, days=-10)
        assert carried(three) == [
            ("decision", "Form a working group on AI"),
            ("decision", "Study a cable landing"),
            ("action", "Send the framework in English"),
        ]
        assert [i.order for i in three.agenda_items.all()] == [1, 2, 3]

        # Done and implemented now: session 4 carries nothing of it.
        action_services.change_status(send, "done", editor)
        working_group.status = "implemented"
        services.save_part(working_group, editor)
        four = open_next(committee, editor, days=20)
        assert carried(four) == [("decision", "Study a cable landing")]
        # The earlier agendas keep their items: they are the record of those sessions.
        assert len(carried(three)) == 3
        assert session_action.status == "done"

    def test_it_carries_actions_from_the_committee_and_its_sessions_too(self, committee, editor):
        one = open_next(committee, editor, days=-100)
        make_action(committee, "Agree the dates of the next session")
        make_action(one, "Send the signed minutes", status="in_progress")
        make_action(one, "Dropped idea", status="cancelled")
        two = open_next(committee, editor)
        assert sorted(carried(two)) == [
            ("action", "Agree the dates of the next session"),
            ("action", "Send the signed minutes"),
        ]

    def test_it_carries_nothing_from_another_committee(self, committee, editor, japan):
        from engagements.models import JointCommittee

        other = JointCommittee.objects.create(name_en="Other", partner=japan)
        elsewhere = make_session(other, 1, days=-50)
        make_decision(elsewhere, "Not ours")
        make_action(elsewhere, "Not ours either")
        open_next(committee, editor, days=-40)
        assert carried(open_next(committee, editor)) == []

    def test_it_lists_what_is_still_open_before_a_session(self, committee, editor):
        one = open_next(committee, editor, days=-100)
        make_decision(one, "Pending in 1")
        two = open_next(committee, editor, days=-50)
        make_decision(two, "Pending in 2")
        decisions, actions = services.open_items(committee, before=two)
        assert [d.text_en for d in decisions] == ["Pending in 1"]
        decisions, actions = services.open_items(committee)
        assert sorted(d.text_en for d in decisions) == ["Pending in 1", "Pending in 2"]
        assert Meeting.objects.filter(committee=committee).count() == 2
