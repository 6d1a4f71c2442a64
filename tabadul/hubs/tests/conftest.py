import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.models import Hub, Mandate, Membership, Representative


def make_hub(slug="hub-a", **fields) -> Hub:
    return Hub.objects.create(slug=slug, name_ar=fields.pop("name_ar", f"منصة {slug}"), **fields)


def make_member(hub: Hub, body=None, *, role=RoleGrant.Role.BODY_EDITOR):
    """An active member body with one representative (who is also its editor). Returns the representative."""
    body = body or LocalBodyFactory()
    membership = Membership.objects.filter(hub=hub, body=body, status=Membership.Status.ACTIVE).first()
    membership = membership or Membership.objects.create(
        hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now()
    )
    user = make_user(role=role, body=body)
    Representative.objects.create(membership=membership, user=user)
    return user


def make_coordinator(hub: Hub, role=Mandate.Role.COORDINATOR):
    user = make_member(hub)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=user,
        body=user.local_body,
        role=role,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=300),
    )
    return user


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site language: a request to an /en/ page must not leak English into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def hub(db):
    return make_hub("hub-a")


@pytest.fixture
def other_hub(db):
    return make_hub("hub-b")


@pytest.fixture
def coordinator(hub):
    return make_coordinator(hub)


@pytest.fixture
def other_coordinator(other_hub):
    return make_coordinator(other_hub)
