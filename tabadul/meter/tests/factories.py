"""Meter test data, set up through the services like real use."""

from datetime import date
from decimal import Decimal

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user

from .. import services
from ..models import ProjectStatus

DEFAULT_STATUSES = [
    ("planned", "مخطط", "Planned", 0),
    ("tendering", "قيد الطرح والعطاء", "Tendering", 10),
    ("in_progress", "قيد التنفيذ", "In progress", 30),
    ("completed", "منجز", "Completed", 100),
]


def staff(body):
    """An editor and an approver of the body."""
    return (
        make_user(role=RoleGrant.Role.BODY_EDITOR, body=body),
        make_user(role=RoleGrant.Role.BODY_APPROVER, body=body),
    )


def make_statuses(*, actor, body) -> dict[str, ProjectStatus]:
    return {
        code: services.status_save(
            actor=actor, body=body, code=code, name_ar=ar, name_en=en, default_percent=pct, position=i
        )
        for i, (code, ar, en, pct) in enumerate(DEFAULT_STATUSES)
    }


def make_plan(*, actor, body, published=True, approver=None, start_year=2023, end_year=2026):
    plan = services.plan_create(
        actor=actor,
        body=body,
        title_ar="الخطة الاستراتيجية",
        title_en="Strategic plan",
        start_year=start_year,
        end_year=end_year,
        vision="مدينة خضراء آمنة",
    )
    if published:
        services.plan_set_status(actor=approver, plan=plan, status="published")
    return plan


def make_goal(*, actor, plan, external_id="G1", weight=1, name_ar="تحسين البنية التحتية"):
    return services.goal_save(
        actor=actor, plan=plan, external_id=external_id, name_ar=name_ar, name_en="", weight=Decimal(weight)
    )


def make_project(*, actor, plan, goal, status, external_id="P1", weight=1, name_ar="تعبيد شارع المدارس", **extra):
    values = dict(
        goal=goal,
        external_id=external_id,
        name_ar=name_ar,
        name_en="",
        sector="طرق",
        location="وسط البلد",
        department="الهندسة",
        budget=Decimal("250000"),
        funding_source="صندوق تطوير وإقراض البلديات",
        start_date=date(2023, 1, 1),
        end_date=date(2026, 12, 31),
        weight=Decimal(weight),
        status=status,
    )
    values.update(extra)
    return services.project_save(actor=actor, plan=plan, **values)


def publish_progress(*, editor, approver, project, percent, when=date(2024, 6, 1)):
    update = services.progress_submit(actor=editor, project=project, percent=percent, date=when, note="")
    return services.progress_publish(actor=approver, update=update)
