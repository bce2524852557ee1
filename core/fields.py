"""Model fields shared by the apps."""

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_currency(value: str) -> None:
    """An ISO 4217 currency code (pycountry's list)."""
    if pycountry.currencies.get(alpha_3=value.upper() if value else "") is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code."), params={"value": value}
        )


class WebAddressField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's
    default, adopted now so that forms and the admin behave the same after the upgrade)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
