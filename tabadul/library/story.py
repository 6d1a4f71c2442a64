"""The story of a topic: everything linked to a hub topic, a document, a recommendation or a Meter project,
in date order, read with a constant number of queries.

Threads are made of
- hub topics (`hubs.WorkPlanTopic`) and the documents tagged with them (`Document.topics`),
- the recommendations drawn from those documents, with every status change and their dialogue sessions,
- the events held on the topics (`events.Event.topics`),
- and anything else linked with a `TopicLink` (a Meter project, an event, another document), whose kinds are
  declared as a `StoryKind` under the hook `library.story_kinds` (core/hooks.py; library/hooks.py declares the
  library's own documents, events and Meter projects).

See docs/library.md for the design and the query budget.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, Q, QuerySet
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData
from django.utils.translation import gettext as _

from tabadul.accounts.rules import editable_body_ids, is_platform_admin
from tabadul.core import hooks
from tabadul.core.bidi import sentence, text_dir, user_text
from tabadul.events.selectors import visible_events

from .models import Document, DocumentVersion, Recommendation, RecommendationStatusChange, TopicLink
from .selectors import visible_documents

# --- The kinds that may be linked to a thread ----------------------------------------------------


@dataclass(frozen=True)
class StoryKind:
    label: str  # "app_label.model_name", lower case
    title: Callable  # the kind's name for people, e.g. gettext_lazy("Meter project")
    date_of: Callable[[Model], date | datetime | None]
    visible: Callable[[QuerySet, object], QuerySet] | None = None
    select_related: tuple[str, ...] = ()

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.label)


KINDS = hooks.Declared("library.story_kinds", key=lambda kind: kind.label)


def kind_of(obj) -> StoryKind | None:
    return KINDS.get(obj._meta.label_lower)


def is_registered(obj) -> bool:
    return kind_of(obj) is not None


def topic_model() -> type[Model] | None:
    try:
        return apps.get_model("hubs", "WorkPlanTopic")
    except LookupError:
        return None


def event_model() -> type[Model] | None:
    try:
        return apps.get_model("events", "Event")
    except LookupError:
        return None


def is_anchor(obj) -> bool:
    topic = topic_model()
    return isinstance(obj, Document) or (topic is not None and isinstance(obj, topic))


def content_type_of(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def _content_types(*models) -> dict[type[Model], ContentType]:
    """The content types of `models` (None left out), read in one query each time: not from ContentType's process
    cache, which made the page's query count depend on what the process had read before (11 queries on a cold
    process, 8 on a warm one)."""
    models = [model._meta.concrete_model for model in models if model is not None]
    wanted = Q()
    for model in models:
        wanted |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    found = {(row.app_label, row.model): row for row in ContentType.objects.filter(wanted)}
    return {model: found.get((model._meta.app_label, model._meta.model_name)) for model in models}


def visible_event_rows(queryset: QuerySet, user) -> QuerySet:
    """The events app's own rule (public, members of organising hubs, invited, organisers...)."""
    return queryset.filter(pk__in=visible_events(user).values("pk"))


def visible_project_rows(queryset: QuerySet, user) -> QuerySet:
    """Meter projects of published plans, and of the plans of the bodies the person edits."""
    if is_platform_admin(user):
        return queryset
    return queryset.filter(Q(plan__status="published") | Q(plan__body_id__in=editable_body_ids(user)))


# --- The story itself ----------------------------------------------------------------------------


@dataclass
class StoryEntry:
    when: datetime
    kind: str
    label: str
    title: str
    url: str = ""
    detail: str = ""
    actor: str = ""
    status: str = ""

    # The title and the detail are people's text, or a sentence around it already marked (`core.bidi.sentence`).
    @property
    def title_html(self):
        return self.title if isinstance(self.title, SafeData) else user_text(self.title)

    @property
    def detail_html(self):
        if isinstance(self.detail, SafeData):
            return self.detail
        return format_html("<span{}>{}</span>", text_dir(self.detail), linebreaksbr(self.detail, autoescape=True))


