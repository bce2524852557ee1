"""The use cases of notifications: issuing and revoking a calendar feed's address, and
saving reminder settings. Each validates, saves and records the change in one transaction
through core.services."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core import services
from core.choices import ChangeChannel
from notifications.models import CalendarFeed, ReminderSettings, hash_token

# How often a fetch may write `last_used_at`: calendar clients poll every few minutes, and
# the settings page only needs to say roughly when the feed was last read.
LAST_USED_PRECISION = timedelta(hours=1)


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


@transaction.atomic
def issue_feed(user, *, by=None, channel=ChangeChannel.PAGE) -> tuple[CalendarFeed, str]:
    """Give `user` a new calendar address and return (feed, token). Any earlier address
    stops working at once. The token is returned once and stored only as its hash: the
    caller shows it and forgets it."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    token = new_token()
    replacing = feed.is_active
    feed.token_hash = hash_token(token)
    feed.token_hint = token[:4]
    feed.issued_at = timezone.now()
    feed.last_used_at = None
    comment = (
        "New calendar address issued; the previous one no longer works."
        if replacing
        else "Calendar address issued."
    )
    services.save(feed, by or user, channel=channel, comment=comment)
    return feed, token


@transaction.atomic
def revoke_feed(user, *, by=None, channel=ChangeChannel.PAGE) -> bool:
    """Turn `user`'s calendar feed off: its address answers 404 from now on. False when
    there was no active feed."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None or not feed.is_active:
        return False
    feed.token_hash = None
    feed.token_hint = ""
    feed.issued_at = None
    feed.last_used_at = None
    services.save(feed, by or user, channel=channel, comment="Calendar address revoked.")
    return True


def mark_used(feed, now=None) -> None:
    """Note that a calendar client read the feed (at most one write an hour per feed)."""
    now = now or timezone.now()
    if feed.last_used_at and now - feed.last_used_at < LAST_USED_PRECISION:
        return
    CalendarFeed.objects.filter(pk=feed.pk, token_hash=feed.token_hash).update(last_used_at=now)
    feed.last_used_at = now


def reminder_settings_for(user) -> ReminderSettings:
    """The user's reminder settings, unsaved defaults when they have none yet."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


def save_reminder_settings(instance: ReminderSettings, user, *, channel=ChangeChannel.PAGE):
    """Validate and save reminder settings with their change record. Raises
    ValidationError naming the field (a bad address: `email`); then nothing is saved."""
    instance.email = (instance.email or "").strip()
    return services.save(instance, user, channel=channel)
