"""The permissions of accounts/rules.py for every role of the grid cast (tabadul/core/tests/rules_grid.py;
docs/permissions.md): platform administrators grant roles and read the audit trail; a body's administrators
manage its people, platform administrators every body's;
the directory's role permissions (declared here)."""

import pytest

from tabadul.core.tests.rules_grid import build_cast, check, rows, world_fixture

world = world_fixture(build_cast)

GRID = [
    ("accounts.grant_roles", None, {"admin"}),
    ("accounts.manage_body_people", "body", {"body_admin", "admin"}),
    ("accounts.manage_body_people", "other_body", {"other_admin", "admin"}),
    ("core.view_audit_trail", None, {"admin"}),
    # A body's editors change their own body, platform administrators every body.
    ("directory.change_localbody", "body", {"editor", "admin"}),
    ("directory.change_localbody", "other_body", {"other_editor", "admin"}),
    ("directory.add_localbody", None, {"admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
