"""The account page names a hub's coordinator and deputy as such, though no role grant says so (issue 18, words)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.hubs.models import Mandate

from .conftest import make_coordinator


def _account_page(client, user) -> str:
    client.force_login(user)
    with translation.override("en"):
        return client.get(reverse("accounts:profile")).content.decode()


def test_a_coordinator_and_a_deputy_see_their_hub_role(client, hub, other_hub):
    coordinator = make_coordinator(hub)
    deputy = make_coordinator(other_hub, role=Mandate.Role.DEPUTY)
    page = _account_page(client, coordinator)
    assert "Coordinator" in page and hub.get_absolute_url() in page
    assert "Registered citizen" not in page
    page = _account_page(client, deputy)
    assert "Deputy coordinator" in page and other_hub.get_absolute_url() in page


def test_an_ended_mandate_is_no_longer_shown(client, hub):
    coordinator = make_coordinator(hub)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Mandate.objects.filter(user=coordinator).update(
        starts_on=yesterday - datetime.timedelta(days=30), ends_on=yesterday
    )
    assert hub.get_absolute_url() not in _account_page(client, coordinator)


def test_staff_without_a_role_are_not_called_citizens(client, hub):
    coordinator = make_coordinator(hub)
    RoleGrant.objects.filter(user=coordinator).delete()
    Mandate.objects.filter(user=coordinator).delete()
    assert "Staff of the body" in _account_page(client, coordinator)
    assert "Registered citizen" in _account_page(client, make_user())
