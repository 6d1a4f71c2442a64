"""The reach dashboard: distinct staff and distinct bodies who attended events (checked in), grouped by hub,
region, body type and year, plus the share of all directory bodies ever reached.

A fixed number of aggregate queries whatever the number of events (asserted in tests/test_reach.py).
Attendance means a checked-in registration; the person's body is the one they represented when registering.
Cancelled events are left out.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.rules import is_platform_admin
from tabadul.core import exports
from tabadul.core.exports import Column
from tabadul.core.services import on_commit_once
from tabadul.core.tasks import enqueue_unless_waiting
from tabadul.directory.models import Country, LocalBody, Region
from tabadul.hubs.models import Hub
from tabadul.hubs.selectors import hubs_in_order, mandate_holders_subquery

from .models import Event, ReachFigures, Registration
from .selectors import visible_events


@dataclass(frozen=True)
class ReachFilters:
    start: dt.date | None = None
    end: dt.date | None = None
    hub: object | None = None
    region: Region | None = None
    body_type: str = ""
    country: Country | None = None


@dataclass
class ReachRow:
    key: object
    label: str
    staff: int
    bodies: int
    attendances: int


@dataclass
class Reach:
    staff: int
    bodies: int
    attendances: int
    events: int
    bodies_ever: int
    directory_bodies: int
    by_hub: list[ReachRow] = field(default_factory=list)
    by_region: list[ReachRow] = field(default_factory=list)
    by_type: list[ReachRow] = field(default_factory=list)
    by_year: list[ReachRow] = field(default_factory=list)
    by_country: list[ReachRow] = field(default_factory=list)
    as_of: dt.datetime | None = None  # when the stored figures were computed; None: computed for this request

    @property
    def share_ever_reached(self) -> float:
        return self.bodies_ever / self.directory_bodies if self.directory_bodies else 0.0

    @property
    def share_percent(self) -> int:
        return round(self.share_ever_reached * 100)

    def sections(self) -> list[tuple[str, str, list[ReachRow]]]:
        return [
            ("country", _("By country"), self.by_country),
            ("hub", _("By hub"), self.by_hub),
            ("region", _("By region"), self.by_region),
            ("type", _("By type of body"), self.by_type),
            ("year", _("By year"), self.by_year),
        ]


def attendances(user=None) -> QuerySet[Registration]:
    """Checked-in registrations of events that are not cancelled.

    With `user`, only events that person may see (`selectors.visible_events`): an invitation-only meeting the
    viewer was not invited to does not show in their dashboard, not even as a number. `None`: every event
    (platform administrators see the same).
    """
    rows = Registration.objects.filter(checked_in_at__isnull=False).exclude(event__status=Event.Status.CANCELLED)
    if user is not None and not is_platform_admin(user):
        rows = rows.filter(event__in=visible_events(user).values("pk"))
    return rows


def filter_hubs() -> QuerySet[Hub]:
    """The hubs the dashboard may be narrowed to: those that organised an event (any other reached nobody), in the
    hubs' order. A few of a region's hundreds of hubs, so that the filter's list stays short (a <select> of every
    hub was a third of the page's CPU at 10,000 bodies; issue 22)."""
    organised = Event.organiser_hubs.through.objects.filter(hub_id=OuterRef("pk"))
    return hubs_in_order().filter(Exists(organised))


def _narrowed(rows: QuerySet[Registration], filters: ReachFilters) -> QuerySet[Registration]:
    # A day's bounds as times, not the start's date per row: the database reads the events' starts_at index rather
    # than converting half a million times to the local date (SQLite calls Python for each).
    if filters.start:
        rows = rows.filter(event__starts_at__gte=_local_midnight(filters.start))
    if filters.end:
        rows = rows.filter(event__starts_at__lt=_local_midnight(filters.end + dt.timedelta(days=1)))
    if filters.hub is not None:
        rows = rows.filter(Q(event__organiser_hubs=filters.hub))
    if filters.region is not None:
        rows = rows.filter(local_body__region=filters.region)
    if filters.body_type:
        rows = rows.filter(local_body__type=filters.body_type)
    if filters.country is not None:
        rows = rows.filter(local_body__country=filters.country)
    return rows


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


