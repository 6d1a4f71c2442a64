"""The hub page's list of members read in its stored order (member_figures.py, issue 22): each membership stores its
body's country name, region position and name, so that a page of a large hub's members is read from an index. The
list is the same as the one sorted by the bodies and places themselves after every kind of write, and the page
sorts that way while a hub's active members are not all ordered (a bulk load, a test's factory)."""

import pytest
from django.db import connection
from django.urls import reverse

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Country, Governorate, LocalBody, Region
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import member_figures, selectors, services
from tabadul.hubs.models import Invitation, Membership, Representative

from .conftest import make_member

pytestmark = pytest.mark.django_db


def _palestine_regions() -> list[Region]:
    regions = list(Region.objects.filter(country__code="PS").order_by("position", "pk"))
    assert len(regions) >= 2
    return regions


def _in(region: Region, name_ar: str, **fields) -> LocalBody:
    governorate = Governorate.objects.filter(region=region).first()
    return LocalBodyFactory(name_ar=name_ar, country=region.country, region=region, governorate=governorate, **fields)


@pytest.fixture
def members(hub) -> list[LocalBody]:
    """Six member bodies in two countries, Palestine's in two regions, one Tunisian without a region; stored."""
    north, other = _palestine_regions()[:2]
    tunisia = Country.objects.get(code="TN")
    bodies = [
        _in(north, "بلدية ج"),
        _in(north, "بلدية أ", type=LocalBody.Type.VILLAGE_COUNCIL),
        _in(other, "بلدية ب"),
        _in(other, "بلدية د", type=LocalBody.Type.VILLAGE_COUNCIL),
        LocalBodyFactory(name_ar="بلدية هـ", country=tunisia, governorate=None, region=None),
        LocalBodyFactory(name_ar="بلدية و", country=tunisia, governorate=None, region=None),
    ]
    for body in bodies:
        make_member(hub, body)
    member_figures.store(hub.pk)
    return bodies


def _listed(hub, **filters) -> tuple[bool, list[str]]:
    """Whether the page reads the stored order, and the bodies it lists (every page of them, in order)."""
    figures = selectors.hub_member_figures(hub=hub)
    members = selectors.hub_members(hub=hub, stored_order=figures.stored, **filters)
    return figures.stored, [membership.body.name_ar for membership in members]


def _sorted_live(hub, **filters) -> list[str]:
    """The same list sorted by the bodies and places themselves (the order before it was stored)."""
    members = selectors.hub_members(hub=hub, stored_order=False, **filters)
    return [membership.body.name_ar for membership in members]


def _assert_stored_order_is_live(hub, **filters):
    stored, names = _listed(hub, **filters)
    assert stored
    assert names == _sorted_live(hub, **filters)


def test_the_stored_order_is_the_order_of_the_bodies_and_places(hub, members):
    stored, names = _listed(hub)
    assert stored
    assert names == _sorted_live(hub)
    regions = _palestine_regions()
    tunisia_first = Country.objects.get(code="TN").name_ar < Country.objects.get(code="PS").name_ar
    palestine = (["بلدية أ", "بلدية ج"], ["بلدية ب", "بلدية د"])
    if regions[0].position > regions[1].position:
        palestine = palestine[::-1]
    expected_palestine = [*palestine[0], *palestine[1]]
    tunisia = ["بلدية هـ", "بلدية و"]
    assert names == ([*tunisia, *expected_palestine] if tunisia_first else [*expected_palestine, *tunisia])


def test_a_renamed_body_moves_in_the_list(hub, members):
    first = members[1]  # "بلدية أ", first of its region
    first.name_ar = "بلدية ي"
    first.save()
    _assert_stored_order_is_live(hub)
    assert Membership.objects.get(hub=hub, body=first).order_name == "بلدية ي"


def test_a_body_moved_to_another_region_or_country_moves_in_the_list(hub, members):
    body = members[0]
    body.region = _palestine_regions()[1]
    body.governorate = Governorate.objects.filter(region=body.region).first()
    body.save()
    _assert_stored_order_is_live(hub)
    body.country, body.region, body.governorate = Country.objects.get(code="TN"), None, None
    body.save()
    _assert_stored_order_is_live(hub)
    assert Membership.objects.get(hub=hub, body=body).order_region is None


def test_a_regions_new_position_and_a_countrys_new_name_reorder_the_list(hub, members):
    north, other = _palestine_regions()[:2]
    north.position, other.position = other.position + 1, north.position
    north.save()
    other.save()
    _assert_stored_order_is_live(hub)

    first = Country.objects.get(pk=min(members, key=lambda body: body.country.name_ar).country_id)
    first.name_ar = "ي " + first.name_ar  # after the other country's name
    first.save()
    _assert_stored_order_is_live(hub)
    assert _listed(hub)[1][-1] in {body.name_ar for body in members if body.country_id == first.pk}


