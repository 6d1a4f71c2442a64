"""Field visits and study tours (issue 20 item 6; seeds 003 and 004): an event of a visit type names its host (a
body or an organisation) and its visiting bodies; the event's page and the bodies' pages say who hosted and who
visited; other types of event refuse both."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tabadul.core.models import AuditEvent
from tabadul.directory.models import Organisation
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events import audit_actions, body_page, services
from tabadul.events.models import Event

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(db):
    return LocalBodyFactory(name_en="Host town")


@pytest.fixture
def visitors(db):
    return [LocalBodyFactory(name_en="Visitor one"), LocalBodyFactory(name_en="Visitor two")]


def _visit(actor, host, visitors, **fields):
    return make_event(
        actor, type=Event.Type.FIELD_VISIT, host_body=host, visiting_bodies=visitors, name_en="Exchange visit", **fields
    )


def test_every_visit_type_takes_a_host_and_visitors_and_records_them(platform_admin, host, visitors):
    for kind in Event.VISIT_TYPES:
        event = make_event(platform_admin, type=kind, host_body=host, visiting_bodies=visitors, name_ar=kind)
        assert event.host_body == host
        assert set(event.visiting_bodies.all()) == set(visitors)
        record = AuditEvent.objects.filter(action=audit_actions.EVENT_CREATE, target_id=str(event.pk)).get()
        assert record.changes["visiting_bodies"] == sorted(b.pk for b in visitors)


def test_every_other_type_refuses_a_host_and_visitors(platform_admin, host, visitors):
    for kind in set(Event.Type.values) - set(Event.VISIT_TYPES) - {Event.Type.TRAINING_SESSION}:
        with pytest.raises(ValidationError):
            make_event(platform_admin, type=kind, host_body=host, name_ar=f"{kind}-host")
        with pytest.raises(ValidationError):
            make_event(platform_admin, type=kind, visiting_bodies=visitors, name_ar=f"{kind}-visitors")
    assert not Event.objects.filter(type__in=set(Event.Type.values) - set(Event.VISIT_TYPES)).exists()


def test_the_host_cannot_visit_itself(platform_admin, host, visitors):
    with pytest.raises(ValidationError):
        _visit(platform_admin, host, [host, visitors[0]])


def test_update_changes_the_visitors_and_audits_it(platform_admin, host, visitors):
    event = _visit(platform_admin, host, visitors[:1])
    services.event_update(actor=platform_admin, event=event, visiting_bodies=visitors)
    assert set(event.visiting_bodies.all()) == set(visitors)
    record = AuditEvent.objects.filter(action=audit_actions.EVENT_UPDATE).latest("pk")
    assert record.changes["visiting_bodies"][1] == sorted(b.pk for b in visitors)
    services.event_update(actor=platform_admin, event=event, name_en="Exchange visit")  # None: visitors unchanged
    assert set(event.visiting_bodies.all()) == set(visitors)


def test_the_event_page_says_hosted_by_and_visiting(client, platform_admin, host, visitors):
    event = _visit(platform_admin, host, visitors)
    with translation.override("en"):  # the English page, so that the assertions hold with the Arabic catalogue
        html = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
        assert "Hosted by" in html and "Visiting" in html
        assert host.get_absolute_url() in html
        assert all(body.get_absolute_url() in html for body in visitors)


def test_the_bodies_pages_show_the_visit_hosted_or_made(client, platform_admin, host, visitors):
    event = _visit(platform_admin, host, visitors[:1])
    with translation.override("en"):  # the English pages, so that the assertions hold with the Arabic catalogue
        hosted = client.get(host.get_absolute_url()).content.decode()
        assert event.get_absolute_url() in hosted and "Hosted here; visiting:" in hosted
        made = client.get(visitors[0].get_absolute_url()).content.decode()
        assert event.get_absolute_url() in made and "Visit to" in made
        assert 'id="body-visits"' not in client.get(visitors[1].get_absolute_url()).content.decode()


def test_an_invitation_only_visit_stays_hidden_from_strangers(client, platform_admin, host, visitors):
    _visit(platform_admin, host, visitors, visibility=Event.Visibility.INVITATION)
    assert 'id="body-visits"' not in client.get(host.get_absolute_url()).content.decode()


def test_an_organisation_hosts_a_study_tour(client, platform_admin, visitors):
    centre = Organisation.objects.create(slug="tn-centre", name_ar="مركز", name_en="Centre", kind="training_centre")
    event = make_event(platform_admin, type=Event.Type.STUDY_TOUR, host_organisation=centre, name_en="Study tour")
    html = client.get(centre.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in html and 'id="organisation-events"' in html


def test_the_visits_section_reads_two_queries_at_any_size(platform_admin, host, django_assert_num_queries):
    visitors = [LocalBodyFactory() for _ in range(3)]
    _visit(platform_admin, host, visitors[:1], name_ar="1")
    with django_assert_num_queries(2):
        small = body_page.body_visits(body=host, user=AnonymousUser())
    for number in range(4):
        _visit(platform_admin, host, visitors, name_ar=f"زيارة {number}")
    with django_assert_num_queries(2):
        large = body_page.body_visits(body=host, user=AnonymousUser())
    assert len(small["visits"]) == 1 and len(large["visits"]) == 5
