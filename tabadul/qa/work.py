"""What waits for specialists on "my work" (tabadul/core/work.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.work import Waiting, WorkItem

from .selectors import questions_waiting_for, questions_waiting_for_publication


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


def _publication_items(user, limit: int) -> list[WorkItem]:
    questions = questions_waiting_for_publication(user).select_related("local_body")[:limit]
    return [WorkItem(question.title, question.get_absolute_url(), question.local_body.name) for question in questions]


QUESTIONS_TO_PUBLISH = Waiting(
    key="qa.questions_to_publish",
    label=_("Answered questions to publish"),
    count=lambda user: questions_waiting_for_publication(user).count(),
    items=_publication_items,
    order=41,
)
