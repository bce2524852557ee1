"""The reminder queue: scheduling the day's digests and sending them, exactly once.

The work is rows (`Reminder`). Scheduling is idempotent: a digest's key is unique per user
and day, and `get_or_create` on it leaves one row however many workers schedule at once.
Sending takes one pending row under `SELECT ... FOR UPDATE SKIP LOCKED` inside a
transaction, builds the message then, sends it, and marks the row sent before the
transaction commits. A worker that dies before the commit leaves the row pending and
unlocked, and the next worker sends it; a worker that commits has sent. The one window left
is between the mail server's acknowledgement and the commit (see README.md).
"""

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.choices import Role
from core.models import User
from notifications import conf
from notifications.choices import ReminderKind, ReminderState
from notifications.digests import build_digest, prepare_digest
from notifications.models import Reminder, reminder_address

log = logging.getLogger("notifications.worker")

# Test hooks: make the worker die (os._exit, no clean-up, as a kill -9 would) at a chosen
# point, so that the tests can prove what a crash there leaves behind. Never set them in
# production: the worker logs a warning when one is set.
CRASH_AFTER_TAKE = "ACCORD_WORKER_CRASH_AFTER_TAKE"
CRASH_AFTER_SEND = "ACCORD_WORKER_CRASH_AFTER_SEND"
MAX_BACKOFF = timedelta(hours=6)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def digest_key(day) -> str:
    return f"{ReminderKind.DIGEST}:{day.isoformat()}"


def _crash_if(hook: str) -> None:
    if os.environ.get(hook) == "1":
        log.warning("%s is set: exiting now, as a crash would", hook)
        logging.shutdown()
        os._exit(1)


def schedule_digests(now: datetime | None = None) -> int:
    """Queue today's digest for every user who wants one, has an address and has something
    to report; return how many were queued. Before the digest hour, queue none.

    Users who already have today's digest (whatever its state) are not looked at again;
    users with nothing to report are, at the next pass, in case something came up.
    """
    now = now or timezone.now()
    if timezone.localtime(now).hour < conf.digest_hour():
        return 0
    today = timezone.localdate(now)
    _refresh_agreement_dates(today)
    key = digest_key(today)
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=Role.values) | Q(is_superuser=True))
        .exclude(reminder_settings__digest=False)
        .exclude(reminders__key=key)
        .select_related("reminder_settings")
        .distinct()
        .order_by("pk")
    )
    queued = 0
    for user in candidates.iterator(chunk_size=200):
        if not reminder_address(user):
            continue
        if build_digest(user, now).is_empty:
            continue
        _reminder, created = Reminder.objects.get_or_create(
            user=user,
            key=key,
            defaults={"kind": ReminderKind.DIGEST, "day": today, "next_attempt_at": now},
        )
        queued += created
    if queued:
        log.info("queued %d digest(s) for %s", queued, today.isoformat())
    return queued


def _refresh_agreement_dates(today) -> None:
    """Bring stale agreement dates up to today first, so that alerts use current dates
    (the daily `refresh_agreements` does the same; this costs one query when it has)."""
    from agreements.services import refresh_stale

    try:
        count = refresh_stale(today)
    except Exception:
        log.exception("could not refresh agreement dates; digests use the stored ones")
        return
    if count:
        log.info("refreshed the dates of %d agreement(s)", count)


@dataclass
class Outcome:
    reminder: Reminder
    state: str
    detail: str = ""


def backoff(attempts: int) -> timedelta:
    """The wait before attempt `attempts + 1`: the first delay, doubled each time."""
    delay = timedelta(seconds=conf.retry_seconds() * 2 ** max(0, attempts - 1))
    return min(delay, MAX_BACKOFF)


