"""The library's permissions as a role × permission grid (docs/library.md)."""

import datetime as dt

import pytest

from tabadul.library import services
from tabadul.library.models import Document

from .factories import docx_bytes, make_document, upload

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "citizen", "body_staff", "body_editor", "other_body_editor", "programme_staff", "platform_admin"]

# person: (add_document, change_document, add_recommendation, change_recommendation, add_draftreview on the draft,
#          answer_reviewcomment)
GRID = {
    "anonymous": (False, False, False, False, False, False),
    "citizen": (False, False, False, False, False, False),
    "body_staff": (False, False, False, False, False, False),
    "body_editor": (True, True, True, True, True, True),
    "other_body_editor": (True, False, False, False, False, False),
    "programme_staff": (True, False, False, True, False, False),  # owns the recommendation
    "platform_admin": (True, True, True, True, True, True),
}


@pytest.mark.parametrize("who", PEOPLE)
def test_permission_grid(who, request, study, body_editor, body, programme, citizen):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    recommendation = services.recommendation_create(
        actor=body_editor, document=study, title_ar="توصية", owner_organisation=programme
    )
    draft = make_document(
        actor=body_editor,
        author_bodies=[body],
        type=Document.Type.POSITION_PAPER,
        status=Document.Status.DRAFT,
        file=upload("paper.docx", docx_bytes()),
    )
    now = timezone.now()
    review = services.review_open(actor=body_editor, document=draft, starts_at=now, ends_at=now + dt.timedelta(days=3))
    comment = services.review_comment_add(actor=citizen, review=review, paragraph=0, body="ملاحظة")
    got = (
        person.has_perm("library.add_document"),
        person.has_perm("library.change_document", study),
        person.has_perm("library.add_recommendation", study),
        person.has_perm("library.change_recommendation", recommendation),
        person.has_perm("library.add_draftreview", draft),
        person.has_perm("library.answer_reviewcomment", comment),
    )
    assert got == GRID[who]
    # Everyone signed in may comment on an open review of a document they see; nobody anonymous.
    assert person.has_perm("library.add_reviewcomment", review) == (who != "anonymous")


# Asked of every role of the grid cast (core/tests/rules_grid.py). Three documents created by the administrator: a
# public one, a members-only study of body A and hub H (with its first version and a recommendation), and a private
# one of body B; a topic of H's work plan anchors links too.
from tabadul.core.tests.rules_grid import A_ROLES, ALL, build_cast, check, rows, world_fixture  # noqa: E402
from tabadul.hubs.models import WorkPlan, WorkPlanTopic  # noqa: E402


def build_library():
    w = build_cast()
    admin, today = w["people"]["admin"], w["today"]
    w["public_document"] = make_document(actor=admin, author_bodies=[w["body"]])
    study = make_document(
        actor=admin, author_bodies=[w["body"]], author_hubs=[w["hub"]], visibility=Document.Visibility.MEMBERS
    )
    w["members_document"] = study
    w["version"] = study.versions.get()
    w["recommendation"] = services.recommendation_create(
        actor=admin, document=study, title_ar="توصية", owner_body=w["body"]
    )
    w["private_document"] = make_document(
        actor=admin, author_bodies=[w["other_body"]], visibility=Document.Visibility.PRIVATE
    )
    plan = WorkPlan.objects.create(hub=w["hub"], starts_on=today, ends_on=today + 365 * w["day"])
    w["hub_topic"] = WorkPlanTopic.objects.create(work_plan=plan, title_ar="موضوع", rank=1)
    return w


grid_world = world_fixture(build_library, name="grid_world")

# Who sees the members-only study: staff of its authoring body, members of its authoring hub, its managers.
SEES_STUDY = {"staff", "coordinator", "deputy", "member", "admin"} | A_ROLES
# Who manages it: its uploader (the administrator), the editors of an authoring body (not its administrators or
# approvers), the coordinators of an authoring hub.
MANAGES_STUDY = {"editor", "coordinator", "deputy", "admin"}

CAST_GRID = [
    # Platform administrators manage the organisations.
    ("library.manage_organisations", None, {"admin"}),
    ("library.view_document", "public_document", ALL),
    ("library.view_document", "members_document", SEES_STUDY),
    ("library.view_document", "private_document", {"other_editor", "admin"}),
    ("library.view_documentversion", "version", SEES_STUDY),
    ("library.view_recommendation", "recommendation", SEES_STUDY),
    ("library.add_documentversion", "members_document", MANAGES_STUDY),
    ("library.add_documentversion", "private_document", {"other_editor", "admin"}),
    ("library.add_topiclink", "members_document", MANAGES_STUDY),
    # A hub topic: the administrators and the hub's coordinators.
    ("library.add_topiclink", "hub_topic", {"coordinator", "deputy", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
