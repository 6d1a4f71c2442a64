from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "tabadul.hubs"
    label = "hubs"
    verbose_name = _("Exchange hubs")

    def ready(self):
        from tabadul.alignment import registry
        from tabadul.core import work

        from .models import WorkPlanTopic
        from .work import WAITING

        for waiting in WAITING:
            work.register(waiting)

        registry.register(
            WorkPlanTopic,
            hub_lookup="work_plan__hub",
            select_related=("work_plan__hub", "work_plan__chapter"),
            order_by=("work_plan__hub__position", "work_plan_id", "rank", "pk"),
        )
