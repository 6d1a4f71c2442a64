"""Organisations organise events (issue 20 item 2, decisions/010): their staff create and manage them in the
organisation's name only; others may not; the organisation's page lists them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Organisation
from tabadul.events import selectors, services
from tabadul.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def molg():
    return Organisation.objects.create(slug="libya-molg", name_ar="وزارة الحكم المحلي", kind="ministry")


@pytest.fixture
def other():
    return Organisation.objects.create(slug="undp", name_ar="برنامج الأمم المتحدة الإنمائي", kind="funder")


def _fields(**extra):
    start = timezone.now() + dt.timedelta(days=5)
    return {
        "name_ar": "دورة تدريبية للبلديات",
        "type": Event.Type.TRAINING_SESSION,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "visibility": Event.Visibility.INVITATION,
        "city": "طرابلس",
        **extra,
    }


def test_staff_create_and_manage_their_organisations_event(molg):
    staff = make_user()
    molg.staff.add(staff)
    assert staff.has_perm("events.add_event")
    event = services.event_create(actor=staff, organisations=[molg], **_fields())
    assert list(event.organiser_organisations.all()) == [molg]
    colleague = make_user()
    molg.staff.add(colleague)
    assert colleague.has_perm("events.change_event", event)  # as staff of the organiser, not as its creator
    services.event_update(actor=colleague, event=event, name_ar="دورة محدثة")
    assert selectors.visible_events(colleague).filter(pk=event.pk).exists()  # an invitation-only event


def test_nobody_else_names_or_manages_an_organisations_event(molg, other):
    staff, outsider = make_user(), make_user()
    molg.staff.add(staff)
    assert not outsider.has_perm("events.add_event")
    with pytest.raises(PermissionDenied):
        services.event_create(actor=outsider, organisations=[molg], **_fields())
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=staff, organisations=[other], **_fields())
    assert "organiser_organisations" in refused.value.message_dict
    event = services.event_create(actor=staff, organisations=[molg], **_fields())
    other_staff = make_user()
    other.staff.add(other_staff)
    assert not other_staff.has_perm("events.change_event", event)
    assert not selectors.visible_events(other_staff).filter(pk=event.pk).exists()


def test_the_organisations_page_lists_the_events_it_organises_that_the_visitor_may_see(molg, client):
    staff = make_user()
    molg.staff.add(staff)
    public = services.event_create(
        actor=staff, organisations=[molg], **_fields(name_ar="يوم مفتوح", visibility=Event.Visibility.PUBLIC)
    )
    private = services.event_create(actor=staff, organisations=[molg], **_fields(name_ar="اجتماع مغلق"))
    page = client.get(f"/en/directory/organisations/{molg.slug}/").content.decode()
    assert public.get_absolute_url() in page and private.get_absolute_url() not in page
    client.force_login(staff)
    page = client.get(f"/en/directory/organisations/{molg.slug}/").content.decode()
    assert public.get_absolute_url() in page and private.get_absolute_url() in page


def test_the_event_form_offers_staff_their_organisations_only(molg, other, client):
    staff = make_user()
    molg.staff.add(staff)
    client.force_login(staff)
    form = client.get("/en/events/new/").context["form"]
    assert list(form.fields["organiser_organisations"].queryset) == [molg]
    nobody = make_user(role="platform_admin")
    client.force_login(nobody)
    assert "organiser_organisations" in client.get("/en/events/new/").context["form"].fields
