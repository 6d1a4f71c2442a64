"""Version 1 of the public API: everything a citizen can see on the site, plus progress pushed with a token.

Reads go through the apps' selectors, so the API shows exactly what the public pages show.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, NinjaAPI, Path, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle
from pydantic import field_validator

from tabadul.directory import selectors as directory_selectors
from tabadul.directory.models import Country, Governorate, LocalBody, Region
from tabadul.meter import selectors as meter_selectors
from tabadul.meter.models import Project, StrategicPlan

from . import services
from .content import router as content_router
from .paging import CODE, INVALID, MAX_PAGE, SLUG, last_modified, page_of
from .schemas import (
    BodyOut,
    BodyPage,
    FeedbackPage,
    GovernorateOut,
    PlanDetailOut,
    PlanPage,
    Problem,
    ProgressOut,
    ProjectPage,
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        return services.token_authenticate(token)


api = NinjaAPI(
    title="Tabadul API",
    version="1",
    description="Open data of Tabadul: local bodies, Municipality Meter plans, projects and progress.",
    urls_namespace="api-v1",
    throttle=[AnonRateThrottle(settings.API_RATE_ANONYMOUS), AuthRateThrottle(settings.API_RATE_TOKEN)],
)


# --- Directory ---------------------------------------------------------------------------------------


def _body_out(body) -> dict:
    return {
        "slug": body.slug,
        "type": body.type,
        "name_ar": body.name_ar,
        "name_en": body.name_en,
        "country": body.country.code,
        "governorate": body.governorate.code if body.governorate else None,
        "region": body.region.code if body.region else None,
        "population": body.population,
        "website": body.website,
    }


class BodyQuery(Schema):
    q: str = Field("", max_length=200)
    country: str = Field("", pattern=CODE)
    governorate: str = Field("", pattern=CODE)
    region: str = Field("", pattern=CODE)
    type: str = Field("", pattern=CODE)
    page: int = Field(1, ge=1, le=MAX_PAGE)

    @field_validator("q")
    @classmethod
    def drop_nul_characters(cls, value: str) -> str:
        return value.replace("\x00", "")


@api.get("/governorates", response={200: list[GovernorateOut], **INVALID}, tags=["directory"])
def governorates(request):
    return [
        {"code": g.code, "name_ar": g.name_ar, "name_en": g.name_en, "region": g.region.code if g.region else None}
        for g in Governorate.objects.select_related("region").order_by("pk")
    ]


@api.get("/bodies", response={200: BodyPage, **INVALID}, tags=["directory"])
def bodies(request, filters: Query[BodyQuery]):
    """Local bodies, filtered like the directory page; `q` ignores Arabic spelling variants.

    An unknown country, governorate or region code matches no body.
    """
    try:
        body_filters = directory_selectors.BodyFilters(
            q=filters.q,
            country=Country.objects.get(code=filters.country) if filters.country else None,
            governorate=Governorate.objects.get(code=filters.governorate) if filters.governorate else None,
            region=Region.objects.get(code=filters.region) if filters.region else None,
            type=filters.type,
        )
        rows = directory_selectors.body_list(filters=body_filters)
    except (Country.DoesNotExist, Governorate.DoesNotExist, Region.DoesNotExist):
        rows = LocalBody.objects.none()
    rows, paging = page_of(rows, filters.page)
    return Status(200, {**paging, "items": [_body_out(body) for body in rows]})


@api.get("/bodies/{slug}", response={200: BodyOut, 404: Problem, **INVALID}, tags=["directory"])
def body_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    try:
        body = directory_selectors.body_get(slug=slug)
    except LocalBody.DoesNotExist as error:
        raise Http404 from error
    last_modified(response, body.updated_at)
    return Status(200, _body_out(body))


# --- Municipality Meter ---------------------------------------------------------------------------------


def _plan_out(figures) -> dict:
    plan = figures.plan
    return {
        "id": plan.pk,
        "body": plan.body.slug,
        "title_ar": plan.title_ar,
        "title_en": plan.title_en,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "published_at": plan.published_at,
        "achievement": round(figures.achievement, 1),
        "project_count": figures.project_count,
    }


def _published_plan(plan_id: int) -> StrategicPlan:
    return get_object_or_404(meter_selectors.published_plans(), pk=plan_id)


@api.get("/plans", response={200: PlanPage, **INVALID}, tags=["meter"])
def plans(request, body: str = Query("", pattern=SLUG), page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Published strategic plans with their overall achievement."""
    rows = meter_selectors.published_plans()
    if body:
        rows = rows.filter(body__slug=body)
    rows, paging = page_of(rows, page)
    return {**paging, "items": [_plan_out(figures) for figures in meter_selectors.plans_compared(plans=rows)]}


