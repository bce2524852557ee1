"""Choices of the engagements app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral meeting")
    INCOMING_VISIT = "incoming_visit", _("Incoming visit")
    OUTGOING_VISIT = "outgoing_visit", _("Outgoing visit")
    CALL = "call", _("Call or video conference")
    COMMITTEE_SESSION = "committee_session", _("Joint committee session")
    MULTILATERAL = "multilateral", _("Multilateral conference or assembly")
    WORKSHOP = "workshop", _("Workshop or training")


class MeetingLevel(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of state or government")
    MINISTERIAL = "ministerial", _("Ministerial")
    DEPUTY_MINISTER = "deputy_minister", _("Deputy minister")
    SENIOR_OFFICIALS = "senior_officials", _("Senior officials")
    TECHNICAL = "technical", _("Technical")
    WORKING_GROUP = "working_group", _("Working group")


class Side(models.TextChoices):
    OURS = "ours", _("Our delegation")
    THEIRS = "theirs", _("Their delegation")


class PositionStatus(models.TextChoices):
    """Our national position on an agenda item."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    DELIVERED = "delivered", _("Delivered")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IMPLEMENTED = "implemented", _("Implemented")
    DROPPED = "dropped", _("Dropped")
