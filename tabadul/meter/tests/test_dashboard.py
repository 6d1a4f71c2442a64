"""The staff's Meter dashboard: a platform administrator manages every body with a plan (10,000 at regional scale),
so the page shows one page of them with the directory's filters; a body's own staff see theirs as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tabadul.accounts.tests.factories import TEST_PASSWORD
from tabadul.directory.tests.factories import LocalBodyFactory

from .conftest import PlanWorld
from .factories import make_plan

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)


def test_a_body_editor_sees_their_body_and_its_plans_without_a_search(client, world, other_world):
    _login(client, world.editor)
    html = client.get(reverse("meter:dashboard")).content.decode()
    assert world.body.name_ar in html and reverse("meter:plan_manage", args=[world.plan.pk]) in html
    assert other_world.body.name_ar not in html
    assert 'class="filters"' not in html


@override_settings(PAGE_SIZE=1)
def test_an_administrator_gets_one_page_of_bodies_and_finds_one_by_name(client, platform_admin, world, other_world):
    _login(client, platform_admin)
    url = reverse("meter:dashboard")
    first, second = sorted([world.body, other_world.body], key=lambda body: (body.name_ar, body.pk))
    html = client.get(url).content.decode()
    assert first.name_ar in html and second.name_ar not in html
    assert 'class="filters"' in html and 'rel="next"' in html
    assert second.name_ar in client.get(url, {"page": "2"}).content.decode()
    found = client.get(url, {"q": second.name_en}).content.decode()
    assert second.name_ar in found and first.name_ar not in found
    nothing = client.get(url, {"q": "no such body"}).content.decode()
    assert first.name_ar not in nothing and second.name_ar not in nothing and 'class="empty"' in nothing


@override_settings(PAGE_SIZE=1)
def test_the_dashboard_reads_as_many_queries_whatever_the_bodies_and_plans(client, platform_admin, world, other_world):
    _login(client, platform_admin)
    url = reverse("meter:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_plan(actor=world.editor, body=world.body, approver=world.approver, start_year=2027, end_year=2030)
    for _ in range(3):
        PlanWorld(LocalBodyFactory(), projects=0)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