@api.get("/plans/{plan_id}", response={200: PlanDetailOut, 404: Problem, **INVALID}, tags=["meter"])
def plan_detail(request, plan_id: int, response: HttpResponse):
    plan = _published_plan(plan_id)
    figures = meter_selectors.plan_overview(plan=plan)
    last_modified(response, plan.updated_at)
    goals = [
        {
            "id": goal.goal.pk,
            "name_ar": goal.goal.name_ar,
            "name_en": goal.goal.name_en,
            "weight": float(goal.goal.weight),
            "achievement": round(goal.achievement, 1),
            "project_count": goal.project_count,
        }
        for goal in figures.goals
    ]
    return Status(200, {**_plan_out(figures), "vision": plan.vision, "goals": goals})


@api.get("/plans/{plan_id}/projects", response={200: ProjectPage, 404: Problem, **INVALID}, tags=["meter"])
def plan_projects(request, plan_id: int, page: int = Query(1, ge=1, le=MAX_PAGE)):
    figures = meter_selectors.plan_overview(plan=_published_plan(plan_id))
    rows, paging = page_of(figures.projects, page)
    return Status(200, {**paging, "items": [_project_out(project) for project in rows]})


@api.get("/plans/{plan_id}/feedback", response={200: FeedbackPage, 404: Problem, **INVALID}, tags=["meter"])
def plan_feedback(request, plan_id: int, page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Citizens' published feedback on a plan and the municipality's replies (names are left out)."""
    rows, paging = page_of(meter_selectors.published_feedback(plan=_published_plan(plan_id)), page)
    items = [
        {
            "id": feedback.pk,
            "project": feedback.project_id,
            "kind": feedback.kind,
            "text": feedback.text,
            "created_at": feedback.created_at,
            "reply": feedback.reply,
            "replied_at": feedback.replied_at,
        }
        for feedback in rows
    ]
    return Status(200, {**paging, "items": items})


def _project_out(project) -> dict:
    return {
        "id": project.pk,
        "plan": project.plan_id,
        "goal": project.goal_id,
        "external_id": project.external_id,
        "name_ar": project.name_ar,
        "name_en": project.name_en,
        "sector": project.sector,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "status_ar": project.status.name_ar,
        "status_en": project.status.name_en,
        "achievement": round(float(project.achievement), 1),
        "expected": round(float(project.expected), 1),
        "behind": project.behind,
    }


def _published_project(project_id: int) -> Project:
    return get_object_or_404(Project.objects.of_published_plans().select_related("plan"), pk=project_id)


def _progress_out(update) -> dict:
    return {
        "id": update.pk,
        "project": update.project_id,
        "percent": update.percent,
        "date": update.date,
        "note": update.note,
        "status": update.status,
        "published_at": update.published_at,
    }


@api.get("/projects/{project_id}/progress", response={200: list[ProgressOut], 404: Problem, **INVALID}, tags=["meter"])
def project_progress(request, project_id: int):
    """The published progress history of a project, newest first."""
    project = _published_project(project_id)
    return Status(200, [_progress_out(update) for update in meter_selectors.project_timeline(project=project)])


@api.post(
    "/projects/{project_id}/progress",
    auth=TokenAuth(),
    response={201: ProgressOut, 400: Problem, 401: Problem, 403: Problem, 404: Problem, **INVALID},
    tags=["meter"],
)
def project_progress_push(
    request,
    project_id: int,
    percent: Form[int],
    date: Form[datetime.date],
    note: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,
):
    """Report progress from the body's own system (token of that body only); it waits for the approver.

    Checked by the same model rules as the web form, with the same messages (400): a note of at most 3,000
    characters, a date within the plan's years (give or take one) and not in the future. The update is
    written in the name of the token's creator, who therefore cannot also publish it (four eyes).
    """
    project = get_object_or_404(Project.objects.select_related("plan"), pk=project_id)
    try:
        update = services.progress_push(
            token=request.auth, project=project, percent=percent, date=date, note=note, files=evidence or ()
        )
    except PermissionDenied:
        return Status(403, {"detail": _("This token may only report progress for its own body’s projects.")})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(201, _progress_out(update))


api.add_router("", content_router)
