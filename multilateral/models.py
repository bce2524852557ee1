"""Multilateral cooperation: memberships of the home country and its bodies in
organizations, the organizations' governing bodies, seats, elected posts and candidacies,
dues and contributions, national positions reused across conferences, and the member
states of organizations as reference data."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.choices import Classification
from core.fields import validate_currency
from core.models import OrgUnit, Primary, Publishable, published_is_public
from core.text import bilingual, normalize
from multilateral.choices import (
    BodyKind,
    CandidacyResult,
    ContributionKind,
    MembershipStatus,
    MemberStateStatus,
    PositionStatus,
)
from partners.models import Partner, Person

ORGANIZATION = {"kind": "organization"}
COUNTRY = {"kind": "country"}


class Membership(Publishable, Primary):
    """The home country (or one of its domestic bodies) in an organization: since when,
    with which status, on what legal basis, and who follows it."""

    organization = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="memberships",
        limit_choices_to=ORGANIZATION,
        verbose_name=_("organization"),
    )
    member = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="memberships_held",
        verbose_name=_("member"),
        help_text=_(
            "The home country, or one of its bodies (e.g. the regulator as a sector member)."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus, db_index=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    legal_basis = models.ForeignKey(
        Agreement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("legal basis"),
        help_text=_("The convention or constitution."),
    )
    focal_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("focal point (desk)"),
    )
    focal_person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_followed",
        verbose_name=_("focal point (person)"),
    )

    class Meta:
        ordering = ["organization__name_en", "-since"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            published_is_public("membership"),
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=Q(until__isnull=True),
                name="membership_one_active",
                violation_error_message=_("This member already has an active membership here."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="membership_until_after_since",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="membership_org_idx"),
            models.Index(fields=["member", "organization"], name="membership_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("multilateral:organization_detail", args=[self.organization_id])

    @property
    def is_active(self) -> bool:
        return self.until is None

    def clean(self):
        errors = {}
        if self.until and self.since and self.until < self.since:
            errors["until"] = _("A membership cannot end before it starts.")
        if self.organization_id and self.organization.kind != "organization":
            errors["organization"] = _("Choose an international organization.")
        active = Membership.objects.filter(
            organization_id=self.organization_id, member_id=self.member_id, until__isnull=True
        ).exclude(pk=self.pk)
        if self.until is None and self.organization_id and self.member_id and active.exists():
            errors["member"] = _("This member already has an active membership here.")
        if errors:
            raise ValidationError(errors)


class GoverningBody(models.Model):
    """A body of an organization: its council, a study group, a bureau... Part of its
    organization (deleted with it), but protected by the seats, posts, candidacies,
    positions and meetings that refer to it."""

    organization = models.ForeignKey(
        Partner,
        models.CASCADE,
        related_name="governing_bodies",
        limit_choices_to=ORGANIZATION,
        verbose_name=_("organization"),
    )
    name_en = models.CharField(_("English name"), max_length=250)
    name_ar = models.CharField(_("Arabic name"), max_length=250, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        ordering = ["organization", "name_en"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name_en"],
                name="body_unique_name",
                violation_error_message=_("This organization already has a body of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ar)


class Term(Publishable, Primary):
    """Abstract: something held for a term on a governing body."""

    body = models.ForeignKey(
        GoverningBody, models.PROTECT, related_name="%(class)ss", verbose_name=_("body")
    )
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            published_is_public("%(class)s"),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="%(class)s_term_order",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("multilateral:organization_detail", args=[self.body.organization_id])

    def clean(self):
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError(
                {
                    "term_end": _("The term cannot end before it starts."),
                    "term_start": _("The term cannot end before it starts."),
                }
            )


class Seat(Term):
    """A seat a country holds on a body (e.g. a seat on the ITU Council, 2023-2026)."""

    holder = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="seats",
        verbose_name=_("held by"),
    )

    class Meta(Term.Meta):
        ordering = ["-term_start"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.holder} — {self.body}"


class ElectedPost(Term):
    """A post on a body held by a national (chair, vice-chair, director...)."""

    title_en = models.CharField(_("English title"), max_length=200)
    title_ar = models.CharField(_("Arabic title"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="elected_posts", verbose_name=_("held by")
    )

    class Meta(Term.Meta):
        ordering = ["-term_start"]
        verbose_name = _("elected post")
        verbose_name_plural = _("elected posts")

    def __str__(self) -> str:
        return f"{self.title}: {self.person}"

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)


class Candidacy(Primary):
    """A candidacy of the country or of a national for a seat or a post, and its result."""

    body = models.ForeignKey(
        GoverningBody, models.PROTECT, related_name="candidacies", verbose_name=_("body")
    )
    post_en = models.CharField(
        _("post (English)"), max_length=200, blank=True, help_text=_("Empty for a seat.")
    )
    post_ar = models.CharField(_("post (Arabic)"), max_length=200, blank=True)
    country = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="candidacies",
        limit_choices_to=COUNTRY,
        verbose_name=_("country"),
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("candidate"),
    )
    election_date = models.DateField(_("election"), null=True, blank=True, db_index=True)
    votes_for = models.PositiveIntegerField(_("votes received"), null=True, blank=True)
    votes_cast = models.PositiveIntegerField(_("votes cast"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=CandidacyResult, default=CandidacyResult.PENDING
    )

    class Meta:
        ordering = ["-election_date", "-id"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(votes_cast__isnull=True)
                | Q(votes_for__lte=F("votes_cast")),
                name="candidacy_votes_order",
                violation_error_message=_("More votes received than cast."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.country} — {self.body}"


class Contribution(Primary):
    """Dues (assessed) or a voluntary contribution to an organization for a year."""

    organization = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="contributions",
        limit_choices_to=ORGANIZATION,
        verbose_name=_("organization"),
    )
    year = models.PositiveIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    amount_due = models.DecimalField(
        _("amount assessed or pledged"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount_paid = models.DecimalField(
        _("amount paid"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year", "organization__name_en"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(kind="assessed"),
                name="contribution_one_assessment_a_year",
                violation_error_message=_("This organization's dues for this year are recorded."),
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gte=0) & Q(amount_paid__gte=0),
                name="contribution_amounts_positive",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "-year"], name="contribution_org_idx")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("multilateral:organization_detail", args=[self.organization_id])

    @property
    def arrears(self) -> Decimal:
        return max(self.amount_due - self.amount_paid, Decimal("0"))

    def clean(self):
        if self.currency:
            self.currency = self.currency.upper()


class NationalPosition(Primary):
    """Our position on a topic debated in an organization: drafted, cleared, delivered,
    and reused and updated from one conference to the next. A draft is confidential by
    default."""

    topic_en = models.CharField(_("English topic"), max_length=300)
    topic_ar = models.CharField(_("Arabic topic"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="national_positions",
        limit_choices_to=ORGANIZATION,
        verbose_name=_("organization"),
    )
    body = models.ForeignKey(
        GoverningBody,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="national_positions",
        verbose_name=_("body"),
    )
    text_en = models.TextField(_("position (English)"), blank=True)
    text_ar = models.TextField(_("position (Arabic)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PositionStatus,
        default=PositionStatus.DRAFT,
        db_index=True,
    )
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification,
        default=Classification.CONFIDENTIAL,
        db_index=True,
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["topic_en"]
        verbose_name = _("national position")
        verbose_name_plural = _("national positions")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("multilateral:position_detail", args=[self.pk])

    @property
    def topic(self) -> str:
        return bilingual(self.topic_en, self.topic_ar)

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.topic_en} {self.topic_ar}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"topic_en", "topic_ar"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class OrganizationMember(models.Model):
    """Reference data: a country's membership of an organization (the League of Arab
    States, the African Union...), so that partners can be grouped by bloc."""

    organization = models.ForeignKey(
        Partner,
        models.CASCADE,
        related_name="member_states",
        limit_choices_to=ORGANIZATION,
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        Partner,
        models.CASCADE,
        related_name="blocs",
        limit_choices_to=COUNTRY,
        verbose_name=_("country"),
    )
    since = models.PositiveIntegerField(_("member since (year)"), null=True, blank=True)
    until = models.PositiveIntegerField(
        _("member until (year)"),
        null=True,
        blank=True,
        help_text=_("The last year of membership; empty while the country is a member."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStateStatus, default=MemberStateStatus.FULL
    )

    class Meta:
        ordering = ["organization", "country__name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.UniqueConstraint(fields=["organization", "country"], name="member_state_unique"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="member_state_until_after_since",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["country"], name="member_state_country_idx")]

    def __str__(self) -> str:
        return f"{self.country} ∈ {self.organization}"
