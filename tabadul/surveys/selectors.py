"""Every read the survey pages show: the lists (to answer, managed), one survey, the owners a person may ask for,
the results (counts, percentages, averages, texts) and the rows of the Excel export."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.core.queries import count_of
from tabadul.directory.models import LocalBody
from tabadul.hubs.models import Hub
from tabadul.hubs.relations import hub_relations
from tabadul.programmes.models import Programme
from tabadul.twinning.models import TwinningGroup

from .audience import answered_by, surveys_addressed_to
from .models import SCALE, Answer, Question, Response, Survey


def _listed(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    """With `response_count`, counted for each survey shown (a subquery): a count joined and grouped made the
    database count the answers of every survey before sorting them for a page (issue 22); now the page is read
    from the index of its order (`surveys_survey_newest`)."""
    return queryset.select_related("hub", "group", "programme").annotate(
        response_count=count_of(Response.objects.all(), "survey")
    )


def surveys_to_answer(user) -> QuerySet[Survey]:
    """Published surveys addressed to the person's body, each marked `answered` for their unit."""
    if not user.is_authenticated or not user.local_body_id:
        return Survey.objects.none()
    surveys = surveys_addressed_to(user).exclude(status=Survey.Status.DRAFT)
    return (
        surveys.select_related("hub", "group", "programme")
        .annotate(answered=answered_by(user))
        .order_by("-ends_at", "-pk")
    )


def _managed_filter(user) -> Q | None:
    """Surveys the person manages or follows (None: all of them, for platform administrators)."""
    if is_platform_admin(user):
        return None
    relations = hub_relations(user)
    mine = Q(hub_id__in=relations.managed_hub_ids) | Q(group__facilitator_id=user.pk)
    programmes = programme_officer_ids(user)
    if programmes:
        mine |= Q(programme_id__in=programmes)
    return mine


def surveys_managed(user) -> QuerySet[Survey]:
    if not user.is_authenticated:
        return Survey.objects.none()
    mine = _managed_filter(user)
    surveys = Survey.objects.all() if mine is None else Survey.objects.filter(mine)
    return _listed(surveys).order_by("-starts_at", "-pk")


def survey_get(*, pk: int) -> Survey | None:
    return Survey.objects.select_related("hub", "group", "programme").filter(pk=pk).first()


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def question_get(*, survey: Survey, pk: int) -> Question | None:
    return survey.questions.filter(pk=pk).first()


def response_get(*, survey: Survey, pk: int) -> Response | None:
    return survey.responses.select_related("body", "respondent", "initiative").filter(pk=pk).first()


def reminders_of(survey: Survey) -> list:
    return list(survey.reminders.select_related("sent_by")[:10])


# The chosen bodies a survey's page names (a programme may address thousands); the page gives their number.
CHOSEN_SHOWN = 20


def chosen_bodies(survey: Survey) -> list[LocalBody]:
    """The first `CHOSEN_SHOWN` chosen bodies by name."""
    return list(survey.bodies.order_by("name_ar", "pk")[:CHOSEN_SHOWN])


def may_ask_surveys(user) -> bool:
    """Whether the person may ask a survey for anything, without reading every hub and group (an administrator may
    ask for any of hundreds)."""
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if hub_relations(user).managed_hub_ids or programme_officer_ids(user):
        return True
    return TwinningGroup.objects.filter(facilitator=user).exists()


@dataclass(frozen=True)
class Owners:
    """What a person may ask a survey for: hubs, twinning groups and programmes (querysets, not read here: an
    administrator's are every hub and group, a thousand at a region's size), and the platform itself."""

    hubs: QuerySet[Hub]
    groups: QuerySet[TwinningGroup]
    programmes: QuerySet[Programme]
    platform: bool


def survey_owners(user) -> Owners:
    if is_platform_admin(user):
        return Owners(Hub.objects.all(), TwinningGroup.objects.all(), Programme.objects.all(), platform=True)
    return Owners(
        hubs=Hub.objects.filter(pk__in=hub_relations(user).managed_hub_ids),
        groups=TwinningGroup.objects.filter(facilitator=user),
        programmes=Programme.objects.filter(pk__in=programme_officer_ids(user)),
        platform=False,
    )


# --- Results ---------------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    count: int
    percent: float  # of those who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    average: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (who, text)

    @property
    def texts_not_shown(self) -> int:
        """The written answers beyond those shown (`TEXTS_SHOWN`): they are in the Excel file."""
        return self.answered - len(self.texts) if self.question.kind == Question.Kind.TEXT else 0


@dataclass
class Results:
    survey: Survey
    response_count: int
    addressed_count: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


# What `_who` reads of an answer's response: the rows are read with these fields only.
WHO_FIELDS = (
    "response__unit",
    "response__body__name_ar",
    "response__body__name_en",
    "response__respondent__full_name",
    "response__respondent__username",
)


