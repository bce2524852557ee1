"""The daily digest: what one user must know today, read within their clearance at the
moment the message is built, and the e-mail that carries it (plain text and HTML, in the
user's language).

What a digest holds:
- the user's own actions and their desk's, open or in progress, that are overdue or due
  within `DIGEST_ACTION_DAYS` (7) days;
- the meetings the user may read that start within `DIGEST_MEETING_DAYS` (3) days;
- the notice deadlines, expiries and reviews of the agreements in force the user may read
  that reach an alert window today: exactly one of `ACCORD_ALERT_DAYS` days ahead (180, 90
  and 30 by default). Each date is announced once per window, on the day it enters it, not
  every day after: a daily repeat would teach people to ignore the mail. Past dates are
  not repeated either (a passed notice deadline cannot be met any more; an expiry turns the
  agreement to expired). The Deadlines page lists them all, always.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from actions.models import Action
from agreements.choices import Status
from agreements.models import Agreement
from engagements.models import Meeting
from notifications import conf
from notifications.models import reminder_address, wants_digest


@dataclass
class Deadline:
    """One agreement date at an alert window."""

    agreement: Agreement
    kind: str  # notice, expiry, review
    day: date
    days: int

    @property
    def label(self) -> str:
        return {
            "notice": _("Notice deadline"),
            "expiry": _("Expiry"),
            "review": _("Review"),
        }[self.kind]


@dataclass
class Digest:
    """What one user's digest holds on one day. Rows beyond `DIGEST_MAX_ROWS` per section
    are counted in `more_*`, not listed."""

    user: object
    today: date
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    more_actions: bool = False
    more_meetings: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.meetings or self.deadlines)


DEADLINE_FIELDS = [
    ("notice", "notice_deadline"),
    ("expiry", "expiry_date"),
    ("review", "next_review"),
]


def build_digest(user, now: datetime | None = None) -> Digest:
    """The digest of `user` as of `now`: three queries (and one for the user's roles, unless
    already known), whatever the number of rows."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    digest = Digest(user=user, today=today)
    limit = conf.DIGEST_MAX_ROWS

    mine = Q(owner=user)
    if user.org_unit_id:
        mine |= Q(owner_unit_id=user.org_unit_id)
    actions = list(
        Action.objects.restrict(user)
        .active()
        .filter(mine, due_date__lte=today + timedelta(days=conf.DIGEST_ACTION_DAYS))
        .select_related("owner", "owner_unit")
        .order_by("due_date", "id")[: limit + 1]
    )
    digest.more_actions = len(actions) > limit
    for action in actions[:limit]:
        (digest.overdue if action.due_date < today else digest.due_soon).append(action)

    meetings = list(
        Meeting.objects.restrict(user)
        .filter(start__gte=now, start__lt=now + timedelta(days=conf.DIGEST_MEETING_DAYS))
        .order_by("start", "id")[: limit + 1]
    )
    digest.more_meetings = len(meetings) > limit
    digest.meetings = meetings[:limit]

    windows = {today + timedelta(days=d): d for d in conf.alert_days()}
    if windows:
        at_window = Q()
        for _kind, name in DEADLINE_FIELDS:
            at_window |= Q(**{f"{name}__in": list(windows)})
        agreements = (
            Agreement.objects.restrict(user)
            .filter(at_window, status=Status.IN_FORCE)
            .order_by("id")[:limit]
        )
        for agreement in agreements:
            for kind, name in DEADLINE_FIELDS:
                day = getattr(agreement, name)
                if day in windows:
                    digest.deadlines.append(Deadline(agreement, kind, day, windows[day]))
        digest.deadlines.sort(key=lambda d: (d.day, d.agreement.pk))
    return digest


@dataclass
class Prepared:
    """A message ready to send, or the reason there is none."""

    message: EmailMultiAlternatives | None = None
    skip_reason: str = ""


def user_language(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def prepare_digest(reminder, now: datetime | None = None) -> Prepared:
    """The e-mail of a digest reminder, built now: the user's address, choice and clearance
    as they are at this moment. Nothing to send (with the reason) when the user was
    deactivated, opted out, has no address, or has nothing left to report."""
    user = reminder.user
    if not user.is_active:
        return Prepared(skip_reason="user is inactive")
    if not wants_digest(user):
        return Prepared(skip_reason="user opted out of digests")
    address = reminder_address(user)
    if not address:
        return Prepared(skip_reason="user has no e-mail address")
    with translation.override(user_language(user)):
        digest = build_digest(user, now)
        if digest.is_empty:
            return Prepared(skip_reason="nothing to report")
        base = conf.base_url()
        context = {
            "digest": digest,
            "user": user,
            "base_url": base,
            "settings_url": base + reverse("notifications:settings"),
            "rtl": translation.get_language_bidi(),
            "language": translation.get_language(),
            "day": formats.date_format(digest.today, "DATE_FORMAT"),
        }
        subject = _("Accord: your reminders for %(day)s") % {"day": context["day"]}
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
        headers={
            "Message-ID": reminder.message_id(conf.mail_domain()),
            # RFC 3834: a machine wrote this; out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "X-Accord-Reminder": reminder.key,
        },
    )
    message.attach_alternative(html, "text/html")
    return Prepared(message=message)
