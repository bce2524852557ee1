"""Initiatives and their results: the programmes, projects and partnerships that carry out
agreements, who takes part in them and in which role, the money committed and disbursed,
and the results framework (indicators; baselines, targets and actuals per period) that
says what each partnership delivered."""

from decimal import Decimal

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.fields import validate_currency
from core.models import (
    BilingualNameMixin,
    ChangeLogged,
    FieldNamedConstraints,
    OrgUnit,
    Primary,
    Publishable,
    published_is_public,
)
from core.text import bilingual, normalize
from initiatives.choices import (
    Direction,
    FundingKind,
    InitiativeKind,
    InitiativeStatus,
    PartnerRole,
    ResultType,
    Unit,
)
from partners.models import Partner

AMOUNT = {"max_digits": 18, "decimal_places": 2}
VALUE = {"max_digits": 18, "decimal_places": 2, "null": True, "blank": True}


class Indicator(BilingualNameMixin, models.Model):
    """An indicator of the sector's results framework (people trained, jobs created...):
    reference data, shared by every initiative that measures it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.INCREASE
    )
    result_type = models.CharField(
        _("result level"), max_length=10, choices=ResultType, default=ResultType.OUTPUT
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ExchangeRate(ChangeLogged):
    """How many units of the reporting currency one unit of `currency` was worth in `year`
    (an average for the year, entered by the sector: never fetched)."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    year = models.PositiveIntegerField(_("year"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text=_("Units of the reporting currency for one unit of this currency."),
    )

    class Meta:
        ordering = ["-year", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        indexes = [models.Index(fields=["-year", "currency"], name="exchange_rate_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "year"],
                name="exchange_rate_unique",
                violation_error_message=_("A rate for this currency and year is recorded."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("A rate must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.year}: {self.rate} {settings.ACCORD_REPORTING_CURRENCY}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:rate_list")

    def clean(self):
        if self.currency:
            self.currency = self.currency.upper()
        if self.currency == settings.ACCORD_REPORTING_CURRENCY:
            raise ValidationError(
                {"currency": _("This is the reporting currency: its rate is always 1.")}
            )


class Initiative(Publishable, Primary):
    """A cooperation programme, project or partnership: the work that carries out one or
    more agreements, with its partners, its funding and its results."""

    title_en = models.CharField(_("English title"), max_length=300)
    title_ar = models.CharField(_("Arabic title"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=InitiativeKind, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus,
        default=InitiativeStatus.PLANNED,
        db_index=True,
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    agreements = models.ManyToManyField(
        Agreement,
        blank=True,
        related_name="initiatives",
        verbose_name=_("agreements implemented"),
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("owning desk"),
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="initiative_end_after_start",
                violation_error_message=_("An initiative cannot end before it starts."),
            ),
            published_is_public("initiative"),
        ]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="initiative_start_idx"),
            models.Index(fields=["status", "-start_date"], name="initiative_status_idx"),
            models.Index(fields=["kind", "-start_date"], name="initiative_kind_idx"),
            models.Index(fields=["owner_unit", "status"], name="initiative_desk_idx"),
            models.Index(fields=["title_en"], name="initiative_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_ar)

    @property
    def description(self) -> str:
        return bilingual(self.description_en, self.description_ar)

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", args=[self.pk])

    @property
    def iati_identifier(self) -> str:
        """Stable: the reporting organisation's identifier and this record's number."""
        return f"{settings.ACCORD_IATI_ORG_REF}-{self.pk}"

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("An initiative cannot end before it starts.")
        if self.pk and self.start_date:
            # Its result periods must stay inside its dates.
            periods = ResultPeriod.objects.filter(result__initiative=self)
            if periods.filter(period_start__lt=self.start_date).exists():
                errors["start_date"] = _(
                    "Results are recorded for periods before this date: change them first."
                )
            if self.end_date and periods.filter(period_end__gt=self.end_date).exists():
                errors["end_date"] = _(
                    "Results are recorded for periods after this date: change them first."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.title_en} {self.title_ar}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title_en", "title_ar"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class InitiativePartner(FieldNamedConstraints, models.Model):
    """A partner in an initiative, in one role: a foreign government, an organization, a
    company, a university or a domestic body."""

    constraint_fields = {"initiative_partner_role_unique": "partner"}

    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="participants", verbose_name=_("initiative")
    )
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="initiative_roles", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "partner", "role"],
                name="initiative_partner_role_unique",
                violation_error_message=_("This partner is already listed in this role."),
            )
        ]
        indexes = [models.Index(fields=["partner", "initiative"], name="initiative_partner_idx")]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()


class Funding(models.Model):
    """Money committed to or disbursed for an initiative, in its own currency. Totals are
    converted to the reporting currency with the rate of the year (ExchangeRate)."""

    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="funding", verbose_name=_("initiative")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind)
    source = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_given",
        verbose_name=_("source"),
        help_text=_("Who provides the money."),
    )
    amount = models.DecimalField(
        _("amount"), **AMOUNT, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_amount_positive",
                violation_error_message=_("An amount must be more than zero."),
            )
        ]
        indexes = [
            models.Index(fields=["initiative", "kind"], name="funding_initiative_idx"),
            models.Index(fields=["currency", "date"], name="funding_currency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} {self.currency}"

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()

    def clean(self):
        if not self.currency:
            return
        self.currency = self.currency.upper()
        reporting = settings.ACCORD_REPORTING_CURRENCY
        known = pycountry.currencies.get(alpha_3=self.currency) is not None
        if self.currency == reporting or not self.date or not known:
            return  # an unknown code is named by the field's own validator
        year = self.date.year
        if not ExchangeRate.objects.filter(currency=self.currency, year=year).exists():
            raise ValidationError(
                {
                    "currency": _(
                        "No rate from %(currency)s to %(reporting)s is recorded for %(year)s: "
                        "add it under exchange rates first."
                    )
                    % {"currency": self.currency, "reporting": reporting, "year": year}
                }
            )


class Result(FieldNamedConstraints, models.Model):
    """An indicator that an initiative measures, with its baseline."""

    constraint_fields = {"result_one_per_indicator": "indicator"}

    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="results", verbose_name=_("initiative")
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="results", verbose_name=_("indicator")
    )
    baseline = models.DecimalField(_("baseline"), **VALUE)
    baseline_year = models.PositiveIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("source of the baseline"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator__name_en", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "indicator"],
                name="result_one_per_indicator",
                violation_error_message=_("This initiative already measures this indicator."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.initiative}"

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()

    def clean(self):
        if self.baseline is not None and not self.baseline_year:
            raise ValidationError({"baseline_year": _("Give the year of the baseline.")})


class ResultPeriod(FieldNamedConstraints, models.Model):
    """The target and the actual value of a result for one period, with where the actual
    value comes from. A period lies within its initiative's dates."""

    constraint_fields = {"result_period_unique": "period_start"}

    result = models.ForeignKey(
        Result, models.CASCADE, related_name="periods", verbose_name=_("result")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    target = models.DecimalField(_("target"), **VALUE)
    actual = models.DecimalField(_("actual"), **VALUE)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the actual value comes from: a report, a survey, a partner."),
    )

    class Meta:
        ordering = ["period_start", "id"]
        verbose_name = _("result period")
        verbose_name_plural = _("result periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="result_period_order",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["result", "period_start"],
                name="result_period_unique",
                violation_error_message=_("A period starting on this date is recorded."),
            ),
        ]
        indexes = [models.Index(fields=["period_end"], name="result_period_end_idx")]

    def __str__(self) -> str:
        return f"{self.result.indicator}: {self.period_start} – {self.period_end}"

    def get_absolute_url(self) -> str:
        return self.result.initiative.get_absolute_url()

    def clean(self):
        errors = {}
        start, end = self.period_start, self.period_end
        if start and end and end < start:
            errors["period_end"] = _("A period cannot end before it starts.")
        initiative = self.result.initiative if self.result_id else None
        if initiative and start and end:
            first, last = initiative.start_date, initiative.end_date
            if start < first or (last and end > last):
                errors["period_start"] = _(
                    "The period must fall within the initiative's dates (%(start)s to %(end)s)."
                ) % {
                    "start": formats.date_format(first, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(last, "SHORT_DATE_FORMAT") if last else "…",
                }
        if self.actual is not None and start and start > timezone.localdate():
            errors["actual"] = _("An actual value cannot be recorded for a period to come.")
        if (self.target is None) and (self.actual is None):
            errors["target"] = _("Give a target, an actual value or both.")
        if errors:
            raise ValidationError(errors)
