"""Every discussions permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/discussions.md).

Hub H's forum (members only) has a visible post and a hidden one, both by `member`; the platform's public forum has a
visible post by `staff`.
"""

import pytest
from django.core.cache import cache

from tabadul.core.tests.rules_grid import ALL, SIGNED_IN, WITH_A_BODY, build_cast, check, rows, world_fixture
from tabadul.discussions import services
from tabadul.discussions.models import Status

pytestmark = pytest.mark.django_db


def build_forums():
    w = build_cast()
    w["hub_forum"] = services.forum_ensure(owner=w["hub"])
    w["platform_forum"] = services.forum_ensure(slug="general", title="النقاش العام")
    people = w["people"]

    def post(actor, forum):
        return services.thread_start(actor=actor, forum=forum, title="موضوع", body="نص").posts.get()

    w["hub_post"] = post(people["member"], w["hub_forum"])
    w["hidden_post"] = post(people["member"], w["hub_forum"])
    w["hidden_post"].status = Status.HIDDEN
    w["hidden_post"].save(update_fields=["status"])
    w["platform_post"] = post(people["staff"], w["platform_forum"])
    cache.clear()  # the posting rate limits, keyed by user id
    return w


grid_world = world_fixture(build_forums, name="grid_world")

HUB_FORUM = {"coordinator", "deputy", "member", "officer", "admin"}  # members of H, its moderators, administrators
HUB_MODERATORS = {"coordinator", "deputy", "officer", "admin"}  # H's coordinators, its programme's officers, admins

CAST_GRID = [
    ("discussions.view_forum", "hub_forum", HUB_FORUM),
    ("discussions.view_forum", "platform_forum", ALL),
    ("discussions.post_in_forum", "hub_forum", HUB_FORUM),
    # The platform's forum: everyone whose account names a body, specialists and administrators.
    ("discussions.post_in_forum", "platform_forum", WITH_A_BODY | {"specialist", "admin"}),
    # A hub's forum is moderated by its coordinators and its programme's officers; every forum by administrators.
    ("discussions.moderate_post", "hub_forum", HUB_MODERATORS),
    ("discussions.moderate_post", "hub_post", HUB_MODERATORS),
    ("discussions.moderate_post", "platform_forum", {"admin"}),
    ("discussions.moderate_post", "platform_post", {"admin"}),
    ("discussions.add_forum", None, {"admin"}),
    # Posts: read by whoever reads the forum; a hidden one only by its author and the forum's moderators.
    ("discussions.view_post", "hub_post", HUB_FORUM),
    ("discussions.view_post", "hidden_post", HUB_MODERATORS | {"member"}),
    ("discussions.view_post", "platform_post", ALL),
    # Edited by its author while visible, a member, and within the edit window.
    ("discussions.edit_post", "hub_post", {"member"}),
    ("discussions.edit_post", "hidden_post", set()),
    ("discussions.edit_post", "platform_post", {"staff"}),
    # Reported by anyone signed in who reads the forum, not its author, while visible.
    ("discussions.report_post", "hub_post", HUB_FORUM - {"member"}),
    ("discussions.report_post", "hidden_post", set()),
    ("discussions.report_post", "platform_post", SIGNED_IN - {"staff"}),
]


@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
