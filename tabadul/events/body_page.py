"""The events section of a local body's public page (directory/sections.py): the next events the body holds and
those of the hubs it belongs to, as far as the visitor may see them (`visible_events`: an invitation-only or
members-only meeting never shows to someone not invited or not a member)."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from tabadul.core.pagination import page_of
from tabadul.directory.models import LocalBody
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


def organisation_events(*, organisation, user, page: str = "1") -> dict:
    """An organisation's page (hook `directory.organisation_sections`): the events it organised or hosted (a field
    visit or study tour it received) that the visitor may see, newest first, one page of them (`?page=`; APLA
    organises hundreds). Three queries whatever their number: the count, the page, the visiting bodies."""
    organised = Event.organiser_organisations.through.objects.filter(
        event_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    events = (
        visible_events(user)
        .filter(Q(Exists(organised)) | Q(host_organisation_id=organisation.pk))
        .prefetch_related(Prefetch("visiting_bodies", queryset=LocalBody.objects.order_by("name_ar")))
        .order_by("-starts_at", "-pk")
    )
    shown = page_of(events, page)
    for event in shown:
        event.hosted_here = event.host_organisation_id == organisation.pk
    return {"page": shown}


ORGANISATION_SECTION = BodySection(
    "events", "events/includes/organisation_section.html", organisation_events, paginated=True
)


def body_visits(*, body, user) -> dict | None:
    """Field visits and study tours the body hosted or made (visible to the visitor), the latest first: two queries
    (the visits, their visiting bodies); None when there is none."""
    # Two lists of keys, which SQLite reads from their indexes (`MULTI-INDEX OR`): with an EXISTS on one side it
    # walked every public event by its start to find a body's few visits (20 ms at 10,000 bodies, issue 22).
    hosted = Event.objects.filter(host_body=body).values("pk")
    made = Event.visiting_bodies.through.objects.filter(localbody_id=body.pk).values("event_id")
    visits = list(
        visible_events(user)
        .filter(type__in=Event.VISIT_TYPES)
        .filter(Q(pk__in=hosted) | Q(pk__in=made))
        .exclude(status=Event.Status.CANCELLED)
        .select_related("host_body", "host_organisation")
        .prefetch_related(Prefetch("visiting_bodies", queryset=LocalBody.objects.order_by("name_ar")))
        .order_by("-starts_at", "-pk")[:LIMIT]
    )
    if not visits:
        return None
    for visit in visits:
        visit.hosted_here = visit.host_body_id == body.pk
    return {"visits": visits}


VISITS_SECTION = BodySection("visits", "events/includes/body_visits.html", body_visits)
