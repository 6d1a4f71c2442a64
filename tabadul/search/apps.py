from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tabadul.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals, sources

        sources.register_all()
        signals.connect()
