"""What the events app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from django.db.models import Exists, OuterRef, Q

from tabadul.alignment.registry import AlignedKind
from tabadul.core import hooks
from tabadul.hubs.models import Hub
from tabadul.programmes.selectors import WorkKind

from . import home
from .body_page import SECTION as BODY_SECTION
from .models import Event
from .selectors import visible_events
from .work import INVITATIONS_TO_ANSWER

hooks.register("work.waiting", INVITATIONS_TO_ANSWER)


def _visible(queryset, user):
    return queryset.filter(pk__in=visible_events(user).values("pk"))


hooks.register(
    "alignment.aligned_models",
    AlignedKind(Event, hub_lookup="organiser_hubs", visible=_visible, order_by=("-starts_at", "-pk")),
)


@hooks.register("hubs.topic_events")
def topic_events(*, topic, user, limit: int) -> list:
    """The events planned for a hub's topic that the person may see, soonest first."""
    return list(visible_events(user).filter(topics=topic).order_by("starts_at", "pk").distinct()[:limit])


def _programme_events(programme, user) -> list:
    """The events the programme or one of its hubs organises, as far as the person may see them."""
    hub_links = Hub.organised_events.through.objects.filter(event_id=OuterRef("pk"), hub__programme=programme)
    events = visible_events(user).filter(Q(programme=programme) | Exists(hub_links))
    return list(events.order_by("-starts_at", "-pk")[:50])


hooks.register("programmes.work", WorkKind("events", _programme_events), order=20)
hooks.register("directory.body_sections", BODY_SECTION, order=30)

hooks.register("core.home_figures", home.FIGURE, order=30)
hooks.register("core.home_context", home.home_context, order=30)
