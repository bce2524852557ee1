"""Choices of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReminderKind(models.TextChoices):
    """What a reminder is. A digest gathers everything due for one user on one day."""

    DIGEST = "digest", _("Daily digest")


class ReminderState(models.TextChoices):
    """Where a reminder stands in the queue. Only pending reminders are taken by a worker."""

    PENDING = "pending", pgettext_lazy("reminder state", "Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
