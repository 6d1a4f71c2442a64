"""Issue 9, part 9: each body's editors change only their own body's plan.

An editor of Salfit is refused (403) on every page of Beita that writes, for GET and POST alike, and
nothing of Beita's changes. The list of write URLs is checked against urls.py, so a new staff page
cannot be added without joining this grid.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.tests.factories import LocalBodyFactory

from .. import excel, services, urls
from ..models import (
    Feedback,
    ImportJob,
    Milestone,
    PlanReport,
    PlatformFeedback,
    Post,
    ProgressUpdate,
    Project,
    StrategicGoal,
    StrategicPlan,
)
from .conftest import PlanWorld

pytestmark = pytest.mark.django_db

# name -> (what the URL is built from, data posted, POST only?)
WRITE_URLS = {
    "plan_create": ("body", {"title_ar": "خطة مزورة", "start_year": 2030, "end_year": 2031}, False),
    "statuses": ("body", {"code": "x", "name_ar": "x", "default_percent": 5, "position": 0}, False),
    "status_edit": ("status", {"code": "x", "name_ar": "x", "default_percent": 99, "position": 0}, False),
    "progress_queue": ("body", {}, False),
    "feedback_queue": ("body", {}, False),
    "post_create": ("body", {"kind": "news", "title": "خبر مزور"}, False),
    "post_edit": ("post", {"kind": "news", "title": "خبر مزور"}, False),
    "plan_manage": ("plan", {}, False),
    "plan_edit": ("plan", {"title_ar": "مخترق", "start_year": 2023, "end_year": 2026}, False),
    "plan_status": ("plan", {"status": "draft"}, True),
    "goal_create": ("plan", {"external_id": "GX", "name_ar": "x", "weight": 1, "position": 0}, False),
    "goal_edit": ("goal", {"external_id": "G1", "name_ar": "مخترق", "weight": 9, "position": 0}, False),
    "project_create": ("plan", {"external_id": "PX", "name_ar": "x"}, False),
    "project_edit": ("project_of_plan", {"name_ar": "مخترق"}, False),
    "progress_submit": ("project", {"percent": 99, "date": "2024-01-01"}, False),
    "milestone_add": ("project", {"title": "x", "date": "2024-01-01"}, False),
    "indicator_add": ("project", {"name": "x"}, False),
    "progress_decide": ("update", {"decision": "publish"}, True),
    "progress_reject": ("update", {"reason": "سبب مزور"}, False),
    "feedback_decide": ("feedback", {"decision": "reply", "reply": "رد مزور"}, True),
    "feedback_reject": ("feedback", {"reason": "سبب مزور"}, False),
    "goal_delete": ("goal", {}, False),
    "project_delete": ("project_of_plan", {}, False),
    "post_delete": ("post", {}, False),
    "plan_import": ("plan", {}, False),
    "import_status": ("job", {}, False),
    "report_create": ("plan", {"title": "x", "period_start": "2024-01-01", "period_end": "2024-12-31"}, False),
    "report_edit": ("report", {"title": "مخترق", "period_start": "2024-01-01", "period_end": "2024-12-31"}, False),
    # The suggestions to improve the Meter: the platform's administrators' pages, no body's editor reads or marks them.
    "platform_feedback_list": ("platform", {}, False),
    "platform_feedback_done": ("improvement", {}, True),
}

# Pages that only show (GET only): a POST is refused with 405 before anything runs.
GET_ONLY = {"platform_feedback_list"}


def test_every_staff_url_is_in_the_grid():
    staff = {pattern.name for pattern in urls.urlpatterns if str(pattern.pattern).startswith("manage/")}
    assert staff - {"dashboard"} == set(WRITE_URLS)


class Beita:
    """Beita's published plan with one of everything a write page can touch."""

    def __init__(self):
        self.world = PlanWorld(LocalBodyFactory(slug="beita", name_ar="بلدية بيتا"), projects=2)
        world = self.world
        self.update = services.progress_submit(
            actor=world.editor, project=world.projects[0], percent=40, date=date(2024, 3, 1)
        )
        self.feedback = services.feedback_submit(
            actor=None, plan=world.plan, project=None, kind="question", text="متى يبدأ المشروع؟", ip="10.1.1.1"
        )
        self.post = services.post_save(actor=world.editor, body=world.body, kind="news", title="خبر بيتا")
        self.report = services.report_save(
            actor=world.editor,
            plan=world.plan,
            title="تقرير 2024",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        )
        upload = SimpleUploadedFile("plan.xlsx", excel.export_plan(world.plan))
        self.job = excel.import_job_create(actor=world.editor, plan=world.plan, upload=upload)
        excel.import_job_start(job=self.job, dry_run=True)
        self.improvement = services.platform_feedback_submit(actor=None, text="أضيفوا خريطة لكل مشروع")

    def url(self, name: str, source: str) -> str:
        world = self.world
        args = {
            "body": [world.body.slug],
            "status": [world.body.slug, world.statuses["planned"].pk],
            "post": [world.body.slug, self.post.pk],
            "plan": [world.plan.pk],
            "goal": [world.plan.pk, world.goals[0].pk],
            "project_of_plan": [world.plan.pk, world.projects[0].pk],
            "project": [world.projects[0].pk],
            "update": [self.update.pk],
            "feedback": [self.feedback.pk],
            "job": [self.job.pk],
            "report": [world.plan.pk, self.report.pk],
            "platform": [],
            "improvement": [self.improvement.pk],
        }[source]
        return reverse(f"meter:{name}", args=args)