_MEASURES = {
    "staff": Count("user", distinct=True),
    "bodies": Count("local_body", distinct=True),
    "attendances": Count("pk", distinct=True),
}
NO_FILTERS = ReachFilters()


def _grouped(rows: QuerySet[Registration], key: str) -> list[dict]:
    return [
        {"key": row[key], "staff": row["staff"], "bodies": row["bodies"], "attendances": row["attendances"]}
        for row in rows.values(key).annotate(**_MEASURES).order_by(key)
    ]


def _figures(attended: QuerySet[Registration], filters: ReachFilters) -> dict:
    """The aggregates over `attended` (a set of attendances) narrowed by `filters`, as plain JSON values: eight
    queries whatever the number of attendances."""
    rows = _narrowed(attended, filters)
    ever = attended.filter(local_body__isnull=False)
    directory = LocalBody.objects.all()
    # The share reached is of the bodies in the chosen country (of every country when none is chosen).
    if filters.country is not None:
        ever = ever.filter(local_body__country=filters.country)
        directory = directory.filter(country=filters.country)
    return {
        "totals": rows.aggregate(**_MEASURES, events=Count("event", distinct=True)),
        "bodies_ever": ever.values("local_body").distinct().count(),
        "directory_bodies": directory.count(),
        "hub": _grouped(rows.filter(event__organiser_hubs__isnull=False), "event__organiser_hubs"),
        "region": _grouped(rows, "local_body__region"),
        "country": _grouped(rows, "local_body__country"),
        "type": _grouped(rows, "local_body__type"),
        "year": _grouped(rows.annotate(year=ExtractYear("event__starts_at")), "year"),
    }


# --- The figures without filters, stored (issue 22) ------------------------------------------------------------
#
# At regional scale (500,000 registrations) the eight aggregates take seconds, far longer than a page may, so the
# figures the dashboard opens with (no filter) are stored, one row per scope: what a viewer may see (`_scope`).
# `store()` computes them for the scope of everyone who may open the dashboard, in the background after every change
# of attendance (services call `changed()`: a task after the commit), nightly (`manage.py reach_figures`, which also
# covers a change of who sees what: a new coordinator, a mandate's term) and after a bulk load (`tabadul.demo.scale`).
# A page only reads them (a GET writes nothing) and says when they were computed; a scope not stored yet shows that
# its figures are being prepared. A filtered view computes live, then keeps them in the cache (`_filtered_figures`).


def fingerprint() -> str:
    """What the attendance data looks like now, read from indexes and small tables in four queries: the latest
    change of a registration (an insert or an update), the events', the local bodies' and the events' hub links
    with their counts (a deletion). A registration's deletion clears the stored figures' marks (`forget`)."""
    parts = [
        Registration.objects.aggregate(last=Max("updated_at"))["last"],
        *Event.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values(),
        *LocalBody.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values(),
        *Event.organiser_hubs.through.objects.aggregate(n=Count("pk"), top=Max("pk")).values(),
    ]
    return "|".join(str(part) for part in parts)


def _viewers():
    """Everyone but platform administrators who may open the dashboard (`events.view_reach`): the rule itself asked
    of each person holding a role it names (a specialist's or a programme officer's grant, a hub mandate)."""
    holders = User.objects.filter(is_active=True).filter(
        Q(role_grants__role__in=[RoleGrant.Role.SPECIALIST, RoleGrant.Role.PROGRAMME_OFFICER])
        | Q(pk__in=mandate_holders_subquery())
    )
    for person in holders.distinct().order_by("pk").iterator():
        if person.has_perm("events.view_reach") and not is_platform_admin(person):
            yield person


