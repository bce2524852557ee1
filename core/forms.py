"""Form bases: Bootstrap widgets with per-field errors, classification capped at clearance."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from core.models import Note
from core.permissions import readable_levels


def style(form) -> None:
    """Give each widget its Bootstrap class and, when the field has errors, mark it invalid
    (is-invalid, aria-invalid, aria-describedby) so screen readers announce the error."""
    # Only errors of a validation that has already run: asking for `form.errors` here would
    # validate the form inside __init__, before subclasses have set up their fields (such as
    # a queryset restricted to what the user may read).
    errors = form._errors or {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        if name in errors:
            css += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form[name].id_for_label}_error"
        classes = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join(dict.fromkeys(classes + css.split()))


class AccordForm(forms.ModelForm):
    """Every model form takes the user, and offers only the classifications they may read."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        field = self.fields.get("classification")
        if field is not None and user is not None:
            levels = readable_levels(user)
            field.choices = [(v, label) for v, label in Classification.choices if v in levels]
        style(self)

    def full_clean(self):
        super().full_clean()
        style(self)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def full_clean(self):
        super().full_clean()
        style(self)


class NoteForm(AccordForm):
    class Meta:
        model = Note
        fields = ["text", "classification"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Note")}
