"""A private document never appears to others: not in lists, not on its page, not as a download."""

import pytest
from django.urls import reverse

from tabadul.library.models import Document
from tabadul.library.selectors import document_list, visible_documents

pytestmark = pytest.mark.django_db


def _titles(client) -> str:
    return client.get(reverse("library:document_list")).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other_body_editor", "body_staff"])
def test_private_document_is_hidden_from_others_everywhere(who, client, request, private_document, study):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    listing = _titles(client)
    assert study.title in listing
    assert private_document.title not in listing
    assert client.get(private_document.get_absolute_url()).status_code == 404
    assert client.get(reverse("library:download", args=[private_document.slug, 1])).status_code == 404
    assert client.get(reverse("library:download_current", args=[private_document.slug])).status_code == 404
    assert client.get(reverse("library:story", args=["document", private_document.pk])).status_code == 404


@pytest.mark.parametrize("who", ["body_editor", "platform_admin"])
def test_private_document_is_shown_to_its_authors_and_admins(who, client, request, private_document):
    client.force_login(request.getfixturevalue(who))
    assert private_document.title in _titles(client)
    assert client.get(private_document.get_absolute_url()).status_code == 200
    response = client.get(reverse("library:download", args=[private_document.slug, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_members_document_is_for_staff_of_authoring_bodies_and_organisations(
    members_document, body_staff, citizen, other_body_editor, programme, programme_staff
):
    assert members_document in visible_documents(body_staff)
    assert members_document not in visible_documents(citizen)
    assert members_document not in visible_documents(other_body_editor)
    members_document.author_organisations.add(programme)
    assert members_document in visible_documents(programme_staff)


def test_the_list_query_count_does_not_grow_with_rows(django_assert_max_num_queries, body_editor, body, citizen):
    from .factories import make_document

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            docs = list(document_list(user=citizen)[:20])
            for doc in docs:
                list(doc.author_bodies.all()), list(doc.sdg_goals.all()), doc.current_version, doc.governorate
        return len(ctx.captured_queries)

    make_document(actor=body_editor, author_bodies=[body])
    count()  # warms the per-person caches (roles, organisations)
    small = count()
    for _ in range(6):
        make_document(actor=body_editor, author_bodies=[body])
    assert count() == small


def test_the_list_page_has_a_fixed_query_budget(client, django_assert_num_queries, body_editor, body, citizen):
    """Session, user, roles, organisations, the person's hub relations (one query, hubs/relations.py), count,
    permissions (2), the three filter choices, the page of documents, its three prefetches and how many author
    bodies each has beyond those named: 16, with 2 documents or with 10."""
    from .factories import make_document

    for _ in range(2):
        make_document(actor=body_editor, author_bodies=[body])
    client.force_login(citizen)
    client.get(reverse("library:document_list"))  # caches the header's waiting count
    with django_assert_num_queries(16):
        response = client.get(reverse("library:document_list"))
    assert response.status_code == 200
    for _ in range(8):
        make_document(actor=body_editor, author_bodies=[body])
    with django_assert_num_queries(16):
        response = client.get(reverse("library:document_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="library-title"') == 10


def test_members_document_page_and_download_are_hidden_from_outsiders(client, members_document, citizen, body_staff):
    client.force_login(citizen)
    assert members_document.title not in _titles(client)
    assert client.get(members_document.get_absolute_url()).status_code == 404
    assert client.get(reverse("library:download", args=[members_document.slug, 1])).status_code == 404
    client.force_login(body_staff)
    assert members_document.title in _titles(client)
    assert client.get(reverse("library:download", args=[members_document.slug, 1])).status_code == 200


def test_private_document_stays_out_of_the_sdg_pages(private_document, study, citizen, body_editor):
    """The alignment registry (SDG goal and target pages) asks the library's own visibility rule."""
    from tabadul.alignment import registry

    kind = next(kind for kind in registry.kinds() if kind.model is Document)
    assert list(kind.queryset(citizen)) == [study]
    assert list(kind.queryset(None)) == [study]
    assert set(kind.queryset(body_editor)) == {study, private_document}
