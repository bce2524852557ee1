"""Choices of the partner registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    ORGANIZATION = "organization", _("Organization")
    INSTITUTION = "institution", _("Institution")


class OrganizationCategory(models.TextChoices):
    """International organizations as the sector groups them."""

    REGIONAL_ARAB = "regional_arab", _("Regional: Arab")
    REGIONAL_AFRICAN = "regional_african", _("Regional: African")
    REGIONAL_OTHER = "regional_other", _("Regional: other")
    UN = "un", _("UN agency or programme")
    NON_UN_SPECIALIZED = "non_un_specialized", _("Non-UN specialized organization")
    TRADE_ECONOMIC = "trade_economic", _("Trade and economic organization")
    DEVELOPMENT_FINANCE = "development_finance", _("Development finance institution")
    STANDARDS_INDUSTRY = "standards_industry", _("Standards and industry body")


class InstitutionType(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    COMPANY = "company", _("Private company")
    UNIVERSITY = "university", _("University")
    RESEARCH = "research", _("Research centre")
    NGO = "ngo", _("Non-governmental organization")


class Region(models.TextChoices):
    """UN M49 regions (the codes are M49's); names in the page's language come from CLDR."""

    AFRICA = "002", _("Africa")
    AMERICAS = "019", _("Americas")
    ASIA = "142", _("Asia")
    EUROPE = "150", _("Europe")
    OCEANIA = "009", _("Oceania")


class SubRegion(models.TextChoices):
    """UN M49 sub-regions."""

    NORTHERN_AFRICA = "015", _("Northern Africa")
    SUB_SAHARAN_AFRICA = "202", _("Sub-Saharan Africa")
    LATIN_AMERICA = "419", _("Latin America and the Caribbean")
    NORTHERN_AMERICA = "021", _("Northern America")
    CENTRAL_ASIA = "143", _("Central Asia")
    EASTERN_ASIA = "030", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "035", _("South-eastern Asia")
    SOUTHERN_ASIA = "034", _("Southern Asia")
    WESTERN_ASIA = "145", _("Western Asia")
    EASTERN_EUROPE = "151", _("Eastern Europe")
    NORTHERN_EUROPE = "154", _("Northern Europe")
    SOUTHERN_EUROPE = "039", _("Southern Europe")
    WESTERN_EUROPE = "155", _("Western Europe")
    AUSTRALIA_NZ = "053", _("Australia and New Zealand")
    MELANESIA = "054", _("Melanesia")
    MICRONESIA = "057", _("Micronesia")
    POLYNESIA = "061", _("Polynesia")
