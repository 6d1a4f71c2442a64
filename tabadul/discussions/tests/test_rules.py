"""Who may do what, as a grid: role × permission on a hub forum (members-only) and on a public forum."""

import pytest

from tabadul.discussions import services
from tabadul.discussions.models import Status

pytestmark = pytest.mark.django_db

PERMS = ["view_forum", "post_in_forum", "view_post", "edit_post", "report_post", "moderate_post"]

# person -> the permissions they hold on another member's visible post in a hub's (members-only) forum
HUB_GRID = {
    "author": {"view_forum", "post_in_forum", "view_post", "edit_post"},
    "member": {"view_forum", "post_in_forum", "view_post", "report_post"},
    "moderator": {"view_forum", "post_in_forum", "view_post", "report_post", "moderate_post"},
    "platform_admin": {"view_forum", "post_in_forum", "view_post", "report_post", "moderate_post"},
    "other_moderator": set(),
    "outsider": set(),
    "citizen": set(),
    "anonymous": set(),
}


@pytest.fixture
def people(member, member2, moderator, platform_admin, other_moderator, outsider, citizen):
    from django.contrib.auth.models import AnonymousUser

    return {
        "author": member,
        "member": member2,
        "moderator": moderator,
        "platform_admin": platform_admin,
        "other_moderator": other_moderator,
        "outsider": outsider,
        "citizen": citizen,
        "anonymous": AnonymousUser(),
    }


def held(user, obj, forum) -> set[str]:
    targets = {"view_forum": forum, "post_in_forum": forum}
    return {perm for perm in PERMS if user.has_perm(f"discussions.{perm}", targets.get(perm, obj))}


@pytest.mark.parametrize("who", list(HUB_GRID))
def test_hub_forum_grid(who, people, forum, thread):
    assert held(people[who], thread.posts.get(), forum) == HUB_GRID[who]


@pytest.mark.parametrize("who", list(HUB_GRID))
def test_hidden_post_grid(who, people, forum, thread):
    post = thread.posts.get()
    post.status = Status.HIDDEN
    post.save()
    sees = who in {"author", "moderator", "platform_admin"}
    assert people[who].has_perm("discussions.view_post", post) is sees
    assert not people[who].has_perm("discussions.report_post", post)
    assert not people[who].has_perm("discussions.edit_post", post)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("author", {"view_forum", "post_in_forum", "view_post", "edit_post"}),
        ("outsider", {"view_forum", "post_in_forum", "view_post", "report_post"}),  # staff of any body
        ("citizen", {"view_forum", "view_post", "report_post"}),
        ("anonymous", {"view_forum", "view_post"}),
        ("platform_admin", {"view_forum", "post_in_forum", "view_post", "report_post", "moderate_post"}),
        ("moderator", {"view_forum", "post_in_forum", "view_post", "report_post"}),  # a hub's, not this forum's
    ],
)
def test_public_platform_forum_grid(who, expected, people, member):
    forum = services.forum_ensure(slug="general", title="النقاش العام")
    thread = services.thread_start(actor=member, forum=forum, title="موضوع", body="نص")
    assert held(people[who], thread.posts.get(), forum) == expected


# Asked of every role of the grid cast (core/tests/rules_grid.py), with the permission names written out: hub H's
# forum (members only) and the platform's public forum.
from tabadul.core.tests.rules_grid import ALL, WITH_A_BODY, build_cast, check, rows, world_fixture  # noqa: E402


def build_forums():
    w = build_cast()
    w["hub_forum"] = services.forum_ensure(owner=w["hub"])
    w["platform_forum"] = services.forum_ensure(slug="general", title="النقاش العام")
    return w


grid_world = world_fixture(build_forums, name="grid_world")

HUB_FORUM = {"coordinator", "deputy", "member", "officer", "admin"}  # members of H, its moderators, administrators

CAST_GRID = [
    ("discussions.view_forum", "hub_forum", HUB_FORUM),
    ("discussions.view_forum", "platform_forum", ALL),
    ("discussions.post_in_forum", "hub_forum", HUB_FORUM),
    # The platform's forum: everyone whose account names a body, specialists and administrators.
    ("discussions.post_in_forum", "platform_forum", WITH_A_BODY | {"specialist", "admin"}),
    # A hub's forum is moderated by its coordinators and its programme's officers; every forum by administrators.
    ("discussions.moderate_post", "hub_forum", {"coordinator", "deputy", "officer", "admin"}),
    ("discussions.moderate_post", "platform_forum", {"admin"}),
    ("discussions.add_forum", None, {"admin"}),
]


@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
