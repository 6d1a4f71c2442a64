"""The role × permission grid of docs/twinning.md."""

import pytest

from tabadul.accounts.tests.factories import make_user
from tabadul.twinning import services

from .conftest import START, make_group

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


# Asked of every role of the grid cast (core/tests/rules_grid.py). Group G (in programme P) twins body A with a third
# body C and is facilitated by `specialist` (a platform specialist, as CMI's are); its network has no facilitator.
from tabadul.core.tests.rules_grid import A_ROLES, SIGNED_IN, build_cast, check, rows, world_fixture  # noqa: E402
from tabadul.directory.tests.factories import LocalBodyFactory  # noqa: E402
from tabadul.twinning.models import GroupDocument, Milestone  # noqa: E402


def build_twinning():
    w = build_cast()
    admin, third = w["people"]["admin"], LocalBodyFactory()
    network = services.network_create(
        actor=admin,
        name_ar="شبكة",
        slug="grid-network",
        facilitating_organisation="CMI",
        members=[w["body"], third],
        facilitators=[],
    )
    group = make_group(
        actor=admin,
        network=network,
        members=[w["body"], third],
        facilitator=w["people"]["specialist"],
    )
    group.programme = w["programme"]  # no twinning service links a programme (the programmes app does)
    group.save(update_fields=["programme"])
    w["group_document"] = GroupDocument.objects.create(
        group=group,
        title="محضر",
        file="twinning/documents/a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
    )
    due = START + 30 * w["day"]
    w["milestone"] = Milestone.objects.create(group=group, title="خطوة", owner_body=w["body"], due_on=due)
    w["third_milestone"] = Milestone.objects.create(group=group, title="خطوة", owner_body=third, due_on=due)
    return w


grid_world = world_fixture(build_twinning, name="grid_world")

CAST_GRID = [
    # Partner suggestions are for everyone signed in.
    ("twinning.view_suggestions", "body", SIGNED_IN),
    # A shared document's file: the group's participants (its member bodies' staff, its facilitator, administrators)
    # and the officers of its programme.
    ("twinning.view_document", "group_document", {"staff", "specialist", "officer", "admin"} | A_ROLES),
    # A milestone's status: the group's managers and the staff of the body that owns it.
    ("twinning.change_milestone_status", "milestone", {"staff", "specialist", "admin"} | A_ROLES),
    ("twinning.change_milestone_status", "third_milestone", {"specialist", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
