"""The events section of a local body's public page (directory/sections.py): the next events the body holds and
those of the hubs it belongs to, as far as the visitor may see them (`visible_events`: an invitation-only or
members-only meeting never shows to someone not invited or not a member)."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from tabadul.directory.sections import BodySection
from tabadul.hubs.models import Hub
from tabadul.hubs.selectors import body_hubs_subquery

from .models import Event
from .rules import body_event_manager_ids
from .selectors import visible_events

LIMIT = 5


def body_events(*, body, user) -> dict | None:
    """Two queries (the events, their organising hubs) plus the visitor's roles; None when there is nothing to show
    and the visitor may not add one."""
    member_hubs = body_hubs_subquery(body)
    hub_links = Event.organiser_hubs.through.objects.filter(event_id=OuterRef("pk"), hub_id__in=member_hubs)
    own_links = Event.organiser_bodies.through.objects.filter(event_id=OuterRef("pk"), localbody_id=body.pk)
    events = list(
        visible_events(user)
        .upcoming()
        .filter(Q(Exists(own_links)) | Q(Exists(hub_links)))
        .exclude(status=Event.Status.CANCELLED)
        .prefetch_related(Prefetch("organiser_hubs", queryset=Hub.objects.order_by("position")))
        .order_by("starts_at", "pk")[:LIMIT]
    )
    can_add = user.is_authenticated and body.pk in body_event_manager_ids(user)
    if not events and not can_add:
        return None
    return {"events": events, "can_add": can_add}


SECTION = BodySection("events", "events/includes/body_section.html", body_events)


def organisation_events(*, organisation, user) -> dict | None:
    """An organisation's page (hook `directory.organisation_sections`): the events it organises that the visitor
    may see, the latest first; one query."""
    links = Event.organiser_organisations.through.objects.filter(
        event_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    events = list(visible_events(user).filter(Exists(links)).order_by("-starts_at", "-pk")[:LIMIT])
    return {"events": events} if events else None


ORGANISATION_SECTION = BodySection("events", "events/includes/organisation_section.html", organisation_events)
