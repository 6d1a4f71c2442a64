"""Every twinning permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/twinning.md).

Network N is facilitated by `other_officer` (programme Q's officer) and has body A, body B and a third body C as
members. Group G (in programme P) twins A with C and is facilitated by `specialist` (a platform specialist, as CMI's
are); group G2 twins B with C under another facilitator, who is not in the cast.
"""

import pytest

from tabadul.accounts.tests.factories import make_user
from tabadul.core.tests.rules_grid import A_ROLES, B_ROLES, SIGNED_IN, build_cast, check, rows, world_fixture
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.twinning import services
from tabadul.twinning.models import GroupDocument, Milestone

from .conftest import START, make_group


def build_twinning():
    w = build_cast()
    admin, third = w["people"]["admin"], LocalBodyFactory()
    network = services.network_create(
        actor=admin,
        name_ar="شبكة",
        slug="grid-network",
        facilitating_organisation="CMI",
        members=[w["body"], w["other_body"], third],
        facilitators=[w["people"]["other_officer"]],
    )
    group = make_group(
        actor=admin,
        network=network,
        members=[w["body"], third],
        facilitator=w["people"]["specialist"],
    )
    group.programme = w["programme"]  # no twinning service links a programme (the programmes app does)
    group.save(update_fields=["programme"])
    w["network"], w["group"] = network, group
    w["other_group"] = make_group(
        actor=admin, network=network, members=[w["other_body"], third], facilitator=make_user(), name="ب"
    )
    # A self-assessment to write: (group, body).
    w["assessment_a"], w["assessment_c"] = (group, w["body"]), (group, third)
    w["assessment_b"] = (group, w["other_body"])  # B is no member of G
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

# G's participants: its member bodies' staff (A's), its facilitator, administrators.
PARTICIPANTS = {"staff", "specialist", "admin"} | A_ROLES

CAST_GRID = [
    ("twinning.add_network", None, {"admin"}),
    ("twinning.change_network", "network", {"other_officer", "admin"}),
    ("twinning.add_group", "network", {"other_officer", "admin"}),
    # A group is managed by its facilitator and administrators (not by the network's facilitators).
    ("twinning.change_group", "group", {"specialist", "admin"}),
    ("twinning.change_group", "other_group", {"admin"}),
    ("twinning.add_meeting", "group", {"specialist", "admin"}),
    ("twinning.review_group", "group", {"specialist", "admin"}),
    ("twinning.add_document", "group", PARTICIPANTS),
    ("twinning.add_document", "other_group", B_ROLES | {"admin"}),
    # The LED strategy is the group's own work: its participants write it (officers of its programme only read it).
    ("twinning.change_strategy", "group", PARTICIPANTS),
    ("twinning.change_strategy", "other_group", B_ROLES | {"admin"}),
    # Its private part is read by its participants and the officers of its programme; its progress also by the
    # network's facilitators.
    ("twinning.view_group_private", "group", PARTICIPANTS | {"officer"}),
    ("twinning.view_group_private", "other_group", B_ROLES | {"admin"}),
    ("twinning.view_progress", "group", PARTICIPANTS | {"officer", "other_officer"}),
    ("twinning.view_progress", "other_group", B_ROLES | {"admin", "other_officer"}),
    # Each member body writes its own self-assessment only (administrators and facilitators do not).
    ("twinning.write_assessment", "assessment_a", {"staff"} | A_ROLES),
    ("twinning.write_assessment", "assessment_b", set()),
    ("twinning.write_assessment", "assessment_c", set()),
    # Partner suggestions are for everyone signed in.
    ("twinning.view_suggestions", "body", SIGNED_IN),
    # A shared document's file: the group's participants (its member bodies' staff, its facilitator, administrators)
    # and the officers of its programme.
    ("twinning.view_document", "group_document", PARTICIPANTS | {"officer"}),
    # A milestone's status: the group's managers and the staff of the body that owns it.
    ("twinning.change_milestone_status", "milestone", {"staff", "specialist", "admin"} | A_ROLES),
    ("twinning.change_milestone_status", "third_milestone", {"specialist", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
