"""What is searchable: one `Source` per content type, declared here and registered under the hook
`search.sources` by search/hooks.py (core/hooks.py). The search app sits above every content app, so it knows
them all (decisions/007); `REGISTRY` reads the hook.

A source says where its objects come from (`queryset`, with what building an entry needs), how an object becomes
an index entry (`entry`), who may see which objects (`visible`, always the owning app's own selector or rule, never
a copy), and which writes elsewhere change its entries (`dependents`, for the signal handlers in `signals.py`).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils import timezone, translation

from tabadul.core import hooks
from tabadul.directory.models import LocalBody
from tabadul.events.models import Event
from tabadul.events.selectors import visible_events
from tabadul.hubs.models import Hub, WorkPlan, WorkPlanTopic
from tabadul.library.models import Document, DocumentVersion
from tabadul.library.selectors import visible_documents
from tabadul.meter.models import Project, StrategicGoal, StrategicPlan
from tabadul.meter.selectors import visible_plans
from tabadul.qa.models import Answer, Question
from tabadul.twinning.models import Network, TwinningGroup

from .models import Kind


@dataclass
class EntryData:
    title: str
    title_en: str = ""
    text: str = ""
    url: str = ""
    date: dt.date | None = None
    context: str = ""
    hubs: Iterable[int] = ()
    governorate: int | None = None
    year: int | None = None
    sdgs: Iterable[int] = ()


@dataclass
class Source:
    kind: str
    model: type[Model]
    queryset: Callable[[], QuerySet]
    entry: Callable[[Model], EntryData]
    # The objects a person may see; None: every object is public.
    visible: Callable[[object], QuerySet] | None = None
    # (model, function(instance) -> ids of this source's objects to reindex) for writes to related rows.
    dependents: list[tuple[type[Model], Callable[[Model], Iterable[int]]]] = field(default_factory=list)
    # Many-to-many fields of `model` whose changes alter the entry.
    m2m_fields: tuple[str, ...] = ()

    def public_ids(self, ids: Iterable[int]) -> set[int]:
        ids = list(ids)
        if self.visible is None:
            return set(ids)
        return set(self.visible(AnonymousUser()).filter(pk__in=ids).values_list("pk", flat=True))


# The declared sources by kind (read-only; the hook `search.sources` is the one place they are kept).
REGISTRY = hooks.Declared("search.sources", key=lambda source: source.kind)


def _url(obj) -> str:
    with translation.override("ar"):
        return obj.get_absolute_url()


def _join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _labels(*names) -> list[str]:
    return [name for name in names if name]


# --- Directory: local bodies -----------------------------------------------------------------------------------


def _bodies():
    return LocalBody.objects.select_related("governorate", "region")


def _body_entry(body) -> EntryData:
    governorate, region = body.governorate, body.region
    return EntryData(
        title=body.name_ar,
        title_en=body.name_en,
        text=_join(
            body.name_en,
            governorate and governorate.name_ar,
            governorate and governorate.name_en,
            region and region.name_ar,
            region and region.name_en,
            body.address,
        ),
        url=_url(body),
        context=governorate.name_ar if governorate else "",
        governorate=body.governorate_id,
    )


# --- Hubs and their work-plan topics ---------------------------------------------------------------------------


def _hubs():
    return Hub.objects.all()


def _hub_entry(hub) -> EntryData:
    return EntryData(
        title=hub.name_ar,
        title_en=hub.name_en,
        text=_join(hub.name_en, hub.description_ar, hub.description_en, hub.audience_ar, hub.audience_en),
        url=_url(hub),
        date=hub.launch_date,
        hubs=[hub.pk],
        year=hub.launch_date.year if hub.launch_date else None,
    )


def _topics():
    return WorkPlanTopic.objects.select_related("work_plan__hub", "proposed_by_body").prefetch_related("sdg_goals")


def _topic_entry(topic) -> EntryData:
    plan = topic.work_plan
    body = topic.proposed_by_body
    return EntryData(
        title=topic.title_ar,
        title_en=topic.title_en,
        text=_join(topic.title_en, topic.description),
        url=_url(topic),
        date=plan.starts_on,
        context=plan.hub.name_ar,
        hubs=[plan.hub_id],
        governorate=body.governorate_id if body else None,
        year=plan.starts_on.year,
        sdgs=[goal.pk for goal in topic.sdg_goals.all()],
    )


def _topics_of_plan(plan) -> list[int]:
    return list(plan.topics.values_list("pk", flat=True))


# --- Events ----------------------------------------------------------------------------------------------------


def _events():
    return Event.objects.prefetch_related("organiser_hubs", "sdg_goals")


def _event_entry(event) -> EntryData:
    hubs = list(event.organiser_hubs.all())
    with translation.override("ar"):
        type_ar = str(event.get_type_display())
    with translation.override("en"):
        type_en = str(event.get_type_display())
    return EntryData(
        title=event.name_ar,
        title_en=event.name_en,
        text=_join(event.name_en, event.description, event.city, event.venue, type_ar, type_en),
        url=_url(event),
        date=_local_date(event.starts_at),
        context="، ".join(_labels(*(hub.name_ar for hub in hubs), event.partner_organiser)),
        hubs=[hub.pk for hub in hubs],
        year=_local_date(event.starts_at).year if event.starts_at else None,
        sdgs=[goal.pk for goal in event.sdg_goals.all()],
    )


def _visible_events(user):
    return visible_events(user)


# --- Library documents (with the extracted text of the current version) ----------------------------------------


def _documents():
    return Document.objects.select_related("current_version").prefetch_related(
        "author_hubs", "author_bodies", "author_organisations", "sdg_goals"
    )


def _document_entry(document) -> EntryData:
    version = document.current_version
    hubs = list(document.author_hubs.all())
    authors = [*document.author_bodies.all(), *document.author_organisations.all(), *hubs]
    return EntryData(
        title=document.title_ar,
        title_en=document.title_en,
        text=_join(document.title_en, document.summary_ar, document.summary_en, version.text if version else ""),
        url=_url(document),
        date=document.published_on,
        context="، ".join(author.name_ar for author in authors),
        hubs=[hub.pk for hub in hubs],
        governorate=document.governorate_id,
        year=document.year or (document.published_on.year if document.published_on else None),
        sdgs=[goal.pk for goal in document.sdg_goals.all()],
    )


def _visible_documents(user):
    return visible_documents(user)


def _document_of_version(version) -> list[int]:
    return [version.document_id]


# --- Questions to specialists -----------------------------------------------------------------------------------


def _questions():
    return Question.objects.select_related("local_body").prefetch_related("topics", "answers")


def _question_entry(question) -> EntryData:
    body = question.local_body
    return EntryData(
        title=question.title,
        # The answers are part of the question's page (for the same readers): found by their words too.
        text=_join(
            question.text,
            *(topic.name_ar for topic in question.topics.all()),
            *(answer.text for answer in question.answers.all()),
        ),
        url=_url(question),
        date=_local_date(question.asked_at),
        context=body.name_ar if body else "",
        governorate=body.governorate_id if body else None,
        year=_local_date(question.asked_at).year if question.asked_at else None,
    )


def _visible_questions(user):
    """The qa app's own rule: readers of questions (body staff, specialists, administrators) see them all."""
    if user is not None and user.has_perm("qa.view_questions"):
        return Question.objects.all()
    return Question.objects.none()


