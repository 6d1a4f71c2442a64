"""Nobody finds what they may not see: each source's own rule decides (library, events, qa, meter)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.library import services as library_services
from tabadul.library.models import Document
from tabadul.search.selectors import search

WORD = "مستودعالوثائق"  # a word found nowhere else


def _titles(user, query=WORD):
    return sorted(hit.entry.title for hit in search(user=user, query=query).hits)


@pytest.fixture
def documents(body, body_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for visibility in ("public", "members", "private"):
            library_services.document_create(
                actor=body_editor,
                title_ar=f"{WORD} {visibility}" + (" سريللغاية" if visibility == "private" else ""),
                title_en=f"Document {visibility}",
                type=Document.Type.STUDY,
                visibility=visibility,
                author_bodies=[body],
            )


def test_a_private_document_never_appears_for_others(documents, citizen, other_body_editor, body, body_editor):
    assert _titles(AnonymousUser()) == [f"{WORD} public"]
    assert _titles(citizen) == [f"{WORD} public"]
    assert _titles(other_body_editor) == [f"{WORD} public"]
    colleague = make_user(body=body)  # staff of the authoring body: members-only, not private
    assert _titles(colleague) == [f"{WORD} members", f"{WORD} public"]
    assert _titles(body_editor) == [f"{WORD} members", f"{WORD} private سريللغاية", f"{WORD} public"]


def test_a_private_document_does_not_show_in_facet_counts_or_suggestions(documents, citizen):
    results = search(user=citizen, query=WORD)
    assert results.total == 1
    assert sum(value.count for value in results.facets["type"]) == 1
    assert search(user=citizen, query=WORD + "x").suggestion == WORD
    # A word only a private document has is never suggested, not even to its author.
    assert search(user=citizen, query="سريللغايه").total == 0
    assert search(user=citizen, query="سريللغايx").suggestion == ""


def test_a_document_made_private_disappears_at_once(
    documents, body_editor, citizen, django_capture_on_commit_callbacks
):
    document = Document.objects.get(title_ar=f"{WORD} public")
    with django_capture_on_commit_callbacks(execute=True):
        library_services.document_update(actor=body_editor, document=document, visibility="private")
    assert _titles(citizen) == []


@pytest.fixture
def events(platform_admin, django_capture_on_commit_callbacks):
    starts = timezone.now() + dt.timedelta(days=3)
    created = {}
    with django_capture_on_commit_callbacks(execute=True):
        for visibility in ("public", "invitation"):
            created[visibility] = event_services.event_create(
                actor=platform_admin,
                organised_by_platform=True,
                name_ar=f"{WORD} {visibility}",
                type=Event.Type.WORKSHOP,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                visibility=visibility,
                city="نابلس",
            )
    return created


def test_an_invitation_only_event_appears_to_the_invited_only(events, platform_admin, citizen, body_editor):
    assert _titles(AnonymousUser()) == [f"{WORD} public"]
    assert _titles(citizen) == [f"{WORD} public"]
    event_services.invitation_create(actor=platform_admin, event=events["invitation"], users=[citizen])
    assert _titles(citizen) == [f"{WORD} invitation", f"{WORD} public"]
    assert _titles(body_editor) == [f"{WORD} public"]
    assert _titles(platform_admin) == [f"{WORD} invitation", f"{WORD} public"]


def test_questions_are_found_only_by_those_who_may_read_them(
    body, other_body, citizen, specialist, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from tabadul.qa.models import Answer, Question

    asker = make_user(body=body)
    colleague_elsewhere = make_user(body=other_body)
    with django_capture_on_commit_callbacks(execute=True):
        question = Question.objects.create(asker=asker, local_body=body, title=f"{WORD} سؤال", text="تفاصيل")
        answer = Answer.objects.create(question=question, author=specialist, text=f"{WORD} جواب خاص")
    assert _titles(AnonymousUser()) == []
    assert _titles(citizen) == []
    assert _titles(colleague_elsewhere) == []  # staff of another body: not the asker, not a specialist
    assert _titles(specialist) == [f"{WORD} سؤال"]
    assert _titles(asker) == [f"{WORD} سؤال"]
    # Asked for publication but not confirmed: still private.
    with django_capture_on_commit_callbacks(execute=True):
        question.accepted_answer, question.accepted_at = answer, timezone.now()
        question.publication = Question.Publication.REQUESTED
        question.save()
    assert _titles(AnonymousUser()) == [] and _titles(citizen) == []
    # Published (issue 21): public knowledge, found by anyone, its answers' words too.
    with django_capture_on_commit_callbacks(execute=True):
        question.publication, question.published_at = Question.Publication.PUBLISHED, timezone.now()
        question.save()
    for person in (AnonymousUser(), citizen, colleague_elsewhere, specialist, asker):
        assert _titles(person) == [f"{WORD} سؤال"]
    assert _titles(AnonymousUser(), "جواب خاص") == [f"{WORD} سؤال"]
    # Made private again: gone at once for everyone but its readers.
    with django_capture_on_commit_callbacks(execute=True):
        question.publication, question.published_at = Question.Publication.PRIVATE, None
        question.save()
    assert _titles(AnonymousUser()) == [] and _titles(colleague_elsewhere) == []
    assert _titles(asker) == [f"{WORD} سؤال"]
