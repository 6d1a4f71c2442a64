from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tabadul.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # The index follows writes through model signals (decisions/007), connected for every source once the
        # hooks modules have registered them (CoreConfig.ready() runs first).
        from . import signals  # function-level: signals imports the content apps' models, loaded only now

        signals.connect()
