"""The programme pages: the list and one programme (public), its officers (platform administrators)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.hubs.models import Hub
from tabadul.programmes import services
from tabadul.programmes.models import Programme
from tabadul.twinning.models import TwinningGroup


def _get_en(client, name, *args):
    with translation.override("en"):
        return client.get(reverse(name, args=args))


def test_the_list_counts_each_programmes_work_in_few_queries(client, world, django_assert_max_num_queries):
    for index in range(5):
        Programme.objects.create(slug=f"extra-{index}", name_ar=f"برنامج إضافي {index}")
    with django_assert_max_num_queries(8):
        response = _get_en(client, "programmes:list")
    assert response.status_code == 200
    listed = {programme.slug: programme for programme in response.context["programmes"]}
    assert len(listed) == 7
    p = listed["p"]
    assert (p.hub_count, p.pilot_count, p.group_count) == (1, 1, 1)
    assert (listed["extra-0"].hub_count, listed["extra-0"].pilot_count) == (0, 0)


def test_the_programme_page_lists_its_work_to_everyone(client, world):
    response = _get_en(client, "programmes:detail", world.p.programme.slug)
    assert response.status_code == 200
    context = response.context
    assert list(context["hubs"].page.object_list) == [world.p.hub]
    assert list(context["meter_pilots"].page.object_list) == [world.p.plan]
    assert [row.group for row in context["groups"].page.object_list] == [world.p.group]
    assert list(context["events"].page.object_list) == []  # members-only: hidden from an anonymous visitor
    html = response.content.decode()
    assert world.p.hub.name_en in html and world.q.hub.name_en not in html
    assert reverse("programmes:officers", args=[world.p.programme.slug]) not in html


def test_the_officer_sees_the_programmes_events_and_the_internal_links(client, world):
    client.force_login(world.officer)
    response = _get_en(client, "programmes:detail", world.p.programme.slug)
    assert list(response.context["events"].page.object_list) == [world.p.event]
    assert response.context["is_officer"]
    with translation.override("en"):
        assert reverse("events:event_manage", args=[world.p.event.pk]) in response.content.decode()
    # Another programme's page: public view only.
    other = _get_en(client, "programmes:detail", world.q.programme.slug)
    assert not other.context["is_officer"] and list(other.context["events"].page.object_list) == []


def test_the_programme_page_query_count_does_not_grow_with_its_work(client, world, django_assert_max_num_queries):
    client.force_login(world.officer)
    with django_assert_max_num_queries(40):
        response = _get_en(client, "programmes:detail", world.p.programme.slug)
    assert response.status_code == 200


def test_the_programme_page_shows_its_hubs_and_groups_a_page_at_a_time(
    client, world, settings, django_assert_max_num_queries
):
    """Issue 22: a programme of the region has hundreds of hubs and twinning groups; its page lists a page of each
    (`?hubs=2`, `?groups=2`, the other parameters kept), in as many queries as with one of each."""
    settings.PAGE_SIZE = 1
    with django_assert_max_num_queries(60) as one:
        _get_en(client, "programmes:detail", world.p.programme.slug)
    hub = Hub.objects.create(slug="zz-hub", name_ar="مركز آخر", name_en="Another hub", programme=world.p.programme)
    group = TwinningGroup.objects.create(
        network=world.p.group.network,
        programme=world.p.programme,
        name_ar="مجموعة ثانية",
        theme="led_strategy",
        objectives="تبادل",
        starts_on=world.p.group.starts_on,
        facilitator=world.p.group.facilitator,
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        first = _get_en(client, "programmes:detail", world.p.programme.slug)
    assert first.context["hubs"].page.paginator.count == 2
    assert list(first.context["hubs"].page.object_list) == [world.p.hub]
    assert 'href="?hubs=2#hubs"' in first.content.decode()
    url = reverse("programmes:detail", args=[world.p.programme.slug])
    second = client.get(f"/en{url}", {"hubs": "2", "groups": "2", "start": "2020-01-01"})
    assert list(second.context["hubs"].page.object_list) == [hub]
    assert [row.group for row in second.context["groups"].page.object_list] == [group]
    assert second.context["hubs"].query == "groups=2&start=2020-01-01"


def test_unknown_programme_is_404(client, db):
    assert _get_en(client, "programmes:detail", "nothing").status_code == 404


@pytest.mark.parametrize("identifier", ["someone", "SOMEONE@example.org"])
def test_admin_grants_the_role_by_user_name_or_email(client, world, identifier):
    client.force_login(world.admin)
    with translation.override("en"):
        url = reverse("programmes:officers", args=[world.p.programme.slug])
    response = client.post(url, {"person": identifier})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=world.citizen, role=RoleGrant.Role.PROGRAMME_OFFICER)
    assert grant.programme == world.p.programme
    assert AuditEvent.objects.filter(action="accounts.role.grant", target_id=str(grant.pk), actor=world.admin).exists()
    assert world.citizen.has_perm("hubs.view_hub_internal", world.p.hub)


def test_granting_an_unknown_person_or_twice_changes_nothing(client, world):
    client.force_login(world.admin)
    url = reverse("programmes:officers", args=[world.p.programme.slug])
    before = RoleGrant.objects.count()
    assert client.post(url, {"person": "nobody-here"}).status_code == 200
    assert client.post(url, {"person": world.officer.username}).status_code == 200  # already an officer
    assert RoleGrant.objects.count() == before


def test_the_officers_are_listed_a_page_at_a_time(client, world, settings):
    """A programme's officers in pages (issue 22: a list that grows is paginated), each with its withdraw link."""
    settings.PAGE_SIZE = 1
    services.officer_grant(actor=world.admin, programme=world.p.programme, user=make_user())
    client.force_login(world.admin)
    url = "/en" + reverse("programmes:officers", args=[world.p.programme.slug])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 1 and "Page 1 of 2" in first.content.decode()
    assert first.content.decode().count("Withdraw…") == 1
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 1


def test_admin_withdraws_the_role_after_confirming(client, world):
    client.force_login(world.admin)
    grant = world.officer.role_grants.get()
    url = reverse("programmes:officer_withdraw", args=[world.p.programme.slug, grant.pk])
    page = client.get(url)
    assert page.status_code == 200 and RoleGrant.objects.filter(pk=grant.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoke", target_id=str(grant.pk), actor=world.admin).exists()
    officer = type(world.officer).objects.get(pk=world.officer.pk)
    assert not officer.has_perm("hubs.view_hub_internal", world.p.hub)


def test_withdraw_needs_the_grant_to_be_of_this_programme(client, world):
    client.force_login(world.admin)
    grant = world.officer.role_grants.get()
    url = reverse("programmes:officer_withdraw", args=[world.q.programme.slug, grant.pk])
    assert client.post(url).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


@pytest.mark.parametrize("who", ["officer", "citizen", "coordinator"])
def test_only_platform_administrators_manage_officers(client, world, who):
    user = world.p.coordinator if who == "coordinator" else getattr(world, who)
    client.force_login(user)
    grant = world.officer.role_grants.get()
    for url in (
        reverse("programmes:officers", args=[world.p.programme.slug]),
        reverse("programmes:officer_withdraw", args=[world.p.programme.slug, grant.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"person": world.citizen.username}).status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not world.citizen.role_grants.exists()
