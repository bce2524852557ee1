"""Choices of the agreements app. The values of the date rules are those of
agreements.dates, which computes with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements import dates


class AgreementType(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    AGREEMENT = "agreement", _("Agreement")
    TREATY = "treaty", _("Treaty or convention")
    PROTOCOL = "protocol", _("Protocol")
    EXECUTIVE_PROGRAMME = "executive_programme", _("Executive programme")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    JOINT_DECLARATION = "joint_declaration", _("Joint declaration")
    CONTRACT = "contract", _("Contract")


class Status(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    DRAFTING = "drafting", _("Drafting")
    NEGOTIATION = "negotiation", _("Negotiation")
    LEGAL_REVIEW = "legal_review", _("Legal review")
    APPROVED = "approved", _("Approved for signature")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUPERSEDED = "superseded", _("Superseded")


class LifecycleEvent(models.TextChoices):
    TRANSITION = "transition", _("Status change")
    LEGAL_CLEARANCE = "legal_clearance", _("Legal review passed")
    AUTOMATIC = "automatic", _("Automatic change")


class EntryIntoForceRule(models.TextChoices):
    ON_SIGNATURE = dates.EIF_ON_SIGNATURE, _("On signature")
    FIXED_DATE = dates.EIF_FIXED_DATE, _("On a fixed date")
    LAST_NOTIFICATION = dates.EIF_LAST_NOTIFICATION, _("On the date of the last notification")
    DAYS_AFTER_LAST = (
        dates.EIF_DAYS_AFTER_LAST,
        _("A number of days after the last notification or ratification"),
    )


class TermKind(models.TextChoices):
    FIXED = dates.TERM_FIXED, _("Fixed term")
    TACIT_RENEWAL = dates.TERM_TACIT, _("Fixed term, renewed tacitly unless notice is given")
    INDEFINITE_REVIEW = dates.TERM_INDEFINITE_REVIEW, _("Indefinite, with periodic review")
    UNTIL_NOTICE = dates.TERM_UNTIL_NOTICE, _("Indefinite, until terminated by notice")


class TermUnit(models.TextChoices):
    MONTHS = dates.UNIT_MONTHS, _("months")
    YEARS = dates.UNIT_YEARS, _("years")


class TermStart(models.TextChoices):
    ENTRY_INTO_FORCE = "entry_into_force", _("From entry into force")
    SIGNATURE = "signature", _("From signature")


class PartyRole(models.TextChoices):
    PARTY = "party", _("Party")
    WITNESS = "witness", _("Witness")
    DEPOSITARY = "depositary", _("Depositary")


class TreatyActionKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    NOTIFICATION = "notification", _("Notification of completion of internal procedures")
    PROVISIONAL_APPLICATION = "provisional_application", _("Provisional application")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    DENUNCIATION = "denunciation", _("Denunciation")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    TERMINATION = "termination", _("Termination")


# The treaty actions by which a party expresses its consent to be bound (they count for
# entry into force after the last notification or ratification).
CONSENT_ACTIONS = {
    TreatyActionKind.RATIFICATION,
    TreatyActionKind.ACCEPTANCE,
    TreatyActionKind.APPROVAL,
    TreatyActionKind.ACCESSION,
    TreatyActionKind.NOTIFICATION,
}
# The actions by which a party ends its participation (notice of termination).
NOTICE_ACTIONS = {
    TreatyActionKind.DENUNCIATION,
    TreatyActionKind.WITHDRAWAL,
    TreatyActionKind.TERMINATION,
}


class RelationKind(models.TextChoices):
    """How one instrument relates to another; each is read both ways on the pages."""

    AMENDS = "amends", _("amends")
    SUPERSEDES = "supersedes", _("supersedes")
    IMPLEMENTS = "implements", _("implements")
    RENEWS = "renews", _("renews")
    EXTENDS = "extends", _("extends")


# The same relations seen from the other end.
RELATION_INVERSE_LABELS = {
    RelationKind.AMENDS: _("amended by"),
    RelationKind.SUPERSEDES: _("superseded by"),
    RelationKind.IMPLEMENTS: _("implemented by"),
    RelationKind.RENEWS: _("renewed by"),
    RelationKind.EXTENDS: _("extended by"),
}
