"""The members page of a hub at regional scale (issue 22): counts by country, region and governorate
above one page of the bodies, a filter by area (and by type), and a number of queries that does not grow with the
members."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.directory.models import Country, Governorate, LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.models import Mandate, Membership

from .conftest import make_coordinator, make_member

pytestmark = pytest.mark.django_db

TYPES = [LocalBody.Type.MUNICIPALITY, LocalBody.Type.VILLAGE_COUNCIL, LocalBody.Type.JOINT_SERVICES_COUNCIL]


def _places():
    """Two Palestinian governorates, two Libyan, one Tunisian, and Tunisia without a governorate."""
    governorates = [
        *Governorate.objects.filter(country__code="PS").order_by("code")[:2],
        *Governorate.objects.filter(country__code="LY").order_by("code")[:2],
        *Governorate.objects.filter(country__code="TN").order_by("code")[:1],
    ]
    assert len(governorates) == 5
    return [(g.country, g) for g in governorates] + [(Country.objects.get(code="TN"), None)]


def _add_members(hub, n, start=0):
    """Member bodies number `start` to `start + n`: the places in turn, each place taking every type in turn."""
    places = _places()
    for number in range(start, start + n):
        country, governorate = places[number % len(places)]
        body_type = TYPES[(number // len(places)) % len(TYPES)]
        make_member(hub, LocalBodyFactory(country=country, governorate=governorate, type=body_type))


def _page(client, hub, **params):
    with translation.override("en"):
        url = reverse("hubs:members", args=[hub.slug])
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def _hub_page(client, hub):
    with translation.override("en"):
        return client.get(hub.get_absolute_url())


def _all_areas(areas):
    for country in areas:
        yield country
        for child in country.children:
            yield child
            yield from child.children


def _active(hub):
    return Membership.objects.filter(hub=hub, status=Membership.Status.ACTIVE)


def test_the_page_runs_the_same_queries_with_three_members_and_with_sixty(client, hub, django_assert_max_num_queries):
    coordinator = make_coordinator(hub)  # a member too; signed in, the representatives get their "remove" links
    _add_members(hub, 2)
    small = {}
    for viewer in (None, coordinator):
        client.logout() if viewer is None else client.force_login(viewer)
        with django_assert_max_num_queries(100) as captured:
            _page(client, hub)
        small[viewer] = len(captured.captured_queries)
    _add_members(hub, 57, start=2)
    for viewer in (None, coordinator):
        client.logout() if viewer is None else client.force_login(viewer)
        with django_assert_max_num_queries(small[viewer]):
            response = _page(client, hub)
        assert response.context["members_page"].paginator.count == 60
        shown = [m for _group, ms in response.context["members_by_region"] for m in ms]
        assert len(shown) == settings.PAGE_SIZE < 60
        assert response.content.decode().count('data-label="Local body"') == settings.PAGE_SIZE


def test_counts_by_area_match_a_direct_count_and_pages_cover_every_member_once(client, hub):
    _add_members(hub, 47)
    Membership.objects.create(hub=hub, body=LocalBodyFactory(), status=Membership.Status.REQUESTED)  # not counted
    response = _page(client, hub)
    areas = response.context["member_areas"]
    assert {country.code for country in areas} == {"PS", "LY", "TN"}
    assert sum(country.count for country in areas) == _active(hub).count() == 47
    for area in _all_areas(areas):  # every country, region and governorate listed
        assert area.count == _active(hub).filter(**{f"body__{area.kind}_id": area.pk}).count() > 0, area
    listed = {(a.kind, a.pk) for a in _all_areas(areas)}
    for membership in _active(hub).select_related("body"):  # and every area a member body is in is listed
        body = membership.body
        assert ("country", body.country_id) in listed
        assert body.governorate_id is None or ("governorate", body.governorate_id) in listed
        assert body.region_id is None or ("region", body.region_id) in listed
    seen = []
    pages = response.context["members_page"].paginator.num_pages
    for number in range(1, pages + 1):
        page = _page(client, hub, page=number).context["members_by_region"]
        seen += [m.pk for _group, ms in page for m in ms]
    assert sorted(seen) == sorted(_active(hub).values_list("pk", flat=True)) and len(set(seen)) == 47


def test_filter_by_area_and_type(client, hub):
    _add_members(hub, 36)
    areas = _page(client, hub).context["member_areas"]
    for area in _all_areas(areas):
        response = _page(client, hub, **{area.kind: area.code})
        assert response.context["member_area"].pk == area.pk
        page = response.context["members_page"]
        assert page.paginator.count == area.count
        bodies = [m.body for _group, ms in response.context["members_by_region"] for m in ms]
        assert bodies and all(getattr(body, f"{area.kind}_id") == area.pk for body in bodies)
        assert [c for c in response.context["member_areas"] if c.open]  # the country holding it is unfolded
    governorate = next(a for a in _all_areas(areas) if a.kind == "governorate")
    response = _page(client, hub, governorate=governorate.code, type="village_council")
    expected = _active(hub).filter(body__governorate_id=governorate.pk, body__type="village_council").count()
    assert response.context["members_page"].paginator.count == expected > 0
    content = response.content.decode()
    assert f"governorate={governorate.code}" in content and 'aria-current="true"' in content
    for unknown in ({"governorate": "atlantis"}, {"region": "<script>"}, {"country": "ZZ"}):
        response = _page(client, hub, **unknown)
        assert response.context["member_area"] is None and response.context["members_page"].paginator.count == 36


def test_pagination_links_keep_the_filters_and_come_back_to_the_section(client, hub):
    _add_members(hub, 75)
    response = _page(client, hub, country="TN")
    page = response.context["members_page"]
    assert page.paginator.count == _active(hub).filter(body__country__code="TN").count() == 24
    content = response.content.decode()
    assert "?country=TN&amp;page=2" in content  # the next page of Tunisia's members, at the section
    assert "?country=TN&amp;type=municipality" in content  # a type keeps the area
    second = _page(client, hub, country="TN", page=2).context["members_by_region"]
    assert sum(len(ms) for _group, ms in second) == 4
    response = _page(client, hub, type="municipality", country="LY")
    assert "?type=municipality&amp;governorate=" in response.content.decode()  # an area keeps the type
    assert "page=2" in _page(client, hub).content.decode()
    assert "Where the member bodies are" in response.content.decode()


def test_a_working_group_shows_its_first_seats_and_links_to_all(client, hub, django_assert_max_num_queries):
    import datetime

    from tabadul.hubs import services
    from tabadul.hubs.selectors import GROUP_SHOWN

    coordinator = make_coordinator(hub)
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    topic = services.topic_propose(actor=coordinator, work_plan=plan, title_ar="موضوع المجموعة")
    services.working_group_join(actor=make_member(hub), topic=topic)
    with django_assert_max_num_queries(100) as small:
        content = _hub_page(client, hub).content.decode()
    assert "of the group" not in content
    people = [make_member(hub) for _ in range(GROUP_SHOWN + 3)]
    for person in people:
        services.working_group_join(actor=person, topic=topic)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = _hub_page(client, hub)
    content = response.content.decode()
    group = content[content.index("Working group:") :]
    group = group[: group.index("</p>")]
    assert sum(p.display_name in group for p in people) == GROUP_SHOWN - 1  # the first seat is the first member's
    with translation.override("en"):
        url = topic.get_absolute_url()
    assert f'<a href="{url}">all {GROUP_SHOWN + 4} of the group</a>' in group


def test_the_hub_page_names_the_current_coordinator_and_deputy_only(client, hub):
    """Terms that overlap (a bulk load wrote 400 current ones at scale) do not all reach the page: the latest
    current term of each role does (issue 22)."""
    earlier = make_coordinator(hub)
    deputy = make_coordinator(hub, role=Mandate.Role.DEPUTY)
    later = make_coordinator(hub)
    Mandate.objects.filter(user=later).update(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    mandates = client.get(hub.get_absolute_url()).context["mandates"]
    assert [(m.role, m.user) for m in mandates] == [("coordinator", later), ("deputy", deputy)]
    assert Mandate.objects.filter(user=earlier).exists()


def test_a_folded_country_lists_its_regions_and_the_chosen_one_its_governorates_too(client, hub):
    """The governorates of every country were written in their folds: some 60 links in the largest hub at 10,000
    bodies, hundreds across the Arab region (issue 22). They are written for the country unfolded only."""
    _add_members(hub, 12)
    areas = _page(client, hub).context["member_areas"]
    governorates = {country.code: [a for a in _all_areas([country]) if a.kind == "governorate"] for country in areas}
    assert len(areas) > 1 and all(governorates.values())
    folded = _page(client, hub).content.decode()
    assert not [g for gs in governorates.values() for g in gs if f'governorate={g.code}"' in folded]
    assert all(f"?country={country.code}" in folded for country in areas)
    regions = [a for a in _all_areas(areas) if a.kind == "region"]
    assert all(f"?region={region.code}" in folded for region in regions)
    chosen = _page(client, hub, country="LY").content.decode()
    assert all(f"?governorate={g.code}" in chosen for g in governorates["LY"])
    assert not [g for g in governorates["PS"] if f'governorate={g.code}"' in chosen]
