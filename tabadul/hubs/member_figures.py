"""A hub's active member bodies counted by type and place, stored for its pages (issue 22).

The hub page shows the counts by type and by country; its members page by type (its filter) and by country, region and
governorate (its list of places) above one page of the members. Counting a large hub's members on each view read every
member body: at 10,000 bodies the two grouped queries were a third of the page's time. So the counts are stored
(`MemberFigures`) when they change:

- the services that make a body an active member or end its membership call `store(hub_id)` in their transaction;
- a body's save (its type or place may have changed) and a place's save (its code or names) store them anew for the
  hubs concerned (connected in apps.py); `manage.py hub_member_figures` stores every hub's (after a bulk load);
- the page reads them with a check: only while their total equals the live count of active members (an indexed
  count in the same query). Memberships written without the services (a bulk load, a test's factory) make the page
  count live, as before, until they are stored: never a wrong figure.

The members page's one page of members is read in the list's order (country name, region position, body name) from an
index: each membership stores its body's three (`Membership.order_*`, `LIST_ORDER`). `order` writes them: `store`
for the hub's active members not ordered yet (a membership the services just made active, a bulk load's), a body's
save for its memberships, a country's or region's save for the memberships of its bodies. The same check covers
them: the stored order is used only while every active member of the hub has one (an indexed probe in the same
query); else the page sorts by the bodies and places themselves, as before.
"""

from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tabadul.directory.models import Country, LocalBody, Region

from .models import Hub, MemberFigures, Membership

AREA_KINDS = ("governorate", "region", "country")  # the most precise first: it wins when several are asked

# One row per type and place: what the page's type filter and list of places are made from.
ROW_FIELDS = (
    "body__type",
    *(f"body__{kind}_id" for kind in AREA_KINDS),
    *(f"body__{kind}__{column}" for kind in AREA_KINDS for column in ("code", "name_ar", "name_en")),
    "body__region__position",
)


# The members page's list: by country name, region position (in PostgreSQL as in SQLite, a body without a
# region where the database puts nulls) and body name; stored on each membership, or read from the body and places.
LIST_ORDER = ("order_country", "order_region", "order_name", "pk")
LIVE_ORDER = ("body__country__name_ar", "body__region__position", "body__name_ar", "pk")


class Figures(NamedTuple):
    rows: list[dict]  # one per type and place, with its number of active members (`ROW_FIELDS` and "n")
    stored: bool  # the stored counts and every active member's stored order are current: LIST_ORDER may be used


def live(hub_id: int) -> list[dict]:
    """The counts from the memberships themselves: one grouped query, a row per type and place."""
    rows = Membership.objects.active().filter(hub_id=hub_id).values(*ROW_FIELDS).annotate(n=Count("pk")).order_by()
    return list(rows)


def figures(hub: Hub) -> Figures:
    """The stored counts while they add up to the live number of active members and every active member has its
    stored order (one query); else the live counts (one more), to be listed in the live order."""
    members = Membership.objects.active().filter(hub_id=OuterRef("hub_id")).order_by()
    current = Coalesce(Subquery(members.values("hub_id").annotate(n=Count("pk")).values("n")), 0)
    unordered = members.filter(order_country__isnull=True)
    stored = (
        MemberFigures.objects.filter(~Exists(unordered), hub=hub, total=current).values_list("rows", flat=True).first()
    )
    return Figures(stored, True) if stored is not None else Figures(live(hub.pk), False)


def order(memberships: QuerySet[Membership]) -> int:
    """Store these memberships' place in the members page's list from their bodies and places (one UPDATE); how
    many."""
    body = LocalBody.objects.filter(pk=OuterRef("body_id"))
    return memberships.update(
        order_country=Subquery(body.values("country__name_ar")),
        order_region=Subquery(body.values("region__position")),
        order_name=Subquery(body.values("name_ar")),
    )


def store(hub_id: int) -> None:
    """Order the hub's active members not ordered yet, count them anew and keep the counts (called by the services
    after a membership change, and after a bulk load)."""
    order(Membership.objects.active().filter(hub_id=hub_id, order_country__isnull=True))
    counted = live(hub_id)
    MemberFigures.objects.update_or_create(
        hub_id=hub_id, defaults={"total": sum(row["n"] for row in counted), "rows": counted}
    )


def store_all() -> int:
    """Every hub's counts (`manage.py hub_member_figures`: after a bulk load); how many hubs."""
    hub_ids = list(Hub.objects.values_list("pk", flat=True))
    for hub_id in hub_ids:
        store(hub_id)
    return len(hub_ids)


def body_saved(*, instance, **_kwargs) -> None:
    """A body saved: its name, type or place may have changed, so its memberships are ordered anew (whatever their
    status: one may become active later) and the counts of the hubs it is a member of are stored anew (a body is in
    a few hubs; a save of its contact details pays one UPDATE and a few grouped queries)."""
    order(Membership.objects.filter(body_id=instance.pk))
    for hub_id in Membership.objects.active().filter(body_id=instance.pk).values_list("hub_id", flat=True):
        store(hub_id)


def place_saved(*, sender, instance, **_kwargs) -> None:
    """A country, region or governorate saved: every hub's rows may hold its code and names; a country's name and a
    region's position are in the order of its bodies' memberships."""
    if sender is Country:
        order(Membership.objects.filter(body__country_id=instance.pk))
    elif sender is Region:
        order(Membership.objects.filter(body__region_id=instance.pk))
    store_all()