def _viewer_per_scope() -> dict[str, object]:
    """{scope: one person of it} for every scope a viewer has now ("all": every event; "public": the public ones)."""
    scopes: dict[str, object] = {"all": None, "public": AnonymousUser()}
    for person in _viewers():
        scopes.setdefault(_scope(person), person)
    return scopes


def store() -> int:
    """Compute and keep the figures without filters of every scope a viewer has now, and drop those of scopes nobody
    has any more; the number of scopes. The fingerprint is read first: a change committed while they are computed
    leaves them marked with the older one, so the next run computes them again, and a run that finds a scope
    already marked with the current one leaves it (several check-ins in a row queue several runs)."""
    mark = fingerprint()
    scopes = _viewer_per_scope()
    for scope, person in scopes.items():
        if ReachFigures.objects.filter(scope=scope, fingerprint=mark).exists():
            continue
        figures = _figures(attendances(person), NO_FILTERS)
        ReachFigures.objects.update_or_create(scope=scope, defaults={"fingerprint": mark, "figures": figures})
    ReachFigures.objects.exclude(scope__in=scopes).delete()
    return len(scopes)


def forget(**_kwargs) -> None:
    """A registration was deleted (nothing in the fingerprint may show it): once the transaction commits, the
    stored figures are computed anew (once, however many registrations it deleted: an event's hundreds)."""
    on_commit_once(_forget_and_store)


def _forget_and_store() -> None:
    ReachFigures.objects.update(fingerprint="")
    _enqueue_store()


def changed() -> None:
    """Called by the services that change attendance (a check-in, an event's change or cancellation), inside
    their transaction: the figures are stored anew in the background once it commits (one run per transaction)."""
    on_commit_once(_enqueue_store)


def _enqueue_store() -> None:
    from .tasks import store_reach_figures  # tasks.py imports this module: a cycle inside the app

    enqueue_unless_waiting(store_reach_figures)