def _question_of_answer(answer) -> list[int]:
    return [answer.question_id]


# --- Twinning: learning networks and twinning groups ----------------------------------------------------------
# Only what an anonymous visitor sees on the network and group pages (both are public): names, the facilitating
# organisation, the description, a group's theme, objectives, network and member bodies. Never a group's private
# part (shared documents, meetings, self-assessments: `twinning.view_group_private`), which is not indexed at all.


def _networks():
    return Network.objects.prefetch_related("members")


def _network_entry(network) -> EntryData:
    return EntryData(
        title=network.name_ar,
        title_en=network.name_en,
        text=_join(
            network.name_en,
            network.facilitating_organisation,
            network.description,
            *(body.name_ar for body in network.members.all()),
        ),
        url=_url(network),
        date=_local_date(network.created_at),
        context=network.facilitating_organisation,
        year=_local_date(network.created_at).year if network.created_at else None,
    )


def _groups():
    return TwinningGroup.objects.select_related("network").prefetch_related("members")


def _group_entry(group) -> EntryData:
    with translation.override("ar"):
        theme_ar = str(group.get_theme_display())
    with translation.override("en"):
        theme_en = str(group.get_theme_display())
    members = list(group.members.all())
    return EntryData(
        title=group.name_ar,
        title_en=group.name_en,
        text=_join(
            group.name_en,
            theme_ar,
            theme_en,
            group.objectives,
            group.network.name_ar,
            group.network.name_en,
            *(body.name_ar for body in members),
        ),
        url=_url(group),
        date=group.starts_on,
        context=group.network.name_ar,
        year=group.starts_on.year if group.starts_on else None,
    )


