import pytest
from django.utils import translation

from .factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff


class PlanWorld:
    """A published plan of `body` with two goals and a few projects, its editor and approver."""

    def __init__(self, body, projects=4):
        self.body = body
        self.editor, self.approver = staff(body)
        self.statuses = make_statuses(actor=self.editor, body=body)
        self.plan = make_plan(actor=self.editor, body=body, approver=self.approver)
        self.goals = [
            make_goal(actor=self.editor, plan=self.plan, external_id="G1", name_ar="تطوير البنية التحتية", weight=2),
            make_goal(actor=self.editor, plan=self.plan, external_id="G2", name_ar="تحسين الخدمات البيئية", weight=1),
        ]
        self.projects = [
            make_project(
                actor=self.editor,
                plan=self.plan,
                goal=self.goals[i % 2],
                status=self.statuses["tendering" if i % 2 else "in_progress"],
                external_id=f"P{i:03d}",
                name_ar=f"مشروع تأهيل شبكة المياه رقم {i}",
                sector="مياه" if i % 2 else "طرق",
            )
            for i in range(projects)
        ]

    def publish(self, project, percent, **kwargs):
        return publish_progress(editor=self.editor, approver=self.approver, project=project, percent=percent, **kwargs)


@pytest.fixture
def world(body):
    return PlanWorld(body)


@pytest.fixture
def other_world(other_body):
    return PlanWorld(other_body, projects=2)


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """Each test starts in Arabic: a request to an /en/ page leaves English active in the thread."""
    translation.activate("ar")
    yield
    translation.activate("ar")
