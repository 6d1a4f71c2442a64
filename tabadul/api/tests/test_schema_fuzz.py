"""schemathesis against the live OpenAPI schema: no 5xx and answers that match the schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tabadul.api.v1 import api

application = get_wsgi_application()
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application  # every call, including schemathesis' own probes, goes to the app in-process


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: in-process WSGI calls must not close the test's database connection
    (`close_old_connections` would, once it is older than CONN_MAX_AGE, and the next call would answer 503)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(world, other_world, token_and_key):
    world.publish(world.projects[0], 55)
    return token_and_key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(data, case):
    _token, key = data
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
