"""Status and percentage agree (meter/stages.py, docs/meter.md): on every path, over random histories."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import role_grant
from tabadul.core.models import AuditEvent
from tabadul.directory.tests.factories import LocalBodyFactory

from .. import excel, services, stages
from ..models import ProgressUpdate, Project
from ..rollup import annotate_achievement
from .factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff


def _disagreements(body) -> list:
    projects = annotate_achievement(Project.objects.filter(plan__body=body).select_related("status"))
    return [
        (p.external_id, p.status.code, p.achievement)
        for p in projects
        if not stages.agree(p.status.default_percent, p.achievement)
    ]


@pytest.mark.parametrize(
    ("percent", "stage"),
    [(0, "not_started"), (1, "in_progress"), (57, "in_progress"), (99, "in_progress"), (100, "completed")],
)
def test_stage_of_every_percentage(percent, stage):
    assert stages.stage_of(percent) == stage


@given(st.integers(0, 100), st.lists(st.integers(0, 100), min_size=1, max_size=8))
def test_the_status_chosen_for_a_percentage_is_of_its_stage(percent, defaults):
    class S:
        def __init__(self, default_percent):
            self.default_percent = default_percent

    chosen = stages.status_for([S(d) for d in defaults], percent)
    if any(stages.agree(d, percent) for d in defaults):
        assert chosen is not None and stages.agree(chosen.default_percent, percent)
    else:
        assert chosen is None


def test_a_status_that_contradicts_the_published_achievement_is_refused(world):
    project = world.projects[0]  # in progress (30 %)
    world.publish(project, 57)
    project.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.project_save(actor=world.editor, plan=world.plan, project=project, status=world.statuses["completed"])
    assert "status" in error.value.message_dict
    assert "57" in error.value.message_dict["status"][0]
    project.refresh_from_db()
    assert project.status == world.statuses["in_progress"]
    # A status of the same stage is fine.
    services.project_save(actor=world.editor, plan=world.plan, project=project, status=world.statuses["tendering"])


def test_the_edit_form_shows_the_rule_in_english(client, world):
    project = world.projects[0]
    world.publish(project, 57)
    client.force_login(world.editor)
    url = "/en" + reverse("meter:project_edit", args=[world.plan.pk, project.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["status"] = world.statuses["completed"].pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is for projects completed (100 %)" in response.content.decode()
    project.refresh_from_db()
    assert project.status == world.statuses["in_progress"]


def test_publishing_moves_the_status_to_the_figures_stage_and_withdrawing_moves_it_back(world):
    project = world.projects[1]  # tendering (10 %)
    world.publish(project, 100, when=date(2024, 6, 1))
    project.refresh_from_db()
    assert project.status == world.statuses["completed"]
    event = AuditEvent.objects.filter(action="meter.project.update", target_id=project.pk).latest("pk")
    assert event.actor == world.approver and "status" in event.changes
    later = world.publish(project, 35, when=date(2024, 9, 1))
    project.refresh_from_db()
    assert project.status == world.statuses["in_progress"]  # the highest default not above 35 %
    services.progress_reject(actor=world.approver, update=later, reason="خطأ في الرقم")
    project.refresh_from_db()
    assert project.status == world.statuses["completed"]  # back to the 100 % report
    assert _disagreements(world.body) == []


def test_a_status_default_may_not_change_stage_under_its_projects(world):
    world.publish(world.projects[0], 40)
    with pytest.raises(ValidationError) as error:
        services.status_save(
            actor=world.editor, body=world.body, status=world.statuses["in_progress"], default_percent=100
        )
    assert "default_percent" in error.value.message_dict
    services.status_save(actor=world.editor, body=world.body, status=world.statuses["in_progress"], default_percent=60)


def test_publishing_without_a_status_of_the_stage_is_refused(body):
    editor, approver = staff(body)
    status = services.status_save(actor=editor, body=body, code="doing", name_ar="قيد التنفيذ", default_percent=50)
    plan = make_plan(actor=editor, body=body, approver=approver)
    project = make_project(actor=editor, plan=plan, goal=make_goal(actor=editor, plan=plan), status=status)
    update = services.progress_submit(actor=editor, project=project, percent=100, date=date(2024, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError, match="no project status for projects completed"):
        services.progress_publish(actor=approver, update=update)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.PENDING


def _import(world, rows, actor=None):
    """The plan's export with `rows` (external_id → {column: value}) changed, imported by the editor."""
    workbook = load_workbook(io.BytesIO(excel.export_plan(world.plan)))
    sheet = workbook["projects"]
    header = [cell.value for cell in sheet[1]]
    for line in sheet.iter_rows(min_row=2):
        changes = rows.get(line[0].value)
        for column, value in (changes or {}).items():
            line[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return excel.plan_import(actor=actor or world.editor, plan=world.plan, content=buffer.getvalue(), dry_run=False)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_import_refuses_a_row_whose_status_and_percentage_disagree(world, english):
    result = _import(
        world, {"P000": {"status_code": "completed", "progress_percent": 57, "progress_date": "2024-05-01"}}
    )
    assert not result.ok
    assert any(sheet == "projects" and "progress_percent is 57" in message for sheet, _row, message in result.errors)
    world.publish(world.projects[0], 57)
    result = _import(world, {"P000": {"status_code": "planned"}})  # the export carries the figure: 57
    assert not result.ok and "progress_percent is 57" in result.errors[0][2]
    result = _import(world, {"P000": {"status_code": "planned", "progress_percent": None, "progress_date": None}})
    assert not result.ok and "is 57" in result.errors[0][2]
    world.projects[0].refresh_from_db()
    assert world.projects[0].status == world.statuses["in_progress"]


def test_the_import_may_complete_a_project_in_one_row(world):
    world.publish(world.projects[0], 57)
    importer = world.editor  # an editor who approves too publishes the figure in the same import
    role_grant(actor=None, user=importer, role=RoleGrant.Role.BODY_APPROVER, local_body=world.body)
    services.plan_update(actor=importer, plan=world.plan, single_person_approval=True)
    result = _import(
        world,
        {"P000": {"status_code": "completed", "progress_percent": 100, "progress_date": "2024-07-01"}},
        actor=importer,
    )
    assert result.ok, result.errors
    world.projects[0].refresh_from_db()
    assert world.projects[0].status == world.statuses["completed"]
    assert _disagreements(world.body) == []


def test_the_command_reports_and_fixes_old_contradictions(world):
    project = world.projects[0]
    world.publish(project, 57)
    Project.objects.filter(pk=project.pk).update(status=world.statuses["completed"])  # as the old demo left it
    out = io.StringIO()
    call_command("meter_status_agree", stdout=out)
    assert "1 project(s) disagree; 0 fixed." in out.getvalue()
    assert _disagreements(world.body) == [(project.external_id, "completed", 57)]
    call_command("meter_status_agree", "--fix", stdout=out)
    assert _disagreements(world.body) == []
    event = AuditEvent.objects.filter(action="meter.project.update", target_id=project.pk).latest("pk")
    assert event.actor is None and event.changes["status"][1] == world.statuses["in_progress"].pk


class NoPathProducesAContradiction(TestCase):
    """Property: whatever staff do, in any order, every project's status agrees with its achievement."""

    operation = st.one_of(
        st.tuples(
            st.just("publish"), st.integers(0, 2), st.integers(0, 100), st.dates(date(2023, 1, 1), date(2026, 6, 1))
        ),
        st.tuples(st.just("pending"), st.integers(0, 2), st.integers(0, 100)),
        st.tuples(st.just("withdraw"), st.integers(0, 2)),
        st.tuples(st.just("status"), st.integers(0, 2), st.integers(0, 3)),
        st.tuples(st.just("default"), st.integers(0, 3), st.integers(0, 100)),
    )

    @settings(max_examples=25, deadline=None)
    @given(st.lists(operation, max_size=10))
    def test_random_histories(self, operations):
        body = LocalBodyFactory()
        editor, approver = staff(body)
        statuses = list(make_statuses(actor=editor, body=body).values())
        plan = make_plan(actor=editor, body=body, approver=approver)
        goal = make_goal(actor=editor, plan=plan)
        projects = [
            make_project(actor=editor, plan=plan, goal=goal, status=statuses[i + 1], external_id=f"P{i}")
            for i in range(3)
        ]
        for operation in operations:
            kind, *args = operation
            try:
                if kind == "publish":
                    index, percent, when = args
                    publish_progress(
                        editor=editor, approver=approver, project=projects[index], percent=percent, when=when
                    )
                elif kind == "pending":
                    index, percent = args
                    services.progress_submit(
                        actor=editor, project=projects[index], percent=percent, date=date(2026, 6, 2)
                    )
                elif kind == "withdraw":
                    latest = (
                        projects[args[0]].progress_updates.filter(status="published").order_by("-date", "-pk").first()
                    )
                    if latest is not None:
                        services.progress_reject(actor=approver, update=latest, reason="سحب التقرير")
                elif kind == "status":
                    index, choice = args
                    project = Project.objects.get(pk=projects[index].pk)
                    services.project_save(actor=editor, plan=plan, project=project, status=statuses[choice])
                else:
                    choice, percent = args
                    status = type(statuses[choice]).objects.get(pk=statuses[choice].pk)
                    services.status_save(actor=editor, body=body, status=status, default_percent=percent)
            except ValidationError:
                pass  # refused with a message: nothing changed
            assert _disagreements(body) == [], operation
