"""Recall on the spelling-variant test set (tabadul/search/variants.py), on whichever database runs the tests:
CI runs the suite on SQLite and on PostgreSQL, so this holds on both."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tabadul.search import analysis
from tabadul.search.backends import get_backend
from tabadul.search.models import SearchEntry
from tabadul.search.selectors import SearchFilters, _filter, search
from tabadul.search.variants import VARIANTS

from .helpers import make_hub, rebuild


def _lucene_finds(query: str, document: str) -> bool:
    """Would Lucene's arabic analyzer (normaliser + light10 stems, no exact terms) match every query word?"""
    stems = {analysis.lucene_stem(word) for word in analysis.words(document)}
    return all(analysis.lucene_stem(word) in stems for word in analysis.words(query))


def test_the_set_has_at_least_sixty_distinct_pairs():
    assert len(VARIANTS) >= 60
    assert len({(query, document) for query, document, _ in VARIANTS}) == len(VARIANTS)


def test_recall_is_complete_on_this_database(db):
    for number, (_query, document, _what) in enumerate(VARIANTS):
        make_hub(document, slug=f"variant-{number}")
    rebuild("hub")
    backend, where = get_backend(), _filter(AnonymousUser(), SearchFilters())
    ids = dict(SearchEntry.objects.values_list("title", "pk"))
    missed = []
    for query, document, what in VARIANTS:
        found = backend.page(analysis.query_terms(query), where, limit=1000, offset=0)
        if ids[document] not in found:
            missed.append((query, document, what))
    assert missed == [], f"{connection.vendor}: {len(missed)} of {len(VARIANTS)} missed"


def test_the_baseline_misses_variants_that_the_search_finds():
    """The point of the set: a plain case-insensitive substring search misses most of it."""
    baseline_hits = sum(1 for query, document, _ in VARIANTS if query.lower() in document.lower())
    assert baseline_hits < len(VARIANTS) / 2


def test_lucene_would_match_the_set_too():
    """We match the quality anchor on the set (we differ on names of places, see test_ranking)."""
    assert all(_lucene_finds(query, document) for query, document, _ in VARIANTS if not query.isascii())


def test_a_town_finds_itself_first_and_not_the_words_lucene_confuses_it_with(db):
    make_hub("تنمية بلدية جنين", slug="jenin")
    make_hub("لجنة الجنان والحدائق", slug="gardens")
    make_hub("مشاريع الجنة الخضراء", slug="paradise")
    make_hub("زيارة إلى جنين والمحافظة", slug="visit")
    rebuild("hub")
    results = search(user=AnonymousUser(), query="جنين")
    assert [hit.entry.title for hit in results.hits] == ["تنمية بلدية جنين", "زيارة إلى جنين والمحافظة"]
    # Lucene's analyzer would have found all four: جنين, جنان, الجنة and لجنة all stem to جن.
    assert analysis.lucene_stem("جنين") == analysis.lucene_stem("الجنه") == analysis.lucene_stem("جنان") == "جن"


def test_exact_words_rank_above_stems(db):
    make_hub("بلديات الشمال تتعاون", slug="plural", description="بلديات بلديات")
    make_hub("بلدية الشمال", slug="singular")
    rebuild("hub")
    titles = [hit.entry.title for hit in search(user=AnonymousUser(), query="البلدية").hits]
    assert titles == ["بلدية الشمال", "بلديات الشمال تتعاون"]
    titles = [hit.entry.title for hit in search(user=AnonymousUser(), query="بلديات").hits]
    assert titles == ["بلديات الشمال تتعاون", "بلدية الشمال"]
