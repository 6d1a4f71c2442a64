"""Reads of pilot projects (issue 20, item 4): a programme's pilots for its page, a body's for its public page and
an organisation's for its page (hooks `directory.body_sections` and `directory.organisation_sections`). Pilots
are public, like the programme page.

A pilot's card names its first local bodies, its partners and its first milestones (`bodies_shown`,
`partners_shown`, `milestones_shown`, set by `_cards`): three queries for all the cards shown, each bounded by a
window however many bodies and milestones a pilot of the region has. A body's and an organisation's pilots run on
every view of their pages: their four queries are compiled once (core/prepared.py) and run whether there are
pilots or not, so every body's page runs as many (issue 22)."""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import F, Func, OuterRef, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber

from tabadul.core.prepared import PreparedQuery
from tabadul.directory.sections import BodySection

from .models import PilotMilestone, PilotProject

# How many of a pilot's local bodies its card names (by name), then "and N other local bodies": a pilot of the Arab
# region grows to hundreds of bodies, and each card is on the page of every one of them (issue 22).
BODIES_SHOWN = 8
# How many of its milestones a card lists, then "and N other milestones" (a pilot of the region has hundreds; its
# edit page lists them a page at a time).
MILESTONES_SHOWN = 8
# How many pilots' cards the programme page shows a page (`?pilots=N`): a card is long (its objectives, bodies and
# milestones), and each card read costs as much as a row of the page's other lists together.
CARDS_PER_PAGE = 5

BodyLink = PilotProject.bodies.through
PartnerLink = PilotProject.partners.through


def _count_of(rows: QuerySet) -> Coalesce:
    """How many of `rows` (filtered on the pilot: OuterRef("pk")), as a subquery of its own: not Count() over a
    join, which a body's page (filtering the pilots by that body) would reuse."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")  # no GROUP BY: one count
    return Coalesce(Subquery(counted), 0)


def _with_counts(pilots: QuerySet[PilotProject]) -> QuerySet[PilotProject]:
    """Each pilot with its programme, how many bodies its card does not name (`more_bodies`) and how many
    milestones it has and has done."""
    links = BodyLink.objects.filter(pilotproject_id=OuterRef("pk"))
    milestones = PilotMilestone.objects.filter(pilot_id=OuterRef("pk"))
    return pilots.select_related("programme").annotate(
        more_bodies=Greatest(_count_of(links) - Value(BODIES_SHOWN), Value(0)),
        milestone_count=_count_of(milestones),
        milestones_done=_count_of(milestones.filter(done_on__isnull=False)),
    )


def _first(rows: QuerySet, pilot: str, order: tuple[str, ...], shown: int) -> QuerySet:
    """The first `shown` of `rows` of each pilot (the column `pilot`) in `order`."""
    rank = Window(RowNumber(), partition_by=F(pilot), order_by=order)
    return rows.annotate(rank=rank).filter(rank__lte=shown).order_by(pilot, "rank")


def _shown_bodies(pilots: QuerySet) -> QuerySet:
    links = BodyLink.objects.filter(pilotproject__in=pilots).select_related("localbody")
    return _first(links, "pilotproject_id", ("localbody__name_ar", "localbody_id"), BODIES_SHOWN)


def _partners(pilots: QuerySet) -> QuerySet:
    links = PartnerLink.objects.filter(pilotproject__in=pilots).select_related("organisation")
    return links.order_by("organisation__name_ar", "organisation_id")


def _shown_milestones(pilots: QuerySet) -> QuerySet:
    return _first(PilotMilestone.objects.filter(pilot__in=pilots), "pilot_id", ("position", "pk"), MILESTONES_SHOWN)


def _cards(pilots: list[PilotProject], body_links, partner_links, milestones) -> list[PilotProject]:
    """`pilots` with what their cards show, from the rows of `_shown_bodies`, `_partners` and `_shown_milestones`."""
    bodies, partners, shown = defaultdict(list), defaultdict(list), defaultdict(list)
    for link in body_links:
        bodies[link.pilotproject_id].append(link.localbody)
    for link in partner_links:
        partners[link.pilotproject_id].append(link.organisation)
    for milestone in milestones:
        shown[milestone.pilot_id].append(milestone)
    for pilot in pilots:
        pilot.bodies_shown, pilot.partners_shown, pilot.milestones_shown = (
            bodies[pilot.pk],
            partners[pilot.pk],
            shown[pilot.pk],
        )
    return pilots


def programme_pilots(*, programme) -> QuerySet[PilotProject]:
    """The programme's pilots by name, for its page a page at a time; `pilot_cards` gives a page what it shows."""
    return _with_counts(PilotProject.objects.filter(programme=programme)).order_by("name_ar", "pk")


def pilot_cards(pilots) -> list[PilotProject]:
    """The pilots of a page (a slice of `programme_pilots`) with their cards: three queries, none for an empty
    page."""
    pilots = list(pilots)
    ids = [pilot.pk for pilot in pilots]
    return _cards(pilots, _shown_bodies(ids), _partners(ids), _shown_milestones(ids)) if ids else pilots


class _PilotsOf:
    """The pilots of one body or organisation (`scope(owner_id)`), newest first, with their cards: four queries
    compiled once, whether it has pilots or not."""

    def __init__(self, scope: Callable[[int], QuerySet]):
        order = ("-starts_on", "name_ar", "pk")
        self.pilots = PreparedQuery(lambda owner_id: _with_counts(scope(owner_id)).order_by(*order))
        self.bodies = PreparedQuery(lambda owner_id: _shown_bodies(scope(owner_id).values("pk")))
        self.partners = PreparedQuery(lambda owner_id: _partners(scope(owner_id).values("pk")))
        self.milestones = PreparedQuery(lambda owner_id: _shown_milestones(scope(owner_id).values("pk")))

    def __call__(self, owner_id: int) -> list[PilotProject]:
        pilots = self.pilots(owner_id=owner_id)
        relations = (
            self.bodies(owner_id=owner_id),
            self.partners(owner_id=owner_id),
            self.milestones(owner_id=owner_id),
        )
        return _cards(pilots, *relations)


_of_body = _PilotsOf(lambda body_id: PilotProject.objects.filter(bodies=body_id))
_of_organisation = _PilotsOf(lambda organisation_id: PilotProject.objects.filter(partners=organisation_id))


def body_pilots(*, body, user) -> dict | None:
    pilots = _of_body(body.pk)
    return {"pilots": pilots} if pilots else None


def organisation_pilots(*, organisation, user) -> dict:
    """The pilots it is a partner of (an empty list when none: the section says so)."""
    return {"pilots": _of_organisation(organisation.pk)}


BODY_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", body_pilots)
ORGANISATION_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", organisation_pilots)
