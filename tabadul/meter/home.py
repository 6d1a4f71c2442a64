"""What the Meter gives the home page (core/selectors.py): the number of published plans, the bodies that publish
one, and the latest news of the bodies."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure

from .models import Post, StrategicPlan

LATEST_NEWS = 4
PLAN_BODIES = 8


def published_plan_count() -> int:
    return StrategicPlan.objects.published().count()


FIGURE = HomeFigure("plans", _("Plans published"), published_plan_count, "meter:plan_list", "chart-bar")


def home_context(*, user) -> dict:
    """The latest published news of every body, and bodies with a published plan (for "my municipality"): two
    queries."""
    news = (
        Post.objects.filter(published_at__lte=timezone.now())
        .select_related("body")
        .order_by("-published_at", "-pk")[:LATEST_NEWS]
    )
    plans = StrategicPlan.objects.published().select_related("body").order_by("body__name_ar", "-start_year", "pk")
    bodies, seen = [], set()
    for plan in plans[: PLAN_BODIES * 3]:
        if plan.body_id not in seen:
            seen.add(plan.body_id)
            bodies.append(plan.body)
    return {"latest_news": list(news), "plan_bodies": bodies[:PLAN_BODIES]}
