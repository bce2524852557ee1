"""Choices of the multilateral app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member state")
    ASSOCIATE = "associate", _("Associate member")
    SECTOR_MEMBER = "sector_member", _("Sector member")
    OBSERVER = "observer", _("Observer")
    CANDIDATE = "candidate", _("Candidate for membership")


class BodyKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary or general assembly")
    COUNCIL = "council", _("Council or executive board")
    COMMITTEE = "committee", _("Committee")
    STUDY_GROUP = "study_group", _("Study group")
    WORKING_GROUP = "working_group", _("Working group")
    BUREAU = "bureau", _("Bureau")
    SECRETARIAT = "secretariat", _("Secretariat")


class CandidacyResult(models.TextChoices):
    PENDING = "pending", _("Election to come")
    ELECTED = "elected", _("Elected")
    NOT_ELECTED = "not_elected", _("Not elected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ContributionKind(models.TextChoices):
    ASSESSED = "assessed", _("Assessed contribution (dues)")
    VOLUNTARY = "voluntary", _("Voluntary contribution")


class PositionStatus(models.TextChoices):
    """A national position at a multilateral meeting."""

    DRAFT = "draft", _("Draft")
    CLEARED = "cleared", _("Cleared")
    DELIVERED = "delivered", _("Delivered")


class MemberStateStatus(models.TextChoices):
    """A country's membership of an organization, in the reference data (the Correlates of
    War IGO data's full and associate membership)."""

    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")
