"""Who hears of what in the ask-a-specialist app (one notification path, issue 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.services import site_path
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified
from tabadul.qa import services

from .factories import make_specialist

pytestmark = pytest.mark.django_db


@pytest.mark.notification_kind("question_routed")
def test_the_specialists_a_question_is_routed_to_are_notified(staff, finance, gis, finance_specialist, gis_specialist):
    second, third = make_specialist(finance), make_specialist(finance, gis)
    with assert_notified(Kind.QUESTION_ROUTED, [finance_specialist, second, third]) as sent:
        question = services.question_ask(
            actor=staff, title="كيف نحسب رسوم جمع النفايات؟", text="نريد طريقة عادلة.", topics=[finance]
        )
    assert {n.url for n in sent.notifications} == {site_path(question.get_absolute_url())}
    assert "نريد طريقة عادلة." in sent.notifications[0].details
    assert staff.local_body.name in sent.notifications[0].details
    assert not Notification.objects.filter(recipient=gis_specialist).exists()  # not matching: not routed, not told


@pytest.mark.notification_kind("question_routed")
def test_widening_notifies_only_the_specialists_newly_offered_the_question(
    staff, finance, finance_specialist, gis_specialist
):
    now = timezone.now()
    question = services.question_ask(
        actor=staff, title="سؤال قديم", text="تفاصيل", topics=[finance], now=now - timedelta(days=5)
    )
    with assert_notified(Kind.QUESTION_ROUTED, [gis_specialist]):
        services.questions_widen_unanswered(now=now, after_days=3)
    assert Notification.objects.filter(recipient=finance_specialist, key=f"qa.question:{question.pk}").count() == 1


@pytest.mark.notification_kind("answer")
@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_the_asker_is_notified_of_an_answer_with_its_text(question, finance_specialist, staff, choice):
    with assert_notified(Kind.ANSWER, [staff], email=choice) as sent:
        answer = services.answer_post(actor=finance_specialist, question=question, text="تحسب حسب مساحة العقار.")
    assert sent.notifications[0].details == "تحسب حسب مساحة العقار."
    for message in sent.emails[staff.email] + sent.digests[staff.email]:
        assert "تحسب حسب مساحة العقار." in message.body
    answer.save()  # saving again notifies nobody
    assert Notification.objects.filter(kind=Kind.ANSWER).count() == 1


@pytest.mark.notification_kind("answer_accepted")
@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_the_author_is_notified_when_their_answer_is_accepted(question, finance_specialist, staff, choice):
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب")
    with assert_notified(Kind.ANSWER_ACCEPTED, [finance_specialist], email=choice):
        services.answer_accept(actor=staff, answer=answer)
    assert not Notification.objects.filter(kind=Kind.ANSWER_ACCEPTED, recipient=staff).exists()
