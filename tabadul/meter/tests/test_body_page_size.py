"""The body's public page stays light with the Meter's sections (issue 19: "the body page under 100 KB")."""

import pytest
from django.core.management import call_command
from django.test import Client

from tabadul.directory.models import LocalBody
from tabadul.meter.models import StrategicPlan

LIMIT = 100 * 1024


@pytest.mark.django_db
def test_every_demo_bodys_page_is_under_100_kb_in_both_languages(settings):
    settings.DEBUG = True
    call_command("load_demo", "--no-accounts")
    with_plans = set(StrategicPlan.objects.published().values_list("body__slug", flat=True))
    assert len(with_plans) >= 5  # the pilots' pages carry the plan and news sections
    client = Client()
    sizes = {}
    for slug in LocalBody.objects.values_list("slug", flat=True):
        for prefix in ("", "/en"):
            response = client.get(f"{prefix}/directory/{slug}/")
            assert response.status_code == 200, slug
            sizes[f"{prefix}/directory/{slug}/"] = len(response.content)
    heaviest = max(sizes, key=sizes.get)
    assert sizes[heaviest] < LIMIT, f"{heaviest}: {sizes[heaviest] / 1024:.1f} KB"
    assert any(slug in path for slug in with_plans for path in sizes)
