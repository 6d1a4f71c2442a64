"""The response-times page's figures, per topic: how many questions, answered and accepted, and the hours from
asking to the first answer and to the accepted answer (median and mean).

At regional scale (30,000 questions) reading every question's three times on each view took 200 ms, and no
portable SQL gives a median; so the figures are stored (`TopicResponseTimes`) when they change: the services that
ask a question, post its first answer or accept one call `refresh` for the question's topics inside their
transaction, and whoever writes questions without the services (the demo and scale loaders, migration 0005) calls
it for every topic once done. A refresh reads only its topics' questions: a few thousand at scale, on a write.
"""

import statistics
from collections.abc import Iterable

from django.db import transaction

from .models import Question, Topic, TopicResponseTimes


def _hours(start, end) -> float:
    return (end - start).total_seconds() / 3600


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def store(question_model, figures_model, topic_ids: Iterable[int]) -> None:
    """Compute and store the figures of these topics, the models passed in (migration 0005 passes its own)."""
    topic_ids = sorted(set(topic_ids))
    questions = {pk: 0 for pk in topic_ids}
    first: dict[int, list[float]] = {pk: [] for pk in topic_ids}
    accepted: dict[int, list[float]] = {pk: [] for pk in topic_ids}
    rows = question_model.topics.through.objects.filter(topic_id__in=topic_ids).values_list(
        "topic_id", "question__asked_at", "question__first_answer_at", "question__accepted_at"
    )
    for topic_id, asked_at, first_answer_at, accepted_at in rows.iterator():
        questions[topic_id] += 1
        if first_answer_at:
            first[topic_id].append(_hours(asked_at, first_answer_at))
        if accepted_at:
            accepted[topic_id].append(_hours(asked_at, accepted_at))
    for topic_id in topic_ids:
        figures_model.objects.update_or_create(
            topic_id=topic_id,
            defaults={
                "questions": questions[topic_id],
                "answered": len(first[topic_id]),
                "accepted": len(accepted[topic_id]),
                "median_first_answer_hours": _median(first[topic_id]),
                "mean_first_answer_hours": _mean(first[topic_id]),
                "median_accepted_hours": _median(accepted[topic_id]),
                "mean_accepted_hours": _mean(accepted[topic_id]),
            },
        )


@transaction.atomic
def refresh(*, topic_ids: Iterable[int] | None = None) -> None:
    """Store the figures of these topics anew (`None`: every topic). The topics' rows are locked first, so that two
    writes on one topic at once compute one after the other, the second seeing the first's question."""
    topics = Topic.objects.all() if topic_ids is None else Topic.objects.filter(pk__in=list(topic_ids))
    locked = list(topics.select_for_update().order_by("pk").values_list("pk", flat=True))
    store(Question, TopicResponseTimes, locked)
