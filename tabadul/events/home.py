"""What the events app gives the home page (core/selectors.py): the number of events held and the next events."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure

from .models import Event
from .selectors import visible_events

NEXT_EVENTS = 4


def held_count() -> int:
    """Events that have ended and were not cancelled (a count of every visibility: it says nothing of any one)."""
    return Event.objects.past().exclude(status=Event.Status.CANCELLED).count()


FIGURE = HomeFigure("events_held", _("Events held"), held_count, "events:event_list", "calendar-days", counts=(Event,))


def home_context(*, user) -> dict:
    """The next events the visitor may see, soonest first: one query."""
    events = (
        visible_events(user)
        .filter(starts_at__gte=timezone.now())
        .exclude(status=Event.Status.CANCELLED)
        .order_by("starts_at", "pk")[:NEXT_EVENTS]
    )
    return {"next_events": list(events)}
