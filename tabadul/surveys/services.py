"""Every write about surveys: create and edit (questions only while a draft), open and close, answer (one answer
per body or per person, editable until the survey closes), remind those who have not answered (at most once a day),
and turn an answer of the innovation hub's initiatives survey into a hub initiative, which the hub reviews into a
work-plan topic (hubs.services.initiative_review, initiative_to_topic).

Each checks the permission (rules.py), validates, writes and records the audit event in one transaction.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.core import formats
from tabadul.core.arabic import normalize_digits
from tabadul.core.services import audit_record, changed_fields
from tabadul.hubs.models import Hub, Initiative
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify
from tabadul.programmes.models import Programme
from tabadul.twinning.models import TwinningGroup

from . import audit_actions
from .audience import audience_body_ids
from .models import SCALE, Answer, Question, Reminder, Response, Survey

SURVEY_FIELDS = (
    "title",
    "introduction",
    "audience",
    "unit",
    "starts_at",
    "ends_at",
    "initiatives_campaign",
    "programme",
)
QUESTION_FIELDS = (
    "position",
    "kind",
    "text",
    "help_text",
    "required",
    "options",
    "scale_low",
    "scale_high",
    "initiative_field",
)
NUMBER_LIMIT = Decimal("999999999999.99")


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _require_draft(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(_("The questions can be changed only while the survey is a draft."))


# --- Surveys ---------------------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, actor, owner=None, bodies: Iterable = (), **values) -> Survey:
    """A draft survey of a hub, a twinning group, a programme or (owner None) the platform."""
    _require(actor, "surveys.add_survey", owner)
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ValueError(f"Fields not set here: {sorted(unknown)}")
    survey = Survey(created_by=actor, status=Survey.Status.DRAFT, **values)
    if isinstance(owner, Hub):
        survey.context, survey.hub, survey.programme = Survey.Context.HUB, owner, owner.programme
    elif isinstance(owner, TwinningGroup):
        survey.context, survey.group, survey.programme = Survey.Context.GROUP, owner, owner.programme
    else:
        survey.context = Survey.Context.PLATFORM
        survey.programme = owner if isinstance(owner, Programme) else values.get("programme")
    survey.full_clean()
    survey.save()
    bodies = list(bodies)
    if survey.audience == Survey.Audience.CHOSEN:
        if not bodies:
            raise ValidationError({"bodies": _("Choose the local bodies the survey is addressed to.")})
        survey.bodies.set(bodies)
    audit_record(actor=actor, action=audit_actions.SURVEY_CREATE, target=survey)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, bodies: Iterable | None = None, **values) -> Survey:
    """Change the survey. Once open, only its title, introduction and closing date; never its owner."""
    _require(actor, "surveys.change_survey", survey)
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ValueError(f"Fields not set here: {sorted(unknown)}")
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("A closed survey cannot be changed."))
    if survey.status == Survey.Status.OPEN:
        fixed = {name for name, value in values.items() if name not in ("title", "introduction", "ends_at")}
        if any(getattr(survey, name) != values[name] for name in fixed) or bodies is not None:
            raise ValidationError(_("Once open, only the title, the introduction and the closing date can change."))
    if survey.context != Survey.Context.PLATFORM:
        values.pop("programme", None)
    changes = changed_fields(survey, values)
    for name, value in values.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save()
    if bodies is not None:
        bodies = list(bodies)
        if survey.audience == Survey.Audience.CHOSEN and not bodies:
            raise ValidationError({"bodies": _("Choose the local bodies the survey is addressed to.")})
        before = set(survey.bodies.values_list("pk", flat=True))
        after = {body.pk for body in bodies} if survey.audience == Survey.Audience.CHOSEN else set()
        if before != after:
            survey.bodies.set(after)
            changes["bodies"] = [sorted(before), sorted(after)]
    if changes:
        audit_record(actor=actor, action=audit_actions.SURVEY_UPDATE, target=survey, changes=changes)
    return survey


def _addressed_staff_ids(survey: Survey) -> set[int]:
    User = get_user_model()
    staff = User.objects.filter(local_body_id__in=audience_body_ids(survey), is_active=True)
    return set(staff.values_list("pk", flat=True))


def not_answered_ids(survey: Survey) -> set[int]:
    """The staff of the addressed bodies whose unit has not answered: those of bodies without an answer (one answer
    per body), or each person without their own answer (one per person)."""
    User = get_user_model()
    staff = User.objects.filter(local_body_id__in=audience_body_ids(survey), is_active=True)
    if survey.unit == Survey.Unit.BODY:
        answered = Response.objects.filter(survey=survey).values("body_id")
        staff = staff.exclude(local_body_id__in=answered)
    else:
        answered = Response.objects.filter(survey=survey, respondent__isnull=False).values("respondent_id")
        staff = staff.exclude(pk__in=answered)
    return set(staff.values_list("pk", flat=True))


def _answer_url(survey: Survey) -> str:
    return survey.get_absolute_url() + "answer/"


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """Open a draft for answers; the addressed bodies' staff are told."""
    _require(actor, "surveys.change_survey", survey)
    _require_draft(survey)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if not audience_body_ids(survey):
        raise ValidationError(_("The survey is addressed to no local body yet."))
    if survey.ends_at <= timezone.now():
        raise ValidationError(_("The closing date has passed: move it before opening the survey."))
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=audit_actions.SURVEY_OPEN, target=survey, changes={"status": ["draft", "open"]})
    notify(
        recipient_ids=_addressed_staff_ids(survey) - {actor.pk},
        kind=Kind.SURVEY_TO_ANSWER,
        key=f"surveys.open:{survey.pk}",
        subject=survey.title,
        url=_answer_url(survey),
        details=survey.introduction,
    )
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """Stop taking answers (before the closing date; a survey past it is closed already)."""
    _require(actor, "surveys.change_survey", survey)
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=audit_actions.SURVEY_CLOSE, target=survey, changes={"status": ["open", "closed"]})
    return survey


