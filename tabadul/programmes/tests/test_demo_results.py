"""On the demo data (the seeds' four programmes), each result figure equals a direct count of the tables, and the
seeds' work is linked to its programme: the hubs to GIZ LGRP, the Meter pilots to UNDP TEA3, the Isal course and
studies to Isal, the network's twinning groups to CMI."""

import pytest
from django.core.management import call_command

from tabadul.demo import programmes as demo
from tabadul.programmes.models import Programme
from tabadul.programmes.selectors import programme_results

from .test_results import _direct, _figures


@pytest.fixture
def demo_data(db, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path
    settings.DEBUG = True  # the demo accounts (the programme officer among them)
    call_command("load_demo")


def test_each_figure_on_the_demo_equals_a_direct_count(demo_data):
    programmes = list(Programme.objects.filter(slug__in=[slug for slug, _f, _c in demo.PROGRAMMES]))
    assert len(programmes) == 4
    for programme in programmes:
        figures = _figures(programme_results(programme=programme))
        expected = _direct(programme)
        assert {key: figures[key] for key in expected} == expected, programme.slug


def test_the_demo_work_is_linked_to_the_seeds_programmes(demo_data):
    by_slug = {programme.slug: programme for programme in Programme.objects.all()}
    giz, undp, isal, cmi = (by_slug[slug] for slug in (demo.GIZ_LGRP, demo.UNDP_TEA3, demo.ISAL, demo.CMI_HMLN))
    assert giz.hubs.exists() and not giz.hubs.exclude(programme=giz).exists()
    assert set(undp.meter_plans.values_list("body__slug", flat=True)) <= set(demo.PILOT_BODIES)
    assert undp.meter_plans.exists()
    assert isal.events.exists() and isal.documents.exists()
    assert cmi.twinning_groups.exists()
    assert giz.documents.exists()
    for programme in (giz, undp, isal, cmi):
        results = programme_results(programme=programme)
        assert results.bodies_reached > 0, programme.slug


def test_the_isal_events_lie_in_its_period_in_libya_and_tunisia_attended_by_libyans(demo_data):
    """Seed 003: the Tripoli course, the study tour to Tunisia and the closing day in Tunis (27 July 2022)."""
    isal = Programme.objects.get(slug=demo.ISAL)
    events = list(isal.events.prefetch_related("registrations__local_body__country"))
    assert {event.type for event in events} >= {"training_session", "study_tour", "specialised_workshop"}
    assert any(event.starts_at.date().isoformat() == "2022-07-27" for event in events)  # the closing day
    for event in events:
        assert isal.starts_on <= event.starts_at.date() <= isal.ends_on, event
        assert event.time_zone in {"Africa/Tripoli", "Africa/Tunis"}, event
        countries = {r.local_body.country.code for r in event.registrations.all() if r.checked_in_at and r.local_body}
        assert countries <= {"LY"}, event
