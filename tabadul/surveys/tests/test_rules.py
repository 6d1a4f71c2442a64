"""The surveys' permissions for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/permissions.md).

Hub H (programme P) reviews initiatives; its members' staff are addressed by its survey. A survey of the platform in
P's name is addressed to body A."""

import pytest

from tabadul.core.tests.rules_grid import build_cast, check, rows, world_fixture
from tabadul.hubs.models import Hub
from tabadul.surveys import services

from .conftest import make_survey


def build():
    cast = build_cast()
    people = cast["people"]
    Hub.objects.filter(pk=cast["hub"].pk).update(reviews_initiatives=True)
    cast["hub"].refresh_from_db()
    coordinator, admin = people["coordinator"], people["admin"]
    cast["hub_survey"] = make_survey(actor=coordinator, owner=cast["hub"], initiatives_campaign=True)
    cast["draft_survey"] = make_survey(actor=coordinator, owner=cast["hub"], open_it=False)
    cast["platform_survey"] = make_survey(
        actor=admin, owner=cast["programme"], audience="chosen", bodies=[cast["body"]]
    )
    assert services.find_response(survey=cast["hub_survey"], user=coordinator) is None
    return cast


world = world_fixture(build)

HUB_MANAGERS = {"coordinator", "deputy", "admin"}
BODY_A_STAFF = {"staff", "editor", "approver", "body_admin"}

GRID = [
    # Creating: for one's own hub (coordinator, deputy), one's programme (its officers), the platform (administrators).
    ("surveys.add_survey", "hub", HUB_MANAGERS),
    ("surveys.add_survey", "other_hub", {"other_coordinator", "admin"}),
    ("surveys.add_survey", "programme", {"officer", "admin"}),
    ("surveys.add_survey", "other_programme", {"other_officer", "admin"}),
    ("surveys.add_survey", None, {"admin"}),
    # A hub's survey to its members: the coordinators manage it, the programme's officer follows it, the members'
    # staff (the coordinators' bodies are members too) see it and answer.
    ("surveys.change_survey", "hub_survey", HUB_MANAGERS),
    ("surveys.view_survey", "hub_survey", HUB_MANAGERS | {"officer", "member"}),
    ("surveys.answer_survey", "hub_survey", {"member", "coordinator", "deputy"}),
    ("surveys.view_results", "hub_survey", HUB_MANAGERS | {"officer"}),
    ("surveys.make_initiative", "hub_survey", HUB_MANAGERS),
    ("surveys.make_initiative", "draft_survey", set()),  # not an initiatives campaign
    # A draft is seen only by those who run or follow it.
    ("surveys.view_survey", "draft_survey", HUB_MANAGERS | {"officer"}),
    # The platform's survey in programme P's name, to body A.
    ("surveys.change_survey", "platform_survey", {"officer", "admin"}),
    ("surveys.view_survey", "platform_survey", {"officer", "admin"} | BODY_A_STAFF),
    ("surveys.answer_survey", "platform_survey", BODY_A_STAFF),
    ("surveys.view_results", "platform_survey", {"officer", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
