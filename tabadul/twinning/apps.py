from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinningConfig(AppConfig):
    name = "tabadul.twinning"
    label = "twinning"
    verbose_name = _("Twinning")

    def ready(self):
        from tabadul.core import work

        from .forum import register_forum_policy
        from .work import MILESTONES_DUE

        register_forum_policy()
        work.register(MILESTONES_DUE)
