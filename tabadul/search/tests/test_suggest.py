"""'Did you mean' from the index's own vocabulary (issue 21): edit distance on normalised words, the more frequent
word first, offered only when it finds more than the query, grammatical in both languages, words linked."""

import pytest
from django.core.cache import cache

from tabadul.search import suggest
from tabadul.search.selectors import search

from .helpers import make_hub, rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    suggest.forget()
    yield
    suggest.forget()


@pytest.fixture
def corpus(db):
    make_hub("الموازنة التشاركية", slug="budget", description="إعداد الموازنة مع المواطنين", name_en="Budget hub")
    make_hub("تدوير النفايات الصلبة", slug="waste", description="جمع النفايات", name_en="Solid waste")
    make_hub("إدارة النفايات في القرى", slug="waste2", description="النفايات", name_en="Waste in villages")
    make_hub("نظم المعلومات الجغرافية", slug="gis", description="الخرائط", name_en="Geographic information")
    rebuild()


def test_distance_is_damerau_levenshtein_with_a_limit():
    assert suggest.damerau_levenshtein("نفايات", "نفايات", 2) == 0
    assert suggest.damerau_levenshtein("نفيات", "نفايات", 2) == 1  # a letter missing
    assert suggest.damerau_levenshtein("نفاايت", "نفايات", 2) == 1  # two letters swapped
    assert suggest.damerau_levenshtein("waste", "water", 1) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("النفيات", "النفايات"),  # a letter missing
        ("الموزانة", "الموازنة"),  # two letters swapped
        ("الجغرافبة", "الجغرافية"),  # a neighbouring key
        ("wastte", "waste"),
        ("geographik information", "geographic information"),
    ],
)
def test_a_misspelt_word_is_corrected_from_the_index_vocabulary(corpus, typed, expected):
    results = search(user=None, query=typed)
    assert results.suggestion == expected
    assert "<strong>" in results.suggestion_html  # the changed word is marked


def test_spelling_variants_are_not_mistakes(corpus):
    """ة/ه and hamza forms are folded by the normaliser: the query already finds, no suggestion."""
    for query in ["الموازنه التشاركيه", "اداره النفايات"]:
        results = search(user=None, query=query)
        assert results.total and results.suggestion == ""


def test_offered_only_when_it_finds_more(corpus):
    # "النفايت" matches nothing; the suggestion النفايات finds 2: offered.
    assert search(user=None, query="النفايت").suggestion == "النفايات"
    # A word that finds something and whose near neighbour finds no more is left alone.
    assert suggest.suggest("القرى") is None or search(user=None, query="القرى").suggestion == ""
    offered = suggest.better("النفايت", found=5, count=lambda text: 2)
    assert offered is None  # the suggestion would find fewer: not offered


def test_the_more_frequent_of_equally_close_words_wins():
    vocabulary = suggest.Vocabulary({"نفايات": ("النفايات", 30), "نهايات": ("النهايات", 2)})
    assert vocabulary.closest("نغايات") == "نفايات"


def test_private_words_are_never_suggested(body, body_editor, django_capture_on_commit_callbacks):
    from tabadul.library.models import Document
    from tabadul.library.tests.factories import make_document

    with django_capture_on_commit_callbacks(execute=True):
        make_document(
            actor=body_editor, author_bodies=[body], title_ar="مخططسري للمشروع", visibility=Document.Visibility.PRIVATE
        )
    assert search(user=body_editor, query="مخططسرى").total == 1  # the author finds it (ى/ي folded)
    assert search(user=body_editor, query="مخطتسري").suggestion == ""  # but it is never offered as a spelling


def test_the_page_asks_a_question_and_links_the_words(client, corpus):
    """English: "Did you mean: <link>?" (Arabic: "هل تقصد: …؟", in the catalogue), the changed word marked."""
    response = client.get("/en/search/", {"q": "النفيات"})
    page = response.content.decode()
    assert response.context["results"].suggestion == "النفايات"
    assert 'class="suggestion"><strong>النفايات</strong></a>?' in page
    assert "Did you mean: <a" in page
