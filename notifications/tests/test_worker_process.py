"""The real worker command, run in subprocesses against this test's database: killed
between taking a reminder and sending it, then restarted, it sends exactly one mail; two
workers at once send each reminder once; SIGTERM and SIGINT let the message on its way
finish. And the one window the design leaves, shown for what it is.

A subprocess cannot see the test's database unless it is committed and reachable: the
tests are transactional (their data is committed). On PostgreSQL the subprocess opens the
test database itself (its name is `connection.settings_dict["NAME"]`). On SQLite the test
database lives in this process's memory, so it is copied with SQLite's backup API into a
file that the subprocess opens through ACCORD_SQLITE_PATH, and read back from that file.
Mail goes to files (the file backend) in a temporary directory, one file per connection,
and the worker opens one connection per message.
"""

import email
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Reminder, ReminderSettings
from notifications.tests.conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
KEY = f"digest:{TODAY.isoformat()}"


class Worker:
    """Runs `manage.py run_worker` in subprocesses on a snapshot (SQLite) or the very
    database (PostgreSQL) of the test, and reads what they did."""

    def __init__(self, tmp_path: Path):
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.sqlite_path = None
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("ACCORD_WORKER_", "ACCORD_TEST_", "DATABASE_URL"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="notifications.tests.worker_settings",
            ACCORD_TEST_MAIL_DIR=str(self.mail_dir),
            ACCORD_VAR_DIR=str(tmp_path / "var"),
            ACCORD_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        if connection.vendor == "sqlite":
            self.sqlite_path = tmp_path / "accord.sqlite3"
            env["ACCORD_SQLITE_PATH"] = str(self.sqlite_path)
        else:
            db = connection.settings_dict
            auth = quote(db["USER"] or "", safe="")
            if db["PASSWORD"]:
                auth += ":" + quote(db["PASSWORD"], safe="")
            env["DATABASE_URL"] = (
                f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            )
        self.env = env

    def share_database(self):
        """Make what the test wrote visible to the subprocesses (call after writing)."""
        if self.sqlite_path is None:
            return  # PostgreSQL: committed rows are already there
        connection.ensure_connection()
        target = sqlite3.connect(self.sqlite_path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def command(self, *args):
        return [sys.executable, "manage.py", "run_worker", *args]

    def run(self, *args, hooks=None, timeout=120):
        return subprocess.run(
            self.command(*args),
            cwd=settings.BASE_DIR,
            env={**self.env, **(hooks or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args, hooks=None):
        return subprocess.Popen(
            self.command(*args),
            cwd=settings.BASE_DIR,
            env={**self.env, **(hooks or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def mails(self) -> list:
        """Every message the subprocesses sent, parsed."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_bytes().split(SEPARATOR):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk))
        return messages

    def reminders(self) -> list[tuple]:
        """(user id, key, state, attempts, locked_by) of every reminder, by user."""
        if self.sqlite_path is None:
            return list(
                Reminder.objects.order_by("user_id").values_list(
                    "user_id", "key", "state", "attempts", "locked_by"
                )
            )
        with sqlite3.connect(self.sqlite_path) as db:
            return db.execute(
                "SELECT user_id, key, state, attempts, locked_by FROM notifications_reminder "
                "ORDER BY user_id"
            ).fetchall()


@pytest.fixture
def worker(tmp_path):
    return Worker(tmp_path)


@pytest.fixture
def officer_digest(world, desk_viewer, officer):
    """One digest to send: the officer's (the desk's viewer opted out)."""
    ReminderSettings.objects.create(user=desk_viewer, digest=False)
    return officer


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_it_sends_exactly_once_across_a_crash_between_taking_and_sending(worker, officer_digest):
    worker.share_database()
    crashed = worker.run("--once", hooks={"ACCORD_WORKER_CRASH_AFTER_TAKE": "1"})
    assert crashed.returncode == 1, crashed.stderr
    assert "ACCORD_WORKER_CRASH_AFTER_TAKE is set: exiting now" in crashed.stderr
    assert worker.mails() == []
    # The crash rolled the taking back: the row is pending, unlocked, untried.
    assert worker.reminders() == [(officer_digest.pk, KEY, "pending", 0, "")]

    restarted = worker.run("--once")
    assert restarted.returncode == 0, restarted.stderr
    [message] = worker.mails()
    assert message["To"] == "officer@mcit.example"
    expected = f"<accord.digest.{TODAY.isoformat()}.u{officer_digest.pk}@mcit.example>"
    assert message["Message-ID"] == expected
    [(user, key, state, attempts, locked_by)] = worker.reminders()
    assert (user, key, state, attempts) == (officer_digest.pk, KEY, "sent", 1)
    assert locked_by.startswith(socket.gethostname() + ":")  # host:pid of the worker

    again = worker.run("--once")
    assert again.returncode == 0, again.stderr
    assert len(worker.mails()) == 1
    assert len(list(worker.mail_dir.glob("*.log"))) == 1


def test_it_sends_each_reminder_once_with_two_workers_at_once(worker, world, officer, desk_viewer):
    worker.share_database()
    slow = {
        "ACCORD_TEST_EMAIL_BACKEND": "notifications.tests.backends.SlowFileBackend",
        "ACCORD_TEST_SLOW_MAIL": "0.5",
    }
    first, second = worker.start("--once", hooks=slow), worker.start("--once", hooks=slow)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    ids = sorted(m["Message-ID"] for m in worker.mails())
    assert ids == sorted(
        f"<accord.digest.{TODAY.isoformat()}.u{user.pk}@mcit.example>"
        for user in (officer, desk_viewer)
    )
    assert [(r[2], r[3]) for r in worker.reminders()] == [("sent", 1), ("sent", 1)]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_it_finishes_the_message_on_its_way_when_told_to_stop(worker, officer_digest, stop_signal):
    worker.share_database()
    process = worker.start(
        "--interval",
        "1",
        hooks={
            "ACCORD_TEST_EMAIL_BACKEND": "notifications.tests.backends.SlowFileBackend",
            "ACCORD_TEST_SLOW_MAIL": "2",
        },
    )
    try:
        assert wait_for((worker.mail_dir / "sending").exists), "the worker sent nothing"
        process.send_signal(stop_signal)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    # Told to stop while the message was on its way, it sent it, then stopped.
    told, sent = err.index("stopping after the current message"), err.index("sent digest:")
    assert told < sent < err.index(" stopped")
    assert len(worker.mails()) == 1
    assert [(r[2], r[3]) for r in worker.reminders()] == [("sent", 1)]


def test_it_shows_the_window_it_leaves_and_how_the_message_id_covers_it(worker, officer_digest):
    """README's limit, demonstrated: a worker that dies after the mail server accepted the
    message but before the commit sends it again on restart. Both copies carry the same
    Message-ID, by which a mail server or client can tell them to be one message."""
    worker.share_database()
    crashed = worker.run("--once", hooks={"ACCORD_WORKER_CRASH_AFTER_SEND": "1"})
    assert crashed.returncode == 1, crashed.stderr
    assert len(worker.mails()) == 1, crashed.stderr
    assert [r[2] for r in worker.reminders()] == ["pending"]
    restarted = worker.run("--once")
    assert restarted.returncode == 0, restarted.stderr
    first, second = worker.mails()
    assert first["Message-ID"] == second["Message-ID"]
    assert [r[2] for r in worker.reminders()] == ["sent"]
