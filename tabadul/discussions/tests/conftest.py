import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.discussions import services
from tabadul.hubs.models import Hub, Mandate, Membership, WorkingGroupMember, WorkPlan, WorkPlanTopic


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache, keyed by user id; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


def make_hub(slug: str) -> Hub:
    return Hub.objects.create(slug=slug, name_ar=f"منصة {slug}", name_en=f"Hub {slug}")


def make_hub_member(hub: Hub, body=None):
    """Staff of an active member body of the hub."""
    body = body or LocalBodyFactory()
    Membership.objects.get_or_create(
        hub=hub, body=body, defaults={"status": Membership.Status.ACTIVE, "joined_at": timezone.now()}
    )
    return make_user(body=body)


def make_hub_coordinator(hub: Hub):
    user = make_hub_member(hub)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=user,
        body=user.local_body,
        role=Mandate.Role.COORDINATOR,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=300),
    )
    return user


@pytest.fixture
def hub(db):
    return make_hub("hub-a")


@pytest.fixture
def other_hub(db):
    return make_hub("hub-b")


@pytest.fixture
def member(hub):
    return make_hub_member(hub)


@pytest.fixture
def member2(hub):
    return make_hub_member(hub)


@pytest.fixture
def member3(hub):
    return make_hub_member(hub)


@pytest.fixture
def moderator(hub):
    return make_hub_coordinator(hub)


@pytest.fixture
def outsider(other_hub):
    """Staff of a body that belongs to another hub only."""
    return make_hub_member(other_hub)


@pytest.fixture
def other_moderator(other_hub):
    return make_hub_coordinator(other_hub)


@pytest.fixture
def forum(hub):
    return services.forum_ensure(owner=hub)


@pytest.fixture
def thread(forum, member):
    return services.thread_start(actor=member, forum=forum, title="تجارب في إشراك المواطنين", body="ما تجاربكم؟")


@pytest.fixture
def topic(hub):
    today = timezone.localdate()
    plan = WorkPlan.objects.create(hub=hub, starts_on=today, ends_on=today + datetime.timedelta(days=365))
    return WorkPlanTopic.objects.create(work_plan=plan, title_ar="إدارة المشاريع", title_en="Project management")


@pytest.fixture
def group_lead(topic, hub):
    user = make_hub_member(hub)
    WorkingGroupMember.objects.create(topic=topic, user=user, role=WorkingGroupMember.Role.LEAD)
    return user


@pytest.fixture
def group_member(topic, hub):
    user = make_hub_member(hub)
    WorkingGroupMember.objects.create(topic=topic, user=user, role=WorkingGroupMember.Role.MEMBER)
    return user
