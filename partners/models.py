"""The partner registry: every counterpart in one table, and the people who represent them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import WebAddressField
from core.models import BilingualNameMixin, Primary
from core.text import bilingual, normalize
from partners.choices import InstitutionType, OrganizationCategory, PartnerKind, Region, SubRegion


class Partner(BilingualNameMixin, Primary):
    """A counterpart: a country, an international organization, or an institution (a
    ministry, regulator, company, university...) in a country. Everything else points here."""

    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=250)
    name_ar = models.CharField(_("name (Arabic)"), max_length=250, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    iso_alpha2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, blank=True)
    iso_alpha3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, blank=True)
    region = models.CharField(_("region"), max_length=3, choices=Region, blank=True, db_index=True)
    subregion = models.CharField(_("sub-region"), max_length=3, choices=SubRegion, blank=True)
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=OrganizationCategory,
        blank=True,
        db_index=True,
        help_text=_("For organizations: how the sector groups them."),
    )
    institution_type = models.CharField(
        _("type of institution"), max_length=20, choices=InstitutionType, blank=True, db_index=True
    )
    country = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="based_here",
        limit_choices_to={"kind": PartnerKind.COUNTRY},
        verbose_name=_("country"),
        help_text=_("Where an institution is, or where an organization has its headquarters."),
    )
    is_domestic = models.BooleanField(
        _("domestic body"),
        default=False,
        db_index=True,
        help_text=_("The home country's own ministry and its affiliated bodies."),
    )
    website = WebAddressField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    former_names = models.TextField(
        _("former and other names"),
        blank=True,
        help_text=_("One per line: used to recognise the partner in imports and search."),
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["iso_alpha2"],
                condition=Q(kind="country"),
                name="partner_country_iso_unique",
            ),
            models.UniqueConstraint(
                Upper("acronym"),
                condition=Q(kind="organization") & ~Q(acronym=""),
                name="partner_org_acronym_unique",
                violation_error_message=_("An organization with this acronym already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="country") | ~Q(iso_alpha2=""), name="partner_country_has_iso"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name_en"], name="partner_kind_name_idx"),
            models.Index(fields=["name_ar"], name="partner_name_ar_idx"),
            models.Index(fields=["-updated_at"], name="partner_updated_idx"),
            models.Index(fields=["country"], name="partner_country_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner_detail", args=[self.pk])

    def clean(self):
        errors = {}
        self.iso_alpha2 = self.iso_alpha2.upper()
        self.iso_alpha3 = self.iso_alpha3.upper()
        self.acronym = self.acronym.strip()
        if self.kind == PartnerKind.COUNTRY:
            if len(self.iso_alpha2) != 2:
                errors["iso_alpha2"] = _("A country needs its two-letter ISO code.")
            elif (
                Partner.objects.filter(kind=PartnerKind.COUNTRY, iso_alpha2=self.iso_alpha2)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["iso_alpha2"] = _("A country with this ISO code already exists.")
        if self.kind == PartnerKind.ORGANIZATION:
            if (
                self.acronym
                and Partner.objects.filter(
                    kind=PartnerKind.ORGANIZATION, acronym__iexact=self.acronym
                )
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["acronym"] = _("An organization with this acronym already exists.")
            if not self.category:
                errors["category"] = _("Choose the category of the organization.")
        elif self.category:
            errors["category"] = _("Only organizations have a category.")
        if self.kind == PartnerKind.INSTITUTION:
            if not self.institution_type:
                errors["institution_type"] = _("Choose the type of institution.")
            if not self.country_id:
                errors["country"] = _("Choose the country the institution is in.")
        elif self.institution_type:
            errors["institution_type"] = _("Only institutions have a type.")
        if self.country_id and self.country_id == self.pk:
            errors["country"] = _("A partner cannot be its own country.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = normalize(
            " ".join(
                [
                    self.name_en,
                    self.name_ar,
                    self.acronym,
                    self.iso_alpha2,
                    self.iso_alpha3,
                    self.former_names,
                ]
            )
        )
        super().save(*args, **kwargs)


class Person(Primary):
    """Someone the sector deals with: an ambassador, a minister, an official of an
    organization. Their positions over time say whom they represented and when."""

    honorific_en = models.CharField(_("honorific (English)"), max_length=40, blank=True)
    honorific_ar = models.CharField(_("honorific (Arabic)"), max_length=40, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    nationality = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="nationals",
        limit_choices_to={"kind": PartnerKind.COUNTRY},
        verbose_name=_("nationality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name_en"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ar)

    def get_absolute_url(self) -> str:
        return reverse("partners:person_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.name_en} {self.name_ar}")
        super().save(*args, **kwargs)


class Position(models.Model):
    """A post a person held with a partner for a time (e.g. ambassador of Japan in Cairo,
    2021-2024). An open end means they still hold it."""

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    partner = models.ForeignKey(
        Partner,
        models.PROTECT,
        related_name="positions",
        verbose_name=_("partner"),
        help_text=_("The country, organization or institution the person represents."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    posted_in = models.CharField(_("posted in (city)"), max_length=100, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="position_end_after_start",
                violation_error_message=_("A position cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["partner", "-start"], name="position_partner_idx")]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    @property
    def is_current(self) -> bool:
        return self.end is None
