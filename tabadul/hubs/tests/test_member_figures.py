"""The hub page's stored counts of member bodies by type and place (member_figures.py, issue 22): stored by the
services that change a membership and by a body's or a place's save, read only while they add up to the live count
of active members, and always equal to counting the members directly."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Governorate, LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import member_figures, selectors, services
from tabadul.hubs.models import Invitation, MemberFigures, Membership

from .conftest import make_member

pytestmark = pytest.mark.django_db


def _direct(hub) -> tuple[dict, dict]:
    """Counts by type and by governorate, straight from the active memberships."""
    active = Membership.objects.active().filter(hub=hub).select_related("body")
    by_type, by_governorate = {}, {}
    for membership in active:
        body = membership.body
        by_type[body.type] = by_type.get(body.type, 0) + 1
        if body.governorate_id:
            by_governorate[body.governorate_id] = by_governorate.get(body.governorate_id, 0) + 1
    return by_type, by_governorate


def _shown(hub) -> tuple[dict, dict]:
    """The same counts as the hub page's selectors give them."""
    rows = selectors.hub_member_figures(hub=hub).rows
    by_type = {value: n for value, _label, n in selectors.hub_member_types(rows=rows)}
    by_governorate = {}
    for country in selectors.hub_member_areas(rows=rows):
        for child in country.children:
            for area in [child, *child.children]:
                if area.kind == "governorate":
                    by_governorate[area.pk] = area.count
    return by_type, by_governorate


def _stored_total(hub) -> int | None:
    figures = MemberFigures.objects.filter(hub=hub).first()
    return figures.total if figures else None


def test_the_services_store_the_counts_when_a_membership_starts_or_ends(hub, coordinator, body, body_editor):
    before = _stored_total(hub)
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    assert _stored_total(hub) == before  # a request is not a member yet
    services.membership_decide(actor=coordinator, membership=membership, accept=True)
    assert _stored_total(hub) == Membership.objects.active().filter(hub=hub).count()
    assert _shown(hub) == _direct(hub)
    services.membership_leave(actor=body_editor, membership=membership)
    assert _stored_total(hub) == Membership.objects.active().filter(hub=hub).count()
    assert _shown(hub) == _direct(hub)

    invited = LocalBodyFactory(type=LocalBody.Type.VILLAGE_COUNCIL)
    services.invitation_send(actor=coordinator, hub=hub, bodies=[invited])
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=invited)
    services.invitation_answer(actor=editor, invitation=Invitation.objects.get(hub=hub, body=invited), accept=True)
    assert _stored_total(hub) == Membership.objects.active().filter(hub=hub).count()
    assert _shown(hub) == _direct(hub)


def test_the_page_reads_the_stored_counts_without_counting_the_members(hub, monkeypatch):
    for _ in range(3):
        make_member(hub)
    member_figures.store(hub.pk)

    def counted(hub_id):
        raise AssertionError("counted live")

    monkeypatch.setattr(member_figures, "live", counted)
    assert _shown(hub) == _direct(hub)


def test_memberships_written_without_the_services_are_counted_live(hub):
    make_member(hub)
    member_figures.store(hub.pk)
    make_member(hub, LocalBodyFactory(type=LocalBody.Type.JOINT_SERVICES_COUNCIL))  # a factory: nothing stored
    assert _stored_total(hub) == 1
    assert _shown(hub) == _direct(hub)
    assert sum(_shown(hub)[0].values()) == 2


def test_a_body_that_changes_type_or_place_and_a_renamed_governorate_are_counted_anew(hub, other_hub):
    body = LocalBodyFactory(type=LocalBody.Type.MUNICIPALITY)
    make_member(hub, body)
    make_member(other_hub, body)
    make_member(hub)
    member_figures.store_all()
    body.type = LocalBody.Type.VILLAGE_COUNCIL
    body.governorate = Governorate.objects.exclude(pk=body.governorate_id).filter(country=body.country).first()
    body.save()
    assert _shown(hub) == _direct(hub) and _shown(other_hub) == _direct(other_hub)

    governorate = body.governorate
    governorate.name_en = "Renamed"
    governorate.save()
    rows = selectors.hub_member_figures(hub=hub).rows
    with translation.override("en"):
        names = [
            area.name
            for country in selectors.hub_member_areas(rows=rows)
            for child in country.children
            for area in [child, *child.children]
        ]
    assert "Renamed" in names


def test_the_command_stores_every_hub(hub, other_hub):
    make_member(hub)
    make_member(other_hub)
    MemberFigures.objects.all().delete()
    call_command("hub_member_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _stored_total(hub) == 1 and _stored_total(other_hub) == 1


def test_the_type_filter_narrows_the_areas(hub):
    make_member(hub, LocalBodyFactory(type=LocalBody.Type.MUNICIPALITY))
    make_member(hub, LocalBodyFactory(type=LocalBody.Type.VILLAGE_COUNCIL))
    member_figures.store(hub.pk)
    rows = selectors.hub_member_figures(hub=hub).rows
    assert sum(c.count for c in selectors.hub_member_areas(rows=rows)) == 2
    assert sum(c.count for c in selectors.hub_member_areas(rows=rows, body_type=LocalBody.Type.VILLAGE_COUNCIL)) == 1


def test_the_hub_pages_mentoring_runs_the_same_queries_with_no_mentoring_and_with_some(
    client, hub, coordinator, django_assert_max_num_queries
):
    """The hub page's latest mentoring pairs name their mentee bodies in a query that runs whether there are pairs
    or not: two hubs' pages (the demo's largest and the region's) run the same queries."""
    with django_assert_max_num_queries(100) as none:
        client.get(hub.get_absolute_url())
    mentor, first, second = LocalBodyFactory(), LocalBodyFactory(name_ar="أ"), LocalBodyFactory(name_ar="ب")
    for n in range(7):
        services.mentorship_create(
            actor=coordinator, hub=hub, mentor_body=mentor, mentee_bodies=[second, first], topic_ar=f"ممارسة {n}"
        )
    with django_assert_max_num_queries(len(none.captured_queries)):
        response = client.get(hub.get_absolute_url())
    latest = response.context["mentorships"]
    assert [m.topic_ar for m in latest] == [f"ممارسة {n}" for n in (6, 5, 4, 3, 2)]
    assert all(m.mentees == [first, second] and m.session_count == 0 for m in latest)
