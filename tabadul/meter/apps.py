from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeterConfig(AppConfig):
    name = "tabadul.meter"
    label = "meter"
    verbose_name = _("Municipality Meter")

    def ready(self):
        from tabadul.core import work

        from .cache import connect_invalidation
        from .work import FEEDBACK_TO_MODERATE, PROGRESS_TO_APPROVE

        connect_invalidation()
        work.register(PROGRESS_TO_APPROVE)
        work.register(FEEDBACK_TO_MODERATE)
