from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MultilateralConfig(AppConfig):
    name = "multilateral"
    verbose_name = _("Multilateral")