@transaction.atomic
def survey_remind(*, actor, survey: Survey, today: datetime.date | None = None) -> Reminder:
    """Remind the addressed who have not answered; at most one reminder a day per survey (a constraint too)."""
    _require(actor, "surveys.change_survey", survey)
    if not survey.is_accepting():
        raise ValidationError(_("Reminders are sent only while the survey takes answers."))
    today = today or timezone.localdate()
    if Reminder.objects.filter(survey=survey, sent_on=today).exists():
        raise ValidationError(_("A reminder was already sent today. Send the next one tomorrow."))
    recipients = not_answered_ids(survey) - {actor.pk}
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                survey=survey, sent_on=today, sent_by=actor, recipient_count=len(recipients)
            )
    except IntegrityError as error:
        raise ValidationError(_("A reminder was already sent today. Send the next one tomorrow.")) from error
    notify(
        recipient_ids=recipients,
        kind=Kind.SURVEY_TO_ANSWER,
        key=f"surveys.remind:{survey.pk}:{today.isoformat()}",
        subject=survey.title,
        url=_answer_url(survey),
        details=_("The survey closes on %(date)s.") % {"date": formats.format_date(survey.ends_at)},
    )
    audit_record(
        actor=actor, action=audit_actions.SURVEY_REMIND, target=survey, changes={"recipients": len(recipients)}
    )
    return reminder


# --- Questions -------------------------------------------------------------------------------------------------


@transaction.atomic
def question_add(*, actor, survey: Survey, **values) -> Question:
    _require(actor, "surveys.change_survey", survey)
    _require_draft(survey)
    unknown = set(values) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Fields not set here: {sorted(unknown)}")
    if "position" not in values or not values["position"]:
        values["position"] = survey.questions.count() + 1
    question = Question(survey=survey, **values)
    _check_initiative_field(survey, question)
    question.full_clean()
    question.save()
    audit_record(actor=actor, action=audit_actions.QUESTION_ADD, target=question, changes={"survey": survey.pk})
    return question


@transaction.atomic
def question_update(*, actor, question: Question, **values) -> Question:
    _require(actor, "surveys.change_survey", question.survey)
    _require_draft(question.survey)
    unknown = set(values) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Fields not set here: {sorted(unknown)}")
    changes = changed_fields(question, values)
    for name, value in values.items():
        setattr(question, name, value)
    _check_initiative_field(question.survey, question)
    question.full_clean()
    question.save()
    if changes:
        audit_record(actor=actor, action=audit_actions.QUESTION_UPDATE, target=question, changes=changes)
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    survey = question.survey
    _require(actor, "surveys.change_survey", survey)
    _require_draft(survey)
    audit_record(
        actor=actor, action=audit_actions.QUESTION_DELETE, target=survey, changes={"question": [question.text, None]}
    )
    question.delete()


def _check_initiative_field(survey: Survey, question: Question) -> None:
    if not question.initiative_field:
        return
    if not survey.initiatives_campaign:
        raise ValidationError({"initiative_field": _("Only a survey that collects initiatives fills them.")})
    if question.kind != Question.Kind.TEXT:
        raise ValidationError({"initiative_field": _("Only a text question fills an initiative's field.")})
    taken = survey.questions.filter(initiative_field=question.initiative_field).exclude(pk=question.pk)
    if taken.exists():
        raise ValidationError({"initiative_field": _("Another question already fills this field.")})


# --- Answers ---------------------------------------------------------------------------------------------------


def _empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | set):
        return not [item for item in raw if not _empty(item)]
    return False


def _option_index(question: Question, raw) -> int:
    try:
        index = int(normalize_digits(str(raw)).strip())
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < len(question.options):
        raise ValidationError(_("Choose one of the choices offered."))
    return index


