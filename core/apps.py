from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.roles import sync_roles

        # After every app's migration, so that the permissions of later apps exist.
        post_migrate.connect(sync_roles, dispatch_uid="accord_sync_roles")
