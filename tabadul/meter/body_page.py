"""The Meter's sections of a local body's public page (directory/sections.py): its published plan with the overall
achievement, its latest published progress, its response time to citizens, and its latest news.

Only what anyone may read: the published plan (never a draft), progress updates published on it, posts whose
publication time has come, and figures (never the text) of the feedback received."""

from datetime import timedelta
from statistics import median

from django.utils import timezone

from tabadul.directory.sections import BodySection

from . import selectors
from .models import Feedback, ProgressUpdate

LATEST_PROGRESS = 4
LATEST_POSTS = 3
RESPONSE_WINDOW = timedelta(days=365)


def response_days(*, body, now=None) -> dict:
    """Feedback the body received in the last twelve months (rejected spam left out), how much it answered, and the
    median number of days to answer (one query)."""
    now = now or timezone.now()
    rows = list(
        Feedback.objects.filter(body=body, created_at__gte=now - RESPONSE_WINDOW)
        .exclude(status=Feedback.Status.REJECTED)
        .values_list("created_at", "replied_at")
    )
    days = [max(0.0, (replied - created).total_seconds() / 86400) for created, replied in rows if replied is not None]
    return {"received": len(rows), "answered": len(days), "median_days": round(median(days), 1) if days else None}


def body_plan(*, body, user) -> dict:
    """The plan section: always shown (its empty state says that no plan is published yet). Five queries."""
    plan = selectors.current_plan(body=body)
    if plan is None:
        return {"plan": None, "responses": None, "progress": []}
    figures = selectors.plan_overview(plan=plan)
    progress = list(
        ProgressUpdate.objects.filter(project__plan=plan, status=ProgressUpdate.Status.PUBLISHED)
        .select_related("project")
        .order_by("-date", "-pk")[:LATEST_PROGRESS]
    )
    return {"plan": plan, "figures": figures, "progress": progress, "responses": response_days(body=body)}


def body_news(*, body, user) -> dict | None:
    """The body's latest published news, activities and media, or None when it has none (one query)."""
    posts = list(selectors.body_posts(body=body)[:LATEST_POSTS])
    return {"posts": posts} if posts else None


PLAN_SECTION = BodySection("meter.plan", "meter/includes/body_plan.html", body_plan, stylesheet="meter/meter.css")
NEWS_SECTION = BodySection("meter.news", "meter/includes/body_news.html", body_news)
