"""Forms of follow-up actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.choices import ActionStatus
from actions.models import Action
from core.choices import Role
from core.forms import AccordForm, style
from core.models import User


class ActionForm(AccordForm):
    """Create or edit an action. The status is not here: it changes through the status form,
    which keeps a comment with the change."""

    class Meta:
        model = Action
        fields = [
            "title_en",
            "title_ar",
            "description",
            "owner",
            "owner_unit",
            "due_date",
            "priority",
            "areas",
            "classification",
        ]
        widgets = {
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "areas": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "title_en": _("A title in English, Arabic or both."),
            "classification": _("Never below the record the action comes from."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who can log in and hold a role can see an action through.
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, groups__name__in=Role.values
        ).distinct()


class ActionStatusForm(forms.Form):
    """Move an action to another status; cancelling needs a comment."""

    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the change. Required to cancel: say why."),
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        if action is not None:
            # Offer the statuses the action can move to.
            self.fields["status"].choices = [
                (value, label) for value, label in ActionStatus.choices if value != action.status
            ]
        style(self)

    def full_clean(self):
        super().full_clean()
        style(self)

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.CANCELLED and not data.get("comment", "").strip():
            self.add_error("comment", _("Say why the action is cancelled."))
        return data
