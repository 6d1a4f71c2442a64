"""Every hubs permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/hubs.md).

Hub H (in programme P) is coordinated by `coordinator` and `deputy`, whose bodies are members, as is `member`'s body;
hub H2 (in Q) is `other_coordinator`'s, with `non_member`'s body as a member.
"""

import pytest

from tabadul.core.tests.rules_grid import A_ROLES, B_ROLES, build_cast, check, rows, world_fixture
from tabadul.hubs.models import Representative


def build():
    w = build_cast()
    w["representative"] = Representative.objects.get(user=w["people"]["member"], membership__hub=w["hub"])
    return w


world = world_fixture(build)

GRID = [
    ("hubs.change_hub", "hub", {"coordinator", "deputy", "admin"}),
    ("hubs.change_hub", "other_hub", {"other_coordinator", "admin"}),
    ("hubs.manage_hub", "hub", {"coordinator", "deputy", "admin"}),
    ("hubs.manage_hub", "other_hub", {"other_coordinator", "admin"}),
    # The coordinator's pages read-only: also the officers of the hub's programme.
    ("hubs.view_hub_internal", "hub", {"coordinator", "deputy", "admin", "officer"}),
    ("hubs.view_hub_internal", "other_hub", {"other_coordinator", "admin", "other_officer"}),
    ("hubs.add_hub", None, {"admin"}),
    # Administrators, editors and approvers speak for their body (ask to join, answer invitations, leave).
    ("hubs.act_for_body", "body", A_ROLES | {"admin"}),
    ("hubs.act_for_body", "other_body", B_ROLES | {"admin"}),
    # Representatives of member bodies take part (the coordinators represent member bodies too).
    ("hubs.take_part", "hub", {"coordinator", "deputy", "member"}),
    ("hubs.take_part", "other_hub", {"other_coordinator", "non_member"}),
    # A representative is removed by themselves, their body's people and the hub's coordinators.
    ("hubs.remove_representative", "representative", {"member", "coordinator", "deputy", "admin"}),
    # Initiatives are submitted by a body's staff.
    ("hubs.submit_initiative", "body", {"staff"} | A_ROLES | {"admin"}),
    ("hubs.submit_initiative", "other_body", B_ROLES | {"admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
