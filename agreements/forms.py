"""Forms of the agreements app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementParty, AgreementRelation, TreatyAction
from core.forms import AccordForm, style
from core.models import User
from partners.models import Partner, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(AccordForm):
    class Meta:
        model = Agreement
        fields = [
            "type",
            "title_en",
            "title_ar",
            "reference",
            "summary",
            "areas",
            "classification",
            "owner_unit",
            "responsible",
            "implementers",
            "signature_date",
            "signature_place",
            "eif_rule",
            "eif_fixed_date",
            "eif_days",
            "term_kind",
            "term_start",
            "term_length",
            "term_unit",
            "renewal_length",
            "renewal_unit",
            "notice_months",
            "review_years",
        ]
        widgets = {
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "reference": forms.TextInput(attrs={"dir": "ltr"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "signature_date": DATE,
            "eif_fixed_date": DATE,
            "areas": forms.SelectMultiple(attrs={"size": 5}),
            "implementers": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementers"].queryset = Partner.objects.restrict(self.user).filter(
            is_domestic=True
        )
        self.fields["responsible"].queryset = User.objects.filter(is_active=True)


class PartyForm(AccordForm):
    class Meta:
        model = AgreementParty
        fields = [
            "partner",
            "role",
            "signatory",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "signed_at",
        ]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement or self.instance.agreement
        self.fields["partner"].queryset = Partner.objects.restrict(self.user)
        self.fields["signatory"].queryset = Person.objects.restrict(self.user)


class TreatyActionForm(AccordForm):
    class Meta:
        model = TreatyAction
        fields = ["party", "kind", "date", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.fields["party"].queryset = agreement.parties.select_related("partner")


class RelationForm(AccordForm):
    class Meta:
        model = AgreementRelation
        fields = ["kind", "target"]

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = agreement
        self.fields["target"].queryset = (
            Agreement.objects.restrict(self.user).exclude(pk=agreement.pk).order_by("title_en")
        )


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
