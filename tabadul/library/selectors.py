"""Reads for the library pages. Every read filters to what the person may see (`document_visibility_q`)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from tabadul.accounts.rules import editable_body_ids, is_platform_admin, staff_organisation_ids
from tabadul.directory.models import LocalBody
from tabadul.events.models import Event
from tabadul.events.selectors import visible_events
from tabadul.hubs.models import WorkPlanTopic
from tabadul.hubs.selectors import hub_relations

from .models import (
    Document,
    DocumentFollow,
    DocumentVersion,
    DraftReview,
    Recommendation,
    RecommendationStatusChange,
    ReviewComment,
)

MAX_QUERY_LENGTH = 100
# The library page lists, counts and pages through the newest LISTED documents that match (50 pages of 20): an exact
# count read every visible document with its visibility rule, 40-70 ms at 50,000 documents (issue 22). Older ones are
# found with the filters (year, type, title), as a search engine lists its first pages only.
LISTED = 1000
# A document's page and its card in the list name its first AUTHOR_BODIES_SHOWN author bodies, then "and N other
# local bodies": a charter signed by a region's bodies has hundreds of authors (the scale world's document 201), and
# each one was read and named (issue 22).
AUTHOR_BODIES_SHOWN = 10


def _through_exists(relation: str, **filters) -> Exists:
    through = getattr(Document, relation).through
    return Exists(through.objects.filter(document_id=OuterRef("pk"), **filters))


def _managed_q(user) -> Q:
    q = Q(created_by_id=user.pk)
    bodies = editable_body_ids(user)
    if bodies:
        q |= _through_exists("author_bodies", localbody_id__in=bodies)
    organisations = staff_organisation_ids(user)
    if organisations:
        q |= _through_exists("author_organisations", organisation_id__in=organisations)
    coordinated = hub_relations(user).managed_hub_ids
    if coordinated:
        q |= _through_exists("author_hubs", hub_id__in=coordinated)
    return q


def _member_q(user) -> Q:
    q = Q(pk__in=[])
    if user.local_body_id:
        q |= _through_exists("author_bodies", localbody_id=user.local_body_id)
    organisations = staff_organisation_ids(user)
    if organisations:
        q |= _through_exists("author_organisations", organisation_id__in=organisations)
    hubs = hub_relations(user).member_hub_ids
    if hubs:
        q |= _through_exists("author_hubs", hub_id__in=hubs)
    return q


def document_visibility_q(user) -> Q:
    """The documents a person may see: public ones; members-only ones of their bodies, organisations and hubs;
    private ones they manage. Administrators see everything. The single rule used by lists, pages and downloads."""
    public = Q(visibility=Document.Visibility.PUBLIC)
    if not user.is_authenticated:
        return public
    if is_platform_admin(user):
        return Q()
    managed = _managed_q(user)
    return (
        public
        | (Q(visibility=Document.Visibility.MEMBERS) & (_member_q(user) | managed))
        | (Q(visibility=Document.Visibility.PRIVATE) & managed)
    )


def visible_documents(user) -> QuerySet[Document]:
    return Document.objects.filter(document_visibility_q(user))


def of_a_visible_document(user) -> Exists:
    """For a recommendation: its document is visible to `user`. Checked row by row on the document's key, not as
    `document__in=visible_documents(user)`, which read every visible document (50,000 at regional scale) first."""
    return Exists(visible_documents(user).filter(pk=OuterRef("document_id")))


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    type: str = ""
    topic: object | None = None
    governorate: object | None = None
    year: int | None = None
    sdg: object | None = None


def _with_author_bodies(documents: QuerySet[Document], shown: int | None) -> QuerySet[Document]:
    """Every author body (`author_bodies.all()`), or the first `shown` by name (`named_author_bodies`); then
    `count_other_author_bodies` says how many others."""
    if shown is None:
        return documents.prefetch_related("author_bodies")
    named = LocalBody.objects.only("slug", "name_ar", "name_en")[:shown]  # what names and links a body
    return documents.prefetch_related(Prefetch("author_bodies", queryset=named, to_attr="named_author_bodies"))


def count_other_author_bodies(documents: Iterable[Document]) -> None:
    """Sets `other_author_bodies` on each of `documents` (read with their `named_author_bodies`): how many author
    bodies beyond those named. One query for a page of documents, once it is read: as an annotation it was counted
    for each of the list's `LISTED` rows as well."""
    documents = list(documents)
    authors = Document.author_bodies.through.objects.filter(document_id__in=[document.pk for document in documents])
    counts = dict(authors.order_by().values("document_id").annotate(n=Count("pk")).values_list("document_id", "n"))
    for document in documents:
        document.other_author_bodies = counts.get(document.pk, 0) - len(document.named_author_bodies)


