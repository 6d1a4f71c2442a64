from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "tabadul.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from .owners import register_builtin_policies

        register_builtin_policies()
