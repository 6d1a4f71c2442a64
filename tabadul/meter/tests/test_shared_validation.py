"""One set of validators for the web forms, the API and the Excel import (security issue #15, item 8).

The limits live on the models (`ProgressUpdate.note` length, the date window of `clean()`); each route refuses
the same input with the message the model gives, and stores nothing.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from tabadul.api import services as api_services

from .. import excel
from ..models import Milestone, PlanReport, ProgressUpdate, Project

pytestmark = pytest.mark.django_db

LONG_NOTE = "ن" * 100_000
IMPLAUSIBLE_DATES = [date(1, 1, 1), date(9999, 12, 31)]


def model_messages(instance, field: str) -> list[str]:
    """What the model says about `field` of `instance`: the message every route must show."""
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict[field]


def progress(world, **values) -> ProgressUpdate:
    return ProgressUpdate(project=world.projects[0], **{"percent": 40, "date": date(2024, 3, 1), "note": "", **values})


def bad_progress_cases(world):
    """(what is sent, the field the model refuses, the model's messages)."""
    cases = [({"note": LONG_NOTE}, "note")] + [({"date": day}, "date") for day in IMPLAUSIBLE_DATES]
    return [(values, field, model_messages(progress(world, **values), field)) for values, field in cases]


def test_the_model_refuses_a_long_note_and_dates_outside_the_plans_period_or_in_the_future(world):
    for values, _field, messages in bad_progress_cases(world):
        assert messages, values
    (note_message,) = model_messages(progress(world, note=LONG_NOTE), "note")
    assert "3000" in note_message
    # The window: the plan's years (2023–2026) give or take a year, and never after today.
    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    for day in (date(2021, 12, 31), tomorrow):
        assert model_messages(progress(world, date=day), "date")
    progress(world, date=date(2022, 1, 1)).full_clean()
    progress(world, note="ن" * 3000).full_clean()


def test_the_progress_form_refuses_them_with_the_models_message(client, world):
    client.force_login(world.editor)
    url = reverse("meter:progress_submit", args=[world.projects[0].pk])
    for values, _field, messages in bad_progress_cases(world):
        data = {"percent": 40, "date": "2024-03-01", "note": "", **values}
        response = client.post(url, {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()})
        assert response.status_code == 200, values.keys()
        for message in messages:
            assert escape(message) in response.content.decode(), values.keys()
    assert not ProgressUpdate.objects.exists()


def test_the_api_refuses_them_with_the_models_message(client, world):
    _token, key = api_services.token_create(actor=world.approver, body=world.body, name="نظام المتابعة")
    url = f"/api/v1/projects/{world.projects[0].pk}/progress"
    for values, _field, messages in bad_progress_cases(world):
        data = {"percent": 40, "date": "2024-03-01", "note": "", **values}
        data = {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}
        response = client.post(url, data, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 400, values.keys()
        assert response.json()["detail"] == " ".join(messages)
    assert not ProgressUpdate.objects.exists()


def _workbook(project_row) -> bytes:
    workbook = load_workbook(io.BytesIO(excel.export_template()))
    workbook["goals"].append(["E1", "تحسين إدارة النفايات", "", 2, 1, ""])
    workbook["projects"].append(project_row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _project_row(*, start="2024-01-01", end="2024-12-31", progress_date="2024-06-01"):
    return ["E1-01", "E1", "شراء حاويات", "", "", "", "", "", "", start, end, 1, "in_progress", 40, progress_date, ""]


@pytest.mark.parametrize("day", IMPLAUSIBLE_DATES)
def test_the_excel_import_refuses_the_same_dates_with_the_models_message(world, day):
    # A progress date: the same message as the form and the API; nothing at all is saved.
    expected = model_messages(progress(world, date=day), "date")
    content = _workbook(_project_row(progress_date=day.isoformat()))
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert not result.ok and [message for _sheet, _row, message in result.errors] == expected
    assert not Project.objects.filter(external_id="E1-01").exists() and not ProgressUpdate.objects.exists()
    # A project's dates: refused when the rows are checked, before anything is saved.
    project = Project(plan=world.plan, goal=world.goals[0], status=world.statuses["planned"], external_id="E1-01")
    project.name_ar, project.start_date, project.end_date = "شراء حاويات", day, day
    (expected,) = model_messages(project, "start_date")
    content = _workbook(_project_row(start=day.isoformat(), end=day.isoformat()))
    preview = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=True)
    assert f"start_date: {expected}" in [message for _sheet, _row, message in preview.errors]


@pytest.mark.parametrize("day", IMPLAUSIBLE_DATES)
def test_the_project_milestone_and_report_forms_refuse_implausible_dates_with_the_models_message(client, world, day):
    client.force_login(world.editor)
    project = world.projects[0]
    cases = [
        (
            reverse("meter:project_edit", args=[world.plan.pk, project.pk]),
            {
                "external_id": project.external_id,
                "goal": project.goal_id,
                "name_ar": project.name_ar,
                "start_date": day.isoformat(),
                "end_date": day.isoformat(),
                "weight": "1",
                "status": project.status_id,
                "version": project.version,
            },
            Project(
                plan=world.plan,
                goal=project.goal,
                status=project.status,
                external_id="X",
                name_ar="x",
                start_date=day,
                end_date=day,
            ),
            "start_date",
        ),
        (
            reverse("meter:milestone_add", args=[project.pk]),
            {"title": "موعد", "date": day.isoformat()},
            Milestone(project=project, title="موعد", date=day),
            "date",
        ),
        (
            reverse("meter:report_create", args=[world.plan.pk]),
            {"title": "تقرير", "period_start": day.isoformat(), "period_end": day.isoformat()},
            PlanReport(plan=world.plan, title="تقرير", period_start=day, period_end=day),
            "period_start",
        ),
    ]
    for url, data, instance, field in cases:
        (message,) = model_messages(instance, field)
        response = client.post(url, data)
        assert response.status_code == 200 and escape(message) in response.content.decode(), url
    project.refresh_from_db()
    assert project.start_date == date(2023, 1, 1)
    assert not project.milestones.exists() and not world.plan.reports.exists()
