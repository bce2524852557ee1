"""Forms of notifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccordForm
from notifications.models import INVALID_ADDRESS, ReminderSettings


class ReminderSettingsForm(AccordForm):
    """The reminder address (empty: the account's) and the digest choice."""

    class Meta:
        model = ReminderSettings
        fields = ["email", "digest"]
        widgets = {"email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"})}
        error_messages = {"email": {"invalid": INVALID_ADDRESS}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = getattr(self.instance.user, "email", "") if self.instance.user_id else ""
        email = self.fields["email"]
        if account:
            email.widget.attrs["placeholder"] = account
            email.help_text = _("Leave empty to use your account's address, %(email)s.") % {
                "email": account
            }
        else:
            email.help_text = _(
                "Your account has no e-mail address: give one here to receive reminders."
            )
