"""What waits for a person on "my work": milestones of their twinning groups due within seven days or overdue
(tabadul/core/work.py). Each links to the group's page, where the owner body's staff move its status."""

import datetime as dt

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from tabadul.core import formats
from tabadul.core.work import Waiting, WorkItem

from .models import Milestone, TwinningGroup
from .services import REMINDER_DAYS


def _due(user):
    today = timezone.localdate()
    return (
        Milestone.objects.filter(
            group__members__id=user.local_body_id,
            group__status__in=TwinningGroup.CURRENT_STATUSES,
            due_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        )
        .exclude(status=Milestone.Status.DONE)
        .order_by("due_on", "pk")
    )


def milestones_due_count(user) -> int:
    if not user.is_authenticated or not user.local_body_id:
        return 0
    return _due(user).count()


def milestones_due_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated or not user.local_body_id:
        return []
    today = timezone.localdate()
    items = []
    for milestone in _due(user).select_related("group", "owner_body")[:limit]:
        when = _("overdue since %(date)s") if milestone.due_on < today else _("due on %(date)s")
        items.append(
            WorkItem(
                title=milestone.title,
                url=f"{milestone.group.get_absolute_url()}?milestone={milestone.pk}#milestone-{milestone.pk}",
                detail=(
                    milestone.group.name,
                    milestone.owner_body.name,
                    escape(when % {"date": formats.format_date(milestone.due_on)}),
                ),
            )
        )
    return items


MILESTONES_DUE = Waiting(
    key="twinning.milestones_due",
    label=_("Milestones due in my twinning groups"),
    count=milestones_due_count,
    items=milestones_due_items,
    order=70,
)
