"""Forms of the initiatives app: the initiative, its parts (partners in roles, funding,
results and their periods) and the exchange rates.

A part's form is given its initiative (or its result) and sets it on the instance before
validation, so that the model's own rules (a period within the initiative's dates, a
partner once per role, an indicator measured once) run in the form and are shown on the
field they concern."""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.forms import AccordForm
from core.models import AreaOfCooperation, OrgUnit
from core.permissions import may_publish
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from partners.models import Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "dir": "ltr"})
CURRENCY = forms.TextInput(
    attrs={
        "maxlength": 3,
        "size": 4,
        "dir": "ltr",
        "autocapitalize": "characters",
        "autocomplete": "off",
        "spellcheck": "false",
    }
)


class InitiativesForm(AccordForm):
    """The forms of this app: the first field has the focus when the page opens, and an
    error the model names on a field the form does not show lands on `error_fallbacks`'
    field (or above the form), never in an exception."""

    error_fallbacks: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = next((f for f in self.visible_fields()), None)
        if first is not None and not self.is_bound:
            first.field.widget.attrs["autofocus"] = True

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            placed: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    name = self.error_fallbacks.get(name, NON_FIELD_ERRORS)
                    if name not in self.fields:
                        name = NON_FIELD_ERRORS
                placed.setdefault(name, []).extend(errors)
            error = ValidationError(placed)
        super().add_error(field, error)


class InitiativeForm(InitiativesForm):
    error_fallbacks = {"published": "classification"}

    class Meta:
        model = Initiative
        fields = [
            "title_en",
            "title_ar",
            "kind",
            "status",
            "start_date",
            "end_date",
            "description_en",
            "description_ar",
            "agreements",
            "areas",
            "owner_unit",
            "classification",
            "published",
        ]
        widgets = {
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
            "description_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "start_date": DATE,
            "end_date": DATE,
            "agreements": forms.SelectMultiple(attrs={"size": 5}),
            "areas": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "title_ar": _("Shown on the Arabic pages; the English title is used when empty."),
            "end_date": _("Leave empty while the end is not known."),
            "agreements": _(
                "The agreements this initiative carries out. Hold Ctrl (⌘ on a Mac) to choose "
                "more than one."
            ),
            "areas": _("Hold Ctrl (⌘ on a Mac) to choose more than one."),
            "classification": _(
                "Who may read it: nobody above their clearance. Only a public initiative can "
                "be published."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish(self.user):
            # Publishing in the open data is a manager's call; the others never see the box.
            del self.fields["published"]
        self.readable_agreements = Agreement.objects.restrict(self.user)
        self.fields["agreements"].queryset = self.readable_agreements.order_by("title_en", "pk")
        self.fields["areas"].queryset = AreaOfCooperation.objects.all()
        self.fields["owner_unit"].queryset = OrgUnit.objects.all()

    def clean_agreements(self):
        """The links to agreements the user cannot read are kept: the form never showed
        them, so leaving them out is no decision to remove them."""
        chosen = list(self.cleaned_data.get("agreements") or [])
        if self.instance.pk:
            hidden = self.instance.agreements.exclude(pk__in=self.readable_agreements.values("pk"))
            chosen += list(hidden)
        return chosen


class InitiativePartForm(InitiativesForm):
    """A part of an initiative: partner role, funding line or result."""

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            self.instance.initiative = initiative

    def readable_partners(self, name: str) -> None:
        """Offer in `name` the partners the user may read. A partner already chosen that
        the user may not read is kept as it is, unnamed: the select would drop it."""
        field = self.fields[name]
        readable = Partner.objects.restrict(self.user)
        field.queryset = readable.order_by("name_en", "pk")
        chosen = getattr(self.instance, f"{name}_id", None)
        if chosen and not readable.filter(pk=chosen).exists():
            field.disabled = True
            field.queryset = Partner.objects.filter(pk=chosen)
            field.widget = forms.HiddenInput()
            field.help_text = ""


class InitiativePartnerForm(InitiativePartForm):
    class Meta:
        model = InitiativePartner
        fields = ["partner", "role"]
        help_texts = {
            "partner": _(
                "A country, an organization, a company, a university or a domestic body. "
                "A partner may hold more than one role."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.readable_partners("partner")


class FundingForm(InitiativePartForm):
    class Meta:
        model = Funding
        fields = ["kind", "source", "amount", "currency", "date", "note"]
        widgets = {"amount": NUMBER, "currency": CURRENCY, "date": DATE}
        help_texts = {
            "kind": _("Committed: promised in writing. Disbursed: actually paid."),
            "date": _("The rate of this date's year converts the amount for the totals."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.readable_partners("source")
        self.fields["currency"].help_text = _(
            "The ISO 4217 code, such as EUR or JPY. Totals are shown in %(currency)s: a rate "
            "for the year must be recorded for any other currency."
        ) % {"currency": settings.ACCORD_REPORTING_CURRENCY}
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("currency", settings.ACCORD_REPORTING_CURRENCY)

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self):
        data = super().clean()
        currency, year = data.get("currency"), data.get("year")
        taken = ExchangeRate.objects.filter(currency=currency, year=year).exclude(
            pk=self.instance.pk
        )
        if currency and year and taken.exists():
            # Named on the year (the model's constraint would name no field).
            self.add_error(
                "year",
                _("A rate for %(currency)s in %(year)s is recorded: change that one instead.")
                % {"currency": currency, "year": year},
            )
        return data


class ResultForm(InitiativePartForm):
    class Meta:
        model = Result
        fields = ["indicator", "baseline", "baseline_year", "baseline_source"]
        widgets = {
            "baseline": NUMBER,
            "baseline_year": forms.NumberInput(attrs={"min": 1900, "max": 2100, "dir": "ltr"}),
        }
        help_texts = {
            "indicator": _("What the initiative measures, from the sector's catalogue."),
            "baseline": _("The value before the initiative began, if known."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.all()


class ResultPeriodForm(InitiativesForm):
    class Meta:
        model = ResultPeriod
        fields = ["period_start", "period_end", "target", "actual", "source"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "target": NUMBER,
            "actual": NUMBER,
        }
        help_texts = {
            "period_start": _("Within the initiative's dates."),
            "actual": _("Only for a period that has begun."),
        }

    def __init__(self, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        if result is not None:
            self.instance.result = result


class ExchangeRateForm(InitiativesForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "year", "rate"]
        widgets = {
            "currency": CURRENCY,
            "year": forms.NumberInput(attrs={"min": 1900, "max": 2100, "dir": "ltr"}),
            "rate": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "dir": "ltr"}),
        }
        help_texts = {
            "currency": _("The ISO 4217 code, such as EUR or JPY."),
            "year": _("The rate is the average of this year."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].help_text = _(
            "How many %(currency)s one unit of this currency was worth."
        ) % {"currency": settings.ACCORD_REPORTING_CURRENCY}

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self):
        data = super().clean()
        currency, year = data.get("currency"), data.get("year")
        taken = ExchangeRate.objects.filter(currency=currency, year=year).exclude(
            pk=self.instance.pk
        )
        if currency and year and taken.exists():
            # Named on the year (the model's constraint would name no field).
            self.add_error(
                "year",
                _("A rate for %(currency)s in %(year)s is recorded: change that one instead.")
                % {"currency": currency, "year": year},
            )
        return data
