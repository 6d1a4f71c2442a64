from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tabadul.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    # No receivers: every app calls services.notify from the service that makes the change
    # (docs/decisions/008-one-notification-path.md).

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks of TABADUL_SITE_URL)
