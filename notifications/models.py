"""Notifications: each user's calendar feed (behind a secret address), their reminder
settings, and the reminders themselves, queued as rows that the worker takes and sends."""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLogged
from notifications.choices import ReminderKind, ReminderState

# What the settings page and the form say when a reminder address is not an address: the
# message names the field, whichever way the address came in (page, admin, command).
INVALID_ADDRESS = _("Reminder e-mail address: “%(value)s” is not a valid e-mail address.")


def hash_token(token: str) -> str:
    """The SHA-256 of a feed token, as stored. A token is 256 random bits, so a plain hash
    cannot be reversed or guessed, and needs no key that could itself leak or rotate."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str):
        """The feed that `token` opens, with its user, or None.

        The lookup is by the token's hash: an attacker timing it learns about hashes of
        their own guesses, never about a stored token. The final comparison is constant-time
        all the same, so that no code path compares a secret byte by byte.
        """
        if not token or len(token) > 128:
            return None
        digest = hash_token(token)
        feed = self.select_related("user").filter(token_hash=digest).first()
        if feed is None or not hmac.compare_digest(feed.token_hash, digest):
            return None
        return feed


class CalendarFeed(ChangeLogged):
    """A user's personal iCalendar feed. Only the SHA-256 of its token is stored: the full
    address is shown once, when it is issued, and a database leak opens no calendar.
    Issuing a new token revokes the old one; turning the feed off clears the hash."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    token_hint = models.CharField(
        _("address begins with"),
        max_length=8,
        blank=True,
        editable=False,
        help_text=_("The first characters of the token, so that a user can tell addresses apart."),
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        _("last read by a calendar"), null=True, blank=True, editable=False
    )

    objects = CalendarFeedQuerySet.as_manager()

    # The hash is a secret's fingerprint and the last use is noise: the change record keeps
    # who issued or revoked an address, and when (token_hint, issued_at).
    untracked_fields = ("token_hash", "last_used_at")

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(_("Calendar feed of %(user)s") % {"user": self.user})

    @property
    def is_active(self) -> bool:
        return bool(self.token_hash)


class ReminderSettings(ChangeLogged):
    """How a user wants their reminders: the address (empty: their account's e-mail) and
    whether they receive the daily digest. A user without settings gets the defaults:
    digests on, to the account's address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("user"),
    )
    email = models.EmailField(
        _("reminder e-mail address"),
        blank=True,
        error_messages={"invalid": INVALID_ADDRESS},
        help_text=_("Leave empty to use your account's address."),
    )
    digest = models.BooleanField(
        _("send me a daily digest"),
        default=True,
        help_text=_(
            "My actions and my desk's that are overdue or due within a week, meetings in "
            "the next three days, and agreement deadlines as they reach an alert window."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(_("Reminder settings of %(user)s") % {"user": self.user})


def reminder_address(user) -> str:
    """Where `user`'s reminders go: their reminder address, else their account's address.
    Reads `user.reminder_settings` (select it with the user to save a query)."""
    try:
        chosen = user.reminder_settings.email
    except ReminderSettings.DoesNotExist:
        chosen = ""
    return (chosen or user.email or "").strip()


def wants_digest(user) -> bool:
    try:
        return user.reminder_settings.digest
    except ReminderSettings.DoesNotExist:
        return True


class Reminder(models.Model):
    """One message to send, queued as a row: a worker takes it under a row lock, builds the
    message from what the user may read at that moment, sends it and marks it sent in the
    same transaction. `key` is unique per user (e.g. `digest:2026-11-29`), so scheduling is
    idempotent however many workers schedule at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="reminders",
        verbose_name=_("user"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReminderKind, default=ReminderKind.DIGEST
    )
    key = models.CharField(_("key"), max_length=80)
    day = models.DateField(_("for the day"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReminderState, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # The row lock is the lock; these say which worker took the row last, and when. They
    # are written in the transaction that sends, so they show once it commits.
    locked_by = models.CharField(_("taken by"), max_length=200, blank=True)
    locked_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_user_key_unique"),
            models.CheckConstraint(
                condition=Q(state__in=ReminderState.values), name="reminder_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=ReminderState.SENT) | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            # The queue: what a worker looks for, and nothing else.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(state=ReminderState.PENDING),
                name="reminder_pending_idx",
            ),
            models.Index(fields=["key"], name="reminder_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.user}"

    def message_id(self, domain: str) -> str:
        """A Message-ID derived from the reminder alone, the same on every attempt and from
        every worker: should a message ever go out twice (see README), a mail server or
        client can tell the copies are one message."""
        safe_key = "".join(c if c.isalnum() or c in "-." else "." for c in self.key)
        return f"<accord.{safe_key}.u{self.user_id}@{domain}>"
