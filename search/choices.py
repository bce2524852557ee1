"""Choices of the search app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a search result is; results are grouped by kind, in this order."""

    PARTNER = "partner", _("Partners")
    PERSON = "person", _("People")
    AGREEMENT = "agreement", _("Agreements")
    MEETING = "meeting", _("Meetings")
    MINUTES = "minutes", _("Minutes and decisions")
    POSITION = "position", _("National positions")
    INITIATIVE = "initiative", _("Initiatives")
    DOCUMENT = "document", _("Documents")