def test_the_services_store_the_order_of_a_new_member(hub, members, coordinator):
    """A request accepted and an invitation accepted: the new member is listed in its place from the stored order
    (a body renamed while its request waited too)."""
    asking = _in(_palestine_regions()[0], "بلدية ب ب")
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=asking)
    request = services.membership_request(actor=editor, hub=hub, body=asking)
    asking.name_ar = "بلدية ح"
    asking.save()
    services.membership_decide(actor=coordinator, membership=request, accept=True)
    _assert_stored_order_is_live(hub)
    assert "بلدية ح" in _listed(hub)[1]

    invited = _in(_palestine_regions()[1], "بلدية أ أ")
    services.invitation_send(actor=coordinator, hub=hub, bodies=[invited])
    invited_editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=invited)
    invitation = Invitation.objects.get(hub=hub, body=invited)
    services.invitation_answer(actor=invited_editor, invitation=invitation, accept=True)
    _assert_stored_order_is_live(hub)
    assert "بلدية أ أ" in _listed(hub)[1]


def test_members_written_without_the_services_are_sorted_live_until_stored(hub, members):
    make_member(hub, _in(_palestine_regions()[0], "بلدية أأ"))  # a factory: no stored order
    stored, names = _listed(hub)
    assert not stored
    assert names == _sorted_live(hub) and "بلدية أأ" in names
    member_figures.store_all()  # as after a bulk load (load_scale, the demo)
    _assert_stored_order_is_live(hub)


def test_the_filtered_lists_are_in_the_stored_order(hub, members):
    region = _palestine_regions()[1]
    areas = selectors.hub_member_areas(rows=selectors.hub_member_figures(hub=hub).rows)
    chosen = {area.pk: area for country in areas for area in [country, *country.children] if area.kind != "governorate"}
    for filters in (
        {"body_type": LocalBody.Type.VILLAGE_COUNCIL},
        {"area": chosen[region.pk]},
        {"area": chosen[Country.objects.get(code="TN").pk]},
        {"body_type": LocalBody.Type.MUNICIPALITY, "area": chosen[Country.objects.get(code="PS").pk]},
    ):
        _assert_stored_order_is_live(hub, **filters)
    assert _listed(hub, body_type=LocalBody.Type.VILLAGE_COUNCIL)[1] in (
        ["بلدية أ", "بلدية د"],
        ["بلدية د", "بلدية أ"],
    )


def test_the_members_page_lists_them_in_the_stored_order(client, hub, members):
    response = client.get(reverse("hubs:members", args=[hub.slug]))
    listed = [m.body.name_ar for _region, memberships in response.context["members_by_region"] for m in memberships]
    assert listed == _sorted_live(hub)
    page = response.content.decode()
    assert all(rep.user.display_name in page for rep in Representative.objects.filter(membership__hub=hub))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_page_of_members_is_read_from_the_index_without_sorting(hub, members):
    """No temporary B-tree for the order, unfiltered and filtered by type (what grows with a hub's members)."""
    for filters in ({}, {"body_type": LocalBody.Type.VILLAGE_COUNCIL}):
        members = selectors.hub_members(hub=hub, stored_order=True, **filters)[20:40]
        sql, params = members.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "hubs_membership_list_order" in plan and "TEMP B-TREE" not in plan, plan


def test_the_members_pages_are_numbered_from_the_counts_shown_without_counting_again(
    client, hub, members, django_assert_max_num_queries
):
    """The number of bodies each filter lists is the count the page shows for it (stored), not counted again."""
    url = reverse("hubs:members", args=[hub.slug])
    palestine = Country.objects.get(code="PS")
    region = _palestine_regions()[1]
    for params in (
        {},
        {"type": LocalBody.Type.VILLAGE_COUNCIL},
        {"country": palestine.code},
        {"region": region.code, "type": LocalBody.Type.MUNICIPALITY},
        {"governorate": members[0].governorate.code},
    ):
        with django_assert_max_num_queries(100) as captured:
            page = client.get(url, params).context["members_page"]
        listed = Membership.objects.active().filter(hub=hub)
        if "type" in params:
            listed = listed.filter(body__type=params["type"])
        for kind in ("country", "region", "governorate"):
            if kind in params:
                listed = listed.filter(**{f"body__{kind}__code": params[kind]})
        assert page.paginator.count == listed.count() == len(page.object_list) > 0, params
        assert not any(
            "COUNT(" in query["sql"] and '"hubs_membership"' in query["sql"].split("FROM")[1][:40]
            for query in captured.captured_queries
        ), params
