"""Two programmes, each with a hub, a members-only event of that hub, a Meter pilot and a twinning group, and an
officer of the first. Everything the officer may do concerns programme P; programme Q is "elsewhere"."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.services import role_grant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.hubs.models import Hub, Mandate, Membership
from tabadul.meter.tests import factories as meter
from tabadul.programmes.models import Programme
from tabadul.twinning.models import Network, TwinningGroup


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Side:
    programme: Programme
    hub: Hub
    coordinator: User
    member: User
    event: Event
    body: object
    plan: object
    group: TwinningGroup


def _side(slug: str, network: Network, facilitator: User) -> Side:
    programme = Programme.objects.create(slug=slug, name_ar=f"برنامج {slug}", name_en=f"Programme {slug}")
    hub = Hub.objects.create(slug=f"hub-{slug}", name_ar=f"منصة {slug}", name_en=f"Hub {slug}", programme=programme)
    body = LocalBodyFactory()
    Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
    member = make_user(body=body, full_name=f"Member of {slug}")
    coordinator = make_user(body=body)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=coordinator,
        body=body,
        role=Mandate.Role.COORDINATOR,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=300),
    )
    start = timezone.now() + datetime.timedelta(days=10)
    event = event_services.event_create(
        actor=coordinator,
        hubs=[hub],
        name_ar=f"يوم تعليمي {slug}",
        name_en=f"Learning day {slug}",
        type=Event.Type.LEARNING_DAY,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        visibility=Event.Visibility.MEMBERS,
        city="نابلس",
    )
    event_services.event_register(actor=member, event=event)
    editor, approver = meter.staff(body)
    plan = meter.make_plan(actor=editor, body=body, approver=approver)
    plan.programme = programme
    plan.save(update_fields=["programme"])
    other = LocalBodyFactory()
    group = TwinningGroup.objects.create(
        network=network,
        programme=programme,
        name_ar=f"مجموعة {slug}",
        theme="led_strategy",
        objectives="تبادل",
        starts_on=datetime.date(2018, 3, 1),
        facilitator=facilitator,
    )
    group.members.set([body, other])
    return Side(programme, hub, coordinator, member, event, body, plan, group)


@pytest.fixture
def world(db):
    facilitator = make_user(username="facilitator")
    network = Network.objects.create(slug="net", name_ar="شبكة", facilitating_organisation="CMI")
    p = _side("p", network, facilitator)
    q = _side("q", network, facilitator)
    officer = make_user(username="p.officer", email="p.officer@example.org", full_name="Officer of P")
    role_grant(actor=None, user=officer, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=p.programme)
    admin = make_user(username="platform.admin", role=RoleGrant.Role.PLATFORM_ADMIN)
    citizen = make_user(username="someone")
    return type("World", (), {"p": p, "q": q, "officer": officer, "admin": admin, "citizen": citizen})
