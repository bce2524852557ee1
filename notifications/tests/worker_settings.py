"""Settings of the worker subprocesses that the tests start: the project's, with mail
written to files in ACCORD_TEST_MAIL_DIR (the file backend needs EMAIL_FILE_PATH, which the
project does not read from the environment) and digests due at any hour."""

import os

from accord.settings import *  # noqa: F403

EMAIL_BACKEND = os.environ.get(
    "ACCORD_TEST_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ["ACCORD_TEST_MAIL_DIR"]
DEFAULT_FROM_EMAIL = "accord@mcit.example"
ACCORD_DIGEST_HOUR = 0
ACCORD_ALERT_DAYS = [180, 90, 30]
