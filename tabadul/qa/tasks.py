"""E-mails of the ask-a-specialist app (django-tasks). Tasks take primary keys and re-read the rows."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


def _absolute(path: str) -> str:
    return getattr(settings, "TABADUL_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _send(*, kind: str, recipients, context: dict) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"qa/email/{kind}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"qa/email/{kind}.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)


@task()
def notify_specialists(question_id: int, specialist_ids: list[int]) -> int:
    """Tell the specialists a question was offered to them (one e-mail each: addresses stay private)."""
    from tabadul.accounts.models import User

    from .models import Question

    question = Question.objects.select_related("local_body").filter(pk=question_id).first()
    if question is None:
        return 0
    context = {"question": question, "url": _absolute(reverse("qa:question_detail", args=[question.pk]))}
    sent = 0
    for email in User.objects.filter(pk__in=specialist_ids, is_active=True).values_list("email", flat=True):
        sent += _send(kind="question_routed", recipients=[email], context=context)
    return sent


def _answer(answer_id: int):
    from .models import Answer

    return Answer.objects.select_related("question__asker", "author").filter(pk=answer_id).first()


@task()
def notify_asker_answered(answer_id: int) -> int:
    answer = _answer(answer_id)
    if answer is None:
        return 0
    question = answer.question
    context = {"question": question, "answer": answer, "url": _absolute(question.get_absolute_url())}
    return _send(kind="question_answered", recipients=[question.asker.email], context=context)


@task()
def notify_answer_accepted(answer_id: int) -> int:
    answer = _answer(answer_id)
    if answer is None:
        return 0
    question = answer.question
    context = {"question": question, "answer": answer, "url": _absolute(question.get_absolute_url())}
    return _send(kind="answer_accepted", recipients=[answer.author.email], context=context)
