"""E-mail backends for the tests: one that always fails as an SMTP server that hangs up
would, and one (for the worker subprocesses) that writes files slowly, leaving a marker
while it is in the middle of a message."""

import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("the server hung up")


class SlowFileBackend(FileBackend):
    """Writes a `sending` marker, waits ACCORD_TEST_SLOW_MAIL seconds, then writes the
    message: a test can stop the worker while a message is on its way."""

    def send_messages(self, email_messages):
        marker = Path(self.file_path) / "sending"
        marker.touch()
        time.sleep(float(os.environ.get("ACCORD_TEST_SLOW_MAIL", "2")))
        return super().send_messages(email_messages)
