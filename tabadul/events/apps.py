from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tabadul.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from . import reach  # it imports the models, loaded only once ready() runs
        from .models import Registration  # loaded only once ready() runs

        # A deleted registration leaves no trace in the reach figures' fingerprint: forget the stored figures.
        post_delete.connect(reach.forget, sender=Registration, dispatch_uid="events:reach-forget")
