"""The API's hubs, events and documents: what an anonymous visitor sees on the site, no more.

Every list uses the owning app's selector with an anonymous user, so visibility rules live in one place.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router, Status

from tabadul.events import selectors as event_selectors
from tabadul.events.models import Event
from tabadul.hubs import selectors as hub_selectors
from tabadul.hubs.models import Hub
from tabadul.library import selectors as library_selectors
from tabadul.programmes import selectors as programme_selectors

from .paging import CODE, INVALID, MAX_PAGE, SLUG, last_modified, page_of
from .schemas import DocumentPage, EventPage, HubDetailOut, HubOut, Problem, ProgrammeOut

router = Router()
ANONYMOUS = AnonymousUser()


def _hub_out(hub) -> dict:
    return {
        "slug": hub.slug,
        "name_ar": hub.name_ar,
        "name_en": hub.name_en,
        "status": hub.status,
        "member_count": getattr(hub, "member_count", 0),
    }


@router.get("/hubs", response={200: list[HubOut], **INVALID}, tags=["hubs"])
def hubs(request):
    return Status(200, [_hub_out(hub) for hub in hub_selectors.hub_list()])


@router.get("/hubs/{slug}", response={200: HubDetailOut, 404: Problem, **INVALID}, tags=["hubs"])
def hub_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    hub = next((hub for hub in hub_selectors.hub_list() if hub.slug == slug), None)
    if hub is None:
        raise Http404
    last_modified(response, hub.updated_at)
    work_plans = [
        {
            "id": plan.pk,
            "chapter_ar": plan.chapter.name_ar if plan.chapter else None,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "status": plan.status,
            "topics": [
                {"id": topic.pk, "rank": topic.rank, "title_ar": topic.title_ar, "title_en": topic.title_en}
                for topic in plan.topics.all()
            ],
        }
        for plan in hub_selectors.hub_work_plans(hub=hub)
    ]
    return Status(
        200,
        {
            **_hub_out(hub),
            "description_ar": hub.description_ar,
            "description_en": hub.description_en,
            "work_plans": work_plans,
        },
    )


def _event_out(request, event) -> dict:
    return {
        "id": event.pk,
        "type": event.type,
        "name_ar": event.name_ar,
        "name_en": event.name_en,
        "status": event.status,
        "mode": event.mode,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "city": event.city,
        "hubs": [hub.slug for hub in event.organiser_hubs.all()],
        "capacity": event.capacity,
        "registered": event.confirmed_count,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


@router.get("/events", response={200: EventPage, **INVALID}, tags=["events"])
def events(
    request,
    when: str = Query("upcoming", pattern="^(upcoming|past|all)$"),
    type: str = Query("", pattern=CODE),
    hub: str = Query("", pattern=SLUG),
    page: int = Query(1, ge=1, le=MAX_PAGE),
):
    """Public events (never members-only or invitation-only ones), filtered like the events page."""
    hub_object = Hub.objects.filter(slug=hub).first() if hub else None
    if hub and hub_object is None:
        rows = Event.objects.none()
    else:
        filters = event_selectors.EventFilters(when=when, type=type, hub=hub_object)
        rows = event_selectors.event_list(user=ANONYMOUS, filters=filters)
    rows, paging = page_of(rows, page)
    return Status(200, {**paging, "items": [_event_out(request, event) for event in rows]})


def _document_out(request, document) -> dict:
    download = reverse("library:download_current", args=[document.slug]) if document.current_version_id else None
    return {
        "slug": document.slug,
        "type": document.type,
        "title_ar": document.title_ar,
        "title_en": document.title_en,
        "summary_ar": document.summary_ar,
        "summary_en": document.summary_en,
        "year": document.year,
        "governorate": document.governorate.code if document.governorate else None,
        "published_on": document.published_on,
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "download_url": request.build_absolute_uri(download) if download else None,
    }


@router.get("/documents", response={200: DocumentPage, **INVALID}, tags=["library"])
def documents(
    request,
    type: str = Query("", pattern=CODE),
    year: int | None = Query(None, ge=1900, le=2100),
    page: int = Query(1, ge=1, le=MAX_PAGE),
):
    """Public documents of the library (never members-only or private ones), newest first."""
    filters = library_selectors.DocumentFilters(type=type, year=year)
    rows, paging = page_of(library_selectors.document_list(user=ANONYMOUS, filters=filters), page)
    return Status(200, {**paging, "items": [_document_out(request, document) for document in rows]})


def _organisation_ref(organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name_ar": organisation.name_ar,
        "name_en": organisation.name_en,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
    }


@router.get("/programmes", response={200: list[ProgrammeOut], **INVALID}, tags=["programmes"])
def programmes(request):
    """Every programme with its countries and, in the programme's order, its funders and implementing partners."""
    return Status(
        200,
        [
            {
                "slug": programme.slug,
                "name_ar": programme.name_ar,
                "name_en": programme.name_en,
                "acronym": programme.acronym,
                "countries": [country.code for country in programme.countries.all()],
                "starts_on": programme.starts_on,
                "ends_on": programme.ends_on,
                "funders": [_organisation_ref(o) for o in programme.ordered_funders],
                "partners": [_organisation_ref(o) for o in programme.ordered_partners],
                "url": request.build_absolute_uri(programme.get_absolute_url()),
            }
            for programme in programme_selectors.programme_list()
        ],
    )
