import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.hubs.models import Hub, Membership
from tabadul.library.models import Document
from tabadul.meter import services as meter_services
from tabadul.meter.tests.conftest import PlanWorld
from tabadul.notifications import services
from tabadul.notifications.models import Kind, Notification, Preferences
from tabadul.notifications.tasks import send_daily_digest
from tabadul.qa import services as qa_services
from tabadul.qa.tests.factories import TopicFactory, make_specialist, make_staff

pytestmark = pytest.mark.django_db


def test_answer_to_my_question_is_notified_once(body, django_capture_on_commit_callbacks):
    topic = TopicFactory()
    asker = make_staff(body)
    specialist = make_specialist(topic)
    question = qa_services.question_ask(
        actor=asker, title="كيف نحسب رسوم النفايات؟", text="نريد طريقة عادلة لحساب الرسوم.", topics=[topic]
    )
    answer = qa_services.answer_post(actor=specialist, question=question, text="تحسب حسب مساحة العقار وعدد الأفراد.")
    answer.save()  # a second save must not notify twice
    notification = Notification.objects.get(recipient=asker)
    assert notification.kind == Kind.ANSWER and notification.url == question.get_absolute_url()
    assert "كيف نحسب رسوم النفايات؟" in notification.message


def test_invitation_notifies_the_person_or_the_staff_of_the_body(body, other_body, platform_admin):
    staff = [make_user(body=body), make_user(body=body)]
    outsider = make_user(body=other_body)
    starts = timezone.now() + dt.timedelta(days=5)
    event = Event.objects.create(
        type=Event.Type.VIRTUAL_MEETING,
        name_ar="اجتماع مجموعة التوأمة",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        visibility=Event.Visibility.INVITATION,
    )
    person = make_user()
    event_services.invitation_create(actor=platform_admin, event=event, users=[person], bodies=[body])
    recipients = set(Notification.objects.filter(kind=Kind.INVITATION).values_list("recipient_id", flat=True))
    assert recipients == {person.pk, *(user.pk for user in staff)}
    assert outsider.pk not in recipients


def test_reply_to_my_feedback_is_notified_and_e_mailed_at_once(body, django_capture_on_commit_callbacks):
    world = PlanWorld(body, projects=1)
    citizen = make_user(email="citizen@example.org")
    feedback = meter_services.feedback_submit(
        actor=citizen, plan=world.plan, project=None, kind="suggestion", text="نقترح إنارة شارع المدرسة."
    )
    with django_capture_on_commit_callbacks(execute=True):
        meter_services.feedback_reply(actor=world.editor, feedback=feedback, reply="أدرج في موازنة العام القادم.")
    notification = Notification.objects.get(recipient=citizen, kind=Kind.FEEDBACK_REPLY)
    assert notification.emailed_at is not None
    assert [message.to for message in mail.outbox] == [["citizen@example.org"]]
    assert world.plan.title_ar in mail.outbox[0].body or world.plan.title_ar in mail.outbox[0].subject


def _document_in_hub(body, visibility):
    hub = Hub.objects.create(slug=f"hub-{visibility}", name_ar="منصة العلاقات العامة", name_en="PR hub")
    Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE)
    from tabadul.library import services as library_services  # the library's service notifies (not a receiver)

    return library_services.document_create(
        actor=None,
        slug=f"guide-{visibility}",
        type=Document.Type.GUIDE,
        title_ar="دليل التواصل المجتمعي",
        year=2025,
        visibility=visibility,
        author_hubs=[hub],
    )


def test_new_document_reaches_the_staff_of_member_bodies_but_a_private_one_does_not(body, other_body):
    member_staff = make_user(body=body)
    outsider = make_user(body=other_body)
    _document_in_hub(body, Document.Visibility.MEMBERS)
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {member_staff.pk}
    _document_in_hub(body, Document.Visibility.PRIVATE)
    assert Notification.objects.count() == 1
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_muted_kinds_are_not_notified_and_digest_people_get_one_daily_mail(body):
    muted = make_user(body=body)
    daily = make_user(body=body, email="daily@example.org")
    services.preferences_update(user=muted, email=Preferences.Email.IMMEDIATELY, muted_kinds=[Kind.NEW_DOCUMENT])
    services.preferences_update(user=daily, email=Preferences.Email.DAILY, muted_kinds=[])
    _document_in_hub(body, Document.Visibility.PUBLIC)
    assert not Notification.objects.filter(recipient=muted).exists()
    assert mail.outbox == []  # the daily person is not mailed at once
    assert send_daily_digest.call() == 1
    assert [message.to for message in mail.outbox] == [["daily@example.org"]]
    assert "دليل التواصل المجتمعي" in mail.outbox[0].body
    assert send_daily_digest.call() == 0  # nothing twice


def test_wants_email_now_follows_the_choices(body):
    person = make_user(body=body)
    assert services.wants_email_now(person, Kind.INVITATION)
    services.preferences_update(user=person, email=Preferences.Email.DAILY, muted_kinds=[])
    assert not services.wants_email_now(person, Kind.INVITATION)


# --- Pages ----------------------------------------------------------------------------------------------


def test_list_opens_and_marks_read_with_constant_queries(client, body, django_assert_max_num_queries):
    person = make_user(body=body)
    for n in range(30):
        services.notify(
            recipient_ids=[person.pk], kind=Kind.NEW_DOCUMENT, key=f"k{n}", subject=f"د{n}", url="/library/"
        )
    client.force_login(person)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 20
    first = Notification.objects.filter(recipient=person).first()
    assert client.get(reverse("notifications:open", args=[first.pk]))["Location"] == "/library/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404_and_off_site_links_are_not_followed(client, body):
    owner, other = make_user(body=body), make_user(body=body)
    services.notify(recipient_ids=[owner.pk], kind=Kind.ANSWER, key="x", subject="س", url="https://evil.example/")
    notification = Notification.objects.get()
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("notifications:open", args=[notification.pk]))["Location"] == reverse(
        "notifications:list"
    )


def test_preferences_page_saves_choices_and_rejects_unknown_values(client, body):
    person = make_user(body=body)
    client.force_login(person)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"email": "hourly", "wanted": ["answer"]})
    assert bad.status_code == 200 and "email" in bad.context["form"].errors
    client.post(url, {"email": "daily", "wanted": ["answer", "invitation"]})
    preferences = Preferences.objects.get(user=person)
    assert preferences.email == "daily" and preferences.muted_kinds == [
        "feedback_reply",
        "new_document",
        "post_reported",
    ]


def test_pages_need_a_sign_in(client):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name)).status_code == 302
