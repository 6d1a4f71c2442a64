"""Questions from bodies' staff, routed to a specialist; most are answered, many accepted, some published.

The stored figures the lists read (`first_answer_at`, `accepted_answer`, `search_stems`) are written here as the
services would write them."""

from datetime import timedelta
from functools import lru_cache

from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery

from tabadul.qa import response_times
from tabadul.qa.models import Answer, Question, QuestionRouting
from tabadul.qa.selectors import question_stems

from .accounts import topics
from .base import Run, insert, pick
from .words import ANSWERS, QUESTION_TEXT, QUESTION_TITLES, SUBJECTS

EXPERTISE = QuestionRouting.Reason.EXPERTISE
stems = lru_cache(maxsize=4096)(question_stems)


def _question(run: Run, rng, asker: int) -> Question:
    body_id = run.body_of_user[asker]
    subject_ar, _subject_en = pick(rng, SUBJECTS)
    title = pick(rng, QUESTION_TITLES).format(subject=subject_ar)
    text = QUESTION_TEXT.format(subject=subject_ar, body=run.body_names[body_id][0])
    hubs = run.hubs_of_body.get(body_id)
    return Question(
        asker_id=asker,
        local_body_id=body_id,
        title=title,
        text=text,
        hub_id=pick(rng, hubs) if hubs and rng.random() < 0.5 else None,
        asked_at=run.moment(-rng.randrange(8, 700), hour=rng.randrange(6, 16)),
        search_stems=stems(title, text),
    )


def _answers(rng, questions: list[Question]):
    for question in questions:
        if question.first_answer_at:
            text = pick(rng, ANSWERS)
            yield Answer(
                question_id=question.pk, author_id=question.specialist, text=text, posted_at=question.first_answer_at
            )


def _after(days: int) -> ExpressionWrapper:
    return ExpressionWrapper(F("first_answer_at") + timedelta(days=days), output_field=DateTimeField())


def _accept(ids: list[int], *, publish: bool) -> None:
    """Accept the (only) answer of these questions a day after it came, as `answer_accept` would; with `publish`,
    the asker consented and a specialist published it the next day (`question_publish`). In chunks of 500."""
    answer = Answer.objects.filter(question=OuterRef("pk")).order_by("pk")
    values = {"accepted_answer": Subquery(answer.values("pk")[:1]), "accepted_at": _after(1)}
    if publish:
        values |= {
            "publication": Question.Publication.PUBLISHED,
            "publication_requested_at": _after(1),
            "published_at": _after(2),
            "published_by": Subquery(answer.values("author")[:1]),
        }
    for start in range(0, len(ids), 500):
        Question.objects.filter(pk__in=ids[start : start + 500]).update(**values)


def generate(run: Run) -> None:
    rng = run.rng("qa")
    topic_ids = topics(run)
    rows = []
    for _ in range(run.volumes.questions):
        question = _question(run, rng, pick(rng, run.staff_ids))
        question.specialist = pick(rng, run.specialist_ids)
        if rng.random() < 0.8:  # answered, then perhaps accepted, then perhaps published
            question.first_answer_at = question.asked_at + timedelta(hours=rng.randrange(2, 120))
            question.fate = pick(rng, ["answered", "accepted", "published"], weights=[40, 30, 30])
        rows.append(question)
    questions = insert(Question, rows, run)
    run.question_ids = [q.pk for q in questions]
    through = Question.topics.through
    insert(through, (through(question_id=q.pk, topic_id=pick(rng, topic_ids)) for q in questions), run)
    routings = (
        QuestionRouting(question_id=q.pk, specialist_id=q.specialist, reason=EXPERTISE, routed_at=q.asked_at)
        for q in questions
    )
    insert(QuestionRouting, routings, run, keep=False)
    insert(Answer, _answers(rng, questions), run, keep=False)
    _accept([q.pk for q in questions if getattr(q, "fate", "") == "accepted"], publish=False)
    _accept([q.pk for q in questions if getattr(q, "fate", "") == "published"], publish=True)
    response_times.refresh()  # written here, not by the services that keep the figures
