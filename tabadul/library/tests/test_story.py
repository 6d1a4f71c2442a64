"""The story of a topic: everything linked, in date order, with a constant number of queries."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.library import services
from tabadul.library.models import Document
from tabadul.library.story import story_for

from .conftest import make_event, make_project, make_topic
from .factories import make_document

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture
def thread(body_editor, body):
    """A hub topic (Jan 2024), a workshop on it (Feb), a study tagged with it (Mar), a recommendation (Apr)
    discussed in a dialogue session (May) and adopted (Jun), and a Meter project linked to the study (Jul)."""
    topic = make_topic()
    workshop = make_event(when=at(2024, 2, 5), topics=[topic], name_ar="ورشة تخطيط جمع النفايات")
    study = make_document(
        actor=body_editor,
        author_bodies=[body],
        topics=[topic],
        title_ar="دراسة جمع النفايات الصلبة",
        published_on=dt.date(2024, 3, 1),
    )
    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="إنشاء مجلس خدمات مشترك")
    rec.status_changes.update(changed_at=at(2024, 4, 1))
    session = make_event(when=at(2024, 5, 10), type="dialogue_session", name_ar="جلسة حوار حول التوصيات")
    services.recommendation_set_sessions(actor=body_editor, recommendation=rec, sessions=[session])
    services.recommendation_set_status(
        actor=body_editor, recommendation=rec, status="adopted", reason="أقرها المجلس البلدي", at=at(2024, 6, 2)
    )
    project = make_project(body=body, start=dt.date(2024, 7, 1))
    services.topic_link_add(actor=body_editor, anchor=study, target=project)
    return {"topic": topic, "workshop": workshop, "study": study, "rec": rec, "session": session, "project": project}


EXPECTED = [
    "جمع النفايات الصلبة",
    "ورشة تخطيط جمع النفايات",
    "دراسة جمع النفايات الصلبة",
    "إنشاء مجلس خدمات مشترك",
    "جلسة حوار حول التوصيات",
    "إنشاء مجلس خدمات مشترك",
    "مشروع حاويات النفايات",
]


@pytest.mark.parametrize("root", ["topic", "study", "rec", "project"])
def test_the_story_lists_everything_linked_in_date_order(root, thread, citizen):
    story = story_for(user=citizen, root=thread[root])
    assert [entry.title for entry in story.entries] == EXPECTED
    assert [entry.kind for entry in story.entries] == [
        "topic",
        "event",
        "document",
        "recommendation",
        "dialogue",
        "status",
        "project",
    ]
    whens = [entry.when for entry in story.entries]
    assert whens == sorted(whens)
    adopted = story.entries[5]
    assert adopted.detail == "أقرها المجلس البلدي" and adopted.status == "adopted"


def test_the_story_marks_people_s_text_inside_its_own_sentences(thread, citizen):
    """On an English page the interface's words stay English; only the titles and reasons are marked Arabic."""
    with translation.override("en"):
        entries = {entry.kind: entry for entry in story_for(user=citizen, root=thread["topic"]).entries}
        assert entries["dialogue"].detail_html == (
            'On the recommendation: <bdi lang="ar" dir="rtl">إنشاء مجلس خدمات مشترك</bdi>'
        )
        assert entries["status"].detail_html == '<span lang="ar" dir="rtl">أقرها المجلس البلدي</span>'
        assert entries["project"].title_html == '<bdi lang="ar" dir="rtl">مشروع حاويات النفايات</bdi>'


def test_a_private_document_and_its_recommendations_stay_out_of_others_stories(thread, body_editor, body, citizen):
    secret = make_document(
        actor=body_editor,
        author_bodies=[body],
        topics=[thread["topic"]],
        visibility=Document.Visibility.PRIVATE,
        title_ar="مسودة سرية",
    )
    services.recommendation_create(actor=body_editor, document=secret, title_ar="توصية سرية")
    titles = [entry.title for entry in story_for(user=citizen, root=thread["topic"]).entries]
    assert "مسودة سرية" not in titles and "توصية سرية" not in titles
    mine = [entry.title for entry in story_for(user=body_editor, root=thread["topic"]).entries]
    assert "مسودة سرية" in mine and "توصية سرية" in mine


