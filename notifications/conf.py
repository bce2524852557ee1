"""The settings of notifications, each with its default. Read when used (not at import), so
that tests and `override_settings` can change them; the project's settings module may set
any of them (see README.md)."""

from django.conf import settings

# The calendar feed: how far back and ahead it reaches, and at most how many items of each
# kind it carries (a client fetches it every hour or so: it must stay small and fast).
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 400
FEED_MAX_MEETINGS = 1000
FEED_MAX_ACTIONS = 500
FEED_MAX_AGREEMENTS = 500

# The digest: what it looks ahead to, and how many rows of each section it lists at most.
DIGEST_ACTION_DAYS = 7
DIGEST_MEETING_DAYS = 3
DIGEST_MAX_ROWS = 50


def digest_hour() -> int:
    """The local hour from which the day's digests are scheduled (before it, none are)."""
    return int(getattr(settings, "ACCORD_DIGEST_HOUR", 7))


def max_attempts() -> int:
    """How many times a reminder is tried before it is marked failed."""
    return max(1, int(getattr(settings, "ACCORD_REMINDER_MAX_ATTEMPTS", 5)))


def retry_seconds() -> int:
    """The first retry's delay; each further retry waits twice as long (capped at 6 hours)."""
    return max(1, int(getattr(settings, "ACCORD_REMINDER_RETRY_SECONDS", 300)))


def alert_days() -> list[int]:
    return sorted({int(d) for d in getattr(settings, "ACCORD_ALERT_DAYS", [])}, reverse=True)


def base_url() -> str:
    """Where the site is, for the links in e-mails (a worker has no request to ask)."""
    return getattr(settings, "ACCORD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def mail_domain() -> str:
    """The domain of the stable identifiers (calendar UIDs, Message-IDs): the domain of the
    sender's address, the same on every server and worker, unlike the host name."""
    explicit = getattr(settings, "ACCORD_MAIL_DOMAIN", "")
    if explicit:
        return explicit
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "") or ""
    domain = sender.rpartition("@")[2].strip(" >").lower()
    return domain or "accord.invalid"
