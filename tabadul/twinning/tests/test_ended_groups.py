"""An ended group's unfinished milestones are "not done when the group ended", not overdue: on the model, the
queryset, the group page, the progress page, the network overview and its Excel export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tabadul.twinning import services
from tabadul.twinning.models import Milestone

from .conftest import START

pytestmark = pytest.mark.django_db


def _plan(group, actor, bodies):
    """One milestone late, one done, one not yet due: what each becomes once the group ends."""
    late = services.milestone_create(actor=actor, group=group, title="متأخر", owner_body=bodies[0], due_on=START)
    services.milestone_create(actor=actor, group=group, title="منجز", owner_body=bodies[0], due_on=START, status="done")
    future = services.milestone_create(
        actor=actor,
        group=group,
        title="قادم",
        owner_body=bodies[1],
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    return late, future


def _end(group, actor, status="completed"):
    return services.group_end(actor=actor, group=group, status=status, reason="انتهت المنحة")


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_ending_a_group_turns_its_overdue_milestones_into_not_done(group_a, facilitator, bodies, status):
    late, future = _plan(group_a, facilitator, bodies)
    assert late.is_overdue and list(Milestone.objects.overdue()) == [late]
    assert not Milestone.objects.not_done_at_end().exists()
    _end(group_a, facilitator, status)
    late, future = Milestone.objects.get(pk=late.pk), Milestone.objects.get(pk=future.pk)
    assert not late.is_overdue and late.is_not_done_at_end and future.is_not_done_at_end
    assert not Milestone.objects.overdue().exists()
    assert set(Milestone.objects.not_done_at_end()) == {late, future}


def test_a_current_groups_unfinished_milestone_is_not_marked_not_done(group_a, facilitator, bodies):
    late, future = _plan(group_a, facilitator, bodies)
    assert not late.is_not_done_at_end and not future.is_not_done_at_end


def test_the_group_page_labels_them_not_done_once_ended(client, group_a, admin, bodies):
    _plan(group_a, admin, bodies)
    client.force_login(admin)
    before = client.get(group_a.get_absolute_url()).content.decode()
    assert before.count("twinning-overdue") == 1 and "twinning-not-done" not in before
    _end(group_a, admin)
    after = client.get(group_a.get_absolute_url()).content.decode()
    assert "twinning-overdue" not in after and after.count("twinning-not-done") == 2
    assert "Not done when the group ended" in after


def test_the_progress_page_counts_them_not_done_once_ended(client, group_a, admin, bodies):
    _plan(group_a, admin, bodies)
    client.force_login(admin)
    url = reverse("twinning:group_progress", args=[group_a.pk])
    progress = client.get(url).context["progress"]
    assert (progress.overdue, progress.not_done_at_end) == (1, 0)
    _end(group_a, admin)
    response = client.get(url)
    progress = response.context["progress"]
    assert (progress.overdue, progress.not_done_at_end, progress.milestone_done) == (0, 2, 1)
    html = response.content.decode()
    assert "2 milestones not done when the group ended" in html and "overdue milestone" not in html


def test_the_overview_and_its_excel_count_each_group_by_its_state(client, admin, network, group_a, group_b, bodies):
    _plan(group_a, admin, bodies)
    services.milestone_create(actor=admin, group=group_b, title="متأخر", owner_body=bodies[2], due_on=START)
    _end(group_a, admin)
    client.force_login(admin)
    page = client.get(reverse("twinning:network_detail", args=[network.slug]))
    counts = {g.name: (g.overdue_count, g.not_done_at_end_count) for g in page.context["page"].object_list}
    assert counts == {"أ": (0, 2), "ب": (1, 0)}
    html = page.content.decode()
    assert "2 not done" in html and "1 overdue" in html

    response = client.get(reverse("twinning:network_export", args=[network.slug]))
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    header = rows[2]
    data = {row[0]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    assert data["أ"]["Overdue milestones"] == 0 and data["أ"]["Not done when the group ended"] == 2
    assert data["ب"]["Overdue milestones"] == 1 and data["ب"]["Not done when the group ended"] == 0
