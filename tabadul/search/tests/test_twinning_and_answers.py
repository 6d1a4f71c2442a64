"""Twinning networks and groups are found by what their public pages show, never by their private part; an
answer's words find its question, for the question's readers only."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.qa.models import Answer, Question
from tabadul.search.models import SearchEntry
from tabadul.search.selectors import search
from tabadul.twinning import services as twinning
from tabadul.twinning.models import GroupDocument

from .helpers import rebuild


def _titles(user, query):
    return sorted(str(hit.entry.title) for hit in search(user=user, query=query).hits)


@pytest.fixture
def group(platform_admin, body, django_capture_on_commit_callbacks):
    partner = LocalBodyFactory(name_ar="بلدية الشريك")
    facilitator = make_user(full_name="ميسّرة")
    with django_capture_on_commit_callbacks(execute=True):
        network = twinning.network_create(
            actor=platform_admin,
            name_ar="شبكة التعلّم المتوسطية",
            name_en="Mediterranean learning network",
            slug="med-network",
            facilitating_organisation="مركز التكامل المتوسطي",
            description="تبادل الخبرات بين البلديات المضيفة",
            members=[body, partner],
            facilitators=[facilitator],
        )
        group = twinning.group_create(
            actor=platform_admin,
            network=network,
            members=[body, partner],
            name_ar="توأمة النفايات الصلبة",
            theme="waste_management",
            objectives="تقليل كلفة جمع النفايات وإعادة التدوير في الأحياء",
            starts_on=dt.date(2026, 3, 1),
            facilitator=facilitator,
        )
    return group


def test_networks_and_groups_are_found_by_their_public_page_text(group, citizen):
    assert _titles(AnonymousUser(), "التدوير") == ["توأمة النفايات الصلبة"]
    assert _titles(citizen, "المتوسطية") == ["توأمة النفايات الصلبة", "شبكة التعلّم المتوسطية"]
    assert _titles(AnonymousUser(), "المضيفة") == ["شبكة التعلّم المتوسطية"]
    # The group's theme label and its network's name find it too; the entry links to the group's page.
    assert "توأمة النفايات الصلبة" in _titles(AnonymousUser(), "Solid waste management")
    entry = SearchEntry.objects.get(kind="group", object_id=group.pk)
    assert entry.is_public and entry.url == group.get_absolute_url()


def test_a_group_private_document_never_appears_in_search(
    group, body, platform_admin, django_capture_on_commit_callbacks
):
    staff = make_user(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        twinning.document_upload(
            actor=staff,
            group=group,
            title="محضر سري للمجموعة زنجبيل",
            file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"),
        )
    assert GroupDocument.objects.filter(group=group).exists()
    for user in (AnonymousUser(), staff, platform_admin):
        assert _titles(user, "زنجبيل") == []
    # Not in the group's entry either, not even after a full rebuild.
    rebuild("group", "network")
    assert "زنجبيل" not in SearchEntry.objects.get(kind="group", object_id=group.pk).text
    assert _titles(AnonymousUser(), "زنجبيل") == []


def test_a_network_edit_reindexes_its_groups(group, platform_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        twinning.network_update(actor=platform_admin, network=group.network, name_ar="شبكة الزيتون")
    assert "توأمة النفايات الصلبة" in _titles(AnonymousUser(), "الزيتون")


def test_an_answer_finds_its_question_for_its_readers_only(
    body, citizen, specialist, django_capture_on_commit_callbacks
):
    asker = make_user(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        question = Question.objects.create(asker=asker, local_body=body, title="كيف ننظم السوق", text="تفاصيل")
    assert _titles(specialist, "البسطات") == []
    with django_capture_on_commit_callbacks(execute=True):
        Answer.objects.create(question=question, author=specialist, text="ننصح بتنظيم البسطات في ساحة مخصصة")
    assert _titles(specialist, "البسطات") == ["كيف ننظم السوق"]
    assert _titles(asker, "البسطات") == ["كيف ننظم السوق"]
    assert _titles(AnonymousUser(), "البسطات") == []
    assert _titles(citizen, "البسطات") == []


def test_anonymous_results_are_cached_until_the_index_changes(
    group, platform_admin, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert _titles(AnonymousUser(), "التدوير") == ["توأمة النفايات الصلبة"]
    with django_assert_num_queries(0):
        assert _titles(AnonymousUser(), "التدوير") == ["توأمة النفايات الصلبة"]
    # An index write (here: the group renamed) changes the version: the next search reads the new entry at once.
    with django_capture_on_commit_callbacks(execute=True):
        twinning.group_update(actor=platform_admin, group=group, name_ar="توأمة إعادة التدوير")
    assert _titles(AnonymousUser(), "التدوير") == ["توأمة إعادة التدوير"]
    # Signed-in people are never served from the cache.
    with django_assert_num_queries(0):
        search(user=AnonymousUser(), query="التدوير")
    with CaptureQueriesContext(connection) as queries:
        search(user=platform_admin, query="التدوير")
    assert len(queries) > 0