def _scope(user) -> str:
    """Which stored figures `user` may be shown: "all" for a platform administrator, "public" for someone who
    sees no event with attendance beyond the public ones; otherwise the figures of the public events and of those
    others, named by a digest of their keys (viewers who see the same events share them: a hub's coordinators)."""
    if user is None or is_platform_admin(user):
        return "all"
    others = (
        visible_events(user)
        .exclude(visibility=Event.Visibility.PUBLIC)
        .exclude(status=Event.Status.CANCELLED)
        .filter(Exists(Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    keys = ",".join(str(pk) for pk in others)
    return f"events:{hashlib.sha256(keys.encode()).hexdigest()[:40]}" if keys else "public"


def reach(*, filters: ReachFilters = NO_FILTERS, user=None) -> Reach | None:
    """The figures over the events `user` may see (`None`: all events): without filters the stored ones, or None
    while those of the viewer's scope are not stored yet (never computed on a view: seconds at scale)."""
    if filters != NO_FILTERS:
        return _labelled(_filtered_figures(filters, user))
    stored = ReachFigures.objects.filter(scope=_scope(user)).values_list("figures", "updated_at").first()
    if stored is None:
        return None
    data = _labelled(stored[0])
    data.as_of = stored[1]
    return data


FILTERED_SECONDS = 15 * 60


def _filtered_figures(filters: ReachFilters, user) -> dict:
    """A filtered view's figures, computed live (a second or more at regional scale) and kept in the cache for
    the viewer's scope until the attendance data changes (its fingerprint is in the key) or a quarter hour passes:
    a viewer going back and forth between filters, or downloading what they see, waits once."""
    chosen = [filters.start, filters.end, filters.body_type] + [
        getattr(choice, "pk", None) for choice in (filters.hub, filters.region, filters.country)
    ]
    key = hashlib.sha256(f"{_scope(user)}|{chosen}|{fingerprint()}".encode()).hexdigest()
    return cache.get_or_set(f"events:reach:{key}", lambda: _figures(attendances(user), filters), FILTERED_SECONDS)


def _labelled(raw: dict) -> Reach:
    hubs = Hub.objects.in_bulk([row["key"] for row in raw["hub"]])
    regions = {region.pk: region for region in Region.objects.select_related("country")}
    countries = {country.pk: country for country in Country.objects.all()}
    types = dict(LocalBody.Type.choices)

    def build(rows, label_for) -> list[ReachRow]:
        return [
            ReachRow(
                key=row["key"],
                label=label_for(row["key"]),
                staff=row["staff"],
                bodies=row["bodies"],
                attendances=row["attendances"],
            )
            for row in rows
        ]

    def hub_label(pk):
        return str(hubs[pk]) if pk in hubs else "—"

    def region_label(pk):
        if pk not in regions:
            return _("No region")
        region = regions[pk]
        # Regions of several countries side by side: name the country when it is not Palestine's.
        return str(region) if region.country.code == "PS" else f"{region} ({region.country})"

    def country_label(pk):
        return str(countries[pk]) if pk in countries else _("No body")

    def type_label(value):
        return str(types.get(value, _("Unknown"))) if value else _("No body")

    totals = raw["totals"]
    by_hub = sorted(build(raw["hub"], hub_label), key=lambda row: (-row.staff, row.label))
    return Reach(
        staff=totals["staff"],
        bodies=totals["bodies"],
        attendances=totals["attendances"],
        events=totals["events"],
        bodies_ever=raw["bodies_ever"],
        directory_bodies=raw["directory_bodies"],
        by_hub=by_hub,
        by_region=build(raw["region"], region_label),
        by_type=build(raw["type"], type_label),
        by_year=build(raw["year"], lambda year: str(year)),
        by_country=build(raw["country"], country_label),
    )


# --- Server-rendered SVG bar charts --------------------------------------------------------------------------

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 260
CHART_WIDTH = 720


@dataclass
class Bar:
    label: str
    value: int
    second: int
    y: int
    width: int
    second_width: int
    text_y: int


def chart(rows: list[ReachRow]) -> dict:
    """Geometry for a horizontal bar chart of staff (first bar) and bodies (second bar) per row."""
    top = max([row.staff for row in rows] + [1])
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, row in enumerate(rows):
        y = index * (2 * BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                label=row.label,
                value=row.staff,
                second=row.bodies,
                y=y,
                width=max(1, round(span * row.staff / top)) if row.staff else 0,
                second_width=max(1, round(span * row.bodies / top)) if row.bodies else 0,
                text_y=y + BAR_HEIGHT - 6,
            )
        )
    height = max(1, len(rows)) * (2 * BAR_HEIGHT + BAR_GAP)
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bar_start": LABEL_WIDTH + 10,
    }


# --- Exports -------------------------------------------------------------------------------------------------


def export_sheet(data: Reach) -> exports.Sheet:
    """The figures as one table (CSV and Excel alike): a row per group of each section, then the totals."""
    columns = [
        Column(_("Grouping"), lambda pair: str(pair[0]), 30),
        Column(_("Group"), lambda pair: pair[1].label, 40),
        Column(_("Distinct staff"), lambda pair: pair[1].staff, 16),
        Column(_("Distinct bodies"), lambda pair: pair[1].bodies, 16),
        Column(_("Attendances"), lambda pair: pair[1].attendances, 14),
    ]
    rows = ((title, row) for _key, title, section in data.sections() for row in section)
    return exports.Sheet.of(
        _("Reach"),
        columns,
        rows,
        totals=[
            [_("Total"), "", data.staff, data.bodies, data.attendances],
            [_("Bodies ever reached"), "", "", data.bodies_ever, ""],
            [_("Bodies in the directory"), "", "", data.directory_bodies, ""],
            [_("Share of bodies ever reached (%)"), "", "", data.share_percent, ""],
        ],
    )
