"""What waits for specialists on "my work" (tabadul/core/work.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.work import Waiting, WorkItem

from .selectors import questions_waiting_for


def _items(user, limit: int) -> list[WorkItem]:
    questions = questions_waiting_for(user).select_related("local_body")[:limit]
    return [WorkItem(question.title, question.get_absolute_url(), question.local_body.name) for question in questions]


QUESTIONS_ROUTED = Waiting(
    key="qa.questions_routed",
    label=_("Questions waiting for my answer"),
    count=lambda user: questions_waiting_for(user).count(),
    items=_items,
    order=40,
)
