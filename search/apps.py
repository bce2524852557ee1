from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from core import services
        from search import index

        # Every save and delete through core.services updates the index in its transaction.
        if index.record_changed not in services.change_hooks:
            services.change_hooks.append(index.record_changed)
