"""The upload form: the file, what it holds, how its dates are written, a saved mapping."""

from django import forms
from django.utils.translation import gettext_lazy

from imports.choices import DateOrder, ImportKind
from imports.models import SavedMapping
from imports.registers import KINDS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.txt,.xlsx"}
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[(k, label) for k, label in ImportKind.choices if k in KINDS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates such as 05/06/2019 are"),
        choices=DateOrder.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Saved mapping"),
        queryset=SavedMapping.objects.all(),
        required=False,
        empty_label=gettext_lazy("Guess from the column names"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet (Excel)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("Leave empty for the first sheet."),
    )
