"""What the twinning app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from django.db.models import Count, Q

from tabadul.core import hooks
from tabadul.core.pickers import SEPARATOR, Picker
from tabadul.programmes.selectors import GroupResult, WorkKind

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


def _programme_groups(programme, user):
    return TwinningGroup.objects.filter(programme=programme).select_related("network").order_by("name_ar", "pk")


def _groups_in_period(programme, period):
    """The programme's groups that worked during the period (began by its end, not ended before its start)."""
    groups = TwinningGroup.objects.filter(programme=programme)
    if period.end:
        groups = groups.filter(starts_on__lte=period.end)
    if period.start:
        groups = groups.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return groups


def _programme_group_results(programme, period) -> dict:
    groups = _groups_in_period(programme, period).select_related("network").annotate(n=Count("members"))
    return {"groups": [GroupResult(group=group, member_count=group.n) for group in groups.order_by("name_ar", "pk")]}


def _programme_group_bodies(programme, period):
    return TwinningGroup.members.through.objects.filter(
        twinninggroup__in=_groups_in_period(programme, period).values("pk")
    ).values_list("localbody", flat=True)


hooks.register(
    "programmes.work",
    WorkKind(
        "groups",
        _programme_groups,
        model=TwinningGroup,
        count_name="group_count",
        results=_programme_group_results,
        reached=_programme_group_bodies,
    ),
    order=40,
)
hooks.register("directory.body_sections", BODY_SECTION, order=50)


def _group_label(group: TwinningGroup) -> str:
    """A group's name and its network's: groups of two networks may share a name ("Solid waste")."""
    return f"{group.name}{SEPARATOR}{group.network.name}"


# A twinning group typed by name (a survey's owner, surveys/forms.py): an administrator may name any of hundreds.
# Group pages are public: so are their names.
hooks.register(
    "core.pickers",
    Picker(
        name="twinning-groups",
        names=("name_ar", "name_en"),
        label=_group_label,
        suggestions=lambda user: TwinningGroup.objects.all(),
        related=("network",),
    ),
)
