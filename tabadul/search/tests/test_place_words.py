"""The place words (analysis.place_words) are kept in a row, so a search after the cache's copy went reads one row
instead of counting every local body's name (issue 22); a rename stores them again once after its commit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tabadul.core.arabic import normalize_arabic
from tabadul.directory.models import LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.search import analysis, index, signals
from tabadul.search.models import PlaceWords

pytestmark = pytest.mark.django_db


def test_the_stored_words_are_read_in_one_query_without_counting_the_names():
    LocalBodyFactory(name_ar="بلدية قراوة بني زيد", name_en="Qarawat Bani Zeid")
    stored = analysis.store_place_words()
    assert "قراوه" in stored
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert analysis.place_words() == stored
    assert len(queries) == 1 and "search_place_words" in queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        analysis.place_words()  # the shared cache's copy
    assert len(queries) == 0


def _bulk_body(name_ar: str, slug: str) -> LocalBody:
    """A body written without a signal (as a bulk load does): nothing is queued for the commit."""
    body = LocalBodyFactory.build(name_ar=name_ar, name_en="", slug=slug)
    body.search_name = normalize_arabic(name_ar)
    (body,) = LocalBody.objects.bulk_create([body])
    return body


def test_a_rename_drops_the_stored_words_and_stores_them_once_after_the_commit(django_capture_on_commit_callbacks):
    body = _bulk_body("بلدية عقربا", "aqraba")
    analysis.store_place_words()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        body.name_ar = "بلدية مجدل بني فاضل"
        body.save()
        assert not PlaceWords.objects.exists()  # until the commit, a reader counts them from the tables
        assert "مجدل" in analysis.place_words() and "عقربا" not in analysis.place_words()
        LocalBodyFactory(name_ar="بلدية دوما", name_en="Duma")
    stores = [queued for queued in callbacks if getattr(queued, "callback", None) is signals._store_places]
    assert len(stores) == 1  # one for the transaction (on_commit_once)
    words = set(PlaceWords.objects.get().words.split())
    assert {"مجدل", "دوما"} <= words and "عقربا" not in words


def test_words_stored_before_a_bulk_load_are_counted_again_by_a_rebuild_and_a_check_writes_nothing():
    analysis.store_place_words()
    _bulk_body("بلدية بيت فوريك", "beit-furik")
    stored = PlaceWords.objects.get()
    index.check()
    assert PlaceWords.objects.get() == stored and stored.counted_at == PlaceWords.objects.get().counted_at
    assert "فوريك" in analysis.place_words()  # the check counted the tables into the cache
    index.rebuild()
    assert "فوريك" in PlaceWords.objects.get().words.split()
