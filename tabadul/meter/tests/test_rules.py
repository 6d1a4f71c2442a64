"""Every Meter permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; table in docs/meter.md).

Body A has a published plan in programme P (officers of P follow it), a draft plan, a pending progress update by its
editor and one by its approver, evidence of a published and of a pending update, a published and a draft post, an
import, and a citizen's published suggestion, pending suggestion and published question; body B has a draft plan.
"Staff" of a body in the Meter are its editors and approvers.
"""

import datetime

import pytest

from tabadul.core.tests.rules_grid import A_ROLES, ALL, SIGNED_IN, build_cast, check, rows, world_fixture
from tabadul.meter import services
from tabadul.meter.models import Evidence, ImportJob

from .factories import make_goal, make_plan, make_project, make_statuses

A_STAFF = {"editor", "approver"}
B_STAFF = {"other_editor", "other_approver"}


def build():
    w = build_cast()
    people = w["people"]
    editor, approver = people["editor"], people["approver"]
    statuses = make_statuses(actor=editor, body=w["body"])
    plan = make_plan(actor=editor, body=w["body"], approver=approver)
    plan.programme = w["programme"]
    plan.save(update_fields=["programme"])
    goal = make_goal(actor=editor, plan=plan)
    projects = [
        make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"], external_id=f"P{i}")
        for i in range(3)
    ]
    when = datetime.date(2024, 6, 1)
    published = services.progress_submit(actor=editor, project=projects[0], percent=40, date=when)
    published = services.progress_publish(actor=approver, update=published)
    update = services.progress_submit(actor=editor, project=projects[1], percent=50, date=when)
    own_update = services.progress_submit(actor=approver, project=projects[2], percent=60, date=when)

    def evidence(of):
        return Evidence.objects.create(
            update=of,
            file="meter/evidence/x.pdf",
            kind="document",
            content_type="application/pdf",
            size=10,
            original_name="x.pdf",
        )

    post = services.post_save(actor=editor, body=w["body"], title="خبر", kind="news", text="نص")
    draft_post = services.post_save(
        actor=editor,
        body=w["body"],
        title="مسودة",
        kind="news",
        text="نص",
        published_at=w["now"] + datetime.timedelta(days=30),
    )

    def feedback(kind, publish):
        item = services.feedback_submit(actor=people["citizen"], plan=plan, project=None, kind=kind, text="رأي")
        return services.feedback_moderate(actor=editor, feedback=item, publish=True) if publish else item

    w.update(
        suggestion=feedback("suggestion", publish=True),
        pending_suggestion=feedback("suggestion", publish=False),
        public_question=feedback("question", publish=True),
        plan=plan,
        draft_plan=make_plan(actor=editor, body=w["body"], published=False, start_year=2027, end_year=2030),
        other_plan=make_plan(actor=people["other_editor"], body=w["other_body"], published=False),
        update=update,
        own_update=own_update,
        public_evidence=evidence(published),
        pending_evidence=evidence(update),
        post=post,
        draft_post=draft_post,
        import_job=ImportJob.objects.create(plan=plan, actor=editor, file="meter/imports/x.xlsx"),
    )
    return w


world = world_fixture(build)

GRID = [
    # Plans: published ones are public; drafts are seen by the body's staff, administrators and (in P) its officers.
    ("meter.view_plan", "plan", ALL),
    ("meter.view_plan", "draft_plan", A_STAFF | {"admin"}),
    ("meter.view_plan", "other_plan", B_STAFF | {"admin"}),
    # A pilot's internal pages, read-only: the body's staff, administrators, the officers of the plan's programme.
    ("meter.view_pilot", "plan", A_STAFF | {"admin", "officer"}),
    ("meter.view_pilot", "body", A_STAFF | {"admin", "officer"}),
    ("meter.view_pilot", "other_body", B_STAFF | {"admin"}),
    ("meter.change_plan", "plan", {"editor", "admin"}),
    ("meter.change_plan", "body", {"editor", "admin"}),
    ("meter.change_plan", "other_plan", {"other_editor", "admin"}),
    ("meter.publish_plan", "draft_plan", {"approver", "admin"}),
    ("meter.publish_plan", "other_plan", {"other_approver", "admin"}),
    ("meter.submit_progress", "plan", A_STAFF | {"admin"}),
    ("meter.submit_progress", "other_plan", B_STAFF | {"admin"}),
    ("meter.publish_progress", "plan", {"approver", "admin"}),
    ("meter.publish_progress", "other_plan", {"other_approver", "admin"}),
    # Four eyes: the approver publishes the editor's update, not their own (the plan has no single-person exception).
    ("meter.publish_this_progress", "update", {"approver", "admin"}),
    ("meter.publish_this_progress", "own_update", {"admin"}),
    ("meter.moderate_feedback", "plan", A_STAFF | {"admin"}),
    ("meter.moderate_feedback", "other_plan", B_STAFF | {"admin"}),
    # Support: a published suggestion, by any signed-in person but its writer (the citizen); nothing else.
    ("meter.support_feedback", "suggestion", SIGNED_IN - {"citizen"}),
    ("meter.support_feedback", "pending_suggestion", set()),
    ("meter.support_feedback", "public_question", set()),
    # Suggestions to improve the Meter itself: the platform's administrators read them.
    ("meter.read_platform_feedback", None, {"admin"}),
    ("meter.manage_posts", "body", A_STAFF | {"admin"}),
    ("meter.manage_posts", "other_body", B_STAFF | {"admin"}),
    ("meter.manage_reports", "plan", A_STAFF | {"admin"}),
    ("meter.manage_reports", "other_plan", B_STAFF | {"admin"}),
    ("meter.manage_body", "body", A_STAFF | {"admin"}),
    ("meter.manage_body", "other_body", B_STAFF | {"admin"}),
    # Files.
    ("meter.view_evidence", "public_evidence", ALL),
    ("meter.view_evidence", "pending_evidence", A_STAFF | {"admin"}),
    ("meter.view_post", "post", ALL),
    ("meter.view_post", "draft_post", A_STAFF | {"admin"}),
    ("meter.view_import_file", "import_job", {"editor", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)


def test_body_administrators_are_not_meter_staff():
    """The Meter's staff are a body's editors and approvers; its administrators manage people (docs/meter.md)."""
    assert "body_admin" in A_ROLES and "body_admin" not in A_STAFF
