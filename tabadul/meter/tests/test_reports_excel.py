import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent

from .. import excel, report, services
from ..models import Follow, ImportJob, ProgressUpdate, Project, StrategicGoal

pytestmark = pytest.mark.django_db


def _workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _edit(content: bytes, sheet: str, cell: str, value) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    workbook[sheet][cell] = value
    return _workbook_bytes(workbook)


def _snapshot(plan):
    return (
        sorted(StrategicGoal.objects.filter(plan=plan).values_list("external_id", "name_ar", "weight", "position")),
        sorted(
            Project.objects.filter(plan=plan).values_list(
                "external_id", "goal__external_id", "name_ar", "budget", "start_date", "end_date", "weight", "status"
            )
        ),
        ProgressUpdate.objects.filter(project__plan=plan).count(),
    )


# --- Report -------------------------------------------------------------------------------------------


REPORT_NAMES = [
    "تعبيد شارع المدارس وإنشاء الأرصفة",
    "تأهيل شبكة المياه في البلدة القديمة",
    "إنشاء حديقة عامة في الحي الشرقي",
    "تركيب وحدات إنارة تعمل بالطاقة الشمسية",
]


def test_report_pdf_has_arabic_project_names_in_logical_order(world):
    for project, name in zip(world.projects, REPORT_NAMES, strict=True):
        services.project_save(actor=world.editor, plan=world.plan, project=project, name_ar=name)
    world.publish(world.projects[0], 100, when=date(2024, 3, 1))
    item = services.report_save(
        actor=world.editor,
        plan=world.plan,
        title="تقرير الإنجازات والتحديات السنوي",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        achievements="إنجاز شبكة المياه",
        challenges="نقص التمويل وتأخر التحويلات",
        next_steps="",
    )
    pdf = report.report_pdf(item)
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for name in [*REPORT_NAMES, "تقرير الإنجازات والتحديات السنوي", "نقص التمويل وتأخر التحويلات"]:
        # Logical order: the name reads as typed, not as the glyphs stand on the page (right to left).
        assert name in text, name
        assert name[::-1] not in text
    # Shaped: WeasyPrint maps contextual forms back to the base letters, no presentation forms remain.
    assert not any("\ufb50" <= char <= "\ufeff" for char in text)
    data = report.report_data(item)
    assert data.completed_in_period == [p for p, _ in data.projects if p.pk == world.projects[0].pk]
    assert data.end.achievement > data.start.achievement


