"""The health-check endpoint `/healthz` (docs/operations.md, "Health checks").

It lives outside i18n_patterns (no language prefix). Until tabadul/urls.py mounts it, these tests use this
module as the URL configuration: the site's own patterns plus `/healthz`.
"""

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import Resolver404, path, resolve

from tabadul import urls as site_urls
from tabadul.core import views

try:
    resolve("/healthz", urlconf=site_urls)
    urlpatterns = list(site_urls.urlpatterns)
except Resolver404:
    urlpatterns = [path("healthz", views.healthz, name="healthz"), *site_urls.urlpatterns]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def _body(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_healthy_site_answers_200_with_both_parts_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert _body(response) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    # A probe every few seconds must not create sessions or set cookies.
    assert not response.cookies


def test_head_works_and_writes_are_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_database_failure_answers_503_naming_the_database(client):
    with mock.patch.object(views.connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert _body(response) == {"database": "failed", "cache": "ok"}


def test_cache_that_loses_values_answers_503_naming_the_cache(client):
    with mock.patch.object(views.cache, "get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert _body(response) == {"database": "ok", "cache": "failed"}


def test_unreachable_cache_answers_503_not_500(client):
    with mock.patch.object(views.cache, "set", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert _body(response) == {"database": "ok", "cache": "failed"}


def test_both_failing_are_both_reported(client):
    with (
        mock.patch.object(views.connection, "cursor", side_effect=OperationalError("server closed")),
        mock.patch.object(views.cache, "set", side_effect=ConnectionError("redis down")),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert _body(response) == {"database": "failed", "cache": "failed"}


def test_no_probe_key_is_left_in_the_cache(client):
    from django.core.cache import cache

    keys = []
    real_set = cache.set

    def spy(key, *args, **kwargs):
        keys.append(key)
        return real_set(key, *args, **kwargs)

    with mock.patch.object(views.cache, "set", side_effect=spy):
        assert client.get("/healthz").status_code == 200
    assert keys and cache.get(keys[0]) is None
