"""What the twinning app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks
from tabadul.programmes.selectors import WorkKind

from .body_page import SECTION as BODY_SECTION
from .forum import FORUM_POLICY
from .models import TwinningGroup
from .work import MILESTONES_DUE

hooks.register("work.waiting", MILESTONES_DUE)
hooks.register("discussions.forum_policies", FORUM_POLICY)


@hooks.register("events.platform_organisers")
def facilitates_a_group(user) -> bool:
    """Facilitators of twinning groups schedule their groups' meetings in the platform's name."""
    return TwinningGroup.objects.filter(facilitator=user).exists()


def _programme_groups(programme, user) -> list:
    groups = TwinningGroup.objects.filter(programme=programme).select_related("network")
    return list(groups.order_by("name_ar", "pk"))


hooks.register(
    "programmes.work", WorkKind("groups", _programme_groups, model=TwinningGroup, count_name="group_count"), order=40
)
hooks.register("directory.body_sections", BODY_SECTION, order=50)