@dataclass
class Story:
    root: Model
    entries: list[StoryEntry] = field(default_factory=list)
    topics: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def _url(obj) -> str:
    getter = getattr(obj, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return getter()
    except Exception:  # noqa: BLE001 — a kind whose pages do not exist yet is still listed
        return ""


def _resolve_roots(root, types: dict) -> tuple[set[int], set[int]]:
    """The topics and documents the root belongs to (`types`: the content types of _content_types)."""
    topic = topic_model()
    topic_ids: set[int] = set()
    doc_ids: set[int] = set()
    if topic is not None and isinstance(root, topic):
        topic_ids.add(root.pk)
    elif isinstance(root, Document):
        doc_ids.add(root.pk)
    elif isinstance(root, Recommendation):
        doc_ids.add(root.document_id)
    else:  # a linked object (Meter project, event...): the threads it was linked to
        links = TopicLink.objects.filter(target_type=types[root._meta.concrete_model], target_id=root.pk).values_list(
            "anchor_type_id", "anchor_id"
        )
        doc_type = types[Document].pk
        topic_type = types[topic].pk if topic is not None else None
        for anchor_type, anchor_id in links:
            if anchor_type == doc_type:
                doc_ids.add(anchor_id)
            elif anchor_type == topic_type:
                topic_ids.add(anchor_id)
        event = event_model()
        if event is not None and isinstance(root, event) and topic is not None:
            topic_ids |= set(root.topics.values_list("pk", flat=True))
    return topic_ids, doc_ids


def story_for(*, user, root) -> Story:
    """Everything linked to `root`, oldest first. Queries: a fixed number, whatever the amount of data."""
    topic = topic_model()
    event = event_model()
    types = _content_types(Document, topic, event, type(root))  # 1 query
    doc_type = types[Document]
    topic_type = types[topic] if topic is not None else None

    topic_ids, doc_ids = _resolve_roots(root, types)

    # Expansion: the topics of the root's documents, and every document tagged with one of those topics
    # (1 query: the topics of the documents are a subquery).
    if topic_ids or doc_ids:
        through = Document.topics.through
        topics_of_docs = through.objects.filter(document_id__in=doc_ids).values("workplantopic_id")
        for document_id, topic_id in through.objects.filter(
            Q(workplantopic_id__in=topic_ids) | Q(workplantopic_id__in=topics_of_docs) | Q(document_id__in=doc_ids)
        ).values_list("document_id", "workplantopic_id"):
            doc_ids.add(document_id)
            topic_ids.add(topic_id)

    # ... and the links of those threads, including documents linked to a topic (1 query).
    anchors = Q(anchor_type=doc_type, anchor_id__in=doc_ids) | Q(target_type=doc_type, target_id__in=doc_ids)
    if topic_type is not None:
        anchors |= Q(anchor_type=topic_type, anchor_id__in=topic_ids)
    links = list(TopicLink.objects.filter(anchors).select_related("target_type")) if (doc_ids or topic_ids) else []
    targets: dict[ContentType, set[int]] = defaultdict(set)
    for link in links:
        if link.target_type_id == doc_type.pk:
            doc_ids.add(link.target_id)
        else:
            targets[link.target_type].add(link.target_id)
        if link.anchor_type_id == doc_type.pk:
            doc_ids.add(link.anchor_id)
        elif topic_type is not None and link.anchor_type_id == topic_type.pk:
            topic_ids.add(link.anchor_id)

    story = Story(root=root)
    seen: set[tuple[str, int]] = set()

    def add(entry: StoryEntry | None, key: tuple[str, int] | None = None):
        if entry is None or entry.when is None:
            return
        if key is not None:
            if key in seen:
                return
            seen.add(key)
        story.entries.append(entry)

    # Hub topics (1 query).
    if topic is not None and topic_ids:
        topics = list(topic.objects.filter(pk__in=topic_ids).select_related("work_plan__hub"))
        story.topics = topics
        for item in topics:
            add(
                StoryEntry(
                    when=_as_datetime(getattr(item, "created_at", None)),
                    kind="topic",
                    label=_("Hub priority"),
                    title=str(item),
                    detail=str(item.work_plan.hub),
                    url=_url(item),
                ),
                ("topic", item.pk),
            )

    # Documents and their versions (2 queries).
    documents = []
    if doc_ids:
        documents = list(
            visible_documents(user)
            .filter(pk__in=doc_ids)
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=DocumentVersion.objects.defer("text").select_related("uploaded_by").order_by("number"),
                )
            )
        )
    story.documents = documents
    visible_doc_ids = {doc.pk for doc in documents}
    for doc in documents:
        add(
            StoryEntry(
                when=_as_datetime(doc.story_date),
                kind="document",
                label=doc.get_type_display(),
                title=doc.title,
                url=doc.get_absolute_url(),
                detail=doc.summary[:300],
            ),
            ("document", doc.pk),
        )
        for version in doc.versions.all():
            if version.number == 1:
                continue
            add(
                StoryEntry(
                    when=version.created_at,
                    kind="version",
                    label=_("New version"),
                    title=sentence(_("%(title)s — version %(number)s"), title=doc.title, number=version.number),
                    url=doc.get_absolute_url(),
                    detail=version.change_note,
                    actor=version.uploaded_by.display_name if version.uploaded_by else "",
                )
            )

    # Recommendations with their history and dialogue sessions (3 queries).
    if visible_doc_ids:
        prefetches = [
            Prefetch(
                "status_changes",
                queryset=RecommendationStatusChange.objects.select_related("changed_by").order_by("changed_at", "pk"),
            )
        ]
        has_sessions = hasattr(Recommendation, "dialogue_sessions")
        if has_sessions:
            # The events app's rule as a filter of the few linked sessions, not as `pk IN (every visible event)`.
            prefetches.append(Prefetch("dialogue_sessions", queryset=visible_events(user)))
        recommendations = Recommendation.objects.filter(document_id__in=visible_doc_ids).prefetch_related(*prefetches)
        for rec in recommendations:
            for change in rec.status_changes.all():
                if not change.from_status:
                    add(
                        StoryEntry(
                            when=change.changed_at,
                            kind="recommendation",
                            label=_("Recommendation"),
                            title=rec.title,
                            url=rec.get_absolute_url(),
                            status=change.to_status,
                        )
                    )
                    continue
                add(
                    StoryEntry(
                        when=change.changed_at,
                        kind="status",
                        label=_("Recommendation %(status)s") % {"status": change.get_to_status_display()},
                        title=rec.title,
                        url=rec.get_absolute_url(),
                        detail=change.reason,
                        actor=change.changed_by.display_name if change.changed_by else "",
                        status=change.to_status,
                    )
                )
            if has_sessions:
                for session in rec.dialogue_sessions.all():
                    add(
                        StoryEntry(
                            when=session.starts_at,
                            kind="dialogue",
                            label=_("Dialogue session"),
                            title=str(session),
                            url=_url(session),
                            detail=sentence(_("On the recommendation: %(title)s"), title=rec.title),
                        ),
                        ("events.event", session.pk),
                    )

    # Events held on the topics and events linked to the thread (1 query).
    linked_events = targets.pop(types[event], set()) if event is not None else set()
    if event is not None and (topic_ids or linked_events):
        held = event.objects.filter(Q(topics__in=topic_ids) | Q(pk__in=linked_events)).values("pk")
        for item in visible_events(user).filter(pk__in=held):
            add(
                StoryEntry(
                    when=item.starts_at,
                    kind="event",
                    label=item.get_type_display() if hasattr(item, "get_type_display") else _("Event"),
                    title=str(item),
                    url=_url(item),
                ),
                ("events.event", item.pk),
            )

    # Linked objects of other kinds (1 query per kind present).
    for content_type, ids in targets.items():
        kind = KINDS.get(f"{content_type.app_label}.{content_type.model}")
        if kind is None:
            continue
        queryset = kind.model._default_manager.filter(pk__in=ids).select_related(*kind.select_related)
        if kind.visible is not None:
            queryset = kind.visible(queryset, user)
        for item in queryset:
            add(
                StoryEntry(
                    when=_as_datetime(kind.date_of(item)),
                    kind=kind.label.split(".")[-1],
                    label=str(kind.title),
                    title=str(item),
                    url=_url(item),
                ),
                (kind.label, item.pk),
            )

    order = {"topic": 0, "document": 1, "recommendation": 2}
    story.entries.sort(key=lambda entry: (entry.when, order.get(entry.kind, 5)))
    return story
