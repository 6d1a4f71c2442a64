"""Pilot projects (issue 20, item 4): the model's invariants, the seed's pilots in the demo, and where they show
(a body's page, an organisation's page, the programme page's include)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from tabadul.demo import directory as directory_demo
from tabadul.demo import pilots as pilots_demo
from tabadul.demo import programmes as programmes_demo
from tabadul.directory.models import LocalBody, Organisation
from tabadul.programmes import pilots
from tabadul.programmes.models import PilotMilestone, PilotProject, Programme

pytestmark = pytest.mark.django_db

SEED_003 = {
    "isal-waste-plan-wadi-etba": {"wadi-etba"},
    "isal-traghen-training-centre": {"traghen"},
    "isal-public-parks": {"sharqiya", "marada"},
    "isal-citizen-service-offices": {"wadi-al-bawanis", "derj", "gharyan"},
}


@pytest.fixture
def demo():
    directory_demo.load()
    programmes_demo.load()
    pilots_demo.load()


def test_the_seeds_pilots_are_the_isal_programmes_in_libyan_municipalities(demo):
    found = {
        pilot.slug: {body.slug for body in pilot.bodies.all()}
        for pilot in PilotProject.objects.prefetch_related("bodies")
    }
    assert found == SEED_003
    assert set(PilotProject.objects.values_list("programme__slug", flat=True)) == {"isal"}
    assert set(LocalBody.objects.filter(pilot_projects__isnull=False).values_list("country__code", flat=True)) == {"LY"}
    # Facts only: the seed gives no budget, date or milestone.
    assert not PilotProject.objects.filter(budget__isnull=False).exists()
    assert not PilotMilestone.objects.exists()


def test_the_demo_loads_twice_without_change(demo):
    before = list(PilotProject.objects.order_by("pk").values())
    pilots_demo.load()
    assert list(PilotProject.objects.order_by("pk").values()) == before


def test_a_pilot_cannot_end_before_it_starts_nor_have_a_budget_without_currency():
    programme = Programme.objects.create(slug="p", name_ar="برنامج")
    pilot = PilotProject(
        programme=programme, slug="x", name_ar="مشروع", starts_on=dt.date(2021, 5, 1), ends_on=dt.date(2021, 4, 1)
    )
    with pytest.raises(ValidationError) as refused:
        pilot.full_clean()
    assert "ends_on" in refused.value.message_dict
    pilot.ends_on, pilot.budget = None, Decimal("1000")
    with pytest.raises(ValidationError) as refused:
        pilot.full_clean()
    assert "currency" in refused.value.message_dict
    pilot.currency = "LYD"
    pilot.full_clean()
    pilot.budget = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        pilot.save()


def test_a_bodys_page_shows_its_pilots_in_a_fixed_number_of_queries(demo, client, django_assert_max_num_queries):
    response = client.get("/en/directory/gharyan/")
    assert response.status_code == 200
    assert "Citizen service offices in Wadi al-Bawanis, Derj and Gharyan" in response.content.decode()
    body = LocalBody.objects.get(slug="marada")
    with django_assert_max_num_queries(4):
        data = pilots.body_pilots(body=body, user=None)
        names = [(p.name_en, [b.slug for b in p.bodies_shown], len(p.milestones_shown)) for p in data["pilots"]]
    assert names == [("Public parks in Sharqiya and Marada", ["sharqiya", "marada"], 0)] or names == [
        ("Public parks in Sharqiya and Marada", ["marada", "sharqiya"], 0)
    ]
    assert pilots.body_pilots(body=LocalBody.objects.get(slug="misrata"), user=None) is None
    assert "Pilot projects" not in client.get("/en/directory/misrata/").content.decode()


def test_an_organisations_page_shows_the_pilots_it_partners(demo, client):
    vng = Organisation.objects.get(slug="vng-international")
    response = client.get(vng.get_absolute_url().replace("/directory/", "/en/directory/", 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in PilotProject.objects.values_list("name_en", flat=True))


def test_the_programme_pages_include_lists_its_pilots_with_milestones(demo):
    isal = Programme.objects.get(slug="isal")
    parks = PilotProject.objects.get(slug="isal-public-parks")
    PilotMilestone.objects.create(pilot=parks, title_ar="تسليم الحديقة", title_en="Park handed over", position=1)
    parks.budget, parks.currency = Decimal("25000"), "LYD"
    parks.save()
    with translation.override("en"):
        html = render_to_string(
            "programmes/includes/pilots.html", {"pilots": pilots.pilot_cards(pilots.programme_pilots(programme=isal))}
        )
    assert html.count('class="pilot"') == 4
    assert "Park handed over" in html and "Marada Municipality" in html and "25,000" in html
    with translation.override("en"):
        empty = render_to_string("programmes/includes/pilots.html", {"pilots": []})
    assert "No pilot project belongs to this programme." in empty


def test_each_pilot_read_runs_as_many_queries_with_no_pilot_as_with_some(demo, django_assert_num_queries):
    """A body's, an organisation's and a page of a programme's pilots: four queries whether there are pilots or not
    (issue 22: the page's query count is the same for every body, and at every size)."""
    marada, misrata = LocalBody.objects.get(slug="marada"), LocalBody.objects.get(slug="misrata")
    vng = Organisation.objects.get(slug="vng-international")
    idle = Organisation.objects.exclude(pilot_projects__isnull=False).first()
    page = list(pilots.programme_pilots(programme=Programme.objects.get(slug="isal")))
    reads = {
        "a body with pilots": lambda: pilots.body_pilots(body=marada, user=None),
        "a body without": lambda: pilots.body_pilots(body=misrata, user=None),
        "an organisation with pilots": lambda: pilots.organisation_pilots(organisation=vng, user=None),
        "an organisation without": lambda: pilots.organisation_pilots(organisation=idle, user=None),
        "a page of pilots": lambda: pilots.pilot_cards(page),
        "an empty page": lambda: pilots.pilot_cards([]),
    }
    for read in reads.values():
        with django_assert_num_queries(4):
            read()
    assert len(reads["an organisation with pilots"]()["pilots"]) == 4
    assert reads["an organisation without"]() == {"pilots": []}
    assert [pilot.pk for pilot in reads["a page of pilots"]()] == page
