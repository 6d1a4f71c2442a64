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


# Asked of every role of the grid cast (core/tests/rules_grid.py). Events created by the administrator: a members-only
# event of hub H (in programme P), a public event of body A, and an invitation-only platform event organised by
# `citizen` (in person); a document on each of the first two; a course of H. `specialist` facilitates a twinning
# group, which lets them organise in the platform's name (the hook `events.platform_organisers`).
from tabadul.core.tests.rules_grid import ALL, SIGNED_IN, build_cast, check, rows, world_fixture  # noqa: E402
from tabadul.events.models import EventDocument  # noqa: E402
from tabadul.twinning.models import Network, TwinningGroup  # noqa: E402


def build_events():
    w = build_cast()
    people = w["people"]
    admin = people["admin"]
    network = Network.objects.create(slug="grid-network", name_ar="شبكة", facilitating_organisation="CMI")
    TwinningGroup.objects.create(
        network=network, name_ar="مجموعة", theme="led_strategy", starts_on=w["today"], facilitator=people["specialist"]
    )
    hub_event = make_event(admin, hubs=[w["hub"]], visibility=Event.Visibility.MEMBERS, organisers=[admin])
    body_event = make_event(admin, bodies=[w["body"]], visibility=Event.Visibility.PUBLIC, organisers=[admin])
    w["person_event"] = make_event(admin, visibility=Event.Visibility.INVITATION, organisers=[people["citizen"]])
    w["hub_event"], w["body_event"] = hub_event, body_event
    w["members_document"] = EventDocument.objects.create(event=hub_event, title="عرض", file="events/documents/a.pdf")
    w["public_document"] = EventDocument.objects.create(event=body_event, title="عرض", file="events/documents/b.pdf")
    w["course"] = services.course_create(actor=admin, hubs=[w["hub"]], name_ar="دورة", name_en="")
    return w


grid_world = world_fixture(build_events, name="grid_world")

HUB_EVENT_MANAGERS = {"coordinator", "deputy", "admin"}
BODY_EVENT_MANAGERS = {"editor", "body_admin", "admin"}  # a body's editors and administrators, not its approvers

CAST_GRID = [
    # Courses: created by administrators, hub coordinators and twinning facilitators; anyone signed in enrols.
    ("events.add_course", None, {"coordinator", "deputy", "other_coordinator", "specialist", "admin"}),
    ("events.enrol_course", "course", SIGNED_IN),
    ("events.organise_for_platform", None, {"specialist", "admin"}),
    ("events.manage_attendance", "hub_event", HUB_EVENT_MANAGERS),
    ("events.manage_attendance", "body_event", BODY_EVENT_MANAGERS),
    ("events.manage_attendance", "person_event", {"citizen", "admin"}),
    # Read-only for the officers of the event's programme (here: the organising hub's).
    ("events.view_event_internal", "hub_event", HUB_EVENT_MANAGERS | {"officer"}),
    ("events.view_event_internal", "body_event", BODY_EVENT_MANAGERS),
    ("events.view_event_internal", "person_event", {"citizen", "admin"}),
    # A document's file: whoever sees the event (members-only: H's members, its managers and programme officers).
    ("events.view_document", "members_document", {"coordinator", "deputy", "member", "officer", "admin"}),
    ("events.view_document", "public_document", ALL),
]


@pytest.mark.parametrize(("permission", "obj", "holders"), rows(CAST_GRID))
def test_rule(grid_world, permission, obj, holders):
    check(grid_world, permission, obj, holders)
