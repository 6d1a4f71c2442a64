"""Every channel permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; channel/rules.py).

Everyone reads the channel. A hub's item is posted and changed by the hub's coordinator or deputy, a programme's item
by the programme's officers, both by platform administrators. The items are unsaved: the rules read their source
only."""

import pytest

from tabadul.channel.models import Item
from tabadul.core.tests.rules_grid import ALL, build_cast, check, rows, world_fixture


def build_channel():
    w = build_cast()
    w["hub_item"] = Item(hub=w["hub"])
    w["other_hub_item"] = Item(hub=w["other_hub"])
    w["programme_item"] = Item(programme=w["programme"])
    w["other_programme_item"] = Item(programme=w["other_programme"])
    return w


grid_world = world_fixture(build_channel, name="grid_world")

HUB_H = {"coordinator", "deputy", "admin"}

CAST_GRID = [
    ("channel.view_channel", None, ALL),
    # Posting in a hub's or a programme's name (object: the hub or the programme).
    ("channel.post_item", "hub", HUB_H),
    ("channel.post_item", "other_hub", {"other_coordinator", "admin"}),
    ("channel.post_item", "programme", {"officer", "admin"}),
    ("channel.post_item", "other_programme", {"other_officer", "admin"}),
    ("channel.post_item", None, {"admin"}),
    # Changing an item: whoever speaks for its source.
    ("channel.change_item", "hub_item", HUB_H),
    ("channel.change_item", "other_hub_item", {"other_coordinator", "admin"}),
    ("channel.change_item", "programme_item", {"officer", "admin"}),
    ("channel.change_item", "other_programme_item", {"other_officer", "admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
