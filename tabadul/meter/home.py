"""What the Meter gives the home page (core/selectors.py): the number of published plans, the bodies that published
one lately, and the latest news of the bodies."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure
from tabadul.directory.models import LocalBody

from .models import Post, StrategicPlan

LATEST_NEWS = 4
PLAN_BODIES = 8


def published_plan_count() -> int:
    return StrategicPlan.objects.published().count()


FIGURE = HomeFigure(
    "plans", _("Plans published"), published_plan_count, "meter:plan_list", "chart-bar", counts=(StrategicPlan,)
)


def home_context(*, user) -> dict:
    """The latest published news of every body, and bodies that published a plan lately (for "my municipality"),
    by name: two queries. The bodies come from the newest published plans (the primary key walked backwards, a
    few rows read), not from every plan sorted by its body's name (5,000 plans at regional scale)."""
    news = (
        Post.objects.filter(published_at__lte=timezone.now())
        .select_related("body")
        .order_by("-published_at", "-pk")[:LATEST_NEWS]
    )
    newest = StrategicPlan.objects.published().order_by("-pk").values("body")[: PLAN_BODIES * 3]
    bodies = LocalBody.objects.filter(pk__in=newest).order_by("name_ar", "pk")[:PLAN_BODIES]
    return {"latest_news": list(news), "plan_bodies": list(bodies)}
