"""The API's permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/permissions.md):
a body's approvers and platform administrators manage its tokens."""

import pytest

from tabadul.core.tests.rules_grid import build_cast, check, rows, world_fixture

world = world_fixture(build_cast)

GRID = [
    ("api.manage_tokens", "body", {"approver", "admin"}),
    ("api.manage_tokens", "other_body", {"other_approver", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
