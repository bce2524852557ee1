"""Forms of the reports app."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import style
from reports.dossier import TALKING_POINT_LENGTH, TALKING_POINTS, clean_talking_points


class DossierForm(forms.Form):
    """What a briefing dossier is made of besides the records: its language, its format
    and the officer's talking points."""

    FORMATS = [("pdf", _("PDF (to print or send)")), ("docx", _("Word (DOCX, to edit)"))]

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMATS, initial="pdf", widget=forms.RadioSelect
    )
    talking_points = forms.CharField(
        label=_("Talking points"),
        required=False,
        max_length=TALKING_POINTS * (TALKING_POINT_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One point a line; they open the dossier, in the order written."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
        # Radio buttons are laid out by the template, not as a text box.
        self.fields["format"].widget.attrs["class"] = "form-check-input"

    def full_clean(self):
        super().full_clean()
        style(self)
        self.fields["format"].widget.attrs["class"] = "form-check-input"

    def clean_talking_points(self) -> list[str]:
        text = self.cleaned_data["talking_points"]
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > TALKING_POINTS:
            raise forms.ValidationError(
                _("At most %(n)d talking points."), params={"n": TALKING_POINTS}
            )
        if any(len(line.strip()) > TALKING_POINT_LENGTH for line in lines):
            raise forms.ValidationError(
                _("A talking point is at most %(n)d characters."),
                params={"n": TALKING_POINT_LENGTH},
            )
        return clean_talking_points(lines)
