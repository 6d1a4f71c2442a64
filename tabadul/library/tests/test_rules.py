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


# Asked of every role of the grid cast (core/tests/rules_grid.py): platform administrators manage the organisations.
from tabadul.core.tests.rules_grid import build_cast, check, rows, world_fixture  # noqa: E402

grid_world = world_fixture(build_cast, name="grid_world")

CAST_GRID = [
    ("library.manage_organisations", None, {"admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
