"""Confirmation before the Meter's irreversible actions (rejecting, deleting), and what waits for the bodies' staff
on "my work" (issue 16): counts and items in a constant number of queries, links to the queue, and back again."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import body_role_ids
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY

from .. import services, urls
from ..models import Feedback, Post, ProgressUpdate, Project, StrategicGoal

pytestmark = pytest.mark.django_db

# Every Meter endpoint that deletes or decides irreversibly, and how it is confirmed (a test below each).
CONFIRMED = {
    "progress_reject": "reason",
    "feedback_reject": "reason",
    "goal_delete": "confirm",
    "project_delete": "confirm",
    "post_delete": "confirm",
}


def test_every_delete_or_reject_endpoint_is_a_confirmation_page():
    names = {pattern.name for pattern in urls.urlpatterns}
    irreversible = {name for name in names if name.endswith(("_delete", "_reject"))}
    assert irreversible == set(CONFIRMED)


def _submit(actor, world, percent=40, project=None):
    return services.progress_submit(
        actor=actor, project=project or world.projects[0], percent=percent, date=date(2024, 5, 1)
    )


# --- Confirmation pages ---------------------------------------------------------------------------


def test_rejecting_progress_says_what_happens_and_needs_a_reason(client, world):
    update = _submit(world.editor, world)
    client.force_login(world.approver)
    url = "/en" + reverse("meter:progress_reject", args=[update.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Its author is told, with your reason, and may send a new report." in html and 'name="reason"' in html
    response = client.post(url, {"reason": ""})
    assert (
        response.status_code == 400 and "Give a reason: the people concerned will read it." in response.content.decode()
    )
    assert client.post(url, {"reason": "x" * 301}).status_code == 400  # longer than the row keeps: refused, not cut
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.PENDING
    assert client.post(url, {"reason": "الصور لا تطابق الموقع"}).status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.REJECTED
    assert AuditEvent.objects.filter(action="meter.progress.reject", target_id=str(update.pk)).exists()


def test_an_editor_cannot_reject_progress(client, world):
    update = _submit(world.editor, world)
    client.force_login(world.editor)
    assert client.post(reverse("meter:progress_reject", args=[update.pk]), {"reason": "لا"}).status_code == 403
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.PENDING


def test_rejecting_feedback_is_confirmed_with_a_reason(client, world):
    feedback = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="question", text="إعلان")
    client.force_login(world.editor)
    url = "/en" + reverse("meter:feedback_reject", args=[feedback.pk])
    assert "never shown publicly" in client.get(url).content.decode()
    assert client.post(url, {"reason": " "}).status_code == 400
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.PENDING
    assert client.post(url, {"reason": "إعلان تجاري"}).status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.rejection_reason) == (Feedback.Status.REJECTED, "إعلان تجاري")


def test_deleting_a_goal_names_its_projects_and_deletes_them_on_confirmation(client, world):
    goal = world.goals[0]
    projects = list(goal.projects.values_list("pk", flat=True))
    client.force_login(world.editor)
    assert (
        f'href="{reverse("meter:goal_delete", args=[world.plan.pk, goal.pk])}"'
        in client.get(reverse("meter:goal_edit", args=[world.plan.pk, goal.pk])).content.decode()
    )
    url = "/en" + reverse("meter:goal_delete", args=[world.plan.pk, goal.pk])
    page = client.get(url).content.decode()
    assert f"Its {len(projects)} projects are deleted with it" in page and "This cannot be undone." in page
    assert StrategicGoal.objects.filter(pk=goal.pk).exists()  # showing the page deletes nothing
    assert client.post(url).status_code == 302
    assert not StrategicGoal.objects.filter(pk=goal.pk).exists()
    assert not Project.objects.filter(pk__in=projects).exists()
    event = AuditEvent.objects.get(action="meter.goal.delete")
    assert event.actor == world.editor and event.changes["projects"] == len(projects)


def test_deleting_a_project_is_confirmed_and_audited(client, world):
    project = world.projects[1]
    client.force_login(world.editor)
    url = reverse("meter:project_delete", args=[world.plan.pk, project.pk])
    assert client.get(url).status_code == 200 and Project.objects.filter(pk=project.pk).exists()
    assert client.post(url)["Location"] == reverse("meter:plan_manage", args=[world.plan.pk])
    assert not Project.objects.filter(pk=project.pk).exists()
    assert AuditEvent.objects.filter(action="meter.project.delete", actor=world.editor).exists()


@pytest.mark.parametrize("kind", ["news", "media"])
def test_deleting_a_news_post_or_media_item_is_confirmed(client, world, kind):
    post = services.post_save(actor=world.editor, body=world.body, kind=kind, title="صور افتتاح الحديقة")
    client.force_login(world.editor)
    url = reverse("meter:post_delete", args=[world.body.slug, post.pk])
    assert client.get(url).status_code == 200 and Post.objects.filter(pk=post.pk).exists()
    assert client.post(url).status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action="meter.post.delete").exists()


def test_an_approver_of_another_body_cannot_delete(client, world, other_world):
    client.force_login(other_world.editor)
    for url in (
        reverse("meter:goal_delete", args=[world.plan.pk, world.goals[0].pk]),
        reverse("meter:project_delete", args=[world.plan.pk, world.projects[0].pk]),
    ):
        assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    assert StrategicGoal.objects.filter(pk=world.goals[0].pk).exists()


# --- "My work" --------------------------------------------------------------------------------------


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _fresh(user):
    """The person as a new request sees them (no role cache)."""
    return type(user).objects.get(pk=user.pk)


def test_both_kinds_are_registered():
    assert {"meter.progress_to_approve", "meter.feedback_to_moderate"} <= set(REGISTRY)


def test_progress_to_approve_counts_the_pending_reports_the_approver_may_publish(world, other_world):
    waiting = REGISTRY["meter.progress_to_approve"]
    _submit(world.editor, world)
    _submit(world.approver, world, percent=50)  # their own: another approver publishes it (four eyes)
    _submit(other_world.editor, other_world)  # another body's
    published = _submit(world.editor, world, percent=20)
    second = make_user(role=RoleGrant.Role.BODY_APPROVER, body=world.body)
    services.progress_publish(actor=second, update=published)
    assert waiting.count(_fresh(world.approver)) == 1
    assert waiting.count(_fresh(second)) == 2
    assert waiting.count(_fresh(world.editor)) == 0
    assert waiting.count(_fresh(make_user())) == 0
    items = waiting.items(_fresh(second), 5)
    queue = reverse("meter:progress_queue", args=[world.body.slug])
    assert [item.url.split("?")[0] for item in items] == [queue, queue]
    assert all(f"next={reverse('work:my_work').replace('/', '%2F')}" in item.url for item in items)


def test_feedback_to_moderate_counts_pending_feedback_of_the_bodies_staff_moderate(world, other_world):
    waiting = REGISTRY["meter.feedback_to_moderate"]
    first = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="question", text="سؤال")
    services.feedback_submit(actor=None, plan=world.plan, project=world.projects[0], kind="complaint", text="شكوى")
    services.feedback_submit(actor=None, plan=other_world.plan, project=None, kind="question", text="سؤال آخر")
    services.feedback_moderate(actor=world.editor, feedback=first, publish=True)
    for person in (world.editor, world.approver):
        assert waiting.count(_fresh(person)) == 1
        assert person.has_perm("meter.moderate_feedback", world.body)
    citizen = make_user()
    assert waiting.count(_fresh(citizen)) == 0 and not citizen.has_perm("meter.moderate_feedback", world.body)
    [item] = waiting.items(_fresh(world.editor), 5)
    assert item.url.startswith(reverse("meter:feedback_queue", args=[world.body.slug]) + "?next=")
    assert "شكوى" in item.title


@pytest.mark.parametrize("key", ["meter.progress_to_approve", "meter.feedback_to_moderate"])
def test_waiting_items_take_the_same_queries_with_one_or_many(world, other_world, key):
    waiting = REGISTRY[key]
    person = make_user(role=RoleGrant.Role.BODY_APPROVER, body=world.body)
    RoleGrant.objects.create(user=person, role=RoleGrant.Role.BODY_APPROVER, local_body=other_world.body)

    def add(world_, n):
        for i in range(n):
            if key == "meter.progress_to_approve":
                _submit(world_.editor, world_, percent=10 + i, project=world_.projects[i % len(world_.projects)])
            else:
                services.feedback_submit(
                    actor=make_user(), plan=world_.plan, project=world_.projects[0], kind="question", text=f"سؤال {i}"
                )

    add(world, 1)
    few_count = _queries(lambda: waiting.count(_fresh(person)))
    few_items = _queries(lambda: waiting.items(_fresh(person), 5))
    add(world, 4)
    add(other_world, 3)
    fresh = _fresh(person)
    assert waiting.count(fresh) == 8
    assert len(waiting.items(fresh, 5)) == 5
    assert _queries(lambda: waiting.count(_fresh(person))) == few_count
    assert _queries(lambda: waiting.items(_fresh(person), 5)) == few_items
    fresh = _fresh(person)
    body_role_ids(fresh)  # the person's roles, read once per request (the rules read them too)
    assert _queries(lambda: waiting.count(fresh)) == 1  # one query, the bodies approved for in a subquery


@pytest.mark.parametrize("key", ["meter.progress_to_approve", "meter.feedback_to_moderate"])
def test_waiting_counts_ask_nothing_of_people_without_a_body_role(key):
    person = make_user(role=RoleGrant.Role.SPECIALIST)
    body_role_ids(person)
    assert _queries(lambda: REGISTRY[key].count(person)) == 0
    assert REGISTRY[key].count(person) == 0


def test_acting_from_my_work_returns_there(client, world):
    update = _submit(world.editor, world)
    other = _submit(world.editor, world, percent=70, project=world.projects[1])
    my_work = reverse("work:my_work")
    client.force_login(world.approver)
    [first, second] = REGISTRY["meter.progress_to_approve"].items(_fresh(world.approver), 5)
    queue = client.get(first.url.split("#")[0])
    assert f'name="next" value="{my_work}"' in queue.content.decode()
    response = client.post(reverse("meter:progress_decide", args=[update.pk]), {"decision": "publish", "next": my_work})
    assert response["Location"] == my_work
    # Rejecting: the decision's confirmation page keeps `next`, and returns there.
    response = client.post(reverse("meter:progress_decide", args=[other.pk]), {"decision": "reject", "next": my_work})
    confirm = response["Location"]
    assert confirm.startswith(reverse("meter:progress_reject", args=[other.pk])) and "next=" in confirm
    assert client.post(confirm, {"reason": "النسبة غير مثبتة"})["Location"] == my_work
    assert REGISTRY["meter.progress_to_approve"].count(_fresh(world.approver)) == 0


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_next_elsewhere_is_ignored(client, world, target):
    update = _submit(world.editor, world)
    client.force_login(world.approver)
    response = client.post(reverse("meter:progress_decide", args=[update.pk]), {"decision": "publish", "next": target})
    assert response["Location"] == reverse("meter:progress_queue", args=[world.body.slug])
    feedback = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="question", text="سؤال")
    response = client.post(reverse("meter:feedback_reject", args=[feedback.pk]) + "?next=" + target, {"reason": "لا"})
    assert response["Location"].startswith(reverse("meter:feedback_queue", args=[world.body.slug]))
