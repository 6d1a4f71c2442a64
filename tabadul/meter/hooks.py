"""What the Meter contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks
from tabadul.programmes.selectors import WorkKind, sees_draft_work

from . import home
from .body_page import NEWS_SECTION, PLAN_SECTION
from .models import StrategicPlan
from .work import FEEDBACK_TO_MODERATE, MY_FEEDBACK, PROGRESS_TO_APPROVE

hooks.register("work.waiting", PROGRESS_TO_APPROVE)
hooks.register("work.waiting", FEEDBACK_TO_MODERATE)
hooks.register("work.waiting", MY_FEEDBACK)


def _programme_pilots(programme, user) -> list:
    """The programme's Meter pilots: published plans, or all of them for those who see its drafts."""
    plans = StrategicPlan.objects.filter(programme=programme).select_related("body").order_by("body__name_ar", "pk")
    if not sees_draft_work(programme=programme, user=user):
        plans = plans.filter(status=StrategicPlan.Status.PUBLISHED)
    return list(plans)


hooks.register(
    "programmes.work", WorkKind("pilots", _programme_pilots, model=StrategicPlan, count_name="pilot_count"), order=30
)
hooks.register("directory.body_sections", PLAN_SECTION, order=10)
hooks.register("directory.body_sections", NEWS_SECTION, order=20)

hooks.register("core.home_figures", home.FIGURE, order=50)
hooks.register("core.home_context", home.home_context, order=50)
