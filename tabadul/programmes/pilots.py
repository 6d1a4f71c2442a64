"""Reads of pilot projects (issue 20, item 4): a programme's pilots for its page, a body's for its public page and
an organisation's for its page (hooks `directory.body_sections` and `directory.organisation_sections`). Pilots
are public, like the programme page. Each read is a fixed number of queries whatever the number of pilots."""

from django.db.models import Prefetch, QuerySet

from tabadul.directory.sections import BodySection

from .models import PilotMilestone, PilotProject


def _with_relations(pilots: QuerySet[PilotProject]) -> QuerySet[PilotProject]:
    return pilots.select_related("programme").prefetch_related(
        "bodies", "partners", Prefetch("milestones", queryset=PilotMilestone.objects.order_by("position", "pk"))
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
