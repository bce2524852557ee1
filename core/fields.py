"""Model fields shared by the apps."""

from django.db import models


class WebAddressField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's
    default, adopted now so that forms and the admin behave the same after the upgrade)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
