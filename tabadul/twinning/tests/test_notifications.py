"""Twinning milestones due or overdue (issue 16): the daily reminder, "my work", and ending a group."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified
from tabadul.twinning import services
from tabadul.twinning.models import Milestone, TwinningGroup


def _milestone(group, owner, days: int, *, status="planned", title="خطة مشتركة"):
    return services.milestone_create(
        actor=group.facilitator,
        group=group,
        title=title,
        owner_body=owner,
        due_on=timezone.localdate() + dt.timedelta(days=days),
        status=status,
    )


@pytest.fixture
def staff_a(group_a, bodies):
    """Staff of both member bodies of group A (three people), and of a body outside it."""
    return [make_user(body=bodies[0]), make_user(body=bodies[1]), make_user(body=bodies[1])]


@pytest.mark.notification_kind("milestone_due")
def test_a_milestone_due_within_a_week_tells_the_participants_once(group_a, group_b, bodies, staff_a):
    outsider = make_user(body=bodies[2])
    milestone = _milestone(group_a, bodies[0], 3)
    _milestone(group_a, bodies[0], 20, title="later")
    _milestone(group_a, bodies[0], 2, status="done", title="done")
    with assert_notified(Kind.MILESTONE_DUE, staff_a) as sent:
        services.milestones_remind()
    # a language-neutral path (the e-mail makes it absolute)
    assert sent.notifications[0].url.endswith(
        f"/twinning/groups/{group_a.pk}/?milestone={milestone.pk}#milestone-{milestone.pk}"
    )
    assert sent.notifications[0].subject == milestone.title
    assert not Notification.objects.filter(recipient__in=[outsider, group_a.facilitator]).exists()
    assert services.milestones_remind() == 0  # idempotent: a second run the same day writes nothing


@pytest.mark.notification_kind("milestone_due")
@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_an_overdue_milestone_is_told_again_once_as_overdue(group_a, bodies, choice):
    person = make_user(body=bodies[1])
    milestone = _milestone(group_a, bodies[1], 1)
    services.milestones_remind()
    later = timezone.localdate() + dt.timedelta(days=3)
    with assert_notified(Kind.MILESTONE_DUE, [person], email=choice) as sent:
        services.milestones_remind(today=later)
    assert sent.notifications[0].details.startswith("Overdue.")
    services.milestones_remind(today=later + dt.timedelta(days=1))
    keys = sorted(Notification.objects.filter(recipient=person).values_list("key", flat=True))
    assert keys == [f"twinning.milestone:{milestone.pk}:due", f"twinning.milestone:{milestone.pk}:overdue"]


def test_ended_groups_and_done_milestones_are_not_reminded(admin, group_a, bodies):
    make_user(body=bodies[0])
    _milestone(group_a, bodies[0], -5)
    services.group_end(actor=admin, group=group_a, status="cancelled", reason="انسحب الشريك")
    assert services.milestones_remind() == 0


def test_the_daily_command_runs_the_reminder(group_a, bodies, capsys):
    make_user(body=bodies[0])
    _milestone(group_a, bodies[0], 0)
    call_command("send_milestone_reminders")
    assert "1 milestone reminder(s)" in capsys.readouterr().out
    call_command("send_milestone_reminders")
    assert "0 milestone reminder(s)" in capsys.readouterr().out


# --- "My work" ----------------------------------------------------------------------------------------------


def test_my_work_lists_the_milestones_due_of_my_groups(group_a, group_b, bodies, staff_a):
    waiting = REGISTRY["twinning.milestones_due"]
    due = _milestone(group_a, bodies[0], 2)
    _milestone(group_a, bodies[0], 30)
    outsider = make_user(body=bodies[2])
    assert waiting.count(staff_a[1]) == 1
    [item] = waiting.items(staff_a[1], 5)
    assert item.url == f"{group_a.get_absolute_url()}?milestone={due.pk}#milestone-{due.pk}"
    assert waiting.count(outsider) == 0 and waiting.count(make_user()) == 0
    services.milestone_set_status(actor=staff_a[0], milestone=due, status="done")
    assert waiting.count(staff_a[1]) == 0


def test_milestones_due_take_constant_queries(group_a, bodies, staff_a):
    waiting = REGISTRY["twinning.milestones_due"]

    def measure():
        with CaptureQueriesContext(connection) as counted:
            count = waiting.count(staff_a[0])
        with CaptureQueriesContext(connection) as listed:
            items = waiting.items(staff_a[0], 5)
        return count, len(items), len(counted.captured_queries), len(listed.captured_queries)

    _milestone(group_a, bodies[0], 1)
    small = measure()
    for n in range(7):
        _milestone(group_a, bodies[n % 2], -n, title=f"م{n}")
    large = measure()
    assert (small[0], large[0], large[1]) == (1, 8, 5)
    assert small[2:] == large[2:] == (1, 1)


# --- Ending a group -----------------------------------------------------------------------------------------


def test_ending_a_group_is_confirmed_with_a_reason(client, group_a, bodies, facilitator):
    _milestone(group_a, bodies[0], 3)
    url = reverse("twinning:group_end", args=[group_a.pk])
    client.force_login(facilitator)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 unfinished milestone(s) will no longer be reminded" in text and "cannot be reopened" in text
    audits = AuditEvent.objects.count()
    refused = client.post(url, {"status": "completed", "reason": ""})
    assert refused.status_code == 400
    group_a.refresh_from_db()
    assert group_a.status == TwinningGroup.Status.FORMING and AuditEvent.objects.count() == audits
    assert client.post(url, {"status": "completed", "reason": "أُنجزت الخطة"}).status_code == 302
    group_a.refresh_from_db()
    assert group_a.status == "completed" and group_a.ends_on == timezone.localdate()
    event = AuditEvent.objects.get(action="twinning.group.end")
    assert event.changes["reason"] == "أُنجزت الخطة"
    assert client.get(url).status_code == 302  # already ended


def test_only_managers_end_a_group_and_the_edit_form_cannot(client, group_a, member_a, facilitator):
    url = reverse("twinning:group_end", args=[group_a.pk])
    client.force_login(member_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "cancelled", "reason": "x"}).status_code == 403
    client.force_login(facilitator)
    form = client.get(reverse("twinning:group_edit", args=[group_a.pk])).context["form"]
    assert [value for value, _label in form.fields["status"].choices if value] == list(TwinningGroup.CURRENT_STATUSES)


def test_milestone_state():
    today = dt.date(2026, 5, 10)
    milestone = Milestone(due_on=today, status="planned")
    assert services.milestone_state(milestone, today) == "due"
    milestone.due_on = today - dt.timedelta(days=1)
    assert services.milestone_state(milestone, today) == "overdue"
    milestone.due_on = today + dt.timedelta(days=8)
    assert services.milestone_state(milestone, today) is None
    milestone.due_on, milestone.status = today, "done"
    assert services.milestone_state(milestone, today) is None


def test_an_edit_cannot_end_a_group(admin, group_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.group_update(actor=admin, group=group_a, status="cancelled")
    group_a.refresh_from_db()
    assert group_a.status in TwinningGroup.CURRENT_STATUSES
