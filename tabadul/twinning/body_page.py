"""The twinning section of a local body's public page (directory/sections.py): the twinning groups it is a member
of, with their partners. What anyone may read of a group (its name, theme, status, network and members); never its
private part (documents, meetings, self-assessments)."""

from django.db.models import Case, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber

from tabadul.core.prepared import PreparedQuery
from tabadul.directory.sections import BodySection

from .models import TwinningGroup

# How many partners of each group the section names (by name), then "and N other local bodies": the scale world's
# largest group has 200 members, and every one was named on the page of each of them (issue 22).
PARTNERS_SHOWN = 8


def _groups_of(body_id):
    return TwinningGroup.objects.filter(members=body_id).exclude(status=TwinningGroup.Status.CANCELLED)


# Current groups first. The section's two queries run on every body's page, only the body changing: compiled once
# (core/prepared.py).
_groups = PreparedQuery(
    lambda body_id: (
        _groups_of(body_id)
        .select_related("network")
        .annotate(
            current=Case(
                When(status__in=TwinningGroup.CURRENT_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("current", "-starts_on", "pk")
    )
)
# The first members of each of the body's groups by name, the body among them (one more than the partners named,
# so that PARTNERS_SHOWN are left without it), each row with its group's number of members.
_first_members = PreparedQuery(
    lambda body_id: (
        TwinningGroup.members.through.objects.filter(twinninggroup__in=_groups_of(body_id).values("pk"))
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("twinninggroup_id"), order_by=[F("localbody__name_ar"), F("localbody_id")]
            ),
            member_count=Window(Count("pk"), partition_by=F("twinninggroup_id")),
        )
        .filter(rank__lte=PARTNERS_SHOWN + 1)
        .select_related("localbody")
        .order_by("twinninggroup_id", "rank")
    )
)


def body_groups(*, body, user) -> dict | None:
    """The body's groups, current ones first, cancelled ones left out, each with its first `PARTNERS_SHOWN` partners
    by name (`partners`) and how many others (`more_partners`); None when the body is in no group. Two queries
    whether it is in groups or not (a prefetch would run only when it is: the page's count would differ between
    bodies)."""
    groups = _groups(body_id=body.pk)
    partners: dict[int, list] = {}
    others: dict[int, int] = {}
    for link in _first_members(body_id=body.pk):
        if link.localbody_id != body.pk:
            partners.setdefault(link.twinninggroup_id, []).append(link.localbody)
        others[link.twinninggroup_id] = link.member_count - 1
    if not groups:
        return None
    for group in groups:
        group.partners = partners.get(group.pk, [])[:PARTNERS_SHOWN]
        group.more_partners = others.get(group.pk, 0) - len(group.partners)
    return {"groups": groups}


SECTION = BodySection("twinning", "twinning/includes/body_section.html", body_groups)
