"""Choices of the public portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageKey(models.TextChoices):
    """The portal's editable texts."""

    INTRODUCTION = "introduction", _("The sector's introduction")
    BILATERAL = "bilateral", _("Introduction to bilateral cooperation")
    MULTILATERAL = "multilateral", _("Introduction to multilateral cooperation")


class CountryGroup(models.TextChoices):
    """Partner countries as the sector groups them: Arab countries first (members of the
    League of Arab States, wherever they are), then by continent (UN M49 regions)."""

    ARAB = "arab", _("Arab countries")
    AFRICAN = "african", _("African countries")
    EUROPEAN = "european", _("European countries")
    ASIAN = "asian", _("Asian and Pacific countries")
    AMERICAN = "american", _("American countries")


class OrganizationGroup(models.TextChoices):
    """International organizations as the sector presents them."""

    REGIONAL_ARAB = "regional_arab", _("Arab regional organizations")
    REGIONAL_AFRICAN = "regional_african", _("African regional organizations")
    UN = "un", _("United Nations agencies and programmes")
    SPECIALIZED = "specialized", _("Non-UN specialized organizations")
    TRADE = "trade", _("Trade and economic organizations")
