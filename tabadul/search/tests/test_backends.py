"""The engines' reads behind a search (backends.py): PostgreSQL's three ways of listing a query's newest permitted
matches give the same matches with the same ranks, and `any_match` answers for words the index has and lacks."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tabadul.search import analysis, backends, selectors
from tabadul.search.tests.helpers import make_hub, rebuild

pytestmark = pytest.mark.django_db

WORD = "قائمةالاحدث"


def _hubs() -> None:
    """Every third hub matches, some by their title, some by their description only (different ranks)."""
    for number in range(18):
        if number % 3:
            make_hub(f"منصة {number}", slug=f"other-{number}")
        elif number % 2:
            make_hub(f"{WORD} {number}", slug=f"titled-{number}")
        else:
            make_hub(f"منصة {number}", slug=f"described-{number}", description=f"عن {WORD}")
    rebuild()


def _anonymous():
    return selectors._filter(AnonymousUser(), selectors.SearchFilters())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's listing")
def test_postgresql_lists_the_same_newest_matches_by_index_walk_or_range(monkeypatch):
    _hubs()
    monkeypatch.setattr(backends.PostgreSQLBackend, "NEWEST", 4)
    backend = backends.PostgreSQLBackend()
    match, where = backend.match(analysis.query_terms(WORD)), _anonymous()
    listed = backend._listed(match, where, 4, walk=False)
    ids = [pk for pk, _rank in listed]
    assert len(listed) == 4 and ids == sorted(ids, reverse=True)
    assert len({rank for _pk, rank in listed}) > 1  # titles rank above descriptions
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM search_entry")
        newest_id = cursor.fetchone()[0]
    holding_them = newest_id - ids[-1] + 1
    assert backend._listed(match, where, 4, walk=True) == listed
    assert backend._in_range(match, where, 4, span=holding_them) == listed
    assert backend._in_range(match, where, 4, span=holding_them - 1) == listed  # too narrow: every match listed
    with connection.cursor() as cursor:  # the range's setting ended with its savepoint
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone()[0] == "on"


def test_any_match_finds_an_indexed_word_and_not_a_misspelt_one():
    _hubs()
    backend = backends.get_backend()
    assert backend.any_match(analysis.query_terms(WORD), _anonymous())
    assert not backend.any_match(analysis.query_terms("قائمةالاحدس"), _anonymous())