def _filtered(documents: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    if filters.type:
        documents = documents.filter(type=filters.type)
    if filters.governorate:
        documents = documents.filter(governorate=filters.governorate)
    if filters.year:
        documents = documents.filter(year=filters.year)
    if filters.sdg:
        documents = documents.filter(
            Exists(Document.sdg_goals.through.objects.filter(document_id=OuterRef("pk"), sdggoal_id=filters.sdg.pk))
        )
    if filters.topic:
        documents = documents.filter(
            Exists(
                Document.topics.through.objects.filter(document_id=OuterRef("pk"), workplantopic_id=filters.topic.pk)
            )
        )
    for word in filters.q[:MAX_QUERY_LENGTH].split()[:8]:
        documents = documents.filter(Q(title_ar__icontains=word) | Q(title_en__icontains=word))
    return documents


def _visible_by_key(documents: QuerySet[Document], user) -> QuerySet[Document]:
    """`documents` that `user` may see, each one's visibility asked by its key (an `Exists` on the primary key), so
    that the planner walks the list's index in its order (see `document_keys`)."""
    visibility = document_visibility_q(user)
    if not visibility:  # an administrator sees every document
        return documents
    return documents.filter(Exists(Document.objects.filter(visibility, pk=OuterRef("pk"))))


def _with_what_a_row_shows(documents: QuerySet[Document], bodies_shown: int | None) -> QuerySet[Document]:
    # The current version without its extracted text (a whole PDF's): the list shows its kind, number and size.
    documents = documents.select_related("governorate", "current_version").defer("current_version__text")
    documents = _with_author_bodies(documents, bodies_shown)
    return documents.prefetch_related("author_organisations", "sdg_goals")


def document_list(
    *, user, filters: DocumentFilters | None = None, bodies_shown: int | None = None
) -> QuerySet[Document]:
    """Visible documents matching every filter, newest first, with what the list shows: constant queries. Their
    author bodies: all of them (an export), or with `bodies_shown` as many and a count of the others (a page).
    For the feeds, exports and API (a visitor's); the library page reads `document_keys`."""
    documents = _filtered(visible_documents(user), filters or DocumentFilters())
    return _with_what_a_row_shows(documents, bodies_shown).order_by("-year", "-created_at", "-pk")


def document_keys(*, user, filters: DocumentFilters) -> QuerySet:
    """The ids of the visible documents matching every filter, newest first; `document_rows` gives a page of them
    what a row shows. The list's index is walked in its order and each document's visibility asked by its key
    (`_visible_by_key`) until the page is full: given to the planner as a filter of the walked table, a visitor's
    one equality on the visibility made SQLite scan and sort every public document (90 ms at 50,000), and an index
    that starts with the visibility sent a member's "public, or members-only of mine" to sort every public document
    (issue 22)."""
    documents = _visible_by_key(_filtered(Document.objects.all(), filters), user)
    return documents.order_by("-year", "-created_at", "-pk").values_list("pk", flat=True)


def document_rows(keys) -> list[Document]:
    """The documents of a page (a slice of `document_keys`), in its order, with what a row of the list shows: their
    first AUTHOR_BODIES_SHOWN author bodies and `other_author_bodies`."""
    order = list(keys)
    rows = _with_what_a_row_shows(Document.objects.filter(pk__in=order).order_by(), AUTHOR_BODIES_SHOWN)
    by_pk = {document.pk: document for document in rows}
    documents = [by_pk[pk] for pk in order]
    count_other_author_bodies(documents)
    return documents


def document_get(*, user, slug: str) -> Document:
    """A visible document with its versions, authors (the first AUTHOR_BODIES_SHOWN bodies), tags and
    recommendations. Raises DoesNotExist otherwise."""
    prefetches = [
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by").defer("text")),
        "author_organisations",
        "sdg_goals",
        "sdg_targets",
        "kpis",
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("owner_body", "owner_organisation"),
        ),
        Prefetch("reviews", queryset=DraftReview.objects.select_related("version")),
    ]
    prefetches.append(Prefetch("topics", queryset=_topic_queryset()))
    prefetches.append("author_hubs")
    documents = _with_author_bodies(visible_documents(user), AUTHOR_BODIES_SHOWN)
    document = (
        documents.select_related("governorate", "current_version", "created_by")
        .prefetch_related(*prefetches)
        .get(slug=slug)
    )
    count_other_author_bodies([document])
    return document


