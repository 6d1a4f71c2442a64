"""Reads of pilot projects (issue 20, item 4): a programme's pilots for its page, a body's for its public page and
an organisation's for its page (hooks `directory.body_sections` and `directory.organisation_sections`). Pilots
are public, like the programme page. Each read is a fixed number of queries whatever the number of pilots."""

from django.db.models import F, Func, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from tabadul.directory.models import LocalBody
from tabadul.directory.sections import BodySection

from .models import PilotMilestone, PilotProject

# How many of a pilot's local bodies its card names (by name), then "and N other local bodies": a pilot of the Arab
# region grows to hundreds of bodies, and each card is on the page of every one of them (issue 22).
BODIES_SHOWN = 8
# How many of its milestones a card lists, then "and N other milestones" (a pilot of the region has hundreds; its
# edit page lists them a page at a time).
MILESTONES_SHOWN = 8


def _count_of(rows: QuerySet) -> Coalesce:
    """How many of `rows` (filtered on the pilot: OuterRef("pk")), as a subquery of its own: not Count() over a
    join, which a body's page (filtering the pilots by that body) would reuse."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")  # no GROUP BY: one count
    return Coalesce(Subquery(counted), 0)


def _with_relations(pilots: QuerySet[PilotProject]) -> QuerySet[PilotProject]:
    """Each pilot with its programme, its first `BODIES_SHOWN` bodies by name (`bodies_shown`) and how many others
    (`more_bodies`), its partners, its first `MILESTONES_SHOWN` milestones (`milestones_shown`) with how many there
    are and are done: four queries however many pilots, bodies and milestones."""
    first_bodies = LocalBody.objects.order_by("name_ar", "pk")[:BODIES_SHOWN]
    first_milestones = PilotMilestone.objects.order_by("position", "pk")[:MILESTONES_SHOWN]
    links = PilotProject.bodies.through.objects.filter(pilotproject_id=OuterRef("pk"))
    milestones = PilotMilestone.objects.filter(pilot_id=OuterRef("pk"))
    return (
        pilots.select_related("programme")
        .annotate(
            more_bodies=Greatest(_count_of(links) - Value(BODIES_SHOWN), Value(0)),
            milestone_count=_count_of(milestones),
            milestones_done=_count_of(milestones.filter(done_on__isnull=False)),
        )
        .prefetch_related(
            Prefetch("bodies", queryset=first_bodies, to_attr="bodies_shown"),
            "partners",
            Prefetch("milestones", queryset=first_milestones, to_attr="milestones_shown"),
        )
    )


def programme_pilots(*, programme) -> QuerySet[PilotProject]:
    """The programme's pilots by name, for its page a page at a time: four queries for a page of them (the pilots
    with their programme, bodies, partners and milestones)."""
    return _with_relations(PilotProject.objects.filter(programme=programme)).order_by("name_ar", "pk")


def body_pilots(*, body, user) -> dict | None:
    pilots = list(_with_relations(PilotProject.objects.filter(bodies=body)).order_by("-starts_on", "name_ar", "pk"))
    return {"pilots": pilots} if pilots else None


def organisation_pilots(*, organisation, user) -> dict:
    """The pilots it is a partner of (an empty list when none: the section says so)."""
    pilots = list(
        _with_relations(PilotProject.objects.filter(partners=organisation)).order_by("-starts_on", "name_ar", "pk")
    )
    return {"pilots": pilots}


BODY_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", body_pilots)
ORGANISATION_SECTION = BodySection("pilots", "programmes/includes/pilots_section.html", organisation_pilots)
