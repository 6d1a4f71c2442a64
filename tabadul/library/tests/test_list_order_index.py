"""The documents' lists walk the index of their order (newest first) until a page is full: at 50,000 documents
(issue 22) reading every visible one and sorting it for a page of 20 took 230 ms. An index on the visibility (three
values, most rows public) made SQLite read them all; it is gone. SQLite only: what its planner picks without
statistics, as the bench's and a fresh site's database are."""

import pytest
from django.db import connection

from tabadul.library import selectors
from tabadul.library.models import Document

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]


def _plan(queryset) -> str:
    return queryset.explain()


def test_a_page_of_the_document_list_is_read_in_the_indexs_order(body_editor, study):
    plan = _plan(selectors.document_list(user=body_editor)[:20])
    assert "library_document_newest" in plan and "TEMP B-TREE" not in plan


def test_a_bodys_documents_start_from_the_body_not_from_every_visible_document(body_editor, body, study):
    documents = selectors.visible_documents(body_editor).filter(author_bodies=body)
    plan = _plan(documents.order_by(*Document._meta.ordering)[:6])
    assert "visibility" not in plan


def test_the_recommendations_check_their_own_document_not_every_visible_one(body_editor, study):
    plan = _plan(selectors.recommendation_list(user=body_editor)[:20])
    assert "SEARCH V0 USING INTEGER PRIMARY KEY" in plan or "SEARCH U0 USING INTEGER PRIMARY KEY" in plan, plan
    assert "LIST SUBQUERY" not in plan, plan
