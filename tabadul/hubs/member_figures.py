"""A hub's active member bodies counted by type and place, stored for the hub page (issue 22).

The page shows the counts by type (its filter) and by country, region and governorate (its list of places) above
one page of the members. Counting a large hub's members on each view read every member body: at 10,000 bodies the
two grouped queries were a third of the page's time. So the counts are stored (`MemberFigures`) when they change:

- the services that make a body an active member or end its membership call `store(hub_id)` in their transaction;
- a body's save (its type or place may have changed) and a place's save (its code or names) store them anew for the
  hubs concerned (connected in apps.py); `manage.py hub_member_figures` stores every hub's (after a bulk load);
- the page reads them with a check: only while their total equals the live count of active members (an indexed
  count in the same query). Memberships written without the services (a bulk load, a test's factory) make the page
  count live, as before, until they are stored: never a wrong figure.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Hub, MemberFigures, Membership

AREA_KINDS = ("governorate", "region", "country")  # the most precise first: it wins when several are asked

# One row per type and place: what the page's type filter and list of places are made from.
ROW_FIELDS = (
    "body__type",
    *(f"body__{kind}_id" for kind in AREA_KINDS),
    *(f"body__{kind}__{column}" for kind in AREA_KINDS for column in ("code", "name_ar", "name_en")),
    "body__region__position",
)


def live(hub_id: int) -> list[dict]:
    """The counts from the memberships themselves: one grouped query, a row per type and place."""
    rows = Membership.objects.active().filter(hub_id=hub_id).values(*ROW_FIELDS).annotate(n=Count("pk")).order_by()
    return list(rows)


def rows(hub: Hub) -> list[dict]:
    """The stored counts while they add up to the live number of active members (one query); else the live ones
    (one more)."""
    members = Membership.objects.active().filter(hub_id=OuterRef("hub_id")).order_by().values("hub_id")
    current = Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), 0)
    stored = MemberFigures.objects.filter(hub=hub, total=current).values_list("rows", flat=True).first()
    return stored if stored is not None else live(hub.pk)


def store(hub_id: int) -> None:
    """Count the hub's active members anew and keep the counts (called by the services after a membership change)."""
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
    """A body saved: its type or place may have changed, so the counts of the hubs it is a member of are stored anew
    (a body is in a few hubs; a save of its contact details pays a few grouped queries)."""
    for hub_id in Membership.objects.active().filter(body_id=instance.pk).values_list("hub_id", flat=True):
        store(hub_id)


def place_saved(**_kwargs) -> None:
    """A country, region or governorate saved: every hub's rows may hold its code and names."""
    store_all()
