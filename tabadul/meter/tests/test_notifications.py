"""What the Meter tells people (issue 16), each kind triggered through the service or the page that makes the change:
progress waiting for approval, the decision on it, citizen feedback to moderate, the reply to it, changes to
followed projects. `assert_notified` checks exactly the right people, once each, e-mail as each one chose (at once,
daily digest, never) and absolute links in the e-mails."""

from datetime import date

import pytest
from django.urls import reverse

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified

from .. import services
from ..models import Project

pytestmark = pytest.mark.django_db


def _approvers(world, count=2):
    """The world's approver and `count` more approvers of its body."""
    return [world.approver, *(make_user(role=RoleGrant.Role.BODY_APPROVER, body=world.body) for _ in range(count))]


def _submit(actor, world, percent=45, note=""):
    return services.progress_submit(
        actor=actor, project=world.projects[0], percent=percent, date=date(2024, 5, 1), note=note
    )


# --- Progress waiting for approval ----------------------------------------------------------------


@pytest.mark.notification_kind("progress_pending")
def test_progress_submitted_through_the_page_tells_every_approver_of_the_body(client, world, other_world):
    approvers = _approvers(world)
    client.force_login(world.editor)
    url = reverse("meter:progress_submit", args=[world.projects[0].pk])
    with assert_notified(Kind.PROGRESS_PENDING, approvers) as sent:
        response = client.post(url, {"percent": "45", "date": "2024-05-01", "note": "اكتمل تمديد الخط الرئيسي"})
    assert response.status_code == 302
    notification = sent.notifications[0]
    assert notification.url.startswith(reverse("meter:progress_queue", args=[world.body.slug]))
    assert "45%" in notification.details and "اكتمل تمديد الخط الرئيسي" in notification.details
    # Nobody else: not the author (an editor), not Salfit's approver.
    assert not Notification.objects.filter(recipient__in=[world.editor, other_world.approver]).exists()


@pytest.mark.notification_kind("progress_pending")
def test_four_eyes_an_approvers_own_report_goes_to_the_other_approvers_only(world):
    approvers = _approvers(world)
    with assert_notified(Kind.PROGRESS_PENDING, approvers[1:]):
        _submit(world.approver, world)
    assert not Notification.objects.filter(recipient=world.approver, kind=Kind.PROGRESS_PENDING).exists()


@pytest.mark.notification_kind("progress_pending")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_with_single_person_approval_the_only_approver_is_told_of_their_own_report(world, email):
    services.plan_update(actor=world.editor, plan=world.plan, single_person_approval=True)
    with assert_notified(Kind.PROGRESS_PENDING, [world.approver], email=email):
        _submit(world.approver, world)


# --- The decision on my progress ------------------------------------------------------------------


@pytest.mark.notification_kind("progress_decision")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_the_author_hears_of_publication(client, world, email):
    update = _submit(world.editor, world, percent=60)
    client.force_login(world.approver)
    with assert_notified(Kind.PROGRESS_DECISION, [world.editor], email=email) as sent:
        client.post(reverse("meter:progress_decide", args=[update.pk]), {"decision": "publish"})
    assert sent.notifications[0].url == world.projects[0].get_absolute_url()
    assert "60%" in sent.notifications[0].details


@pytest.mark.notification_kind("progress_decision")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_the_author_hears_of_rejection_with_the_reason_and_each_decision_is_news(client, world, email):
    update = _submit(world.editor, world)
    client.force_login(world.approver)
    reject = reverse("meter:progress_reject", args=[update.pk])
    with assert_notified(Kind.PROGRESS_DECISION, [world.editor], email=email) as sent:
        assert client.post(reject, {"reason": "الصور من موقع آخر"}).status_code == 302
    assert "الصور من موقع آخر" in sent.notifications[0].details
    # A second decision on the same report is a new notification, with its own reason.
    with assert_notified(Kind.PROGRESS_DECISION, [world.editor], email=email) as again:
        client.post(reject, {"reason": "التاريخ خارج فترة الخطة"})
    assert "التاريخ خارج فترة الخطة" in again.notifications[0].details
    assert Notification.objects.filter(recipient=world.editor, kind=Kind.PROGRESS_DECISION).count() == 2


def test_nobody_is_told_of_their_own_decision(world):
    services.plan_update(actor=world.editor, plan=world.plan, single_person_approval=True)
    update = _submit(world.approver, world)
    services.progress_publish(actor=world.approver, update=update)
    assert not Notification.objects.filter(kind=Kind.PROGRESS_DECISION).exists()


# --- Citizen feedback to moderate -----------------------------------------------------------------


@pytest.mark.notification_kind("feedback_pending")
def test_feedback_sent_through_the_page_tells_the_bodys_moderators(client, world, other_world):
    second_editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=world.body)
    moderators = [world.editor, world.approver, second_editor]
    assert all(person.has_perm("meter.moderate_feedback", world.body) for person in moderators)
    url = reverse("meter:project_feedback", args=[world.plan.pk, world.projects[0].pk])
    with assert_notified(Kind.FEEDBACK_PENDING, moderators) as sent:
        response = client.post(url, {"kind": "complaint", "text": "الحفريات مفتوحة أمام المدرسة منذ شهر"})
    assert response.status_code == 302
    assert sent.notifications[0].subject == world.projects[0].name_ar
    assert sent.notifications[0].url.startswith(reverse("meter:feedback_queue", args=[world.body.slug]))
    assert "الحفريات مفتوحة" in sent.notifications[0].details
    outsiders = [other_world.editor, other_world.approver, make_user(body=world.body)]  # staff without a role
    assert not Notification.objects.filter(recipient__in=outsiders).exists()


