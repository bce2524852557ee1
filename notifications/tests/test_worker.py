"""The reminder queue in one process: scheduling is idempotent, a reminder is sent once
however many times or by however many workers the queue is run, failures are retried with
backoff and given up after N attempts, and the command runs a cycle."""

from datetime import datetime, time, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actions.tests.helpers import make_action
from conftest import make_user
from notifications import worker
from notifications.models import Reminder, ReminderSettings
from notifications.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

FAILING = "notifications.tests.backends.FailingBackend"


@pytest.fixture
def only_officer(world, desk_viewer):
    """The world, with the desk's viewer opted out: the officer's is the one digest."""
    ReminderSettings.objects.create(user=desk_viewer, digest=False)
    return world


def states():
    return sorted(Reminder.objects.values_list("user__username", "state", "attempts"))


class TestScheduling:
    def test_it_queues_one_digest_per_user_and_day(self, officer, desk_viewer, world):
        assert worker.schedule_digests() == 2
        assert worker.schedule_digests() == 0
        reminders = Reminder.objects.order_by("user__username")
        assert [(r.user, r.key, r.state, r.day) for r in reminders] == [
            (officer, f"digest:{TODAY.isoformat()}", "pending", TODAY),
            (desk_viewer, f"digest:{TODAY.isoformat()}", "pending", TODAY),
        ]

    def test_it_queues_nothing_before_the_digest_hour(self, settings, officer, only_officer):
        settings.ACCORD_DIGEST_HOUR = 7
        early = timezone.localtime().replace(hour=6, minute=59)
        assert worker.schedule_digests(early) == 0
        assert worker.schedule_digests(early.replace(hour=7, minute=0)) == 1

    def test_it_leaves_out_who_opted_out_has_no_address_or_nothing_to_report(
        self, officer, desk_viewer, desk, world
    ):
        ReminderSettings.objects.create(user=desk_viewer, digest=False)
        make_user("no_address", "officer", "confidential", org_unit=desk)  # no e-mail
        make_user("idle", "viewer", "public", email="idle@mcit.example")  # nothing to read
        make_user("no_role", None, "secret", org_unit=desk, email="x@mcit.example")
        worker.schedule_digests()
        assert [r.user for r in Reminder.objects.all()] == [officer]

    def test_it_queues_a_digest_later_in_the_day_when_something_comes_up(self, viewer, desk):
        viewer.email = "viewer@mcit.example"
        viewer.save()
        assert worker.schedule_digests() == 0
        make_action("Reply to the embassy", owner=viewer, due_date=TODAY)
        assert worker.schedule_digests() == 1


class TestExactlyOnce:
    def test_it_sends_once_when_the_worker_runs_twice(self, officer, only_officer):
        for _ in range(2):
            worker.schedule_digests()
            worker.process_pending("worker-a")
        assert len(mail.outbox) == 1
        assert states() == [("desk_officer", "sent", 1)]
        reminder = Reminder.objects.get()
        assert reminder.sent_at is not None and reminder.locked_by == "worker-a"

    def test_it_sends_once_when_two_workers_share_the_queue(self, officer, desk_viewer, world):
        worker.schedule_digests()
        worker.schedule_digests()  # a second worker's scheduling pass
        first = worker.process_one("worker-a")
        second = worker.process_one("worker-b")
        assert worker.process_one("worker-a") is None
        assert worker.process_one("worker-b") is None
        assert {first.reminder.pk, second.reminder.pk} == set(
            Reminder.objects.values_list("pk", flat=True)
        )
        assert sorted(m.to[0] for m in mail.outbox) == [
            "officer@mcit.example",
            "viewer@mcit.example",
        ]

    def test_it_runs_a_cycle_from_the_command(self, officer, only_officer, caplog):
        caplog.set_level("INFO", logger="notifications.worker")
        call_command("run_worker", "--once")
        call_command("run_worker", "--once")
        assert len(mail.outbox) == 1
        assert "queued 1 digest(s)" in caplog.text
        assert f"sent digest:{TODAY.isoformat()} to user {officer.pk}" in caplog.text

    def test_it_skips_a_digest_left_over_from_an_earlier_day(self, officer, world):
        yesterday = timezone.now() - timedelta(days=1)
        Reminder.objects.create(
            user=officer,
            key="digest:yesterday",
            day=TODAY - timedelta(days=1),
            next_attempt_at=yesterday,
        )
        worker.process_pending("worker-a")
        assert mail.outbox == []
        assert Reminder.objects.get(key="digest:yesterday").state == "skipped"

    def test_it_skips_a_user_who_opted_out_after_it_was_queued(self, officer, only_officer):
        worker.schedule_digests()
        ReminderSettings.objects.create(user=officer, digest=False)
        worker.process_pending("worker-a")
        assert mail.outbox == []
        assert states() == [("desk_officer", "skipped", 0)]
        assert Reminder.objects.get().last_error == "user opted out of digests"


def midday():
    """Noon today, local time: retries an hour later stay on the digest's day whatever the
    hour the suite runs at (a digest left from an earlier day is skipped, not sent)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))


class TestFailures:
    def test_it_retries_with_backoff_then_gives_up(self, settings, officer, only_officer, caplog):
        settings.EMAIL_BACKEND = FAILING
        settings.ACCORD_REMINDER_MAX_ATTEMPTS = 3
        settings.ACCORD_REMINDER_RETRY_SECONDS = 60
        start = midday()
        worker.schedule_digests(start)
        outcome = worker.process_one("worker-a", now=start)
        reminder = Reminder.objects.get()
        assert (outcome.state, reminder.state, reminder.attempts) == ("retry", "pending", 1)
        assert reminder.next_attempt_at == start + timedelta(seconds=60)
        assert "SMTPServerDisconnected: the server hung up" in reminder.last_error
        # Not due yet: nothing is taken.
        assert worker.process_one("worker-a", now=start + timedelta(seconds=59)) is None
        later = start + timedelta(seconds=60)
        worker.process_one("worker-a", now=later)
        reminder.refresh_from_db()
        assert reminder.attempts == 2
        assert reminder.next_attempt_at == later + timedelta(seconds=120)  # doubled
        worker.process_one("worker-a", now=later + timedelta(seconds=120))
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == ("failed", 3)
        assert worker.process_one("worker-a", now=later + timedelta(days=1)) is None
        assert mail.outbox == []
        assert "gave up on digest" in caplog.text

    def test_it_sends_on_a_retry_once_the_server_is_back(self, settings, officer, only_officer):
        settings.EMAIL_BACKEND = FAILING
        now = midday()
        worker.schedule_digests(now)
        worker.process_one("worker-a", now=now)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        worker.process_one("worker-a", now=now + timedelta(hours=1))
        assert len(mail.outbox) == 1
        assert states() == [("desk_officer", "sent", 2)]
        assert Reminder.objects.get().last_error == ""

    def test_it_caps_the_backoff(self, settings):
        settings.ACCORD_REMINDER_RETRY_SECONDS = 300
        assert worker.backoff(1) == timedelta(minutes=5)
        assert worker.backoff(2) == timedelta(minutes=10)
        assert worker.backoff(20) == timedelta(hours=6)


def test_it_knows_the_failing_backend_fails():
    from notifications.tests.backends import FailingBackend

    with pytest.raises(SMTPServerDisconnected):
        FailingBackend().send_messages([mail.EmailMessage("s", "b", to=["a@b.example"])])
