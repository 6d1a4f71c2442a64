"""Issue 20, items 2 and 3: Libya and Tunisia in the directory, the filters and reach across countries, and
organisations as actors with a public page (docs/decisions/010)."""

import datetime as dt

import pytest
from django.urls import reverse

from tabadul.accounts.tests.factories import make_user
from tabadul.demo import directory as directory_demo
from tabadul.directory import selectors
from tabadul.directory.models import Country, Governorate, LocalBody, Organisation, Region
from tabadul.directory.reference import LIBYAN_DISTRICTS, LIBYAN_REGIONS

pytestmark = pytest.mark.django_db

SEED_003_BODIES = {
    "tripoli-centre": "بلدية طرابلس المركز",
    "wadi-etba": "بلدية وادي عتبة",
    "traghen": "بلدية تراغن",
    "sharqiya": "بلدية الشرقية",
    "marada": "بلدية مرادة",
    "wadi-al-bawanis": "بلدية وادي البوانيس",
    "derj": "بلدية الدرج",
    "gharyan": "بلدية غريان",
}


@pytest.fixture
def demo_bodies():
    directory_demo.load()


def test_libya_has_its_three_regions_and_22_districts_migrated_in():
    libya = Country.objects.get(code="LY")
    assert set(Region.objects.filter(country=libya).values_list("code", flat=True)) == {
        code for code, *_ in LIBYAN_REGIONS
    }
    assert Governorate.objects.filter(country=libya).count() == len(LIBYAN_DISTRICTS) == 22
    # A district's region is always in Libya; the two counted differently by sources have none.
    assert not Governorate.objects.filter(country=libya, region__isnull=False).exclude(region__country=libya).exists()
    assert set(Governorate.objects.filter(country=libya, region__isnull=True).values_list("code", flat=True)) == {
        "ly-sirte",
        "ly-jufra",
    }
    assert Governorate.objects.get(code="tn-tunis").country.code == "TN"


def test_the_seeds_libyan_municipalities_are_there_with_their_arabic_names(demo_bodies):
    found = dict(LocalBody.objects.filter(slug__in=SEED_003_BODIES).values_list("slug", "name_ar"))
    assert found == SEED_003_BODIES
    assert set(LocalBody.objects.filter(slug__in=SEED_003_BODIES).values_list("country__code", flat=True)) == {"LY"}
    # Every Libyan body's district and region agree with each other and with the country.
    for body in LocalBody.objects.filter(country__code="LY").select_related("governorate", "region"):
        body.full_clean()
        assert body.region_id == (body.governorate.region_id if body.governorate else None)
        assert body.population is None  # no Libyan figure is sure enough (demo/directory.py)
    libyan_regions = set(LocalBody.objects.filter(country__code="LY").values_list("region__code", flat=True))
    assert {"ly-west", "ly-east", "ly-south"} <= libyan_regions
    assert LocalBody.objects.get(slug="tunis").country.code == "TN"


def test_directory_filters_work_across_countries(demo_bodies, client):
    url = reverse("directory:body_list")
    libya = client.get(url, {"country": "LY"}).context["page"].paginator.object_list
    assert set(libya.values_list("country__code", flat=True)) == {"LY"}
    assert libya.count() == LocalBody.objects.filter(country__code="LY").count() >= 20
    south = client.get(url, {"country": "LY", "region": "ly-south"}).context["page"].paginator.object_list
    assert {"wadi-etba", "traghen", "wadi-al-bawanis", "sabha"} <= set(south.values_list("slug", flat=True))
    assert set(south.values_list("region__code", flat=True)) == {"ly-south"}
    murzuq = client.get(url, {"governorate": "ly-murzuq"}).context["page"].paginator.object_list
    assert set(murzuq.values_list("slug", flat=True)) == {"wadi-etba", "traghen", "murzuq"}
    # A Palestinian region with the Libyan country finds nothing rather than the wrong country's bodies.
    assert not client.get(url, {"country": "LY", "region": "north"}).context["page"].paginator.count
    # Arabic spelling variants find Libyan names too.
    found = selectors.body_list(filters=selectors.BodyFilters(q="مراده"))
    assert [body.slug for body in found] == ["marada"]


