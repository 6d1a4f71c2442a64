"""The Meter's sections of a local body's public page (directory/sections.py): its published plan with the overall
achievement, its latest published progress, its response time to citizens, and its latest news.

Only what anyone may read: the published plan (never a draft), progress updates published on it, posts whose
publication time has come, and figures (never the text) of the feedback received."""

from datetime import datetime, timedelta
from statistics import median

from django.utils import timezone

from tabadul.core.prepared import PreparedQuery
from tabadul.directory.sections import BodySection

from . import selectors
from .models import Feedback, ProgressUpdate

LATEST_PROGRESS = 4
RESPONSE_WINDOW = timedelta(days=365)

# The section's queries run on every body's page, only the body changing: compiled once (core/prepared.py).
_latest_progress = PreparedQuery(
    # By the current plan's subquery, not its id: the query runs whether the body has a plan or not.
    lambda body_id: (
        ProgressUpdate.objects.filter(
            project__plan__in=selectors.current_plans(body=body_id)[:1], status=ProgressUpdate.Status.PUBLISHED
        )
        .select_related("project")
        .order_by("-date", "-pk")[:LATEST_PROGRESS]
    )
)
_feedback_times = PreparedQuery(
    lambda body_id, since: (
        Feedback.objects.filter(body_id=body_id, created_at__gte=since)
        .exclude(status=Feedback.Status.REJECTED)
        .values_list("created_at", "replied_at")
    ),
    since=datetime,
)


def response_days(*, body, now=None) -> dict:
    """Feedback the body received in the last twelve months (rejected spam left out), how much it answered, and the
    median number of days to answer (one query)."""
    rows = _feedback_times(body_id=body.pk, since=(now or timezone.now()) - RESPONSE_WINDOW)
    days = [max(0.0, (replied - created).total_seconds() / 86400) for created, replied in rows if replied is not None]
    return {"received": len(rows), "answered": len(days), "median_days": round(median(days), 1) if days else None}


def body_plan(*, body, user) -> dict:
    """The plan section: always shown (its empty state says that no plan is published yet). Three queries whether
    the body has a plan or not, so that every body's page runs as many: the plan, with its figures as stored on it
    (two more queries on a day they are not stored for yet: rollup_store.py), its latest published progress and
    the feedback figures."""
    plan = selectors.current_plan(body=body)
    progress = _latest_progress(body_id=body.pk)
    responses = response_days(body=body)
    if plan is None:
        return {"plan": None, "responses": None, "progress": []}
    return {"plan": plan, "figures": selectors.plan_totals(plan=plan), "progress": progress, "responses": responses}


def body_news(*, body, user) -> dict | None:
    """The body's latest published news, activities and media, or None when it has none (one query)."""
    posts = selectors.latest_posts(body=body)
    return {"posts": posts} if posts else None


PLAN_SECTION = BodySection("meter.plan", "meter/includes/body_plan.html", body_plan, stylesheet="meter/meter.css")
NEWS_SECTION = BodySection("meter.news", "meter/includes/body_news.html", body_news)
