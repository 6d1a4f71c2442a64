"""The reach dashboard: distinct staff and distinct bodies who attended events (checked in), grouped by hub,
region, body type and year, plus the share of all directory bodies ever reached.

A fixed number of aggregate queries whatever the number of events (asserted in tests/test_reach.py).
Attendance means a checked-in registration; the person's body is the one they represented when registering.
Cancelled events are left out.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from tabadul.accounts.rules import is_platform_admin
from tabadul.core import exports
from tabadul.core.exports import Column
from tabadul.directory.models import Country, LocalBody, Region
from tabadul.hubs.models import Hub

from .models import Event, Registration
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


def _filtered(filters: ReachFilters, user=None) -> QuerySet[Registration]:
    rows = attendances(user)
    if filters.start:
        rows = rows.filter(event__starts_at__date__gte=filters.start)
    if filters.end:
        rows = rows.filter(event__starts_at__date__lte=filters.end)
    if filters.hub is not None:
        rows = rows.filter(Q(event__organiser_hubs=filters.hub))
    if filters.region is not None:
        rows = rows.filter(local_body__region=filters.region)
    if filters.body_type:
        rows = rows.filter(local_body__type=filters.body_type)
    if filters.country is not None:
        rows = rows.filter(local_body__country=filters.country)
    return rows


_MEASURES = {
    "staff": Count("user", distinct=True),
    "bodies": Count("local_body", distinct=True),
    "attendances": Count("pk", distinct=True),
}


def _grouped(rows: QuerySet[Registration], key: str) -> list[dict]:
    return list(rows.values(key).annotate(**_MEASURES).order_by(key))


def reach(*, filters: ReachFilters = ReachFilters(), user=None) -> Reach:
    """The figures over the events `user` may see (`None`: all events)."""

    rows = _filtered(filters, user)
    totals = rows.aggregate(**_MEASURES, events=Count("event", distinct=True))
    bodies_ever = attendances(user).filter(local_body__isnull=False).values("local_body").distinct().count()
    # The share reached is of the bodies in the chosen country (of every country when none is chosen).
    directory_bodies = (
        LocalBody.objects.filter(country=filters.country) if filters.country else LocalBody.objects
    ).count()
    if filters.country is not None:
        bodies_ever = (
            attendances(user).filter(local_body__country=filters.country).values("local_body").distinct().count()
        )

    hub_rows = _grouped(rows.filter(event__organiser_hubs__isnull=False), "event__organiser_hubs")
    hubs = Hub.objects.in_bulk([row["event__organiser_hubs"] for row in hub_rows])
    region_rows = _grouped(rows, "local_body__region")
    regions = {region.pk: region for region in Region.objects.select_related("country")}
    country_rows = _grouped(rows, "local_body__country")
    countries = {country.pk: country for country in Country.objects.all()}
    type_rows = _grouped(rows, "local_body__type")
    types = dict(LocalBody.Type.choices)
    year_rows = _grouped(rows.annotate(year=ExtractYear("event__starts_at")), "year")

    def build(raw, key, label_for) -> list[ReachRow]:
        return [
            ReachRow(
                key=row[key],
                label=label_for(row[key]),
                staff=row["staff"],
                bodies=row["bodies"],
                attendances=row["attendances"],
            )
            for row in raw
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

    by_hub = sorted(build(hub_rows, "event__organiser_hubs", hub_label), key=lambda row: (-row.staff, row.label))
    return Reach(
        staff=totals["staff"],
        bodies=totals["bodies"],
        attendances=totals["attendances"],
        events=totals["events"],
        bodies_ever=bodies_ever,
        directory_bodies=directory_bodies,
        by_hub=by_hub,
        by_region=build(region_rows, "local_body__region", region_label),
        by_type=build(type_rows, "local_body__type", type_label),
        by_year=build(year_rows, "year", lambda year: str(year)),
        by_country=build(country_rows, "local_body__country", country_label),
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
