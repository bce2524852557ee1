"""Atomicity under a crash: the import command is killed (SIGKILL, no chance to clean up)
in the middle of writing; the database holds nothing of it and the job is still waiting;
the worker, started again, imports it whole.

It runs real processes on their own SQLite database in a temporary folder (the test's own
database lives in this process), so it proves what a power cut would leave on disk."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from imports.tests.files import csv_bytes

ROWS = 1500


def manage(env, *args, **options):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **options,
    )


def count(database: Path, sql: str):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchone()[0]


def test_a_killed_import_leaves_nothing_and_is_taken_again(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ACCORD_VAR_DIR=str(tmp_path), DJANGO_SUPERUSER_PASSWORD="correct-horse-battery")
    database = tmp_path / "accord.sqlite3"
    for step in (
        ["migrate", "-v0"],
        ["load_reference"],
        ["createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"],
    ):
        done = manage(env, *step)
        assert done.returncode == 0, done.stderr
    register = tmp_path / "register.csv"
    rows = [["Reference", "Title", "Type", "Date of signature"]]
    rows += [[f"R-{n}", f"Agreement number {n}", "mou", "2020-01-01"] for n in range(ROWS)]
    register.write_bytes(csv_bytes(rows))

    command = [sys.executable, "manage.py", "import", str(register), "--kind", "agreements"]
    process = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    for line in process.stdout:
        if line.startswith(b"Importing job"):
            break
    # Let it write a good part of the rows inside its transaction, then pull the plug.
    time.sleep(3)
    assert process.poll() is None, "the import ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert count(database, "select count(*) from agreements_agreement") == 0
    assert count(database, "select count(*) from core_changerecord where channel = 'import'") == 0
    assert count(database, "select status from imports_importjob") == "queued"

    worker = manage(env, "run_worker", "--once")
    assert worker.returncode == 0, worker.stderr
    assert count(database, "select status from imports_importjob") == "imported"
    assert count(database, "select count(*) from agreements_agreement") == ROWS
