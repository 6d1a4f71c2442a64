from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "tabadul.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from tabadul.core import work

        from .owners import register_builtin_policies
        from .work import REPORTED_POSTS

        register_builtin_policies()
        work.register(REPORTED_POSTS)