def _groups_of_network(network) -> list[int]:
    return list(network.groups.values_list("pk", flat=True))


# --- Meter projects ----------------------------------------------------------------------------------------------


def _projects():
    return Project.objects.select_related("plan__body", "goal")


def _project_entry(project) -> EntryData:
    body = project.plan.body
    return EntryData(
        title=project.name_ar,
        title_en=project.name_en,
        text=_join(
            project.name_en,
            project.description,
            project.sector,
            project.location,
            project.department,
            project.funding_source,
            project.goal.name_ar,
            project.plan.title_ar,
        ),
        url=_url(project),
        date=project.start_date,
        context=body.name_ar,
        governorate=body.governorate_id,
        year=project.start_date.year if project.start_date else None,
    )


def _visible_projects(user):
    return Project.objects.filter(plan__in=visible_plans(user))


def _projects_of_plan(plan) -> list[int]:
    return list(plan.projects.values_list("pk", flat=True))


def _projects_of_goal(goal) -> list[int]:
    return list(goal.projects.values_list("pk", flat=True))


# Every searchable content type, in the order of search/models.py's `Kind` (registered by search/hooks.py).
SOURCES = (
    Source(Kind.BODY, LocalBody, _bodies, _body_entry),
    Source(Kind.HUB, Hub, _hubs, _hub_entry),
    Source(
        Kind.TOPIC,
        WorkPlanTopic,
        _topics,
        _topic_entry,
        dependents=[(WorkPlan, _topics_of_plan)],
        m2m_fields=("sdg_goals",),
    ),
    Source(
        Kind.EVENT,
        Event,
        _events,
        _event_entry,
        visible=_visible_events,
        m2m_fields=("organiser_hubs", "sdg_goals"),
    ),
    Source(
        Kind.DOCUMENT,
        Document,
        _documents,
        _document_entry,
        visible=_visible_documents,
        dependents=[(DocumentVersion, _document_of_version)],
        m2m_fields=("author_hubs", "author_bodies", "author_organisations", "sdg_goals"),
    ),
    Source(
        Kind.QUESTION,
        Question,
        _questions,
        _question_entry,
        visible=_visible_questions,
        dependents=[(Answer, _question_of_answer)],
    ),
    Source(Kind.NETWORK, Network, _networks, _network_entry, m2m_fields=("members",)),
    Source(
        Kind.GROUP,
        TwinningGroup,
        _groups,
        _group_entry,
        dependents=[(Network, _groups_of_network)],
        m2m_fields=("members",),
    ),
    Source(
        Kind.PROJECT,
        Project,
        _projects,
        _project_entry,
        visible=_visible_projects,
        dependents=[(StrategicPlan, _projects_of_plan), (StrategicGoal, _projects_of_goal)],
    ),
)
