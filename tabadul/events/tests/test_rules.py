"""Every events permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/events.md).

Events created by the administrator: a members-only event of hub H (in programme P), an invitation-only event of H
to which body B is invited, a public event of body A, and an invitation-only platform event organised by `citizen`
(in person); a document on the members-only and the public event; a course of H. `specialist` facilitates a
twinning group, which lets them organise in the platform's name (the hook `events.platform_organisers`).
"""

import pytest

from tabadul.core.tests.rules_grid import (
    ALL,
    B_ROLES,
    ROLES,
    SIGNED_IN,
    build_cast,
    check,
    rows,
    world_fixture,
)
from tabadul.events import services
from tabadul.events.models import Event, EventDocument
from tabadul.events.selectors import visible_events
from tabadul.twinning.models import Network, TwinningGroup

from .conftest import make_event

pytestmark = pytest.mark.django_db


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
    w["invitation_event"] = make_event(
        admin, hubs=[w["hub"]], visibility=Event.Visibility.INVITATION, organisers=[admin]
    )
    services.invitation_create(actor=admin, event=w["invitation_event"], bodies=[w["other_body"]])
    w["members_document"] = EventDocument.objects.create(event=hub_event, title="عرض", file="events/documents/a.pdf")
    w["public_document"] = EventDocument.objects.create(event=body_event, title="عرض", file="events/documents/b.pdf")
    w["course"] = services.course_create(actor=admin, hubs=[w["hub"]], name_ar="دورة", name_en="")
    return w


grid_world = world_fixture(build_events, name="grid_world")

HUB_EVENT_MANAGERS = {"coordinator", "deputy", "admin"}
OFFICERS = {"officer", "other_officer"}
BODY_EVENT_MANAGERS = {"editor", "body_admin", "admin"}  # a body's editors and administrators, not its approvers

# Events are created by administrators, hub coordinators, twinning facilitators, the editors and administrators of
# a body (the hub people are their bodies' editors) and programme officers.
EVENT_CREATORS = {"coordinator", "deputy", "other_coordinator", "specialist", "admin", "officer", "other_officer"}
EVENT_CREATORS |= {"editor", "body_admin", "other_editor", "other_admin", "member", "non_member"}
INVITATION_EVENT_VIEWERS = HUB_EVENT_MANAGERS | {"officer"} | B_ROLES  # B's staff are invited

CAST_GRID = [
    ("events.add_event", None, EVENT_CREATORS),
    ("events.change_event", "hub_event", HUB_EVENT_MANAGERS),
    ("events.change_event", "body_event", BODY_EVENT_MANAGERS),
    ("events.change_event", "person_event", {"citizen", "admin"}),
    # Who sees an event (selectors.visible_events): public ones everyone; members-only ones the organising hub's
    # members; invitation-only ones the invited; always its managers and its programme's officers.
    ("events.view_event", "body_event", ALL),
    ("events.view_event", "hub_event", {"coordinator", "deputy", "member", "officer", "admin"}),
    ("events.view_event", "invitation_event", INVITATION_EVENT_VIEWERS),
    ("events.view_event", "person_event", {"citizen", "admin"}),
    # Who takes a place: whoever sees it and may attend (the officers follow, they do not attend), and its managers.
    ("events.register_event", "body_event", SIGNED_IN),
    ("events.register_event", "hub_event", {"coordinator", "deputy", "member", "admin"}),
    ("events.register_event", "invitation_event", INVITATION_EVENT_VIEWERS - {"officer"}),
    ("events.register_event", "person_event", {"citizen", "admin"}),
    ("events.view_reach", None, {"admin", "specialist", "coordinator", "deputy", "other_coordinator"} | OFFICERS),
    ("events.change_course", "course", HUB_EVENT_MANAGERS),
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


@pytest.mark.parametrize("role", ROLES)
def test_view_event_agrees_with_visible_events(grid_world, role):
    """What `events.view_event` allows is exactly what `selectors.visible_events` lists."""
    user = grid_world["people"][role]
    events = [grid_world[key] for key in ("hub_event", "invitation_event", "body_event", "person_event")]
    listed = set(visible_events(user).filter(pk__in=[e.pk for e in events]).values_list("pk", flat=True))
    assert {e.pk for e in events if user.has_perm("events.view_event", e)} == listed