def clean_answer(question: Question, raw) -> dict | None:
    """The answer's stored values ({choices, number, text}) from what was given, or None when nothing was; a
    ValidationError with a message in the reader's language when the value does not fit the question's type."""
    if _empty(raw):
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return None
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        if isinstance(raw, list | tuple):
            raw = [item for item in raw if not _empty(item)]
            if len(raw) != 1:
                raise ValidationError(_("Choose only one of the choices."))
            raw = raw[0]
        return {"choices": [_option_index(question, raw)], "number": None, "text": ""}
    if kind == Question.Kind.MULTIPLE:
        items = raw if isinstance(raw, list | tuple | set) else [raw]
        indexes = sorted({_option_index(question, item) for item in items if not _empty(item)})
        return {"choices": indexes, "number": None, "text": ""}
    if kind == Question.Kind.SCALE:
        try:
            value = int(normalize_digits(str(raw)).strip())
        except (TypeError, ValueError):
            value = 0
        if value not in SCALE:
            raise ValidationError(_("Choose a value from 1 to 5."))
        return {"choices": [], "number": Decimal(value), "text": ""}
    if kind == Question.Kind.NUMBER:
        text = normalize_digits(str(raw)).strip().replace("٫", ".").replace("،", "").replace(",", "")
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number, for example 12 or 12.5.")) from None
        if not value.is_finite() or abs(value) > NUMBER_LIMIT:
            raise ValidationError(_("Enter a number, for example 12 or 12.5.")) from None
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("Enter a number with at most two decimal places."))
        return {"choices": [], "number": value, "text": ""}
    text = str(raw).strip()
    if len(text) > 5000:
        raise ValidationError(_("Keep the answer under 5,000 characters."))
    return {"choices": [], "number": None, "text": text}


def find_response(*, survey: Survey, user) -> Response | None:
    """The answer of the person's unit: their body's (one per body) or their own (one per person)."""
    if not user.is_authenticated:
        return None
    if survey.unit == Survey.Unit.BODY:
        if not user.local_body_id:
            return None
        return Response.objects.filter(survey=survey, body_id=user.local_body_id).first()
    return Response.objects.filter(survey=survey, respondent=user).first()


@transaction.atomic
def response_submit(*, actor, survey: Survey, answers: Mapping[int, object]) -> Response:
    """Answer the survey for the actor's unit, or change the unit's answer while the survey takes answers.

    `answers` maps question ids to what was given (an option's position, a list of them, a number, a text).
    Errors are raised together, keyed by the question's form field (`q<id>`)."""
    _require(actor, "surveys.answer_survey", survey)
    if not survey.is_accepting():
        raise ValidationError(_("This survey is not taking answers."))
    cleaned, errors = {}, {}
    for question in survey.questions.all():
        try:
            cleaned[question.pk] = clean_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    response = find_response(survey=survey, user=actor)
    created = response is None
    if created:
        response = Response(survey=survey, unit=survey.unit, body_id=actor.local_body_id, respondent=actor)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as error:
            raise ValidationError(_("Your answer was already given: open the survey again to change it.")) from error
    else:
        response.respondent = actor
        response.save(update_fields=["respondent", "updated_at"])
        response.answers.all().delete()
    Answer.objects.bulk_create(
        [Answer(response=response, question_id=pk, **values) for pk, values in cleaned.items() if values is not None]
    )
    action = audit_actions.RESPONSE_SUBMIT if created else audit_actions.RESPONSE_UPDATE
    audit_record(actor=actor, action=action, target=response, changes={"answers": len(cleaned)})
    return response


# --- Survey answer → initiative → topic -------------------------------------------------------------------------


def initiative_draft(response: Response) -> dict:
    """What the answer gives an initiative: the answers to the questions marked with an initiative field."""
    values = {field: "" for field in Question.InitiativeField.values}
    for answer in response.answers.select_related("question"):
        if answer.question.initiative_field:
            values[answer.question.initiative_field] = answer.text
    if not values["contact_name"] and response.respondent_id:
        values["contact_name"] = response.respondent.display_name
    return values


@transaction.atomic
def response_to_initiative(*, actor, response: Response, **values) -> Initiative:
    """The hub's coordinator turns an answer of the initiatives survey into an initiative of the answering body; the
    hub then reviews it (shortlist, select) and may make it a work-plan topic. The answer keeps the link."""
    survey = response.survey
    _require(actor, "surveys.make_initiative", survey)
    if not survey.hub.reviews_initiatives:
        raise ValidationError(_("This hub does not run the innovation survey."))
    if response.initiative_id:
        raise ValidationError(_("This answer is already an initiative."))
    allowed = {"title", "problem", "solution", "results", "contact_name", "contact_email", "contact_phone"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Fields not set here: {sorted(unknown)}")
    initiative = Initiative(hub=survey.hub, body=response.body, submitted_by=response.respondent, **values)
    initiative.full_clean()
    initiative.save()
    response.initiative = initiative
    response.save(update_fields=["initiative", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.RESPONSE_TO_INITIATIVE,
        target=response,
        changes={"initiative": [None, initiative.pk]},
    )
    return initiative
