"""Every library permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/library.md).

Documents created by the administrator: a public study of body A, a members-only study of body A and hub H (with its
first version, a recommendation owned by A and one owned by organisation O, whose staff is `specialist`), a private
document of body B, a public guide of A (takes no recommendation), and a public draft position paper of A under
review with a comment by `citizen`; a topic of H's work plan anchors links too.
"""

import pytest

from tabadul.core.tests.rules_grid import A_ROLES, ALL, SIGNED_IN, build_cast, check, rows, world_fixture
from tabadul.hubs.models import WorkPlan, WorkPlanTopic
from tabadul.library import services
from tabadul.library.models import Document, Organisation

from .factories import docx_bytes, make_document, upload

pytestmark = pytest.mark.django_db


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
    organisation = Organisation.objects.create(slug="grid-org", name_ar="منظمة")
    organisation.staff.add(w["people"]["specialist"])
    w["organisation_recommendation"] = services.recommendation_create(
        actor=admin, document=study, title_ar="توصية", owner_organisation=organisation
    )
    w["guide"] = make_document(actor=admin, author_bodies=[w["body"]], type=Document.Type.GUIDE)
    w["draft"] = draft = make_document(
        actor=admin,
        author_bodies=[w["body"]],
        type=Document.Type.POSITION_PAPER,
        status=Document.Status.DRAFT,
        file=upload("paper.docx", docx_bytes()),
    )
    now = w["now"]
    w["review"] = services.review_open(actor=admin, document=draft, starts_at=now, ends_at=now + 3 * w["day"])
    w["comment"] = services.review_comment_add(actor=w["people"]["citizen"], review=w["review"], paragraph=0, body="م")
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

# Who writes documents: administrators, body editors (the hub people are their bodies' editors), hub coordinators and
# the staff of an organisation.
WRITERS = {"editor", "other_editor", "coordinator", "deputy", "member", "non_member", "other_coordinator"}

CAST_GRID = [
    ("library.add_document", None, WRITERS | {"specialist", "admin"}),
    ("library.change_document", "members_document", MANAGES_STUDY),
    ("library.change_document", "private_document", {"other_editor", "admin"}),
    # Recommendations: on studies and position papers, by their managers; moved along also by their owner's editors
    # or staff.
    ("library.add_recommendation", "members_document", MANAGES_STUDY),
    ("library.add_recommendation", "guide", set()),
    ("library.change_recommendation", "recommendation", MANAGES_STUDY),
    ("library.change_recommendation", "organisation_recommendation", MANAGES_STUDY | {"specialist"}),
    # Draft reviews: of a draft charter or position paper, by its managers; comments by anyone signed in who sees it,
    # while open; answers by its managers.
    ("library.add_draftreview", "draft", {"editor", "admin"}),
    ("library.add_draftreview", "members_document", set()),
    ("library.add_reviewcomment", "review", SIGNED_IN),
    ("library.answer_reviewcomment", "comment", {"editor", "admin"}),
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