def deliver(message) -> None:
    """Send one message on its own connection; raise unless the backend accepted it.

    A failure to close the connection after the server accepted the message is logged, not
    raised: the message is sent, and retrying it would send it twice.
    """
    connection = mail.get_connection(fail_silently=False)
    connection.open()
    try:
        sent = connection.send_messages([message])
    finally:
        try:
            connection.close()
        except Exception:
            log.warning("closing the mail connection failed after sending", exc_info=True)
    if sent != 1:
        raise RuntimeError("the e-mail backend did not accept the message")


def process_one(worker: str, now: datetime | None = None) -> Outcome | None:
    """Take one pending reminder that is due, send it, and record the outcome, all in one
    transaction; None when there is nothing to take. Rows another worker holds are skipped
    (SKIP LOCKED), so workers never wait on each other nor take the same row."""
    now = now or timezone.now()
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(state=ReminderState.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if reminder is None:
            return None
        reminder.locked_by = worker[:200]
        reminder.locked_at = now
        _crash_if(CRASH_AFTER_TAKE)
        # Users' reminder settings with the user: one query.
        reminder.user = User.objects.select_related("reminder_settings").get(pk=reminder.user_id)
        outcome = _send(reminder, now)
        reminder.save()
    log_outcome(outcome)
    return outcome


def _send(reminder: Reminder, now: datetime) -> Outcome:
    """Build and send the reminder's message; set its state (the caller saves it)."""
    if reminder.day < timezone.localdate(now):
        # A digest not sent on its day is stale: today's digest says what is true now.
        reminder.state = ReminderState.SKIPPED
        reminder.last_error = "not sent on its day; superseded by the next digest"
        return Outcome(reminder, reminder.state, reminder.last_error)
    try:
        # A database error while building must not poison the transaction that records it.
        with transaction.atomic():
            prepared = prepare_digest(reminder, now)
        if prepared.message is None:
            reminder.state = ReminderState.SKIPPED
            reminder.last_error = prepared.skip_reason
            return Outcome(reminder, reminder.state, prepared.skip_reason)
        deliver(prepared.message)
    except Exception as error:
        reminder.attempts += 1
        reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
        if reminder.attempts >= conf.max_attempts():
            reminder.state = ReminderState.FAILED
            return Outcome(reminder, reminder.state, reminder.last_error)
        reminder.next_attempt_at = now + backoff(reminder.attempts)
        return Outcome(reminder, "retry", reminder.last_error)
    _crash_if(CRASH_AFTER_SEND)
    reminder.attempts += 1
    reminder.state = ReminderState.SENT
    reminder.sent_at = timezone.now()
    reminder.last_error = ""
    return Outcome(reminder, reminder.state)


def log_outcome(outcome: Outcome) -> None:
    r = outcome.reminder
    if outcome.state == ReminderState.SENT:
        log.info("sent %s to user %s (attempt %d)", r.key, r.user_id, r.attempts)
    elif outcome.state == ReminderState.SKIPPED:
        log.info("skipped %s for user %s: %s", r.key, r.user_id, outcome.detail)
    elif outcome.state == ReminderState.FAILED:
        log.error(
            "gave up on %s for user %s after %d attempts: %s",
            r.key,
            r.user_id,
            r.attempts,
            outcome.detail,
        )
    else:
        log.warning(
            "could not send %s to user %s (attempt %d of %d), retrying at %s: %s",
            r.key,
            r.user_id,
            r.attempts,
            conf.max_attempts(),
            r.next_attempt_at.isoformat(timespec="seconds"),
            outcome.detail,
        )


def process_pending(worker: str, *, should_stop=lambda: False, limit: int = 10_000) -> int:
    """Send due reminders one at a time until none is left, `limit` is reached or
    `should_stop()` says so (checked between messages, never during one)."""
    done = 0
    while done < limit and not should_stop():
        if process_one(worker) is None:
            break
        done += 1
    return done


def warn_about_hooks() -> None:
    for hook in (CRASH_AFTER_TAKE, CRASH_AFTER_SEND):
        if os.environ.get(hook):
            log.warning("test hook %s is set: this worker will exit on purpose", hook)
