from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.qa import services
from tabadul.qa.models import QuestionRouting, TopicResponseTimes

from .factories import PDF_BYTES, PNG_BYTES, make_specialist

pytestmark = pytest.mark.django_db


def routed(question) -> set[int]:
    return set(question.routings.values_list("specialist_id", flat=True))


def test_question_goes_to_matching_specialists_and_no_one_else_first(
    staff, finance, gis, finance_specialist, gis_specialist, django_capture_on_commit_callbacks
):
    second_finance = make_specialist(finance, gis)
    unavailable = make_specialist(finance)
    unavailable.specialist_profile.is_available = False
    unavailable.specialist_profile.save()
    make_user(role=RoleGrant.Role.SPECIALIST)  # a specialist without a profile gets nothing either
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(actor=staff, title="سؤال عن الموازنة", text="تفاصيل", topics=[finance])
    assert routed(question) == {finance_specialist.pk, second_finance.pk}
    assert set(question.routings.values_list("reason", flat=True)) == {QuestionRouting.Reason.EXPERTISE}
    assert question.widened_at is None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([finance_specialist.email, second_finance.email])
    assert gis_specialist.email not in {m.to[0] for m in mail.outbox}
    assert AuditEvent.objects.filter(action="qa.question.ask", target_id=str(question.pk)).exists()


def test_question_with_no_matching_specialist_goes_to_all(staff, finance, gis, gis_specialist):
    question = services.question_ask(actor=staff, title="سؤال مالي", text="تفاصيل", topics=[finance])
    assert routed(question) == {gis_specialist.pk}
    assert question.widened_at is not None


