"""Agreements and memoranda of understanding: the instrument, its parties and their
treaty actions, its lifecycle, its term, and its relations to other instruments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.choices import (
    AgreementType,
    EntryIntoForceRule,
    LifecycleEvent,
    PartyRole,
    RelationKind,
    Status,
    TermKind,
    TermStart,
    TermUnit,
    TreatyActionKind,
)
from core.models import OrgUnit, Primary, Publishable, published_is_public
from core.text import bilingual, normalize
from partners.models import Partner, Person


class Agreement(Publishable, Primary):
    """An instrument: an MoU, agreement, treaty, protocol, executive programme...

    The rule fields (entry into force, term, renewal, notice) are what the parties agreed;
    the computed fields (entry_into_force, expiry_date, notice_deadline, next_review) are
    kept up to date by agreements.services from them and from the treaty actions, so that
    lists can filter and sort on them with an index.
    """

    type = models.CharField(_("type"), max_length=30, choices=AgreementType, db_index=True)
    title_en = models.CharField(_("English title"), max_length=500)
    title_ar = models.CharField(_("Arabic title"), max_length=500, blank=True)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    summary = models.TextField(_("subject summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PROPOSAL, db_index=True
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("owning desk"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsible officer"),
    )
    implementers = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="implemented_agreements",
        limit_choices_to={"is_domestic": True},
        verbose_name=_("implementing bodies"),
        help_text=_("The domestic bodies that carry it out."),
    )
    signature_date = models.DateField(_("date of signature"), null=True, blank=True)
    signature_place = models.CharField(_("place of signature"), max_length=120, blank=True)
    # What the parties agreed about entry into force.
    eif_rule = models.CharField(
        _("entry into force"),
        max_length=20,
        choices=EntryIntoForceRule,
        default=EntryIntoForceRule.ON_SIGNATURE,
    )
    eif_fixed_date = models.DateField(_("fixed date of entry into force"), null=True, blank=True)
    eif_days = models.PositiveIntegerField(
        _("days after the last notification"), null=True, blank=True
    )
    # What the parties agreed about its term.
    term_kind = models.CharField(_("term"), max_length=20, choices=TermKind, default=TermKind.FIXED)
    term_start = models.CharField(
        _("term runs"), max_length=20, choices=TermStart, default=TermStart.ENTRY_INTO_FORCE
    )
    term_length = models.PositiveIntegerField(_("length of the term"), null=True, blank=True)
    term_unit = models.CharField(_("unit"), max_length=10, choices=TermUnit, default=TermUnit.YEARS)
    renewal_length = models.PositiveIntegerField(
        _("renewal period"),
        null=True,
        blank=True,
        help_text=_("For tacit renewal: the length of each renewal (empty: as the first term)."),
    )
    renewal_unit = models.CharField(
        _("renewal unit"), max_length=10, choices=TermUnit, default=TermUnit.YEARS
    )
    notice_months = models.PositiveIntegerField(
        _("notice (months)"),
        null=True,
        blank=True,
        help_text=_("How many months before the end of a term notice must be given."),
    )
    review_years = models.PositiveIntegerField(_("review every (years)"), null=True, blank=True)
    # Computed by agreements.services.refresh_dates; never edited by hand.
    entry_into_force = models.DateField(
        _("entry into force"), null=True, blank=True, editable=False
    )
    expiry_date = models.DateField(_("expiry"), null=True, blank=True, editable=False)
    notice_deadline = models.DateField(_("notice deadline"), null=True, blank=True, editable=False)
    next_review = models.DateField(_("next review"), null=True, blank=True, editable=False)
    termination_date = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    dates_computed_on = models.DateField(null=True, blank=True, editable=False)
    legal_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("legal review passed by"),
    )
    legal_cleared_at = models.DateTimeField(
        _("legal review passed on"), null=True, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-signature_date", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            published_is_public("agreement"),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="agreement_reference_unique",
                # "unique" makes Django name the `reference` field in the error.
                violation_error_code="unique",
                violation_error_message=_("Another agreement has this reference number."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-signature_date"], name="agreement_status_idx"),
            models.Index(fields=["type", "-signature_date"], name="agreement_type_idx"),
            models.Index(fields=["-signature_date", "-id"], name="agreement_signed_idx"),
            models.Index(fields=["expiry_date"], name="agreement_expiry_idx"),
            models.Index(fields=["notice_deadline"], name="agreement_notice_idx"),
            models.Index(fields=["next_review"], name="agreement_review_idx"),
            models.Index(fields=["entry_into_force"], name="agreement_eif_idx"),
            models.Index(fields=["owner_unit", "status"], name="agreement_desk_idx"),
            models.Index(fields=["-updated_at"], name="agreement_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.eif_rule == EntryIntoForceRule.FIXED_DATE and not self.eif_fixed_date:
            errors["eif_fixed_date"] = _("Give the date on which it enters into force.")
        if self.eif_rule == EntryIntoForceRule.DAYS_AFTER_LAST and self.eif_days is None:
            errors["eif_days"] = _("Give the number of days after the last notification.")
        if (
            self.eif_fixed_date
            and self.signature_date
            and self.eif_rule == EntryIntoForceRule.FIXED_DATE
            and self.eif_fixed_date < self.signature_date
        ):
            message = _("Entry into force cannot come before signature.")
            errors["eif_fixed_date"] = message
            errors["signature_date"] = message
        if self.term_kind in (TermKind.FIXED, TermKind.TACIT_RENEWAL) and not self.term_length:
            errors["term_length"] = _("Give the length of the term.")
        if self.term_kind == TermKind.TACIT_RENEWAL and self.notice_months is None:
            errors["notice_months"] = _("Give how many months before expiry notice must be given.")
        if self.term_kind == TermKind.INDEFINITE_REVIEW and not self.review_years:
            errors["review_years"] = _("Give how often it is reviewed.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.title_en} {self.title_ar} {self.reference}")
        super().save(*args, **kwargs)


class AgreementParty(models.Model):
    """A partner's place in an agreement: its role, and who signed for it, where and when."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="agreement_parties", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole, default=PartyRole.PARTY)
    signatory = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("signatory"),
    )
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=200,
        blank=True,
        help_text=_("When the signatory is not in the registry of people."),
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.CharField(_("signed at"), max_length=120, blank=True)

    class Meta:
        ordering = ["agreement", "role", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="agreement_party_unique",
                violation_error_message=_("This partner is already a party to the agreement."),
            )
        ]
        indexes = [models.Index(fields=["partner", "agreement"], name="party_partner_idx")]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"

    @property
    def signatory_display(self) -> str:
        if self.signatory_id:
            return str(self.signatory)
        return ", ".join(p for p in (self.signatory_name, self.signatory_title) if p)


