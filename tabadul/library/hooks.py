"""What the library contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from tabadul.alignment.registry import AlignedKind
from tabadul.core import hooks
from tabadul.programmes.selectors import WorkKind

from . import home
from .body_page import ORGANISATION_SECTION
from .body_page import SECTION as BODY_SECTION
from .models import Document, Recommendation
from .selectors import document_visibility_q, visible_documents
from .story import StoryKind, visible_event_rows, visible_project_rows
from .work import RECOMMENDATIONS_TO_FOLLOW_UP

hooks.register("work.waiting", RECOMMENDATIONS_TO_FOLLOW_UP)

hooks.register(
    "alignment.aligned_models",
    AlignedKind(
        Document,
        visible=lambda queryset, user: queryset.filter(document_visibility_q(user)) if user else queryset.public(),
        order_by=("-year", "-pk"),
    ),
)


# --- The pages of a hub and of its work-plan topics ---


@hooks.register("hubs.hub_documents")
def hub_documents(*, hub, user, limit: int) -> list:
    """The documents the person may see that the hub wrote or that serve one of its topics, the latest added first.

    Added, not published: the hub's links (two indexes) give the documents' keys, which are walked newest first
    until `limit` visible ones are found. Sorting by year read every document of the hub first (2,500 of a large
    hub at regional scale, issue 22)."""
    written = Document.author_hubs.through.objects.filter(hub=hub).values("document_id")
    serving = Document.topics.through.objects.filter(workplantopic__work_plan__hub=hub).values("document_id")
    documents = visible_documents(user).filter(pk__in=written.union(serving))
    return list(documents.order_by("-pk")[:limit])


@hooks.register("hubs.topic_documents")
def topic_documents(*, topic, user, limit: int) -> list:
    documents = visible_documents(user).filter(topics=topic)
    return list(documents.order_by("-year", "-created_at", "-pk")[:limit])


# --- The story of a topic: what may be linked to a thread (library/story.py) ---


hooks.register(
    "library.story_kinds",
    StoryKind(
        label="library.document",
        title=gettext_lazy("Document"),
        date_of=lambda doc: doc.story_date,
        visible=lambda queryset, user: queryset.filter(document_visibility_q(user)),
    ),
)
hooks.register(
    "library.story_kinds",
    StoryKind(
        label="events.event",
        title=gettext_lazy("Event"),
        date_of=lambda event: event.starts_at,
        visible=visible_event_rows,
    ),
)
hooks.register(
    "library.story_kinds",
    StoryKind(
        label="meter.project",
        title=gettext_lazy("Meter project"),
        date_of=lambda project: project.start_date,
        visible=visible_project_rows,
        select_related=("plan__body",),
    ),
)

hooks.register("directory.body_sections", BODY_SECTION, order=60)
hooks.register("directory.organisation_sections", ORGANISATION_SECTION, order=60)


# --- A programme's documents and what they achieved (programmes/selectors.py) ---


def _programme_documents(programme, user) -> list:
    documents = visible_documents(user).filter(programme=programme)
    return list(documents.order_by("-year", "-created_at", "-pk")[:50])


def _programme_document_results(programme, period) -> dict:
    """Final documents produced in the period (by publication date, else the day they were added) and the
    recommendations drawn from them closed in it (implemented or rejected): two queries."""
    dated = Q(published_on__isnull=False) & period.dates("published_on")
    undated = Q(published_on__isnull=True) & period.dates("created_at__date")
    documents = Document.objects.filter(programme=programme, status=Document.Status.FINAL)
    closed = Recommendation.objects.filter(
        document__programme=programme,
        status__in=[Recommendation.Status.IMPLEMENTED, Recommendation.Status.REJECTED],
    ).filter(period.dates("status_changed_at__date"))
    return {"documents": documents.filter(dated | undated).count(), "recommendations_closed": closed.count()}


hooks.register(
    "programmes.work",
    WorkKind("documents", _programme_documents, model=Document, results=_programme_document_results),
    order=25,
)

hooks.register("core.home_figures", home.FIGURE, order=40)
