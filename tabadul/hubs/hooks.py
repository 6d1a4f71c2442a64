"""What the hubs app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from django.db.models import Q

from tabadul.accounts.selectors import HeldRole
from tabadul.alignment.registry import AlignedKind
from tabadul.core import hooks
from tabadul.core.pickers import Picker
from tabadul.programmes.selectors import WorkKind

from . import home
from .body_page import ORGANISATION_SECTION
from .body_page import SECTION as BODY_SECTION
from .models import Hub, Membership, WorkPlanTopic
from .relations import current_mandates
from .work import WAITING

for waiting in WAITING:
    hooks.register("work.waiting", waiting)

hooks.register(
    "alignment.aligned_models",
    AlignedKind(
        WorkPlanTopic,
        hub_lookup="work_plan__hub",
        select_related=("work_plan__hub", "work_plan__chapter"),
        order_by=("work_plan__hub__position", "work_plan_id", "rank", "pk"),
    ),
)


def _programme_hubs(programme, user):
    return Hub.objects.filter(programme=programme).order_by("position", "pk")


def _programme_hub_members(programme, period):
    """The bodies that are active members of the programme's hubs (those that joined by the period's end)."""
    members = Membership.objects.active().filter(hub__programme=programme)
    if period.end:
        members = members.filter(Q(joined_at__isnull=True) | Q(joined_at__date__lte=period.end))
    return members.values_list("body", flat=True)


hooks.register(
    "programmes.work",
    WorkKind("hubs", _programme_hubs, model=Hub, count_name="hub_count", reached=_programme_hub_members),
    order=10,
)


@hooks.register("accounts.profile_roles")
def _mandates_held(user) -> list[HeldRole]:
    """A hub's coordinator or deputy is that on their account page, though no role grant says so."""
    mandates = current_mandates(user).select_related("hub")
    return [
        HeldRole(mandate.get_role_display(), mandate.hub.name, mandate.hub.get_absolute_url())
        for mandate in mandates.order_by("hub__position", "role")
    ]


hooks.register("directory.body_sections", BODY_SECTION, order=40)
hooks.register("directory.organisation_sections", ORGANISATION_SECTION, order=40)

hooks.register("core.home_figures", home.FIGURE, order=20)


# The organising hubs of an event or a course, typed by an administrator (who may name any of some 200 hubs at a
# region's size) rather than ticked from every hub (events/forms.py). Hub pages are public: so are their names.
hooks.register(
    "core.pickers",
    Picker(
        name="hubs",
        names=("name_ar", "name_en"),
        label=lambda hub: hub.name,
        suggestions=lambda user: Hub.objects.all(),
    ),
)