def test_reach_counts_by_country_and_filters_by_country(demo_bodies):
    from tabadul.events import reach
    from tabadul.events.models import Event, Registration

    admin = make_user(is_superuser=True)
    event = Event.objects.create(
        name_ar="دورة",
        type=Event.Type.TRAINING_SESSION,
        starts_at=dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2021, 3, 1, 12, tzinfo=dt.UTC),
        created_by=admin,
    )
    bodies = {slug: LocalBody.objects.get(slug=slug) for slug in ("wadi-etba", "gharyan", "nablus")}
    for _slug, body in bodies.items():
        for _n in range(2):
            person = make_user(body=body)
            Registration.objects.create(
                event=event, user=person, local_body=body, status="confirmed", checked_in_at=event.starts_at
            )
    reach.store()  # as the check-ins' background task stores the dashboard's figures
    data = reach.reach()
    by_country = {row.label: (row.staff, row.bodies) for row in data.by_country}
    assert by_country == {"ليبيا": (4, 2), "فلسطين": (2, 1)} or by_country == {"Libya": (4, 2), "Palestine": (2, 1)}
    libya = Country.objects.get(code="LY")
    only_libya = reach.reach(filters=reach.ReachFilters(country=libya))
    assert (only_libya.staff, only_libya.bodies, only_libya.bodies_ever) == (4, 2, 2)
    assert only_libya.directory_bodies == LocalBody.objects.filter(country=libya).count()
    south = {row.key for row in only_libya.by_region}
    assert south == {Region.objects.get(code="ly-south").pk, Region.objects.get(code="ly-west").pk}


def test_reach_page_filters_by_country(demo_bodies, client):
    admin = make_user(is_superuser=True)
    client.force_login(admin)
    response = client.get("/en/events/reach/", {"country": "LY"})
    assert response.status_code == 200
    assert response.context["data"].directory_bodies == LocalBody.objects.filter(country__code="LY").count()


# --- Organisations -------------------------------------------------------------------------------------------


def test_the_seeds_organisations_are_there_with_every_kind(demo_bodies):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {kind.value for kind in Organisation.Kind} - {Organisation.Kind.ORGANISATION}
    for slug in ("ps-molg", "libya-molg", "apla", "giz", "undp", "eu", "cmi", "vng-international"):
        assert Organisation.objects.filter(slug=slug).exists(), slug
    centre = Organisation.objects.get(slug="ly-municipal-development-centre")
    assert centre.kind == Organisation.Kind.TRAINING_CENTRE and centre.country.code == "LY"
    assert Organisation.objects.get(slug="ly-elected-women").kind == Organisation.Kind.CIVIL_SOCIETY


def test_organisation_list_filters_by_kind_and_country(demo_bodies, client, django_assert_max_num_queries):
    url = "/en/directory/organisations/"
    with django_assert_max_num_queries(12):
        response = client.get(url, {"kind": "civil_society", "country": "LY"})
    listed = {o.slug for o in response.context["page"].object_list}
    assert listed == {"ly-municipal-councils", "ly-elected-women"}
    funders = client.get(url, {"kind": "funder"}).context["page"].paginator.object_list
    assert {"giz", "undp", "eu", "cmi"} <= set(funders.values_list("slug", flat=True))
    assert {o.slug for o in client.get(url, {"q": "APLA"}).context["page"].object_list} == {"apla"}


def test_organisation_page_shows_what_it_is_and_staff_see_they_act_for_it(demo_bodies, client):
    organisation = Organisation.objects.get(slug="libya-molg")
    response = client.get(f"/en/directory/organisations/{organisation.slug}/")
    assert response.status_code == 200
    assert "Libyan Ministry of Local Government" in response.content.decode()
    assert not response.context["is_staff_member"]
    person = make_user()
    organisation.staff.add(person)
    client.force_login(person)
    assert client.get(f"/en/directory/organisations/{organisation.slug}/").context["is_staff_member"]
    assert client.get("/en/directory/organisations/no-such-one/").status_code == 404


def test_organisation_staff_act_for_it_and_nobody_else_does(demo_bodies):
    from tabadul.hubs.selectors import acts_for

    giz, undp = Organisation.objects.get(slug="giz"), Organisation.objects.get(slug="undp")
    person = make_user()
    giz.staff.add(person)
    scope = acts_for(person)
    assert scope.covers(giz) and not scope.covers(undp)
    assert list(scope.limit(Organisation.objects.all())) == [giz]


def test_organisations_join_hubs_as_partners_and_their_page_lists_them(client):
    from tabadul.demo import accounts as accounts_demo
    from tabadul.demo import alignment as alignment_demo
    from tabadul.demo import hubs as hubs_demo
    from tabadul.hubs.models import Hub

    for module in (directory_demo, accounts_demo, alignment_demo, hubs_demo):
        module.load()
    directory_demo.link()
    apla = Organisation.objects.get(slug="apla")
    assert set(apla.partner_hubs.values_list("pk", flat=True)) == set(Hub.objects.values_list("pk", flat=True))
    assert directory_demo.link() == "0 hubs given their partner organisations"  # idempotent
    page = client.get("/en/directory/organisations/apla/").content.decode()
    hub = Hub.objects.order_by("position").first()
    assert "Hubs it partners" in page and hub.get_absolute_url() in page
    assert "It partners no exchange hub yet." in client.get("/en/directory/organisations/undp/").content.decode()