def _grow(thread, body_editor, body, n):
    """More of every kind of linked row: documents, versions, recommendations, status changes, sessions, events
    on the topic and linked projects."""
    from .factories import pdf_upload

    for i in range(n):
        doc = make_document(
            actor=body_editor, author_bodies=[body], topics=[thread["topic"]], title_ar=f"دراسة إضافية {i}"
        )
        services.document_version_add(actor=body_editor, document=doc, file=pdf_upload(), change_note="تحديث")
        rec = services.recommendation_create(actor=body_editor, document=doc, title_ar=f"توصية {i}")
        services.recommendation_set_status(actor=body_editor, recommendation=rec, status="discussed", reason="نوقشت")
        session = make_event(when=at(2024, 8, 1 + i), type="dialogue_session", name_ar=f"جلسة {i}")
        services.recommendation_set_sessions(actor=body_editor, recommendation=rec, sessions=[session])
        make_event(when=at(2024, 9, 1 + i), topics=[thread["topic"]], name_ar=f"ورشة {i}")
        project = make_project(body=body, start=dt.date(2024, 10, 1 + i), name_ar=f"مشروع {i}", external_id=f"X{i}")
        services.topic_link_add(actor=body_editor, anchor=thread["topic"], target=project)
        event = make_event(when=at(2024, 11, 1 + i), name_ar=f"زيارة {i}", type="field_visit")
        services.topic_link_add(actor=body_editor, anchor=doc, target=event)


# The content types (read each time: never the process cache, whose state changed the count), links of the root
# (project only), topic/document pairs, links, topics, documents, versions, recommendations, status changes,
# dialogue sessions, events on the topics, one query per other linked kind (projects, events).
STORY_QUERIES = {"topic": 11, "study": 11, "rec": 11, "project": 12}


@pytest.mark.parametrize("root", ["topic", "study", "rec", "project"])
def test_the_story_reads_a_constant_number_of_queries(
    root, thread, body_editor, body, citizen, django_assert_num_queries, platform_admin
):
    from tabadul.accounts.tests.factories import make_user

    thread["study"].author_hubs.clear()
    reader = make_user()
    story_for(user=reader, root=thread[root])  # warms the person's role caches
    with django_assert_num_queries(STORY_QUERIES[root]):
        small = story_for(user=reader, root=thread[root])
    _grow(thread, platform_admin, body, 3)
    reader = make_user()
    story_for(user=reader, root=thread[root])
    with django_assert_num_queries(STORY_QUERIES[root]):
        big = story_for(user=reader, root=thread[root])
    assert len(big.entries) > len(small.entries) + 3 * 5
    whens = [entry.when for entry in big.entries]
    assert whens == sorted(whens)


@pytest.mark.parametrize("kind", ["topic", "document", "recommendation", "project", "event"])
def test_the_story_page_from_each_kind_of_root(kind, thread, client):
    obj = {
        "topic": thread["topic"],
        "document": thread["study"],
        "recommendation": thread["rec"],
        "project": thread["project"],
        "event": thread["workshop"],
    }[kind]
    response = client.get(reverse("library:story", args=[kind, obj.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index('class="library-story"') :]
    positions = [
        html.index(title)
        for title in [
            "ورشة تخطيط جمع النفايات",
            "دراسة جمع النفايات الصلبة",
            "جلسة حوار حول التوصيات",
            "مشروع حاويات النفايات",
        ]
    ]
    assert positions == sorted(positions)


def test_the_story_page_query_count_does_not_grow(thread, body, client, platform_admin, django_assert_num_queries):
    url = reverse("library:story", args=["topic", thread["topic"].pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _grow(thread, platform_admin, body, 3)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert "مشروع 2" in response.content.decode()


def test_unknown_or_hidden_roots_are_not_found(client, body_editor, body):
    assert client.get(reverse("library:story", args=["nothing", 1])).status_code == 404
    assert client.get(reverse("library:story", args=["topic", 999])).status_code == 404
    secret = make_document(actor=body_editor, author_bodies=[body], visibility="private")
    assert client.get(reverse("library:story", args=["document", secret.pk])).status_code == 404


@override_settings(PAGE_SIZE=2)
def test_the_story_page_shows_a_page_of_its_entries(thread, client):
    """A long-lived thread is read a page at a time (issue 22): the entries stay in date order across pages."""
    url = reverse("library:story", args=["document", thread["study"].pk])
    first = client.get(url).content.decode()
    assert first.count('<li class="story-') == 2 and "?page=2#story" in first
    whole = story_for(user=AnonymousUser(), root=thread["study"]).entries
    pages = [client.get(url, {"page": str(number)}).content.decode() for number in range(1, len(whole) // 2 + 2)]
    kinds = [kind for page in pages for kind in re.findall(r'<li class="story-(\w+)">', page)]
    assert kinds == [entry.kind for entry in whole]  # every entry once, in date order


@override_settings(PAGE_SIZE=1)
def test_the_recommendation_shows_a_page_of_its_history_and_of_its_sessions(thread, client, platform_admin):
    recommendation = thread["rec"]
    assert recommendation.status_changes.count() >= 2 and recommendation.dialogue_sessions.count() == 1
    client.force_login(platform_admin)
    url = reverse("library:recommendation_detail", args=[recommendation.pk])
    html = client.get(url, {"sessions": "1"}).content.decode()
    history = html.split('id="history"')[1].split("</ol>")[0]
    assert history.count("<li>") == 1
    assert "?sessions=1&amp;history=2#history" in html  # the other list's page rides along
    assert thread["session"].name_ar in html.split('id="sessions"')[1]
