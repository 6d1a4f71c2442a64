from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeterConfig(AppConfig):
    name = "tabadul.meter"
    label = "meter"
    verbose_name = _("Municipality Meter")

    def ready(self):
        from .cache import connect_invalidation  # the cache connects signals to models, loaded only once ready() runs

        connect_invalidation()
