"""The twinning section of a local body's public page (directory/sections.py): the twinning groups it is a member
of, with their partners. What anyone may read of a group (its name, theme, status, network and members); never its
private part (documents, meetings, self-assessments)."""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from tabadul.directory.models import LocalBody
from tabadul.directory.sections import BodySection

from .models import TwinningGroup


def body_groups(*, body, user) -> dict | None:
    """Two queries (the groups, their members); None when the body is in no group. Current groups first, cancelled
    ones left out."""
    current_first = Case(
        When(status__in=TwinningGroup.CURRENT_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    groups = list(
        TwinningGroup.objects.filter(members=body)
        .exclude(status=TwinningGroup.Status.CANCELLED)
        .select_related("network")
        .prefetch_related(Prefetch("members", queryset=LocalBody.objects.order_by("name_ar")))
        .order_by(current_first, "-starts_on", "pk")
    )
    if not groups:
        return None
    for group in groups:
        group.partners = [member for member in group.members.all() if member.pk != body.pk]
    return {"groups": groups}


SECTION = BodySection("twinning", "twinning/includes/body_section.html", body_groups)
