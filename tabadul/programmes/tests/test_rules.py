"""The programmes' permissions for every role of the grid cast (tabadul/core/tests/rules_grid.py;
docs/permissions.md): programmes and their logos are public; platform administrators change them and name their
officers; a programme's officers and platform administrators edit its public page and read its internal overview."""

import pytest

from tabadul.core.tests.rules_grid import ALL, build_cast, check, rows, world_fixture

world = world_fixture(build_cast)

GRID = [
    ("programmes.view_programme", "programme", ALL),
    # The logo is shown on the programme's public page and report: everyone.
    ("programmes.view_logo", "programme", ALL),
    ("programmes.change_programme", "programme", {"admin"}),
    # The public page (summary, objectives, logo): the programme's own officers, not another programme's.
    ("programmes.change_programme_page", "programme", {"officer", "admin"}),
    ("programmes.change_programme_page", "other_programme", {"other_officer", "admin"}),
    ("programmes.manage_pilots", "programme", {"officer", "admin"}),
    ("programmes.manage_pilots", "other_programme", {"other_officer", "admin"}),
    ("programmes.manage_officers", "programme", {"admin"}),
    ("programmes.view_programme_internal", "programme", {"officer", "admin"}),
    ("programmes.view_programme_internal", "other_programme", {"other_officer", "admin"}),
    # Through what belongs to a programme: hub H is in P.
    ("programmes.view_programme_internal", "hub", {"officer", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
