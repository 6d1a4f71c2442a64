import datetime as dt

import pytest

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Country
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.twinning import services

START = dt.date(2026, 3, 15)


def foreign_body(code: str, **fields):
    return LocalBodyFactory(country=Country.objects.get(code=code), governorate=None, region=None, **fields)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); reverse() then gives the /en/ addresses."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def admin(db):
    return make_user(role=RoleGrant.Role.PLATFORM_ADMIN)


@pytest.fixture
def facilitator(db):
    return make_user(full_name="ميسّرة الشبكة")


@pytest.fixture
def bodies(db, body):
    """Four bodies of a network: `body` (Palestine), Jordan, Türkiye, Lebanon."""
    return [body, foreign_body("JO"), foreign_body("TR"), foreign_body("LB")]


@pytest.fixture
def network(admin, bodies, facilitator):
    network = services.network_create(
        actor=admin,
        name_ar="شبكة تجريبية",
        name_en="Test network",
        slug="test-network",
        facilitating_organisation="CMI",
        members=bodies,
        facilitators=[facilitator],
    )
    services.criterion_add(actor=admin, network=network, name_ar="وضوح الأهداف", max_score=5)
    services.criterion_add(actor=admin, network=network, name_ar="التواصل", max_score=4)
    return network


def make_group(*, actor, network, members, facilitator, name="مجموعة", **fields):
    values = {
        "name_ar": name,
        "theme": "led_strategy",
        "objectives": "تحديث استراتيجية التنمية الاقتصادية المحلية",
        "starts_on": START,
        "facilitator": facilitator,
    } | fields
    return services.group_create(actor=actor, network=network, members=members, **values)


@pytest.fixture
def group_a(admin, network, bodies, facilitator):
    """`body` (Palestine) twinned with the Jordanian body."""
    return make_group(actor=admin, network=network, members=bodies[:2], facilitator=facilitator, name="أ")


@pytest.fixture
def group_b(admin, network, bodies):
    """Türkiye and Lebanon, with another facilitator."""
    return make_group(
        actor=admin, network=network, members=bodies[2:], facilitator=make_user(full_name="ميسّر آخر"), name="ب"
    )


@pytest.fixture
def member_a(group_a, bodies):
    return make_user(body=bodies[1])


@pytest.fixture
def member_b(group_b, bodies):
    return make_user(body=bodies[2])
