import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def test_home_is_arabic_and_right_to_left(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تبادل" in html


def test_english_home_is_left_to_right(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_home_page_is_light(client):
    response = client.get("/")
    css = client.get("/static/css/tabadul.css")
    total = len(response.content) + len(b"".join(css.streaming_content if css.streaming else [css.content]))
    assert total < 100 * 1024


def test_language_switch_remembers_the_choice(client):
    response = client.get("/language/en/", {"next": "/directory/?type=municipality"})
    assert response.status_code == 302
    assert response["Location"] == "/en/directory/?type=municipality"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # Coming back to an Arabic (unprefixed) address brings the visitor to the English one.
    again = client.get("/directory/")
    assert again.status_code == 302 and again["Location"] == "/en/directory/"
    # Switching back to Arabic works and is remembered too.
    back = client.get("/language/ar/", {"next": "/en/directory/"})
    assert back["Location"] == "/directory/"
    assert client.get("/directory/").status_code == 200


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy


def _lost_database(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("lost-db/", _lost_database)]


@override_settings(ROOT_URLCONF=__name__)
def test_lost_database_answers_a_clear_503(client):
    response = client.get("/lost-db/")
    assert response.status_code == 503
    assert "الخدمة غير متاحة مؤقتاً" in response.content.decode()
    assert response["Retry-After"]