def test_unanswered_questions_are_widened_after_n_days_once(
    staff, finance, finance_specialist, gis_specialist, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = services.question_ask(
        actor=staff, title="سؤال قديم", text="تفاصيل", topics=[finance], now=now - timedelta(days=5)
    )
    fresh = services.question_ask(actor=staff, title="سؤال جديد", text="تفاصيل", topics=[finance], now=now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        widened = services.questions_widen_unanswered(now=now, after_days=3)
    assert widened == [old]
    assert routed(old) == {finance_specialist.pk, gis_specialist.pk}
    assert old.routings.get(specialist=gis_specialist).reason == QuestionRouting.Reason.WIDENED
    assert routed(fresh) == {finance_specialist.pk}
    assert [m.to for m in mail.outbox] == [[gis_specialist.email]]
    assert services.questions_widen_unanswered(now=now, after_days=3) == []


def test_answered_questions_are_not_widened(question, finance_specialist, gis_specialist):
    services.answer_post(actor=finance_specialist, question=question, text="جواب")
    assert services.questions_widen_unanswered(now=timezone.now() + timedelta(days=30)) == []
    assert gis_specialist.pk not in routed(question)


def test_widen_command(question, gis_specialist):
    question.asked_at = timezone.now() - timedelta(days=10)
    question.save()
    call_command("qa_widen_routing", "--days", "3")
    assert gis_specialist.pk in routed(question)


def test_only_routed_specialists_answer(question, gis_specialist, finance_specialist, staff, platform_admin):
    for person in (gis_specialist, staff, platform_admin):
        with pytest.raises(PermissionDenied):
            services.answer_post(actor=person, question=question, text="جواب")
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب")
    question.refresh_from_db()
    assert question.first_answer_at == answer.posted_at


def test_asker_is_notified_of_an_answer(question, finance_specialist, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(actor=finance_specialist, question=question, text="جواب مفصل")
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert question.title in mail.outbox[0].subject


def test_only_asker_or_moderator_accepts(question, finance_specialist, staff, other_staff, platform_admin):
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب")
    colleague = make_user(body=staff.local_body)  # same body, but not the asker
    for person in (finance_specialist, other_staff, colleague):
        with pytest.raises(PermissionDenied):
            services.answer_accept(actor=person, answer=answer)
    question.refresh_from_db()
    assert question.accepted_answer is None
    services.answer_accept(actor=staff, answer=answer)
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.accepted_at
    second = services.answer_post(actor=finance_specialist, question=question, text="جواب أدق")
    services.answer_accept(actor=platform_admin, answer=second)
    question.refresh_from_db()
    assert question.accepted_answer == second


def test_comments_by_asker_routed_specialist_and_admin_only(
    question, finance_specialist, gis_specialist, staff, other_staff
):
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب")
    services.comment_post(actor=staff, question=question, answer=answer, text="هل من مثال؟")
    services.comment_post(actor=finance_specialist, question=question, text="نعم")
    for person in (gis_specialist, other_staff):
        with pytest.raises(PermissionDenied):
            services.comment_post(actor=person, question=question, text="تعليق")
    assert question.comments.count() == 2


def test_only_body_staff_ask(citizen, finance_specialist, platform_admin, finance):
    for person in (citizen, finance_specialist, platform_admin):
        with pytest.raises(PermissionDenied):
            services.question_ask(actor=person, title="سؤال", text="تفاصيل", topics=[finance])


def test_a_topic_is_required(staff):
    with pytest.raises(ValidationError):
        services.question_ask(actor=staff, title="سؤال بلا موضوع", text="تفاصيل", topics=[])


def test_attachments_checked_by_content(staff, finance, finance_specialist):
    good = [SimpleUploadedFile("budget.pdf", PDF_BYTES), SimpleUploadedFile("map.bin", PNG_BYTES)]
    question = services.question_ask(actor=staff, title="سؤال", text="تفاصيل", topics=[finance], files=good)
    assert sorted(question.attachments.values_list("content_type", "original_name")) == [
        ("application/pdf", "budget.pdf"),
        ("image/png", "map.png"),
    ]
    for bad in (
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        SimpleUploadedFile("page.png", b"<html><script>alert(1)</script>"),
        SimpleUploadedFile("fake.docx", b"PK\x03\x04 broken zip"),
    ):
        with pytest.raises(ValidationError):
            services.question_ask(actor=staff, title="سؤال", text="تفاصيل", topics=[finance], files=[bad])


def test_attachment_size_and_count_limits(staff, finance, finance_specialist):
    too_large = PDF_BYTES + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError):
        services.question_ask(
            actor=staff, title="سؤال", text="تفاصيل", topics=[finance], files=[SimpleUploadedFile("a.pdf", too_large)]
        )
    with pytest.raises(ValidationError):
        services.question_ask(
            actor=staff,
            title="سؤال",
            text="تفاصيل",
            topics=[finance],
            files=[SimpleUploadedFile(f"{n}.png", PNG_BYTES) for n in range(4)],
        )


def test_profile_only_for_specialists_and_by_self_or_admin(citizen, finance, finance_specialist, gis_specialist):
    with pytest.raises(ValidationError):
        services.specialist_profile_set(actor=None, user=citizen, topics=[finance])
    with pytest.raises(PermissionDenied):
        services.specialist_profile_set(actor=gis_specialist, user=finance_specialist, topics=[])


def test_question_filed_under_a_hub_of_the_askers_body_only(staff, finance, finance_specialist):
    from django.utils import timezone as tz

    from tabadul.hubs.models import Hub, Membership

    own = Hub.objects.create(slug="finance", name_ar="منصة المالية")
    other = Hub.objects.create(slug="gaza", name_ar="منصة غزة")
    Membership.objects.create(hub=own, body=staff.local_body, status=Membership.Status.ACTIVE, joined_at=tz.now())
    question = services.question_ask(actor=staff, title="سؤال في المنصة", text="تفاصيل", topics=[finance], hub=own)
    assert question.hub == own
    with pytest.raises(ValidationError) as error:
        services.question_ask(actor=staff, title="سؤال في منصة أخرى", text="تفاصيل", topics=[finance], hub=other)
    assert "hub" in error.value.message_dict


def test_response_times_are_stored_by_the_services_that_change_them(question, finance, finance_specialist, staff):
    """The response-times page reads stored figures (issue 22): asking, the first answer and an acceptance keep
    them current for the question's topics."""
    asked = question.asked_at
    figures = TopicResponseTimes.objects.get(topic=finance)
    assert (figures.questions, figures.answered, figures.accepted) == (1, 0, 0)
    assert figures.median_first_answer_hours is None
    answer = services.answer_post(
        actor=finance_specialist, question=question, text="جواب", now=asked + timedelta(hours=6)
    )
    services.answer_post(actor=finance_specialist, question=question, text="جواب ثان", now=asked + timedelta(hours=9))
    services.answer_accept(actor=staff, answer=answer, now=asked + timedelta(hours=30))
    figures.refresh_from_db()
    assert (figures.questions, figures.answered, figures.accepted) == (1, 1, 1)
    assert (figures.median_first_answer_hours, figures.mean_first_answer_hours) == (6.0, 6.0)
    assert (figures.median_accepted_hours, figures.mean_accepted_hours) == (30.0, 30.0)
    services.question_ask(actor=staff, title="سؤال آخر عن الموازنة", text="تفاصيل", topics=[finance])
    figures.refresh_from_db()
    assert (figures.questions, figures.answered, figures.median_first_answer_hours) == (2, 1, 6.0)
