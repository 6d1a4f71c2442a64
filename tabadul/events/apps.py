from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tabadul.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from tabadul.alignment import registry

        from .models import Event

        def visible(queryset, user):
            from .selectors import visible_events

            return queryset.filter(pk__in=visible_events(user).values("pk"))

        registry.register(Event, hub_lookup="organiser_hubs", visible=visible, order_by=("-starts_at", "-pk"))

        from tabadul.core import work

        from .work import INVITATIONS_TO_ANSWER

        work.register(INVITATIONS_TO_ANSWER)
