import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tabadul.core.models import AuditEvent
from tabadul.hubs import services as hub_services
from tabadul.hubs.models import Initiative, WorkPlan
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import assert_notified
from tabadul.surveys import services
from tabadul.surveys.models import Question, Reminder, Response, Survey

from .conftest import make_survey

pytestmark = pytest.mark.django_db


def _answers(survey, **by_kind):
    questions = {question.kind: question for question in survey.questions.all()}
    return {questions[kind].pk: value for kind, value in by_kind.items()}


FULL = {"single": "0", "multiple": ["1", "2"], "scale": "4", "number": "12.5", "text": "أرشفة إلكترونية"}


def test_a_coordinator_creates_a_draft_and_questions_are_audited(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"], open_it=False)
    assert survey.status == Survey.Status.DRAFT and survey.context == Survey.Context.HUB
    assert list(survey.questions.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"surveys.survey.create", "surveys.question.add"} <= actions


def test_questions_change_only_while_draft(hub_world):
    coordinator = hub_world["coordinator"]
    survey = make_survey(actor=coordinator, owner=hub_world["hub"])
    question = survey.questions.first()
    with pytest.raises(ValidationError):
        services.question_add(actor=coordinator, survey=survey, kind="text", text="Late question")
    with pytest.raises(ValidationError):
        services.question_update(actor=coordinator, question=question, text="Changed")
    with pytest.raises(ValidationError):
        services.question_delete(actor=coordinator, question=question)
    assert survey.questions.count() == len(survey.questions.all())


def test_an_outsider_cannot_create_or_change(hub_world):
    with pytest.raises(PermissionDenied):
        make_survey(actor=hub_world["outsider"], owner=hub_world["hub"])
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"], open_it=False)
    with pytest.raises(PermissionDenied):
        services.question_add(actor=hub_world["members"][0], survey=survey, kind="text", text="?")
    with pytest.raises(PermissionDenied):
        services.survey_open(actor=hub_world["members"][0], survey=survey)


def test_one_answer_per_body_any_staff_edits_it(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    member, colleague = hub_world["members"][0], hub_world["colleagues"][0]
    first = services.response_submit(actor=member, survey=survey, answers=_answers(survey, **FULL))
    second = services.response_submit(
        actor=colleague, survey=survey, answers=_answers(survey, **{**FULL, "scale": "2"})
    )
    assert first.pk == second.pk
    assert Response.objects.filter(survey=survey).count() == 1
    scale = second.answers.get(question__kind="scale")
    assert scale.number == 2 and second.respondent == colleague


def test_one_answer_per_person_when_the_survey_says_so(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"], unit=Survey.Unit.PERSON)
    member, colleague = hub_world["members"][0], hub_world["colleagues"][0]
    services.response_submit(actor=member, survey=survey, answers=_answers(survey, **FULL))
    services.response_submit(actor=colleague, survey=survey, answers=_answers(survey, **FULL))
    services.response_submit(actor=member, survey=survey, answers=_answers(survey, **FULL))
    assert Response.objects.filter(survey=survey).count() == 2


def test_the_database_refuses_a_second_answer_of_a_body(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    member, colleague = hub_world["members"][0], hub_world["colleagues"][0]
    Response.objects.create(survey=survey, unit="body", body=member.local_body, respondent=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, unit="body", body=member.local_body, respondent=colleague)


def test_the_database_refuses_a_second_answer_of_a_person(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"], unit=Survey.Unit.PERSON)
    member = hub_world["members"][0]
    Response.objects.create(survey=survey, unit="person", body=member.local_body, respondent=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, unit="person", body=member.local_body, respondent=member)


def test_only_the_addressed_answer_and_only_while_open(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    with pytest.raises(PermissionDenied):
        services.response_submit(actor=hub_world["outsider"], survey=survey, answers=_answers(survey, **FULL))
    services.survey_close(actor=hub_world["coordinator"], survey=survey)
    with pytest.raises(ValidationError):
        services.response_submit(actor=hub_world["members"][0], survey=survey, answers=_answers(survey, **FULL))


# Each type's validation: (kind, value given, accepted value or the error)
CASES = [
    ("single", "1", {"choices": [1]}),
    ("single", "٢", {"choices": [2]}),
    ("single", "7", "Choose one of the choices offered."),
    ("single", ["0", "1"], "Choose only one of the choices."),
    ("multiple", ["2", "0", "2"], {"choices": [0, 2]}),
    ("multiple", ["9"], "Choose one of the choices offered."),
    ("scale", "5", {"number": Decimal(5)}),
    ("scale", "٣", {"number": Decimal(3)}),
    ("scale", "6", "Choose a value from 1 to 5."),
    ("scale", "x", "Choose a value from 1 to 5."),
    ("number", "١٢٫٥", {"number": Decimal("12.5")}),
    ("number", "1,250", {"number": Decimal("1250")}),
    ("number", "-3", {"number": Decimal("-3")}),
    ("number", "twelve", "Enter a number, for example 12 or 12.5."),
    ("number", "1.234", "Enter a number with at most two decimal places."),
    ("number", "1e40", "Enter a number, for example 12 or 12.5."),
    ("text", "  نص  ", {"text": "نص"}),
    ("text", "x" * 5001, "Keep the answer under 5,000 characters."),
]


@pytest.mark.parametrize(("kind", "given", "expected"), CASES)
def test_each_type_is_validated(kind, given, expected, settings):
    from django.utils import translation

    question = Question(kind=kind, text="?", options=["A", "B", "C"], required=True)
    with translation.override("en"):
        if isinstance(expected, str):
            with pytest.raises(ValidationError) as error:
                services.clean_answer(question, given)
            assert error.value.messages == [expected]
        else:
            cleaned = services.clean_answer(question, given)
            for name, value in expected.items():
                assert cleaned[name] == value


def test_every_type_is_among_the_validation_cases():
    assert {kind for kind, _given, _expected in CASES} == set(Question.Kind.values)


@pytest.mark.parametrize("kind", Question.Kind.values)
def test_a_required_question_needs_an_answer_and_an_optional_one_does_not(kind):
    from django.utils import translation

    question = Question(kind=kind, text="?", options=["A", "B"], required=True)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.clean_answer(question, "")
    assert error.value.messages == ["This question needs an answer."]
    question.required = False
    assert services.clean_answer(question, []) is None


def test_errors_are_keyed_by_question(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            actor=hub_world["members"][0], survey=survey, answers=_answers(survey, single="9", scale="")
        )
    questions = {question.kind: question.pk for question in survey.questions.all()}
    assert set(error.value.error_dict) == {f"q{questions['single']}", f"q{questions['scale']}"}
    assert not Response.objects.filter(survey=survey).exists()


@pytest.mark.notification_kind(Kind.SURVEY_TO_ANSWER)
def test_opening_tells_the_staff_of_the_addressed_bodies(hub_world):
    coordinator = hub_world["coordinator"]
    survey = make_survey(actor=coordinator, owner=hub_world["hub"], open_it=False)
    addressed = [*hub_world["members"], *hub_world["colleagues"]]
    with assert_notified(Kind.SURVEY_TO_ANSWER, addressed):
        services.survey_open(actor=coordinator, survey=survey)


@pytest.mark.notification_kind(Kind.SURVEY_TO_ANSWER)
def test_reminders_go_only_to_those_who_have_not_answered(hub_world):
    coordinator = hub_world["coordinator"]
    survey = make_survey(actor=coordinator, owner=hub_world["hub"])
    members, colleagues = hub_world["members"], hub_world["colleagues"]
    services.response_submit(actor=members[0], survey=survey, answers=_answers(survey, **FULL))
    # Body 0 answered: neither its representative nor its colleague is reminded; bodies 1 and 2 are.
    with assert_notified(Kind.SURVEY_TO_ANSWER, [members[1], members[2], colleagues[1], colleagues[2]]):
        reminder = services.survey_remind(actor=coordinator, survey=survey)
    assert reminder.recipient_count == 4


@pytest.mark.notification_kind(Kind.SURVEY_TO_ANSWER)
def test_person_surveys_remind_each_person_who_has_not_answered(hub_world):
    coordinator = hub_world["coordinator"]
    survey = make_survey(actor=coordinator, owner=hub_world["hub"], unit=Survey.Unit.PERSON)
    members, colleagues = hub_world["members"], hub_world["colleagues"]
    services.response_submit(actor=members[0], survey=survey, answers=_answers(survey, **FULL))
    with assert_notified(Kind.SURVEY_TO_ANSWER, [colleagues[0], members[1], members[2], colleagues[1], colleagues[2]]):
        services.survey_remind(actor=coordinator, survey=survey)


def test_at_most_one_reminder_a_day(hub_world):
    coordinator = hub_world["coordinator"]
    survey = make_survey(actor=coordinator, owner=hub_world["hub"])
    today = timezone.localdate()
    services.survey_remind(actor=coordinator, survey=survey, today=today)
    count = Notification.objects.count()
    with pytest.raises(ValidationError):
        services.survey_remind(actor=coordinator, survey=survey, today=today)
    assert Notification.objects.count() == count
    services.survey_remind(actor=coordinator, survey=survey, today=today + datetime.timedelta(days=1))
    assert Reminder.objects.filter(survey=survey).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(survey=survey, sent_on=today)


def test_an_answer_becomes_an_initiative_then_a_topic(hub_world):
    coordinator, hub = hub_world["coordinator"], hub_world["hub"]
    questions = [
        {"kind": "text", "text": "Name", "initiative_field": "title"},
        {"kind": "text", "text": "Problem", "initiative_field": "problem"},
        {"kind": "text", "text": "Solution", "initiative_field": "solution"},
    ]
    survey = make_survey(actor=coordinator, owner=hub, questions=questions, initiatives_campaign=True)
    member = hub_world["members"][0]
    ids = list(survey.questions.values_list("pk", flat=True))
    response = services.response_submit(
        actor=member, survey=survey, answers=dict(zip(ids, ["أرشفة الرخص", "ضياع الوقت", "مسح الملفات"], strict=True))
    )
    draft = services.initiative_draft(response)
    assert draft["title"] == "أرشفة الرخص" and draft["contact_name"] == member.display_name
    with pytest.raises(PermissionDenied):
        services.response_to_initiative(actor=member, response=response, **_initiative(draft))
    initiative = services.response_to_initiative(actor=coordinator, response=response, **_initiative(draft))
    response.refresh_from_db()
    assert response.initiative == initiative and initiative.survey_response == response
    assert initiative.body == member.local_body and initiative.hub == hub
    assert initiative.status == Initiative.Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.response_to_initiative(actor=coordinator, response=response, **_initiative(draft))
    # The hub's own path goes on: shortlisted, selected, a topic of the work plan.
    hub_services.initiative_review(actor=coordinator, initiative=initiative, status="shortlisted")
    hub_services.initiative_review(actor=coordinator, initiative=initiative, status="selected")
    today = timezone.localdate()
    plan = WorkPlan.objects.create(hub=hub, starts_on=today, ends_on=today + datetime.timedelta(days=365))
    topic = hub_services.initiative_to_topic(actor=coordinator, initiative=initiative, work_plan=plan)
    assert topic.title_ar == "أرشفة الرخص" and topic.proposed_by_body == member.local_body


def _initiative(draft):
    return {name: draft[name] for name in ("title", "problem", "solution", "results", "contact_name")}


def test_only_an_initiatives_campaign_makes_initiatives(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    response = services.response_submit(actor=hub_world["members"][0], survey=survey, answers=_answers(survey, **FULL))
    with pytest.raises(PermissionDenied):
        services.response_to_initiative(
            actor=hub_world["coordinator"], response=response, title="x", problem="y", solution="z", contact_name="c"
        )
