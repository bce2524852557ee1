"""Choices of the initiatives app. Each carries, where the IATI standard has one, the code
that the IATI export publishes (see initiatives.iati)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", _("Capacity-building programme")
    INVESTMENT = "investment", _("Investment project")
    RESEARCH = "research", _("Research partnership")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    INNOVATION = "innovation", _("Innovation programme")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class PartnerRole(models.TextChoices):
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    BENEFICIARY = "beneficiary", _("Beneficiary")
    PARTNER = "partner", _("Partner")


class FundingKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    JOBS = "jobs", _("jobs")
    USD = "usd", _("US dollars")
    COMPANIES = "companies", _("companies")
    ACTIVITIES = "activities", _("activities")
    NUMBER = "number", _("number")
    PERCENT = "percent", _("per cent")


class Direction(models.TextChoices):
    """Which way is good for an indicator."""

    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class ResultType(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")
