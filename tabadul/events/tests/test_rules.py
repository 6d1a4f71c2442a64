"""The events permissions as a role × permission grid (the same table is in docs/events.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event
from tabadul.hubs.selectors import forget_hub_relations

from .conftest import make_event

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "body_editor",
    "specialist",
    "member",
    "invited",
    "organiser",
    "coordinator",
    "other_coordinator",
    "platform_admin",
]

# role: (add_event, change_event, view public, view members-only, view invitation-only,
#        register public, register members-only, register invitation-only, view_reach, change_course)
GRID = {
    "anonymous": (0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "citizen": (0, 0, 1, 0, 0, 1, 0, 0, 0, 0),
    # staff of `body`, a member of the hub; creates events of `body` (tests/test_body_events.py)
    "body_editor": (1, 0, 1, 1, 0, 1, 1, 0, 0, 0),
    "specialist": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0),
    "member": (0, 0, 1, 1, 0, 1, 1, 0, 0, 0),
    "invited": (0, 0, 1, 0, 1, 1, 0, 1, 0, 0),
    "organiser": (0, 1, 1, 1, 1, 1, 1, 1, 0, 1),
    "coordinator": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "other_coordinator": (1, 0, 1, 0, 0, 1, 0, 0, 1, 0),
    "platform_admin": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
}


@pytest.fixture
def world(coordinator, other_coordinator, hub, member, body_editor, specialist, platform_admin, other_body):
    organiser = make_user()
    invited = make_user(body=other_body)
    events = {}
    for visibility in Event.Visibility.values:
        events[visibility] = make_event(
            coordinator, hubs=[hub], visibility=visibility, organisers=[coordinator, organiser]
        )
    services.invitation_create(actor=coordinator, event=events["invitation"], bodies=[other_body])
    course = services.course_create(actor=coordinator, hubs=[hub], name_ar="دورة", name_en="")
    course.organisers.add(organiser)
    users = {
        "anonymous": AnonymousUser(),
        "citizen": make_user(),
        "body_editor": body_editor,
        "specialist": specialist,
        "member": member,
        "invited": invited,
        "organiser": organiser,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "platform_admin": platform_admin,
    }
    return users, events, course


@pytest.mark.parametrize("role", ROLES)
def test_permission_grid(world, role):
    users, events, course = world
    user = users[role]
    if user.is_authenticated:
        forget_hub_relations(user)
    public, members, invitation = (events[v] for v in ("public", "members", "invitation"))
    actual = (
        user.has_perm("events.add_event"),
        user.has_perm("events.change_event", public),
        user.has_perm("events.view_event", public),
        user.has_perm("events.view_event", members),
        user.has_perm("events.view_event", invitation),
        user.has_perm("events.register_event", public),
        user.has_perm("events.register_event", members),
        user.has_perm("events.register_event", invitation),
        user.has_perm("events.view_reach"),
        user.has_perm("events.change_course", course),
    )
    assert tuple(int(bool(v)) for v in actual) == GRID[role]
    # The permission and the query agree: what view_event allows is exactly what visible_events lists.
    from tabadul.events.selectors import visible_events

    listed = set(visible_events(user).values_list("pk", flat=True))
    assert {e.pk for e in events.values() if user.has_perm("events.view_event", e)} == listed
