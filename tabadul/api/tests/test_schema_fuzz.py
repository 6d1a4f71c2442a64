"""schemathesis against the live OpenAPI schema: no 5xx and answers that match the schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tabadul.api.v1 import api

application = get_wsgi_application()
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application  # every call, including schemathesis' own probes, goes to the app in-process


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
