"""Event documents are private: served only through a view that checks the event may be seen."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event, EventDocument

from .conftest import make_event

pytestmark = pytest.mark.django_db

PAPER = b"%PDF-1.4 minutes of the twinning meeting"


@pytest.fixture
def secret_document(coordinator, hub, body):
    event = make_event(coordinator, hubs=[hub], visibility=Event.Visibility.INVITATION)
    services.invitation_create(actor=coordinator, event=event, bodies=[body])
    return services.event_document_add(
        actor=coordinator, event=event, title="ورقة العمل", file=SimpleUploadedFile("ورقة عمل.pdf", PAPER)
    )


def test_stored_privately_with_an_unguessable_name(client, secret_document):
    path = Path(secret_document.file.path)
    assert path.read_bytes() == PAPER
    assert Path(settings.PRIVATE_FILES_ROOT) in path.parents and path.suffix == ".pdf"
    assert "ورقة" not in path.name and len(path.stem) >= 24
    assert client.get(secret_document.file.url).status_code == 404  # the checked view: not for anonymous people


def test_only_people_who_may_see_the_event_download(client, secret_document, body, other_coordinator):
    url = secret_document.get_download_url()
    for outsider in (None, make_user(), other_coordinator):
        client.logout()
        if outsider:
            client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(make_user(body=body))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PAPER
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("events:event_detail", args=[secret_document.event_id])).content.decode()
    assert url in page


def test_document_upload_view_refuses_bad_files(client, platform_admin):
    event = make_event(platform_admin)
    client.force_login(platform_admin)
    url = reverse("events:event_document", args=[event.pk])
    response = client.post(url, {"title": "برنامج", "file": SimpleUploadedFile("run.exe", b"MZ")})
    assert response.status_code == 400 and not EventDocument.objects.exists()  # the manage page, shown again
    client.post(url, {"title": "برنامج", "file": SimpleUploadedFile("agenda.pdf", PAPER)})
    assert EventDocument.objects.get().title == "برنامج"


def test_admin_inline_links_to_the_private_download(client, platform_admin, secret_document):
    platform_admin.is_staff = platform_admin.is_superuser = True
    platform_admin.save()
    client.force_login(platform_admin)
    response = client.get(reverse("admin:events_event_change", args=[secret_document.event_id]))
    assert response.status_code == 200
    assert secret_document.get_download_url() in response.content.decode()
