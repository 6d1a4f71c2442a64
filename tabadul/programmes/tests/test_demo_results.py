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
