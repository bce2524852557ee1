from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from core import services
        from portal import cache

        # A change to anything the portal shows clears its pages once the change commits.
        services.change_hooks.append(cache.on_change)
