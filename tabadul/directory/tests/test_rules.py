"""The directory's permission for every role of the grid cast (tabadul/core/tests/rules_grid.py): bodies and their
logos are public. Who changes or adds a body is declared in accounts/rules.py and tested in accounts."""

import pytest

from tabadul.core.tests.rules_grid import ALL, build_cast, check, rows, world_fixture

world = world_fixture(build_cast)

GRID = [
    ("directory.view_logo", "body", ALL),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
