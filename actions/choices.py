"""Choices of the actions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """Where a follow-up action stands. Open and in progress are the active states."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def active(cls) -> list[str]:
        """The states in which an action still waits for someone: it can be overdue."""
        return [cls.OPEN, cls.IN_PROGRESS]


class Priority(models.TextChoices):
    """How urgent an action is, in increasing order (the order of `Priority.rank`)."""

    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")

    @classmethod
    def ranks(cls) -> dict[str, int]:
        """Each priority's sort rank: the list sorts by rank, not by the stored text."""
        return {value: index for index, value in enumerate(cls.values, start=1)}
