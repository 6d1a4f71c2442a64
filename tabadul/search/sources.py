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
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone, translation

from tabadul.core import hooks
from tabadul.directory.models import LocalBody, Organisation
from tabadul.events.models import Event
from tabadul.events.selectors import visible_events
from tabadul.hubs.models import Hub, WorkPlan, WorkPlanTopic
from tabadul.library.models import Document, DocumentVersion
from tabadul.library.selectors import visible_documents
from tabadul.meter.models import Post, Project, ProjectStatus, StrategicGoal, StrategicPlan
from tabadul.meter.selectors import visible_plans
from tabadul.programmes.models import Programme, ProgrammeFunder, ProgrammePartner
from tabadul.qa.models import Answer, Question
from tabadul.qa.selectors import visible_questions
from tabadul.twinning.models import Network, TwinningGroup

from .models import Kind


@dataclass
class EntryData:
    """What an object gives the index, by field (the ranking weighs them: title >> summary >> text >> attributes,
    see docs/search.md)."""

    title: str
    title_en: str = ""
    # The body of the entry (a document's extracted text, a question and its answers).
    text: str = ""
    url: str = ""
    date: dt.date | None = None
    context: str = ""
    hubs: Iterable[int] = ()
    governorate: int | None = None
    year: int | None = None
    sdgs: Iterable[int] = ()
    # What the entry is about in a few lines (a description, a document's summary): stored first in the text, so
    # that the ranking can tell it from the rest.
    summary: str = ""
    # Names the entry is filed under but is not about (a project's funding source or goal, a body's governorate):
    # found by their stems only, so they rank below the same words in the title, summary or text.
    attributes: Iterable[str] = ()
    # Words indexed with the title without being shown (a twinning group's theme: what the group is about).
    keywords: str = ""
    # Facets of the Meter (and of bodies): local body, sector, project status code.
    body: int | None = None
    sector: str = ""
    status: str = ""


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
        attributes=_labels(
            governorate and governorate.name_ar,
            governorate and governorate.name_en,
            region and region.name_ar,
            region and region.name_en,
            body.address,
        ),
        url=_url(body),
        context=governorate.name_ar if governorate else "",
        governorate=body.governorate_id,
        body=body.pk,
    )


# --- Hubs and their work-plan topics ---------------------------------------------------------------------------


def _hubs():
    return Hub.objects.all()


def _hub_entry(hub) -> EntryData:
    return EntryData(
        title=hub.name_ar,
        title_en=hub.name_en,
        summary=_join(hub.description_ar, hub.description_en),
        attributes=_labels(hub.audience_ar, hub.audience_en),
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
        summary=topic.description,
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
        summary=event.description,
        attributes=_labels(event.city, event.venue, type_ar, type_en),
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
        summary=_join(document.summary_ar, document.summary_en),
        text=version.text if version else "",
        attributes=[author.name_ar for author in authors],
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
    named = question.publication_names_body or not question.is_published
    return EntryData(
        title=question.title,
        # The answers are part of the question's page (for the same readers): found by their words too.
        summary=question.text,
        text=_join(*(answer.text for answer in question.answers.all())),
        attributes=[topic.name_ar for topic in question.topics.all()],
        url=_url(question),
        date=_local_date(question.asked_at),
        # A question published without naming its body does not name it here either.
        context=body.name_ar if body and named else "",
        governorate=body.governorate_id if body and named else None,
        year=_local_date(question.asked_at).year if question.asked_at else None,
    )


def _visible_questions(user):
    """The qa app's own rule: published questions for everyone, their own for askers, all for specialists and
    moderators (qa.selectors.visible_questions)."""
    return visible_questions(user)


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
        summary=network.description,
        attributes=_labels(network.facilitating_organisation, *(body.name_ar for body in network.members.all())),
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
        keywords=_join(theme_ar, theme_en),
        summary=_join(theme_ar, theme_en, group.objectives),
        attributes=_labels(group.network.name_ar, group.network.name_en, *(body.name_ar for body in members)),
        url=_url(group),
        date=group.starts_on,
        context=group.network.name_ar,
        year=group.starts_on.year if group.starts_on else None,
    )


def _groups_of_network(network) -> list[int]:
    return list(network.groups.values_list("pk", flat=True))


# --- Meter projects ----------------------------------------------------------------------------------------------


def _projects():
    return Project.objects.select_related("plan__body", "goal", "status")


