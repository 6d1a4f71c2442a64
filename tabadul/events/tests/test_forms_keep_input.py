"""The forms of an event's manage page (check-in code, capacity, invitations, documents), not valid or refused,
show the manage page again with what was typed and the error in the page's language (issue 18, item 7)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.forms import CapacityForm, CheckInCodeForm, DocumentForm, InviteForm
from tabadul.events.models import CAPACITY_MESSAGE, EventDocument, Invitation

from .conftest import make_event

pytestmark = pytest.mark.django_db
ARABIC = re.compile("[\u0621-\u064a]")


def _post(client, name, event, data, language="en"):
    with translation.override(language):
        url = reverse(name, args=[event.pk])
    return client.post(url, data)


def _form_error(form_class, data, field, language="ar", files=None):
    with translation.override(language):
        form = form_class(data, files or {})
        assert not form.is_valid()
        return str(form.errors[field][0])


def _shows_the_manage_page_again(response, event):
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html and "error-summary" in html
    with translation.override("en"):
        forms = [reverse(name, args=[event.pk]) for name in ("events:check_in_code", "events:event_capacity")]
    assert all(f'action="{url}"' in html for url in forms)  # the whole manage page, not a bare form
    return html


def _in_arabic(client, name, event, data, message):
    html = _post(client, name, event, data, language="ar").content.decode()
    assert ARABIC.search(message) and escape(message) in html


@pytest.fixture
def event(platform_admin, client):
    client.force_login(platform_admin)
    return make_event(platform_admin, days=0, capacity=3)


def test_a_capacity_not_valid_is_shown_again(client, event):
    html = _shows_the_manage_page_again(_post(client, "events:event_capacity", event, {"capacity": "0"}), event)
    assert re.search(r'<input[^>]*name="capacity"[^>]*value="0"', html)
    assert escape(str(CAPACITY_MESSAGE)) in html
    event.refresh_from_db()
    assert event.capacity == 3
    _in_arabic(
        client,
        "events:event_capacity",
        event,
        {"capacity": "0"},
        _form_error(CapacityForm, {"capacity": "0"}, "capacity"),
    )


def test_an_unknown_check_in_code_is_shown_again_with_the_refusal(client, event):
    registration = services.event_register(actor=make_user(), event=event)
    html = _shows_the_manage_page_again(_post(client, "events:check_in_code", event, {"code": "ZZZZ9999"}), event)
    assert 'value="ZZZZ9999"' in html and "No registration for this event has this code." in html
    assert _post(client, "events:check_in_code", event, {"code": ""}).status_code == 400
    _in_arabic(client, "events:check_in_code", event, {"code": ""}, _form_error(CheckInCodeForm, {"code": ""}, "code"))
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_invitations_to_unknown_people_are_shown_again(client, event):
    data = {"people": "nobody-such@example.org\nanother-unknown"}
    html = _shows_the_manage_page_again(_post(client, "events:event_invite", event, data), event)
    assert "nobody-such@example.org\nanother-unknown</textarea>" in html
    assert escape(_form_error(InviteForm, data, "people", "en")) in html
    assert not Invitation.objects.exists()
    _in_arabic(client, "events:event_invite", event, data, _form_error(InviteForm, data, "people"))


def test_a_document_without_its_file_keeps_its_title(client, event):
    data = {"title": "جدول أعمال اليوم التعليمي"}
    html = _shows_the_manage_page_again(_post(client, "events:event_document", event, data), event)
    assert f'value="{data["title"]}"' in html
    assert "Files are not kept when a form has a problem" in html
    assert not EventDocument.objects.exists()
    bad = {"title": data["title"], "file": SimpleUploadedFile("run.exe", b"MZ")}
    assert _post(client, "events:event_document", event, bad).status_code == 400
    _in_arabic(client, "events:event_document", event, data, _form_error(DocumentForm, data, "file"))
