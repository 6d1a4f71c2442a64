"""The role × permission grid of docs/twinning.md."""

import pytest

from tabadul.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db

PERMS = [
    "twinning.change_group",
    "twinning.view_group_private",
    "twinning.add_document",
    "twinning.add_meeting",
    "twinning.review_group",
    "twinning.view_progress",
]
# who -> the permissions they hold on group A
GRID = {
    "admin": set(PERMS),
    "facilitator": set(PERMS),
    "member_a": {"twinning.view_group_private", "twinning.add_document", "twinning.view_progress"},
    "member_b": set(),
    "network_facilitator": {"twinning.view_progress"},
    "citizen": set(),
}


@pytest.mark.parametrize("who", sorted(GRID))
def test_group_permission_grid(who, request, group_a, group_b, network, admin, facilitator, member_a, member_b):
    if who == "network_facilitator":
        user = make_user()
        network.facilitators.add(user)
    elif who == "citizen":
        user = make_user()
    else:
        user = request.getfixturevalue(who)
    held = {perm for perm in PERMS if user.has_perm(perm, group_a)}
    assert held == GRID[who]


def test_network_permissions(network, admin, facilitator, member_a):
    other = make_user()
    assert admin.has_perm("twinning.add_network") and not facilitator.has_perm("twinning.add_network")
    assert facilitator.has_perm("twinning.change_network", network) and facilitator.has_perm(
        "twinning.add_group", network
    )
    assert not member_a.has_perm("twinning.change_network", network) and not other.has_perm(
        "twinning.add_group", network
    )


def test_self_assessment_belongs_to_its_body(group_a, bodies, member_a, facilitator):
    assert member_a.has_perm("twinning.write_assessment", (group_a, bodies[1]))
    assert not member_a.has_perm("twinning.write_assessment", (group_a, bodies[0]))
    assert not facilitator.has_perm("twinning.write_assessment", (group_a, bodies[1]))
    assert not make_user(body=bodies[2]).has_perm("twinning.write_assessment", (group_a, bodies[2]))


# Asked of every role of the grid cast (core/tests/rules_grid.py): partner suggestions are for everyone signed in.
from tabadul.core.tests.rules_grid import SIGNED_IN, build_cast, check, rows, world_fixture  # noqa: E402

grid_world = world_fixture(build_cast, name="grid_world")

CAST_GRID = [
    ("twinning.view_suggestions", "body", SIGNED_IN),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
