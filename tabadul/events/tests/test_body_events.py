"""A local body holds its own events (issue 16, part 5): its editors and administrators create them in its name
only, people register and are checked in, the body's page and the calendar show them; "my work" lists the
invitations not yet answered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.tests.matrix import state_diff, table_state
from tabadul.events import services
from tabadul.events.models import Event
from tabadul.events.selectors import invitations_to_answer
from tabadul.events.work import INVITATIONS_TO_ANSWER

from .conftest import header_queries, make_event

pytestmark = pytest.mark.django_db


def _meeting(actor, body, **fields):
    return make_event(
        actor,
        bodies=[body],
        organised_by_platform=False,
        type=Event.Type.COMMUNITY_MEETING,
        name_ar="لقاء أهالي البلدة",
        **fields,
    )


@pytest.fixture
def body_admin(body):
    return make_user(role=RoleGrant.Role.BODY_ADMIN, body=body)


@pytest.mark.parametrize("role", ["body_editor", "body_admin"])
def test_a_bodys_editor_or_administrator_creates_registers_and_checks_in(request, role, body, citizen):
    actor = request.getfixturevalue(role)
    event = _meeting(actor, body, days=0)
    assert list(event.organiser_bodies.all()) == [body] and actor.has_perm("events.change_event", event)
    registration = services.event_register(actor=citizen, event=event)
    services.registration_check_in(actor=actor, registration=registration)
    registration.refresh_from_db()
    assert registration.attended
    services.event_update(actor=actor, event=event, venue="قاعة البلدية")


def test_beitas_editor_cannot_create_or_manage_salfits_events(body_editor, body, other_body, other_body_editor):
    with translation.override("en"):
        before = table_state()
        with pytest.raises(ValidationError, match="You do not act for"):
            _meeting(body_editor, other_body)
        assert state_diff(before, table_state()) == {}
    salfit_event = _meeting(other_body_editor, other_body)
    assert not body_editor.has_perm("events.change_event", salfit_event)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=body_editor, event=salfit_event, venue="x")
    with pytest.raises(ValidationError):  # nor move their own event into Salfit's name
        services.event_update(actor=body_editor, event=_meeting(body_editor, body), bodies=[other_body])


def test_an_approver_or_a_citizen_cannot_create_events(body, citizen):
    approver = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body)
    for person in (approver, citizen):
        with pytest.raises(PermissionDenied):
            _meeting(person, body)


def test_a_body_event_is_public_or_by_invitation_not_members_only(body_editor, body):
    with pytest.raises(ValidationError):
        _meeting(body_editor, body, visibility=Event.Visibility.MEMBERS)
    invited_only = _meeting(body_editor, body, visibility=Event.Visibility.INVITATION)
    assert body_editor.has_perm("events.view_event", invited_only)
    assert not make_user().has_perm("events.view_event", invited_only)


def test_the_bodys_page_lists_its_coming_events_and_the_create_view_works(client, body_editor, body, other_body):
    event = _meeting(body_editor, body, name_en="Community meeting")
    client.force_login(body_editor)
    page = client.get("/en" + body.get_absolute_url()).content.decode()
    assert f"/events/{event.pk}/" in page and "Upcoming events" in page
    assert f"?body={body.slug}" in page  # the link to create one
    listing = client.get(reverse("events:body_events", args=[body.slug])).content.decode()
    assert event.get_absolute_url() in listing
    form = client.get(reverse("events:event_create") + f"?body={body.slug}").context["form"]
    assert set(form.fields["organiser_bodies"].queryset) == {body}
    data = {
        "name_ar": "يوم مفتوح",
        "type": Event.Type.OPEN_DAY,
        "starts_at": "2030-05-02T10:00",
        "ends_at": "2030-05-02T13:00",
        "time_zone": "Asia/Hebron",
        "mode": "in_person",
        "city": "بيتا",
        "visibility": "public",
        "organiser_bodies": [body.pk],
        "registration_open": "on",
    }
    assert client.post(reverse("events:event_create"), data).status_code == 302
    created = Event.objects.get(name_ar="يوم مفتوح")
    assert list(created.organiser_bodies.all()) == [body]
    data |= {"name_ar": "يوم مفتوح آخر", "organiser_bodies": [other_body.pk]}
    assert client.post(reverse("events:event_create"), data).status_code == 200  # not a choice: refused
    assert not Event.objects.filter(name_ar="يوم مفتوح آخر").exists()


def test_the_body_list_and_calendar_query_counts_do_not_grow(client, body_editor, body, django_assert_max_num_queries):
    client.force_login(body_editor)
    url = reverse("events:body_events", args=[body.slug])
    _meeting(body_editor, body)
    with django_assert_max_num_queries(20 + header_queries(body_editor)) as few:
        client.get(url)
    for _ in range(12):
        _meeting(body_editor, body)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).context["page"].paginator.count == 13
    month = reverse("events:event_month") + f"?month={Event.objects.first().local_starts_at:%Y-%m}"
    with django_assert_max_num_queries(12 + header_queries(body_editor)) as few:
        client.get(month)
    for _ in range(12):
        _meeting(body_editor, body)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(month).status_code == 200
    with django_assert_max_num_queries(12 + header_queries(body_editor)):
        page = client.get(body.get_absolute_url())
    assert page.content.decode().count("لقاء أهالي البلدة") == 5  # the next five


def test_invitations_to_answer_on_my_work(platform_admin, body, body_editor):
    staff = make_user(body=body)
    event = make_event(platform_admin, visibility=Event.Visibility.INVITATION)
    past = make_event(platform_admin, visibility=Event.Visibility.INVITATION)
    Event.objects.filter(pk=past.pk).update(status=Event.Status.CANCELLED)
    services.invitation_create(actor=platform_admin, event=event, users=[staff], bodies=[body])
    services.invitation_create(actor=platform_admin, event=past, bodies=[body])
    assert INVITATIONS_TO_ANSWER.count(staff) == 1  # one per event, the cancelled one left out
    items = INVITATIONS_TO_ANSWER.items(staff, 5)
    assert [item.url for item in items] == [event.get_absolute_url()]
    assert INVITATIONS_TO_ANSWER.count(body_editor) == 1  # through the body
    services.event_register(actor=staff, event=event)
    assert INVITATIONS_TO_ANSWER.count(staff) == 0 and list(invitations_to_answer(staff)) == []
