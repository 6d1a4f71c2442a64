"""What waits for people on "my work" (tabadul/core/work.py): invitations to events not yet answered."""

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tabadul.core import formats
from tabadul.core.bidi import sentence
from tabadul.core.work import Waiting, WorkItem

from .selectors import invitations_to_answer


def _items(user, limit: int) -> list[WorkItem]:
    items = []
    for invitation in invitations_to_answer(user)[:limit]:
        event = invitation.event
        detail = escape(formats.format_datetime(event.starts_at, event.tz))
        if invitation.local_body_id:
            detail = sentence(_("%(date)s · invited through %(body)s"), date=detail, body=invitation.local_body.name)
        items.append(WorkItem(event.name, event.get_absolute_url(), detail))
    return items


INVITATIONS_TO_ANSWER = Waiting(
    key="events.invitations_to_answer",
    label=gettext_lazy("Invitations to events to answer"),
    count=lambda user: invitations_to_answer(user).count(),
    items=_items,
    order=50,
)
