"""Reads of pilot projects (issue 20, item 4): a programme's pilots for its page, a body's for its public page and
an organisation's for its page (hooks `directory.body_sections` and `directory.organisation_sections`). Pilots
are public, like the programme page. Each read is a fixed number of queries whatever the number of pilots."""

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from tabadul.directory.models import LocalBody
from tabadul.directory.sections import BodySection

from .models import PilotMilestone, PilotProject

# How many of a pilot's local bodies its card names (by name), then "and N other local bodies": a pilot of the Arab
# region grows to hundreds of bodies, and each card is on the page of every one of them (issue 22).
BODIES_SHOWN = 8


def _with_relations(pilots: QuerySet[PilotProject]) -> QuerySet[PilotProject]:
    """Each pilot with its programme, its first `BODIES_SHOWN` bodies by name (`bodies_shown`) and how many others
    (`more_bodies`), its partners and milestones: four queries however many pilots and bodies."""
    first_bodies = LocalBody.objects.order_by("name_ar", "pk")[:BODIES_SHOWN]
    # A subquery, not Count("bodies"): a body's page filters the pilots by that body, and a count reuses that join.
    links = PilotProject.bodies.through.objects.filter(pilotproject_id=OuterRef("pk")).order_by()
    body_count = Coalesce(Subquery(links.values("pilotproject_id").annotate(n=Count("pk")).values("n")), 0)
    return (
        pilots.select_related("programme")
        .annotate(more_bodies=Greatest(body_count - Value(BODIES_SHOWN), Value(0)))
        .prefetch_related(
            Prefetch("bodies", queryset=first_bodies, to_attr="bodies_shown"),
            "partners",
            Prefetch("milestones", queryset=PilotMilestone.objects.order_by("position", "pk")),
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
