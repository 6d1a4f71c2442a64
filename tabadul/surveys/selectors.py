"""Every read the survey pages show: the lists (to answer, managed), one survey, the owners a person may ask for,
the results (counts, percentages, averages, texts) and the rows of the Excel export."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.directory.models import LocalBody
from tabadul.hubs.models import Hub
from tabadul.hubs.relations import hub_relations
from tabadul.programmes.models import Programme
from tabadul.twinning.models import TwinningGroup

from .audience import answered_by, surveys_addressed_to
from .models import SCALE, Answer, Question, Response, Survey


def _listed(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    return queryset.select_related("hub", "group", "programme").annotate(response_count=Count("responses"))


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


def chosen_bodies(survey: Survey) -> list[LocalBody]:
    return list(survey.bodies.order_by("name_ar"))


def owner_choices(user) -> list[tuple[str, str]]:
    """What the person may ask a survey for, as ("hub:3", "Innovation hub") choices."""
    if not user.is_authenticated:
        return []
    admin = is_platform_admin(user)
    choices = []
    hubs = Hub.objects.all() if admin else Hub.objects.filter(pk__in=hub_relations(user).managed_hub_ids)
    choices += [(f"hub:{hub.pk}", _("Hub: %(name)s") % {"name": hub.name}) for hub in hubs.order_by("name_ar")]
    groups = TwinningGroup.objects.all() if admin else TwinningGroup.objects.filter(facilitator=user)
    choices += [
        (f"group:{group.pk}", _("Twinning group: %(name)s") % {"name": group.name})
        for group in groups.order_by("name_ar")
    ]
    programmes = Programme.objects.all() if admin else Programme.objects.filter(pk__in=programme_officer_ids(user))
    choices += [
        (f"programme:{programme.pk}", _("Programme: %(name)s") % {"name": programme.name})
        for programme in programmes.order_by("name_ar")
    ]
    if admin:
        choices.append(("platform", _("The Tabadul platform")))
    return choices


def owner_from_choice(value: str):
    """The owner a choice of owner_choices names (None for the platform)."""
    kind, _sep, pk = (value or "").partition(":")
    model = {"hub": Hub, "group": TwinningGroup, "programme": Programme}.get(kind)
    return model.objects.filter(pk=pk).first() if model and pk.isdigit() else None


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


@dataclass
class Results:
    survey: Survey
    response_count: int
    addressed_count: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _who(response: Response) -> str:
    if response.unit == Survey.Unit.PERSON and response.respondent_id:
        return f"{response.respondent.display_name} — {response.body.name}"
    return response.body.name


def survey_results(survey: Survey, *, addressed_count: int = 0) -> Results:
    """Per question: counts and percentages of each choice (or scale value), averages of scales and numbers, the
    texts with who wrote them. Three queries whatever the number of questions and answers."""
    questions = questions_of(survey)
    answers = Answer.objects.filter(response__survey=survey).select_related("response__body", "response__respondent")
    by_question: dict[int, list[Answer]] = {question.pk: [] for question in questions}
    for answer in answers.order_by("response__body__name_ar", "pk"):
        by_question.setdefault(answer.question_id, []).append(answer)
    results = []
    for question in questions:
        given = by_question[question.pk]
        result = QuestionResult(question=question, answered=len(given))
        if question.kind in Question.CHOICE_KINDS:
            counts = [0] * len(question.options)
            for answer in given:
                for index in answer.choices:
                    if 0 <= index < len(counts):
                        counts[index] += 1
            result.rows = [
                Row(label=option, count=count, percent=_percent(count, len(given)))
                for option, count in zip(question.options, counts, strict=True)
            ]
        elif question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
            numbers = [answer.number for answer in given if answer.number is not None]
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
            result.texts = [(_who(answer.response), answer.text) for answer in given]
        results.append(result)
    return Results(
        survey=survey,
        response_count=survey.responses.count(),
        addressed_count=addressed_count,
        questions=results,
    )


def _scale_label(question: Question, value: int) -> str:
    if value == 1 and question.scale_low:
        return f"1 — {question.scale_low}"
    if value == 5 and question.scale_high:
        return f"5 — {question.scale_high}"
    return str(value)


def responses_with_answers(survey: Survey) -> list[Response]:
    """Every answer of the survey with its answers (the results page's list and the Excel export): two queries."""
    return list(
        survey.responses.select_related("body", "respondent", "initiative")
        .prefetch_related("answers")
        .order_by("body__name_ar", "pk")
    )
