"""Property test of the waiting list: whatever the order of registrations, cancellations and capacity changes,
no event holds more confirmed places than its capacity, nobody waits while a place is free, and places go to
the waiting list in the order people joined it."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db

PEOPLE = 6
operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("cancel"), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("capacity"), st.integers(1, 4)),
    ),
    max_size=14,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start_capacity=st.integers(1, 3), steps=operations)
def test_waiting_list_invariants(platform_admin, start_capacity, steps):
    event = make_event(platform_admin, capacity=start_capacity)
    people = [make_user() for _ in range(PEOPLE)]
    queue: list[int] = []  # the model of the waiting list: user ids in order of joining
    for action, value in steps:
        admitted = False  # whether this step gave someone a confirmed place
        if action == "register":
            try:
                registration = services.event_register(actor=people[value], event=event)
            except ValidationError:
                continue  # already registered
            if registration.status == "waitlisted":
                queue.append(people[value].pk)
            admitted = registration.status == "confirmed"
        elif action == "cancel":
            registration = Registration.objects.filter(event=event, user=people[value]).first()
            if registration is None or registration.status == "cancelled":
                continue
            promoted = services.registration_cancel(actor=people[value], registration=registration)
            if people[value].pk in queue:
                queue.remove(people[value].pk)
                assert promoted == []
            assert [r.user_id for r in promoted] == queue[: len(promoted)]
            del queue[: len(promoted)]
            admitted = bool(promoted)
        else:
            promoted = services.event_set_capacity(
                actor=platform_admin, event=Event.objects.get(pk=event.pk), capacity=value
            )
            assert [r.user_id for r in promoted] == queue[: len(promoted)]
            del queue[: len(promoted)]
            admitted = bool(promoted)

        capacity = Event.objects.get(pk=event.pk).capacity
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        waiting = list(
            Registration.objects.filter(event=event, status="waitlisted")
            .order_by("waitlisted_at", "pk")
            .values_list("user_id", flat=True)
        )
        # Lowering the capacity never cancels confirmed places, so the bound holds whenever a place is given.
        if admitted:
            assert confirmed <= capacity, "more confirmed places than the capacity"
        assert not (waiting and confirmed < capacity), "someone waits while a place is free"
        assert waiting == queue
