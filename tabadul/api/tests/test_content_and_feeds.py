"""Hubs, events and documents in the API, downloads and feeds: only what an anonymous visitor may see."""

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import timezone

from tabadul.events.models import Event
from tabadul.hubs.models import Hub
from tabadul.library.models import Document

pytestmark = pytest.mark.django_db

SECRET = "اجتماع سري لمجموعة التوأمة"
PRIVATE_DOC = "مسودة داخلية غير منشورة"


@pytest.fixture
def content(body):
    hub = Hub.objects.create(slug="finance", name_ar="منصة المدراء الماليين", name_en="Finance hub")
    starts = timezone.now() + dt.timedelta(days=3)
    open_event = Event.objects.create(
        type=Event.Type.WORKSHOP,
        name_ar="ورشة الموازنة التشاركية",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        visibility=Event.Visibility.PUBLIC,
        city="نابلس",
    )
    open_event.organiser_hubs.add(hub)
    for visibility, name in ((Event.Visibility.INVITATION, SECRET), (Event.Visibility.MEMBERS, "للأعضاء فقط")):
        hidden = Event.objects.create(
            type=Event.Type.VIRTUAL_MEETING,
            name_ar=name,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            visibility=visibility,
        )
        hidden.organiser_hubs.add(hub)
    public_doc = Document.objects.create(
        slug="waste-study",
        type=Document.Type.STUDY,
        title_ar="دراسة جمع النفايات",
        year=2024,
        visibility=Document.Visibility.PUBLIC,
    )
    public_doc.author_bodies.add(body)
    public_doc.author_hubs.add(hub)
    for visibility in (Document.Visibility.PRIVATE, Document.Visibility.MEMBERS):
        hidden_doc = Document.objects.create(
            slug=f"hidden-{visibility}",
            type=Document.Type.STUDY,
            title_ar=PRIVATE_DOC,
            year=2024,
            visibility=visibility,
        )
        hidden_doc.author_bodies.add(body)
        hidden_doc.author_hubs.add(hub)
    return hub, open_event, public_doc


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_api_lists_only_public_events_and_documents(client, content):
    hub, open_event, public_doc = content
    events = client.get("/api/v1/events", {"when": "all"}).json()
    assert [event["id"] for event in events["items"]] == [open_event.pk]
    assert events["items"][0]["hubs"] == ["finance"]
    by_hub = client.get("/api/v1/events", {"when": "all", "hub": "finance"}).json()
    assert by_hub["count"] == 1
    documents = client.get("/api/v1/documents").json()
    assert [document["slug"] for document in documents["items"]] == [public_doc.slug]
    assert SECRET not in json.dumps(events, ensure_ascii=False)


def test_hub_detail_shows_its_work_plans(client, content):
    detail = client.get("/api/v1/hubs/finance").json()
    assert detail["name_ar"] == "منصة المدراء الماليين" and detail["work_plans"] == []
    assert client.get("/api/v1/hubs/nope").status_code == 404
    assert [hub["slug"] for hub in client.get("/api/v1/hubs").json()] == ["finance"]


@pytest.mark.parametrize("dataset", ["events", "documents"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_downloads_leave_out_private_events_and_documents(client, content, dataset, fmt):
    text = text_of(client.get(f"/api/v1/downloads/{dataset}.{fmt}"))
    assert SECRET not in text and PRIVATE_DOC not in text and "للأعضاء فقط" not in text
    assert ("ورشة الموازنة التشاركية" if dataset == "events" else "دراسة جمع النفايات") in text


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/events/rss/",
        "/feeds/events/atom/",
        "/feeds/events/hub/finance/rss/",
        "/en/feeds/events/hub/finance/atom/",
        "/feeds/documents/rss/",
        "/feeds/documents/hub/finance/atom/",
        "/feeds/documents/body/{body}/rss/",
    ],
)
def test_feeds_parse_and_leave_out_private_items(client, content, body, url):
    response = client.get(url.format(body=body.slug))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    titles = [element.text for element in root.iter() if element.tag.endswith("title")]
    assert SECRET not in titles and PRIVATE_DOC not in titles and "للأعضاء فقط" not in titles
    expected = "ورشة الموازنة التشاركية" if "/events/" in url else "دراسة جمع النفايات"
    assert expected in titles


@pytest.mark.parametrize(
    "url", ["/feeds/events/body/x/rss/", "/feeds/events/hub/no-such-hub/rss/", "/feeds/documents/town/x/rss/"]
)
def test_unknown_feed_owner_is_404(client, content, url):
    assert client.get(url).status_code == 404


def test_content_lists_do_not_grow_queries_with_rows(client, content, django_assert_max_num_queries):
    # count, page, and the organising hubs, bodies and people prefetched once each
    with django_assert_max_num_queries(5):
        client.get("/api/v1/events", {"when": "all"})
    with django_assert_max_num_queries(6):
        client.get("/api/v1/documents")
