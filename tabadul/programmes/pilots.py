"""Reads of pilot projects (issue 20, item 4): a programme's pilots for its page, a body's for its public page and
an organisation's for its page (hooks `directory.body_sections` and `directory.organisation_sections`). Pilots
are public, like the programme page.

A pilot's card names its first local bodies, its partners and its first milestones (`bodies_shown`,
`partners_shown`, `milestones_shown`, set by `_cards`): three queries for all the cards shown, each bounded by a
window however many bodies and milestones a pilot of the region has. The four queries of a body's, an
organisation's and a page of a programme's pilots are compiled once (core/prepared.py: compiling them cost more than
running them) and run whether there are pilots or not, so that every body's page runs as many (issue 22)."""

import inspect
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


class _Cards:
    """Pilots (`scope(**values)`, in `order`) with what their cards show: four queries compiled once (core/
    prepared.py), run whether there are pilots or not."""

    def __init__(self, scope: Callable[..., QuerySet], order: tuple[str, ...]):
        self.pilots = self._compiled(scope, lambda pilots: _with_counts(pilots).order_by(*order))
        self.bodies = self._compiled(scope, lambda pilots: _shown_bodies(pilots.values("pk")))
        self.partners = self._compiled(scope, lambda pilots: _partners(pilots.values("pk")))
        self.milestones = self._compiled(scope, lambda pilots: _shown_milestones(pilots.values("pk")))

    @staticmethod
    def _compiled(scope: Callable[..., QuerySet], read: Callable[[QuerySet], QuerySet]) -> PreparedQuery:
        def build(**values) -> QuerySet:
            return read(scope(**values))

        build.__signature__ = inspect.signature(scope)  # the values PreparedQuery finds in the compiled SQL
        return PreparedQuery(build)

    def __call__(self, **values) -> list[PilotProject]:
        pilots = self.pilots(**values)
        return _cards(pilots, self.bodies(**values), self.partners(**values), self.milestones(**values))


_NEWEST_FIRST = ("-starts_on", "name_ar", "pk")
_BY_NAME = ("name_ar", "pk")
_of_body = _Cards(lambda body_id: PilotProject.objects.filter(bodies=body_id), _NEWEST_FIRST)
_of_organisation = _Cards(lambda organisation_id: PilotProject.objects.filter(partners=organisation_id), _NEWEST_FIRST)
# A page of the programme's pilots by their ids, one value a card (0, no pilot, where the page has fewer).
_PAGE_SLOTS = [f"pilot_{number}" for number in range(CARDS_PER_PAGE)]


def _page_scope(**ids) -> QuerySet:
    return PilotProject.objects.filter(pk__in=list(ids.values()))


_page_scope.__signature__ = inspect.Signature(
    [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in _PAGE_SLOTS]
)
_of_page = _Cards(_page_scope, _BY_NAME)


def programme_pilots(*, programme) -> QuerySet:
    """The ids of the programme's pilots by name, for its page a page at a time; `pilot_cards` reads a page's."""
    return PilotProject.objects.filter(programme=programme).order_by(*_BY_NAME).values_list("pk", flat=True)


def pilot_cards(ids) -> list[PilotProject]:
    """The pilots of a page (a slice of `programme_pilots`, at most `CARDS_PER_PAGE`) with their cards: four
    queries."""
    ids = list(ids)
    return _of_page(**dict(zip(_PAGE_SLOTS, ids + [0] * (len(_PAGE_SLOTS) - len(ids)), strict=True)))


def body_pilots(*, body, user) -> dict | None:
    pilots = _of_body(body_id=body.pk)
    return {"pilots": pilots} if pilots else None


def organisation_pilots(*, organisation, user) -> dict:
    """The pilots it is a partner of (an empty list when none: the section says so)."""
    return {"pilots": _of_organisation(organisation_id=organisation.pk)}


BODY_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", body_pilots)
ORGANISATION_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", organisation_pilots)
