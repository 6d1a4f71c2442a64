"""The shapes of the API's answers. Names in both languages; ids and slugs are stable."""

from datetime import date, datetime
from typing import Any

from ninja import Schema


class Problem(Schema):
    detail: str


class InvalidInput(Schema):
    """What was wrong with the request, one entry per field (answered with 422)."""

    detail: list[dict[str, Any]]


class GovernorateOut(Schema):
    code: str
    name_ar: str
    name_en: str
    region: str | None


class BodyOut(Schema):
    slug: str
    type: str
    name_ar: str
    name_en: str
    country: str
    governorate: str | None
    region: str | None
    population: int | None
    website: str


class BodyPage(Schema):
    count: int
    page: int
    pages: int
    items: list[BodyOut]


class PlanOut(Schema):
    id: int
    body: str
    title_ar: str
    title_en: str
    start_year: int
    end_year: int
    published_at: datetime | None
    achievement: float
    project_count: int


class PlanPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PlanOut]


class GoalOut(Schema):
    id: int
    name_ar: str
    name_en: str
    weight: float
    achievement: float
    project_count: int


class PlanDetailOut(PlanOut):
    vision: str
    goals: list[GoalOut]


class ProjectOut(Schema):
    id: int
    plan: int
    goal: int
    external_id: str
    name_ar: str
    name_en: str
    sector: str
    start_date: date
    end_date: date
    status_ar: str
    status_en: str
    achievement: float
    expected: float
    behind: bool


class ProjectPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProjectOut]


class FeedbackOut(Schema):
    id: int
    project: int | None
    kind: str
    text: str
    created_at: datetime
    reply: str
    replied_at: datetime | None


class FeedbackPage(Schema):
    count: int
    page: int
    pages: int
    items: list[FeedbackOut]


class ProgressOut(Schema):
    id: int
    project: int
    percent: int
    date: date
    note: str
    status: str
    published_at: datetime | None


class TopicOut(Schema):
    id: int
    rank: int | None
    title_ar: str
    title_en: str


class WorkPlanOut(Schema):
    id: int
    chapter_ar: str | None
    starts_on: date
    ends_on: date
    status: str
    topics: list[TopicOut]


class HubOut(Schema):
    slug: str
    name_ar: str
    name_en: str
    status: str
    member_count: int


class HubDetailOut(HubOut):
    description_ar: str
    description_en: str
    work_plans: list[WorkPlanOut]


class EventOut(Schema):
    id: int
    type: str
    name_ar: str
    name_en: str
    status: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    city: str
    hubs: list[str]
    capacity: int | None
    registered: int
    url: str


class EventPage(Schema):
    count: int
    page: int
    pages: int
    items: list[EventOut]


class DocumentOut(Schema):
    slug: str
    type: str
    title_ar: str
    title_en: str
    summary_ar: str
    summary_en: str
    year: int | None
    governorate: str | None
    published_on: date | None
    url: str
    download_url: str | None


class DocumentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DocumentOut]


class OrganisationRef(Schema):
    slug: str
    name_ar: str
    name_en: str
    acronym: str
    kind: str


class ProgrammeOut(Schema):
    slug: str
    name_ar: str
    name_en: str
    acronym: str
    countries: list[str]
    starts_on: date | None
    ends_on: date | None
    funders: list[OrganisationRef]
    partners: list[OrganisationRef]
    url: str