def test_report_pages_and_excel(client, world):
    item = services.report_save(
        actor=world.editor,
        plan=world.plan,
        title="تقرير نصف سنوي",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        achievements="",
        challenges="",
        next_steps="",
    )
    assert client.get(reverse("meter:report_detail", args=[world.plan.pk, item.pk])).status_code == 200
    response = client.get(reverse("meter:report_pdf", args=[world.plan.pk, item.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("meter:report_xlsx", args=[world.plan.pk, item.pk])).getvalue())
    )
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)  # Arabic, like the PDF
    names = [row[1] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert "مشروع تأهيل شبكة المياه رقم 0" in names


# --- Excel round trip -----------------------------------------------------------------------------------


def test_export_then_import_changes_nothing(world):
    world.publish(world.projects[1], 45)
    content = excel.export_plan(world.plan)
    before, audit = _snapshot(world.plan), AuditEvent.objects.count()
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert result.ok, result.errors
    assert all(counts["create"] == 0 and counts["update"] == 0 for counts in result.counts.values()), result.changes
    assert _snapshot(world.plan) == before
    assert AuditEvent.objects.count() == audit


def test_editing_one_cell_updates_exactly_that(world):
    content = excel.export_plan(world.plan)
    sheet = load_workbook(io.BytesIO(content))["projects"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "P002")
    edited = _edit(content, "projects", f"C{row}", "إنشاء خزان مياه بسعة 1000 متر مكعب")
    preview = excel.plan_import(actor=world.editor, plan=world.plan, content=edited, dry_run=True)
    assert preview.ok and preview.changes == [["projects", row, "P002", "update", ["name_ar"]]]
    assert Project.objects.get(plan=world.plan, external_id="P002").name_ar != "إنشاء خزان مياه بسعة 1000 متر مكعب"
    before = _snapshot(world.plan)
    excel.plan_import(actor=world.editor, plan=world.plan, content=edited, dry_run=False)
    after = _snapshot(world.plan)
    assert Project.objects.get(plan=world.plan, external_id="P002").name_ar == "إنشاء خزان مياه بسعة 1000 متر مكعب"
    changed = [a for a, b in zip(before[1], after[1], strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0] == "P002"
    assert AuditEvent.objects.filter(action="meter.project.update").latest("pk").changes == {
        "name_ar": [before[1][2][2], "إنشاء خزان مياه بسعة 1000 متر مكعب"]
    }


def test_import_of_a_new_plan_from_the_template_creates_everything_and_progress(world, other_world):
    workbook = load_workbook(io.BytesIO(excel.export_template()))
    workbook["statuses"].append(["study", "قيد الدراسة", "Study", 5, 0])
    workbook["goals"].append(["E1", "تحسين إدارة النفايات", "", 2, 1, ""])
    workbook["projects"].append(
        [
            "E1-01",
            "E1",
            "شراء حاويات نفايات",
            "",
            "بيئة",
            "",
            "",
            120000,
            "",
            date(2024, 1, 1),
            date(2024, 12, 31),
            1,
            "study",
            40,
            date(2024, 6, 1),
            "",
        ]
    )
    plan = other_world.plan
    result = excel.plan_import(actor=other_world.editor, plan=plan, content=_workbook_bytes(workbook), dry_run=True)
    assert result.ok and not Project.objects.filter(external_id="E1-01").exists()
    # Editors may change the plan; progress they import waits for the approver.
    result = excel.plan_import(actor=other_world.editor, plan=plan, content=_workbook_bytes(workbook), dry_run=False)
    assert result.ok, result.errors
    project = Project.objects.get(plan=plan, external_id="E1-01")
    assert project.status.code == "study" and project.goal.name_ar == "تحسين إدارة النفايات"
    assert project.progress_updates.get().status == "pending"


def test_any_wrong_row_saves_nothing_and_lists_row_errors(world):
    content = excel.export_plan(world.plan)
    workbook = load_workbook(io.BytesIO(content))
    workbook["goals"].append(["G9", "هدف جديد", "", 1, 5, ""])
    projects = workbook["projects"]
    projects["L2"] = "ثقيل"  # weight not a number
    projects["M3"] = "unknown-status"
    projects.append(
        [
            "P900",
            "G404",
            "مشروع",
            "",
            "",
            "",
            "",
            "",
            "",
            date(2024, 1, 1),
            date(2023, 1, 1),
            1,
            "planned",
            None,
            None,
            "",
        ]
    )
    before = _snapshot(world.plan)
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=_workbook_bytes(workbook), dry_run=False)
    assert not result.ok and not result.applied
    rows = {(sheet, row) for sheet, row, _ in result.errors}
    assert {("projects", 2), ("projects", 3), ("projects", projects.max_row)} <= rows
    assert _snapshot(world.plan) == before
    assert not StrategicGoal.objects.filter(external_id="G9").exists()


def test_garbage_files_get_a_message(world, client):
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=b"PK\x03\x04garbage", dry_run=True)
    assert not result.ok
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    response = client.post(
        reverse("meter:plan_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("x.xlsx", b"hello")}
    )
    message = _("“%(name)s” is not a file of an accepted type. Accepted here: %(kinds)s.")
    assert (
        response.status_code == 400
        and escape(message % {"name": "x.xlsx", "kinds": "XLSX"}) in response.content.decode()
    )


def test_import_views_preview_then_confirm(client, world):
    content = _edit(excel.export_plan(world.plan), "goals", "D2", 5)
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    response = client.post(
        reverse("meter:plan_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("plan.xlsx", content)}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "checked"
    page = client.get(reverse("meter:import_status", args=[job.pk])).content.decode()
    assert escape(_("Preview: nothing is saved yet")) in page
    assert StrategicGoal.objects.get(plan=world.plan, external_id="G1").weight == 2
    client.post(reverse("meter:import_status", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and StrategicGoal.objects.get(plan=world.plan, external_id="G1").weight == 5


def test_large_files_run_as_a_background_task_with_progress(world, monkeypatch):
    monkeypatch.setattr(excel, "BACKGROUND_THRESHOLD", 3)
    calls = []
    from .. import tasks

    original = tasks.run_import

    class Recording:
        def enqueue(self, **kwargs):
            calls.append(kwargs)
            return original.enqueue(**kwargs)  # the immediate backend of the tests runs it now

    monkeypatch.setattr(tasks, "run_import", Recording())
    upload = SimpleUploadedFile("plan.xlsx", excel.export_plan(world.plan))
    job = excel.import_job_create(actor=world.editor, plan=world.plan, upload=upload)
    excel.import_job_start(job=job, dry_run=True)
    job.refresh_from_db()
    assert calls == [{"job_id": job.pk, "dry_run": True}]
    assert job.status == "checked" and job.processed_rows == job.total_rows > 3 and job.percent_done == 100


# --- Following ------------------------------------------------------------------------------------------


def test_followers_are_emailed_when_published_progress_or_status_changes(
    client, world, django_capture_on_commit_callbacks
):
    follower, plan_follower = make_user(), make_user()
    project = world.projects[0]
    client.login(username=follower.username, password=TEST_PASSWORD)
    assert client.get(reverse("meter:project_follow", args=[world.plan.pk, project.pk])).status_code == 200
    client.post(reverse("meter:project_follow", args=[world.plan.pk, project.pk]), {"follow": "1"})
    services.follow_set(actor=plan_follower, plan=world.plan, follow=True)
    assert Follow.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        update = services.progress_submit(actor=world.editor, project=project, percent=55, date=date(2024, 2, 1))
    followers = {follower.email, plan_follower.email}
    assert not followers & {m.to[0] for m in mail.outbox}  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_publish(actor=world.approver, update=update)
    to_followers = [m for m in mail.outbox if m.to[0] in followers]
    assert sorted(m.to[0] for m in to_followers) == sorted(followers)
    assert "55%" in to_followers[0].body and "http" in to_followers[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.project_save(
            actor=world.editor,
            plan=world.plan,
            project=Project.objects.get(pk=project.pk),
            status=world.statuses["tendering"],  # another status of a project under way, as 55 % is
        )
    assert len(mail.outbox) == 2 and "قيد الطرح والعطاء" in mail.outbox[0].body
    client.post(reverse("meter:project_follow", args=[world.plan.pk, project.pk]), {"follow": "0"})
    assert not Follow.objects.filter(user=follower).exists()


def test_following_needs_sign_in(client, world):
    response = client.post(reverse("meter:plan_follow", args=[world.plan.pk]), {"follow": "1"})
    assert response.status_code == 302 and not Follow.objects.exists()


def _figures(plan):
    from ..selectors import plan_overview

    figures = plan_overview(plan=plan)
    return (
        round(figures.achievement, 6),
        sorted((goal.goal.external_id, round(goal.achievement, 6)) for goal in figures.goals),
        sorted((project.external_id, project.achievement) for project in figures.projects),
    )


def _portable(plan):
    """A plan's content without database ids: goals, projects (goal and status by their codes)."""
    goals = sorted(
        StrategicGoal.objects.filter(plan=plan).values_list("external_id", "name_ar", "name_en", "weight", "position")
    )
    projects = sorted(
        Project.objects.filter(plan=plan).values_list(
            "external_id",
            "goal__external_id",
            "name_ar",
            "sector",
            "location",
            "department",
            "budget",
            "funding_source",
            "start_date",
            "end_date",
            "weight",
            "status__code",
            "status__default_percent",
        )
    )
    return goals, projects


def test_a_plan_exported_and_imported_into_an_empty_plan_is_the_same_plan(world, other_body, platform_admin):
    world.publish(world.projects[0], 80, when=date(2024, 2, 1))
    world.publish(world.projects[1], 35, when=date(2024, 5, 1))
    world.publish(world.projects[1], 45, when=date(2024, 9, 1))
    services.project_save(
        actor=world.editor, plan=world.plan, project=world.projects[2], weight=3, budget=1250000.5, name_en="Water"
    )
    # One person imports and publishes the figures: only a plan that allows it (four eyes, docs/meter.md).
    empty = services.plan_create(
        actor=platform_admin,
        body=other_body,
        title_ar="خطة فارغة",
        start_year=2023,
        end_year=2026,
        single_person_approval=True,
    )
    result = excel.plan_import(actor=platform_admin, plan=empty, content=excel.export_plan(world.plan), dry_run=False)
    assert result.ok, result.errors
    assert result.counts["goals"]["create"] == 2 and result.counts["projects"]["create"] == 4
    empty.refresh_from_db()
    assert (empty.title_ar, empty.vision) == (world.plan.title_ar, world.plan.vision)
    assert _portable(empty) == _portable(world.plan)
    assert _figures(empty) == _figures(world.plan)
    # ... and exporting the copy gives the same rows again.
    assert [list(sheet.values) for sheet in load_workbook(io.BytesIO(excel.export_plan(empty))).worksheets] == [
        list(sheet.values) for sheet in load_workbook(io.BytesIO(excel.export_plan(world.plan))).worksheets
    ]


def _template_with(project_row, goal_row=("E1", "تحسين إدارة النفايات", "", 2, 1, "")) -> bytes:
    workbook = load_workbook(io.BytesIO(excel.export_template()))
    workbook["goals"].append(list(goal_row))
    workbook["projects"].append(list(project_row))
    return _workbook_bytes(workbook)


def test_arabic_indic_digits_are_accepted_in_numbers_and_dates(world):
    content = _template_with(
        [
            "E1-٠١",
            "E1",
            "شراء حاويات نفايات",
            "",
            "بيئة",
            "",
            "",
            "١٢٠٬٠٠٠٫٥٠",
            "",
            "٢٠٢٤-٠١-٠١",
            "٢٠٢٤/١٢/٣١",
            "٢٫٥",
            "in_progress",
            "٤٥",
            "٢٠٢٤-٠٦-٠١",
            "",
        ],
        goal_row=("E1", "تحسين إدارة النفايات", "", "٣", "١", ""),
    )
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert result.ok, result.errors
    project = Project.objects.get(plan=world.plan, external_id="E1-٠١")
    assert project.budget == Decimal("120000.50") and project.weight == Decimal("2.5")
    assert (project.start_date, project.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    assert StrategicGoal.objects.get(plan=world.plan, external_id="E1").weight == 3
    update = project.progress_updates.get()
    assert (update.percent, update.date) == (45, date(2024, 6, 1))


def test_bad_rows_get_row_numbered_translated_errors_and_nothing_is_written(client, world):
    from django.utils import translation

    before, audit = _snapshot(world.plan), AuditEvent.objects.count()
    content = _template_with(
        ["E1-01", "E1", "مشروع", "", "", "", "", "كثير", "", "2024-01-01", "أمس", 1, "planned", 150, None, ""]
    )
    with translation.override("en"):
        result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert not result.ok and not result.applied
    assert result.errors == [["projects", 2, "budget must be a number."]]
    with translation.override("ar"):
        arabic = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=True)
        assert arabic.errors == [["projects", 2, _("%(column)s must be a number.") % {"column": "budget"}]]
    assert _snapshot(world.plan) == before and AuditEvent.objects.count() == audit
    # Each wrong cell of a row is reported once the earlier one is fixed, still with its row number.
    fixed = _edit(content, "projects", "H2", "1000")
    with translation.override("en"):
        result = excel.plan_import(actor=world.editor, plan=world.plan, content=fixed, dry_run=True)
    assert result.errors == [["projects", 2, "end_date must be a date like 2024-03-31."]]
    # The page shows the sheet, the row and the message.
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    with translation.override("en"):
        response = client.post(
            reverse("meter:plan_import", args=[world.plan.pk]), {"file": SimpleUploadedFile("plan.xlsx", content)}
        )
        job = ImportJob.objects.get()
        assert response.status_code == 302 and job.status == "failed"
        status_url = reverse("meter:import_status", args=[job.pk])
        assert status_url.startswith("/en/")
        page = client.get(status_url).content.decode()
        assert "Errors: nothing was saved" in page and "budget must be a number." in page
        assert re.search(r"<td[^>]*>2</td>", page)  # the row number
        assert client.post(status_url).status_code == 403  # a failed check cannot be confirmed
    assert _snapshot(world.plan) == before
