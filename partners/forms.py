"""Forms of the partner registry."""

from django import forms

from core.forms import AccordForm
from partners.choices import PartnerKind
from partners.models import Partner, Person, Position


class PartnerForm(AccordForm):
    class Meta:
        model = Partner
        fields = [
            "kind",
            "name_en",
            "name_ar",
            "acronym",
            "iso_alpha2",
            "iso_alpha3",
            "region",
            "subregion",
            "category",
            "institution_type",
            "country",
            "is_domestic",
            "website",
            "email",
            "phone",
            "address",
            "description",
            "former_names",
            "areas",
            "classification",
        ]
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "acronym": forms.TextInput(attrs={"dir": "ltr"}),
            "iso_alpha2": forms.TextInput(attrs={"dir": "ltr", "size": 2}),
            "iso_alpha3": forms.TextInput(attrs={"dir": "ltr", "size": 3}),
            "website": forms.URLInput(attrs={"dir": "ltr"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "former_names": forms.Textarea(attrs={"rows": 2}),
            "areas": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Partner.objects.restrict(self.user).filter(
            kind=PartnerKind.COUNTRY
        )


class PersonForm(AccordForm):
    class Meta:
        model = Person
        fields = [
            "honorific_en",
            "honorific_ar",
            "name_en",
            "name_ar",
            "nationality",
            "email",
            "phone",
            "areas",
            "classification",
        ]
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = Partner.objects.restrict(self.user).filter(
            kind=PartnerKind.COUNTRY
        )


class PositionForm(AccordForm):
    class Meta:
        model = Position
        fields = ["partner", "title_en", "title_ar", "posted_in", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.restrict(self.user)
