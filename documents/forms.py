"""The upload form. Its file is checked by documents.services.attach, not here: the form
only collects what the user chose."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from core.forms import AccordForm, style
from documents.content import ACCEPT
from documents.models import Document


class DocumentForm(AccordForm):
    """Upload a file to `record`: classification from the record's level up to the user's
    clearance, the record's level first."""

    class Meta:
        model = Document
        fields = ["file", "title", "kind", "language", "is_authentic", "classification"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT})}

    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), Excel (XLSX), PNG, JPEG or TIFF, at most %(max)s MB. The file "
            "is checked by its content before it is stored."
        ) % {"max": settings.ACCORD_MAX_UPLOAD_MB}
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the file's name.")
        floor = getattr(record, "classification", None)
        field = self.fields["classification"]
        if floor in Classification.values:
            above = Classification.values[Classification.values.index(floor) :]
            field.choices = [(value, label) for value, label in field.choices if value in above]
            field.initial = floor
            field.help_text = _("A document is never classified below its record.")
        style(self)
