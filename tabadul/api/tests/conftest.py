import pytest

from tabadul.api import services
from tabadul.meter.tests.conftest import PlanWorld


@pytest.fixture
def world(body):
    return PlanWorld(body)


@pytest.fixture
def other_world(other_body):
    return PlanWorld(other_body, projects=2)


@pytest.fixture
def token_and_key(world):
    """A token of the world's body, created by its approver."""
    return services.token_create(actor=world.approver, body=world.body, name="نظام المالية")