def _who(response: Response) -> str:
    if response.unit == Survey.Unit.PERSON and response.respondent_id:
        return f"{response.respondent.display_name} — {response.body.name}"
    return response.body.name


# The written answers the results page shows per question (the Excel file has them all): a survey of thousands of
# bodies would otherwise put every text on one page (issue 22).
TEXTS_SHOWN = 20


def survey_questions(survey: Survey) -> QuerySet[Question]:
    """The survey's questions in order: its page and the results page show a page of them (a survey may have
    hundreds)."""
    return survey.questions.all()


def survey_results(survey: Survey, *, questions: list[Question] | None = None, addressed_count: int = 0) -> Results:
    """Per question (`questions`: those of a page; all by default): counts and percentages of each choice (or scale
    value), averages of scales and numbers, the latest `TEXTS_SHOWN` texts with who wrote them. Four queries whatever
    the number of questions and answers; the figures are counted from plain values, not one model instance per
    answer."""
    questions = questions_of(survey) if questions is None else list(questions)
    answers = Answer.objects.filter(response__survey=survey, question_id__in=[question.pk for question in questions])
    by_question: dict[int, list[tuple[list, Decimal | None]]] = {question.pk: [] for question in questions}
    for question_id, choices, number in answers.values_list("question_id", "choices", "number"):
        by_question.setdefault(question_id, []).append((choices or [], number))
    texts = _latest_texts(questions)
    results = []
    for question in questions:
        given = by_question[question.pk]
        result = QuestionResult(question=question, answered=len(given))
        if question.kind in Question.CHOICE_KINDS:
            counts = [0] * len(question.options)
            for choices, _number in given:
                for index in choices:
                    if 0 <= index < len(counts):
                        counts[index] += 1
            result.rows = [
                Row(label=option, count=count, percent=_percent(count, len(given)))
                for option, count in zip(question.options, counts, strict=True)
            ]
        elif question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
            numbers = [number for _choices, number in given if number is not None]
            if numbers:
                result.average = (sum(numbers) / len(numbers)).quantize(Decimal("0.01"))
                result.minimum, result.maximum = min(numbers), max(numbers)
            if question.kind == Question.Kind.SCALE:
                result.rows = [
                    Row(
                        label=_scale_label(question, value),
                        count=sum(1 for number in numbers if number == value),
                        percent=_percent(sum(1 for number in numbers if number == value), len(given)),
                    )
                    for value in SCALE
                ]
        else:
            result.texts = texts.get(question.pk, [])
        results.append(result)
    return Results(
        survey=survey,
        response_count=survey.responses.count(),
        addressed_count=addressed_count,
        questions=results,
    )


def _latest_texts(questions: list[Question]) -> dict[int, list[tuple[str, str]]]:
    """{question id: [(who, text)]} of the text questions, the latest `TEXTS_SHOWN` of each, newest first: one
    query. An answer changed is written anew (`response_submit`), so the newest answers have the highest ids: the
    rank is read from the answers' index on (question, id), and only the shown answers are joined to who wrote them
    (ranked by body name, every answer of the question was joined and sorted on each view: issue 22)."""
    text_ids = [question.pk for question in questions if question.kind == Question.Kind.TEXT]
    rank = Window(RowNumber(), partition_by=F("question_id"), order_by=F("pk").desc())
    latest = Answer.objects.filter(question_id__in=text_ids).annotate(rank=rank).filter(rank__lte=TEXTS_SHOWN)
    shown = (
        Answer.objects.filter(pk__in=latest.values("pk"))
        .select_related("response__body", "response__respondent")
        .only(*WHO_FIELDS, "question_id", "text")
        .order_by()  # sorted here: ordered by id, the database would walk every answer of every survey backwards
    )
    texts: dict[int, list[tuple[str, str]]] = {}
    for answer in sorted(shown, key=lambda answer: -answer.pk):
        texts.setdefault(answer.question_id, []).append((_who(answer.response), answer.text))
    return texts


def _scale_label(question: Question, value: int) -> str:
    if value == 1 and question.scale_low:
        return f"1 — {question.scale_low}"
    if value == 5 and question.scale_high:
        return f"5 — {question.scale_high}"
    return str(value)


def survey_respondents(survey: Survey) -> QuerySet[Response]:
    """Who answered, for the results page's list: paged there (a survey of thousands of bodies)."""
    return survey.responses.select_related("body", "respondent", "initiative").order_by("body__name_ar", "pk")


def responses_with_answers(survey: Survey) -> list[Response]:
    """Every answer of the survey with its answers (the results page's list and the Excel export): two queries."""
    return list(
        survey.responses.select_related("body", "respondent", "initiative")
        .prefetch_related("answers")
        .order_by("body__name_ar", "pk")
    )