class TreatyAction(models.Model):
    """A step one party took under the agreement: signature, ratification, notification,
    entry into force, denunciation... with its date."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="treaty_actions", verbose_name=_("agreement")
    )
    # RESTRICT: removing a party must not silently erase its ratifications and notifications,
    # on which entry into force depends (they are removed first, each recorded); unlike
    # PROTECT it still lets the whole agreement be deleted, its actions and parties with it.
    party = models.ForeignKey(
        AgreementParty, models.RESTRICT, related_name="treaty_actions", verbose_name=_("party")
    )
    kind = models.CharField(_("action"), max_length=30, choices=TreatyActionKind)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "kind", "date"],
                name="treaty_action_unique",
                violation_error_message=_("This action is already recorded for this party."),
            )
        ]
        indexes = [models.Index(fields=["agreement", "date"], name="treaty_action_date_idx")]

    def __str__(self) -> str:
        return f"{self.party.partner}: {self.get_kind_display()} {self.date}"

    def clean(self):
        if self.party_id and self.agreement_id and self.party.agreement_id != self.agreement_id:
            raise ValidationError({"party": _("This party belongs to another agreement.")})
        signature = self.agreement.signature_date if self.agreement_id else None
        if signature and self.date < signature and self.kind != TreatyActionKind.SIGNATURE:
            raise ValidationError(
                {"date": _("This action cannot come before the signature of the agreement.")}
            )


class AgreementRelation(models.Model):
    """`source` amends / supersedes / implements / renews / extends `target`."""

    source = models.ForeignKey(
        Agreement, models.CASCADE, related_name="relations_out", verbose_name=_("agreement")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind)
    target = models.ForeignKey(
        Agreement,
        models.CASCADE,
        related_name="relations_in",
        verbose_name=_("related agreement"),
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"],
                name="agreement_relation_unique",
                violation_error_message=_("This relation is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="agreement_relation_not_self",
                violation_error_message=_("An agreement cannot relate to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class StatusChange(models.Model):
    """One step of the lifecycle: from which status to which (or a legal clearance), by
    whom, when and why. The agreement page draws its timeline from these."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="status_changes", verbose_name=_("agreement")
    )
    event = models.CharField(
        _("event"), max_length=20, choices=LifecycleEvent, default=LifecycleEvent.TRANSITION
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["agreement", "at"], name="status_change_idx")]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.from_status} → {self.to_status}"