@pytest.mark.notification_kind("feedback_pending")
def test_a_moderator_who_writes_feedback_is_not_told_of_it(world):
    with assert_notified(Kind.FEEDBACK_PENDING, [world.approver], email="immediately"):
        services.feedback_submit(actor=world.editor, plan=world.plan, project=None, kind="suggestion", text="اقتراح")


# --- A reply to my feedback -----------------------------------------------------------------------


@pytest.mark.notification_kind("feedback_reply")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_a_signed_in_citizen_hears_of_the_reply_and_of_a_changed_reply(client, world, email):
    citizen = make_user()
    feedback = services.feedback_submit(
        actor=citizen, plan=world.plan, project=None, kind="suggestion", text="نقترح إنارة شارع المدرسة."
    )
    client.force_login(world.editor)
    decide = reverse("meter:feedback_decide", args=[feedback.pk])
    with assert_notified(Kind.FEEDBACK_REPLY, [citizen], email=email) as sent:
        client.post(decide, {"decision": "reply", "reply": "أدرج في موازنة العام القادم."})
    feedback.refresh_from_db()
    assert sent.notifications[0].url == feedback.get_absolute_url()  # the message's reference page
    assert sent.notifications[0].details == "أدرج في موازنة العام القادم."
    client.post(decide, {"decision": "reply", "reply": "أدرج في موازنة العام القادم."})  # the same reply: no news
    with assert_notified(Kind.FEEDBACK_REPLY, [citizen], email=email):
        client.post(decide, {"decision": "reply", "reply": "بدأ التنفيذ هذا الشهر."})
    assert Notification.objects.filter(recipient=citizen, kind=Kind.FEEDBACK_REPLY).count() == 2


def test_anonymous_feedback_has_nobody_to_tell(world):
    feedback = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="question", text="متى؟")
    services.feedback_reply(actor=world.editor, feedback=feedback, reply="في الربيع.")
    assert not Notification.objects.filter(kind=Kind.FEEDBACK_REPLY).exists()


# --- A project I follow changed -------------------------------------------------------------------


@pytest.mark.notification_kind("project_changed")
def test_followers_of_the_project_or_its_plan_hear_of_published_progress_and_status(world, other_world):
    project = world.projects[0]
    followers = [make_user(), make_user(), make_user()]
    services.follow_set(actor=followers[0], project=project, follow=True)
    services.follow_set(actor=followers[1], plan=world.plan, follow=True)
    services.follow_set(actor=followers[2], project=project, follow=True)
    services.follow_set(actor=followers[2], plan=world.plan, follow=True)  # both: still one notification
    elsewhere = make_user()
    services.follow_set(actor=elsewhere, project=world.projects[1], follow=True)
    services.follow_set(actor=elsewhere, plan=other_world.plan, follow=True)
    update = _submit(world.editor, world, percent=55)
    with assert_notified(Kind.PROJECT_CHANGED, followers) as sent:
        services.progress_publish(actor=world.approver, update=update)
    assert sent.notifications[0].url == project.get_absolute_url()
    assert "55%" in sent.notifications[0].details
    with assert_notified(Kind.PROJECT_CHANGED, followers) as sent:
        services.project_save(
            actor=world.editor,
            plan=world.plan,
            project=Project.objects.get(pk=project.pk),
            status=world.statuses["tendering"],  # a status that agrees with 55 % (stages.py)
        )
    assert world.statuses["tendering"].name_ar in sent.notifications[0].details
    assert not Notification.objects.filter(recipient=elsewhere).exists()


@pytest.mark.notification_kind("project_changed")
def test_the_person_who_changes_a_project_is_not_told_and_a_draft_plan_tells_nobody(world):
    project = world.projects[0]
    follower = make_user()
    services.follow_set(actor=follower, project=project, follow=True)
    services.follow_set(actor=world.editor, project=project, follow=True)
    with assert_notified(Kind.PROJECT_CHANGED, [follower], email="immediately"):
        services.project_save(
            actor=world.editor,
            plan=world.plan,
            project=Project.objects.get(pk=project.pk),
            status=world.statuses["planned"],
        )
    services.plan_set_status(actor=world.approver, plan=world.plan, status="draft")
    services.project_save(
        actor=world.editor,
        plan=world.plan,
        project=Project.objects.get(pk=project.pk),
        status=world.statuses["tendering"],
    )
    assert Notification.objects.filter(kind=Kind.PROJECT_CHANGED).count() == 1


def test_the_meter_sends_no_mail_by_itself():
    import inspect

    from .. import services as meter_services
    from .. import tasks

    for module in (meter_services, tasks):
        source = inspect.getsource(module)
        assert "django.core.mail" not in source and "send_mail" not in source