def _project_entry(project) -> EntryData:
    body = project.plan.body
    return EntryData(
        title=project.name_ar,
        title_en=project.name_en,
        summary=project.description,
        attributes=_labels(
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
        body=body.pk,
        sector=project.sector,
        status=project.status.code,
    )


def _visible_projects(user):
    return Project.objects.filter(plan__in=visible_plans(user))


def _projects_of_plan(plan) -> list[int]:
    return list(plan.projects.values_list("pk", flat=True))


def _projects_of_goal(goal) -> list[int]:
    return list(goal.projects.values_list("pk", flat=True))


def _projects_of_status(status) -> list[int]:
    return list(Project.objects.filter(status=status).values_list("pk", flat=True))


# --- Meter plans, goals and news (issue 19) ---------------------------------------------------------------------


def _plans():
    return StrategicPlan.objects.select_related("body")


def _plan_entry(plan) -> EntryData:
    body = plan.body
    return EntryData(
        title=plan.title_ar,
        title_en=plan.title_en,
        summary=plan.vision,
        attributes=_labels(body.name_ar, body.name_en, f"{plan.start_year}–{plan.end_year}"),
        url=_url(plan),
        date=_local_date(plan.published_at),
        context=body.name_ar,
        governorate=body.governorate_id,
        year=plan.start_year,
        body=body.pk,
    )


def _visible_plans(user):
    return visible_plans(user)


def _goals():
    # A goal is filed under its projects' sectors: read for a chunk of goals in one query, not a query per goal
    # (25,000 goals at 10,000 bodies); unordered: they become a set.
    sectors = Project.objects.order_by().only("goal", "sector")
    return StrategicGoal.objects.select_related("plan__body").prefetch_related(
        Prefetch("projects", queryset=sectors, to_attr="sector_rows")
    )


def _goal_entry(goal) -> EntryData:
    plan, body = goal.plan, goal.plan.body
    sectors = sorted({project.sector for project in goal.sector_rows if project.sector})
    return EntryData(
        title=goal.name_ar,
        title_en=goal.name_en,
        summary=goal.description,
        attributes=_labels(plan.title_ar, body.name_ar, *sectors),
        url=_url(plan),
        context=f"{body.name_ar} · {plan.title_ar}",
        governorate=body.governorate_id,
        year=plan.start_year,
        body=body.pk,
        sector=sectors[0] if len(sectors) == 1 else "",
    )


def _visible_goals(user):
    return StrategicGoal.objects.filter(plan__in=visible_plans(user))


def _goals_of_plan(plan) -> list[int]:
    return list(plan.goals.values_list("pk", flat=True))


def _goal_of_project(project) -> list[int]:
    return [project.goal_id]


def _posts():
    return Post.objects.select_related("body", "project")


def _post_entry(post) -> EntryData:
    body = post.body
    with translation.override("ar"):
        kind_ar = str(post.get_kind_display())
    with translation.override("en"):
        kind_en = str(post.get_kind_display())
    return EntryData(
        title=post.title,
        summary=post.summary,
        text=post.text,
        attributes=_labels(kind_ar, kind_en, body.name_ar, post.project and post.project.name_ar),
        url=_url(post),
        date=_local_date(post.published_at),
        context=body.name_ar,
        governorate=body.governorate_id,
        year=_local_date(post.published_at).year if post.published_at else None,
        body=body.pk,
    )


def _visible_posts(user):
    """The Meter's rule (meter.selectors.body_posts): a post is public from its publication time."""
    return Post.objects.filter(published_at__lte=timezone.now())


# --- Programmes --------------------------------------------------------------------------------------------------


def _programmes():
    return Programme.objects.prefetch_related("funders", "partners")


def _programme_entry(programme) -> EntryData:
    # Filed under its funders and implementing partners, by their names in both languages and their acronyms
    # (UNDP, BMZ, GIZ, «الاتحاد الأوروبي»): found by them, ranked below its own name and summary.
    organisations = [*programme.funders.all(), *programme.partners.all()]
    return EntryData(
        title=programme.name_ar,
        title_en=programme.name_en,
        keywords=programme.acronym,
        summary=_join(programme.summary_ar, programme.summary_en),
        attributes=_labels(*(name for o in organisations for name in (o.name_ar, o.name_en, o.acronym))),
        url=_url(programme),
        date=programme.starts_on,
        year=programme.starts_on.year if programme.starts_on else None,
    )


def _programme_of_link(link) -> list[int]:
    return [link.programme_id]


def _programmes_of_organisation(organisation) -> list[int]:
    """A renamed organisation: the programmes it funds or implements."""
    funded = ProgrammeFunder.objects.filter(organisation=organisation).values_list("programme_id", flat=True)
    implemented = ProgrammePartner.objects.filter(organisation=organisation).values_list("programme_id", flat=True)
    return sorted({*funded, *implemented})


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
        dependents=[
            (StrategicPlan, _projects_of_plan),
            (StrategicGoal, _projects_of_goal),
            (ProjectStatus, _projects_of_status),
        ],
    ),
    Source(Kind.PLAN, StrategicPlan, _plans, _plan_entry, visible=_visible_plans),
    Source(
        Kind.GOAL,
        StrategicGoal,
        _goals,
        _goal_entry,
        visible=_visible_goals,
        dependents=[(StrategicPlan, _goals_of_plan), (Project, _goal_of_project)],
    ),
    Source(Kind.NEWS, Post, _posts, _post_entry, visible=_visible_posts),
    Source(
        Kind.PROGRAMME,
        Programme,
        _programmes,
        _programme_entry,
        dependents=[
            (ProgrammeFunder, _programme_of_link),
            (ProgrammePartner, _programme_of_link),
            (Organisation, _programmes_of_organisation),
        ],
        m2m_fields=("funders", "partners"),
    ),
)
