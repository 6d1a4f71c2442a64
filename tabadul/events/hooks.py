"""What the events app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from tabadul.alignment.registry import AlignedKind
from tabadul.core import hooks
from tabadul.core.formats import format_date
from tabadul.core.pickers import SEPARATOR, Picker
from tabadul.hubs.models import Hub
from tabadul.programmes.selectors import WorkKind

from . import home
from .body_page import ORGANISATION_SECTION, VISITS_SECTION
from .body_page import SECTION as BODY_SECTION
from .models import Event
from .reach import attendances
from .selectors import visible_events
from .work import INVITATIONS_TO_ANSWER

hooks.register("work.waiting", INVITATIONS_TO_ANSWER)


def _visible(queryset, user):
    """Each row asked of the visibility rule (a probe by key), not `pk IN` every event the person may see: SQLite
    built that list of 20,000 first to count the few events tagged with a goal."""
    return queryset.filter(Exists(visible_events(user).filter(pk=OuterRef("pk"))))


hooks.register(
    "alignment.aligned_models",
    AlignedKind(Event, hub_lookup="organiser_hubs", visible=_visible, order_by=("-starts_at", "-pk")),
)


@hooks.register("hubs.topic_events")
def topic_events(*, topic, user, limit: int) -> list:
    """The events planned for a hub's topic that the person may see, soonest first."""
    return list(visible_events(user).filter(topics=topic).order_by("starts_at", "pk").distinct()[:limit])


def _of_programme(programme) -> Q:
    """The events the programme or one of its hubs organises: two index lookups (a correlated EXISTS instead read
    every event of the platform, 20,000 at scale, for each of the programme's figures). Both are lists of keys, so
    that SQLite reads each from its index and joins them (`MULTI-INDEX OR`): with `programme = ?` on one side it read
    every public event's row to count a visitor's (10 ms at scale, now 1.3; issue 22)."""
    own_events = Event.objects.filter(programme=programme).values("pk")
    hub_events = Hub.organised_events.through.objects.filter(hub__programme=programme).values("event_id")
    return Q(pk__in=own_events) | Q(pk__in=hub_events)


def _programme_events(programme, user):
    """The events the programme or one of its hubs organises, as far as the person may see them, latest first."""
    return visible_events(user).filter(_of_programme(programme)).order_by("-starts_at", "-pk")


def _held_events(programme, period):
    """The programme's events held (begun, not cancelled) in the period: its own and its hubs'."""
    events = Event.objects.filter(_of_programme(programme), starts_at__lte=timezone.now())
    return events.exclude(status=Event.Status.CANCELLED).filter(period.dates("starts_at__date"))


def _programme_event_results(programme, period) -> dict:
    """Events held by type, and the staff trained: distinct people checked in at them (two queries)."""
    held = _held_events(programme, period)
    labels = dict(Event.Type.choices)
    by_type = held.order_by().values("type").annotate(n=Count("pk")).order_by("-n", "type")
    events_by_type = [(str(labels.get(row["type"], row["type"])), row["n"]) for row in by_type]
    staff = attendances().filter(event__in=held.values("pk")).aggregate(n=Count("user", distinct=True))["n"]
    return {
        "events_held": sum(n for _label, n in events_by_type),
        "events_by_type": events_by_type,
        "staff_trained": staff,
    }


def _programme_event_bodies(programme, period):
    """The bodies whose staff attended the programme's events in the period."""
    rows = attendances().filter(event__in=_held_events(programme, period).values("pk"), local_body__isnull=False)
    return rows.values_list("local_body", flat=True)


hooks.register(
    "programmes.work",
    WorkKind("events", _programme_events, results=_programme_event_results, reached=_programme_event_bodies),
    order=20,
)
hooks.register("directory.body_sections", BODY_SECTION, order=30)
hooks.register("directory.body_sections", VISITS_SECTION, order=31)
hooks.register("directory.organisation_sections", ORGANISATION_SECTION, order=30)

hooks.register("core.home_figures", home.FIGURE, order=30)
hooks.register("core.home_context", home.home_context, order=30)


def _event_label(event) -> str:
    """An event's name and its day, which tells apart the editions of one event (core/pickers.py)."""
    return f"{event.name}{SEPARATOR}{format_date(event.starts_at)}"


hooks.register(
    "core.pickers",
    Picker(name="events", names=("name_ar", "name_en"), label=_event_label, suggestions=visible_events),
)