def version_for_download(*, user, slug: str, number: int | None = None) -> DocumentVersion:
    """The version to send, only if the person may see its document. Raises DoesNotExist otherwise."""
    versions = (
        DocumentVersion.objects.select_related("document")
        .filter(document__in=visible_documents(user).filter(slug=slug))
        .defer("text")
    )
    if number is None:
        return versions.filter(document__current_version=F("pk")).get()
    return versions.get(number=number)


def _topic_queryset():
    return WorkPlanTopic.objects.select_related("work_plan__hub")


def visible_dialogue_sessions(user):
    """Dialogue sessions (events of that type) the person may see, by the events app's own rule."""

    return visible_events(user).filter(type=Event.Type.DIALOGUE_SESSION).order_by("starts_at", "pk")


# --- Recommendations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationFilters:
    status: str = ""  # "" = every open status
    document_type: str = ""
    owner_body: object | None = None
    owner_organisation: object | None = None
    governorate: object | None = None
    q: str = ""
    include_closed: bool = False


def recommendation_list(*, user, filters: RecommendationFilters | None = None) -> QuerySet[Recommendation]:
    """Recommendations of visible documents; by default the open ones (proposed, discussed, adopted)."""
    filters = filters or RecommendationFilters()
    recommendations = Recommendation.objects.filter(of_a_visible_document(user)).select_related(
        "document", "owner_body", "owner_organisation"
    )
    if filters.status:
        recommendations = recommendations.filter(status=filters.status)
    elif not filters.include_closed:
        recommendations = recommendations.filter(status__in=Recommendation.OPEN_STATUSES)
    if filters.document_type:
        recommendations = recommendations.filter(document__type=filters.document_type)
    if filters.owner_body:
        recommendations = recommendations.filter(owner_body=filters.owner_body)
    if filters.owner_organisation:
        recommendations = recommendations.filter(owner_organisation=filters.owner_organisation)
    if filters.governorate:
        recommendations = recommendations.filter(document__governorate=filters.governorate)
    for word in filters.q[:MAX_QUERY_LENGTH].split()[:8]:
        recommendations = recommendations.filter(Q(title_ar__icontains=word) | Q(title_en__icontains=word))
    return recommendations.order_by("-status_changed_at", "-pk")


def recommendation_get(*, user, pk: int) -> Recommendation:
    """A recommendation of a visible document. Raises DoesNotExist otherwise."""
    return (
        Recommendation.objects.filter(of_a_visible_document(user))
        .select_related("document", "owner_body", "owner_organisation", "created_by")
        .get(pk=pk)
    )


def recommendation_history(*, recommendation: Recommendation) -> QuerySet[RecommendationStatusChange]:
    """Its status changes, oldest first: the page shows a page of them."""
    return recommendation.status_changes.select_related("changed_by").order_by("changed_at", "pk")


def recommendation_sessions(*, user, recommendation: Recommendation) -> QuerySet[Event]:
    """The dialogue sessions that discussed it, among those the person may see: the page shows a page of them."""
    return visible_dialogue_sessions(user).filter(library_recommendations=recommendation)


# --- Draft review -------------------------------------------------------------------------------


@dataclass
class ReviewParagraph:
    index: int
    text: str
    comments: list = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1


def review_get(*, user, slug: str, pk: int) -> DraftReview:
    return (
        DraftReview.objects.filter(document__in=visible_documents(user), document__slug=slug)
        .select_related("document", "version", "opened_by")
        .get(pk=pk)
    )


def review_paragraphs(*, review: DraftReview) -> list[ReviewParagraph]:
    """The paragraphs of the version under review, each with its comments and answers: one query."""
    paragraphs = [ReviewParagraph(index=i, text=text) for i, text in enumerate(review.version.paragraphs())]
    comments = ReviewComment.objects.filter(review=review).select_related("author", "answered_by")
    for comment in comments:
        if comment.paragraph < len(paragraphs):
            paragraphs[comment.paragraph].comments.append(comment)
        else:  # the text has fewer paragraphs than when the comment was written: keep it visible
            paragraphs.append(ReviewParagraph(index=comment.paragraph, text=comment.paragraph_text, comments=[comment]))
    return paragraphs


def is_following(*, user, document: Document) -> bool:
    return user.is_authenticated and DocumentFollow.objects.filter(user=user, document=document).exists()


def document_saved(document: Document) -> Document:
    """The document as its row holds it now: what an edit hands to its service (a bound form changes the instance
    in place)."""
    return Document.objects.get(pk=document.pk)


def review_comments(*, review: DraftReview) -> QuerySet[ReviewComment]:
    """The comments of a draft review, with their review and document (one comment's answer finds it here)."""
    return ReviewComment.objects.filter(review=review).select_related("review__document")