def _snapshot():
    models = (
        StrategicPlan,
        StrategicGoal,
        Project,
        ProgressUpdate,
        Feedback,
        Post,
        PlanReport,
        Milestone,
        ImportJob,
        PlatformFeedback,
    )
    return {model.__name__: sorted(str(model_to_dict(obj)) for obj in model.objects.all()) for model in models}


@pytest.fixture
def beita():
    return Beita()


@pytest.fixture
def salfit_editor():
    salfit = LocalBodyFactory(slug="salfit", name_ar="بلدية سلفيت")
    return make_user(role=RoleGrant.Role.BODY_EDITOR, body=salfit)


@pytest.mark.parametrize("name", sorted(WRITE_URLS))
def test_an_editor_of_salfit_gets_403_on_every_write_page_of_beita(client, beita, salfit_editor, name):
    source, data, post_only = WRITE_URLS[name]
    url = beita.url(name, source)
    before, audit = _snapshot(), AuditEvent.objects.count()
    assert client.login(username=salfit_editor.username, password=TEST_PASSWORD)
    assert client.get(url).status_code == (405 if post_only else 403)
    assert client.post(url, data).status_code == (405 if name in GET_ONLY else 403)
    if name == "plan_import":
        upload = SimpleUploadedFile("plan.xlsx", excel.export_plan(beita.world.plan))
        assert client.post(url, {"file": upload}).status_code == 403
    assert _snapshot() == before
    assert AuditEvent.objects.count() == audit


@pytest.mark.parametrize("name", ["plan_edit", "goal_edit", "project_edit", "progress_submit", "report_edit"])
def test_beitas_own_editor_is_let_in(client, beita, name):
    assert client.login(username=beita.world.editor.username, password=TEST_PASSWORD)
    assert client.get(beita.url(name, WRITE_URLS[name][0])).status_code == 200


@pytest.mark.parametrize("role", [None, RoleGrant.Role.SPECIALIST, RoleGrant.Role.BODY_APPROVER])
def test_citizens_specialists_and_other_approvers_cannot_edit_beitas_plan(client, beita, role):
    other = LocalBodyFactory() if role == RoleGrant.Role.BODY_APPROVER else None
    user = make_user(role=role, body=other) if role else make_user()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    for name in (
        "plan_edit",
        "goal_create",
        "progress_decide",
        "progress_reject",
        "feedback_decide",
        "feedback_reject",
        "goal_delete",
        "project_delete",
        "post_delete",
        "plan_status",
    ):
        source, data, _post_only = WRITE_URLS[name]
        assert client.post(beita.url(name, source), data).status_code == 403, name


def test_the_audit_trail_records_every_change_of_the_own_editor(beita):
    world = beita.world
    before = AuditEvent.objects.count()
    services.goal_save(actor=world.editor, plan=world.plan, goal=world.goals[0], name_ar="هدف معدل")
    event = AuditEvent.objects.latest("pk")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "meter.goal.update" and event.actor == world.editor
    assert event.changes == {"name_ar": ["تطوير البنية التحتية", "هدف معدل"]}
