"""'Did you mean' from the index's own vocabulary (issue 21): edit distance on normalised words (two edits from six
letters), the more frequent word first, offered only when the query finds nothing and the suggestion finds more,
grammatical in both languages, words linked."""

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


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("المزنه", "الموازنة"),  # two letters missing
        ("الموزانع", "الموازنة"),  # two letters swapped, one wrong
        ("الجعرافيع", "الجغرافية"),  # two wrong
        ("التشاااركيه", "التشاركية"),  # two extra
        ("تدووبر النفايات", "تدوير النفايات"),  # one extra, one wrong; the other word kept
        ("budjet", "budget"),
        ("infromatoin", "information"),  # two pairs swapped
        ("geograpik", "geographic"),  # one missing, one wrong
        ("vilagse", "villages"),  # one missing, a pair swapped
        ("solid wastte", "solid waste"),
    ],
)
def test_two_edits_are_corrected_in_words_of_six_letters_or_more(corpus, typed, expected):
    results = search(user=None, query=typed)
    assert results.total == 0
    assert results.suggestion == expected


def test_short_words_are_corrected_within_one_edit_only(corpus):
    assert suggest.suggest("wsaet") is None  # waste, two swaps away: five letters are too few to guess
    assert suggest.suggest("wsate").query == "waste"  # one swap


def test_every_kind_of_two_edits_is_found():
    """Each pair of edits (wrong, missing, extra, swapped) turns a vocabulary word into a typo that is corrected."""
    word = "الموازنه"
    edits = {
        "wrong": lambda w, i: w[:i] + ("ك" if w[i] != "ك" else "ل") + w[i + 1 :],
        "missing": lambda w, i: w[:i] + w[i + 1 :],
        "extra": lambda w, i: w[:i] + "ق" + w[i:],
        "swapped": lambda w, i: w[:i] + w[i + 1] + w[i] + w[i + 2 :],
    }
    vocabulary = suggest.Vocabulary({word: ("الموازنة", 5), "المدارس": ("المدارس", 9)})
    for first_name, first in edits.items():
        for second_name, second in edits.items():
            typo = second(first(word, 1), 5)
            distance = suggest.damerau_levenshtein(typo, word, 2)
            assert distance is not None and distance >= 1, (first_name, second_name, typo)
            assert vocabulary.closest(typo) == word, (first_name, second_name, typo)


def test_the_more_frequent_of_words_two_edits_away_wins():
    for frequent, rare in (("budget", "ballet"), ("ballet", "budget")):
        vocabulary = suggest.Vocabulary({frequent: (frequent, 40), rare: (rare, 3), "widget": ("widget", 900)})
        assert vocabulary.closest("baddet") == frequent  # both two edits away; widget three
    for frequent, rare in (("المدارس", "المدرسه"), ("المدرسه", "المدارس")):
        vocabulary = suggest.Vocabulary({frequent: (frequent, 40), rare: (rare, 3)})
        assert vocabulary.closest("المدارزه") == frequent


def test_no_suggestion_when_the_query_finds_results(db):
    """ "budgeted" is a word of a text: the query finds it, and is not 'corrected' into the title word budget,
    although budget would find more."""
    make_hub("Budget one", slug="b1", name_en="Budget one", description="the budgeted works")
    make_hub("Budget two", slug="b2", name_en="Budget two")
    make_hub("Budget three", slug="b3", name_en="Budget three")
    rebuild()
    results = search(user=None, query="budgeted")
    assert results.total == 1
    assert suggest.suggest("budgeted").query == "budget"  # the nearest title word, if it were asked
    assert results.suggestion == ""
    arabic = search(user=None, query="الموازنات")  # a plural of a title word, found by its stem
    assert arabic.suggestion == ""


def test_a_word_the_index_finds_is_kept_in_a_suggestion(db):
    make_hub("Budget one", slug="b1", name_en="Budget one", description="the budgeted works")
    make_hub("Budget two", slug="b2", name_en="Budget two")
    rebuild()
    results = search(user=None, query="budgeted budjet")
    assert results.total == 0
    assert results.suggestion == "budgeted budget"  # not "budget budget"


def test_written_forms_are_shown_without_marks(db):
    make_hub("المُوازَنـــة العامة", slug="marks", description="")
    make_hub("الموازنة السنوية", slug="plain", description="")
    rebuild()
    assert search(user=None, query="الموازنع").suggestion == "الموازنة"


def test_each_process_keeps_its_copy_until_the_shared_words_change(corpus, monkeypatch):
    scans = []
    scan = suggest._scan
    monkeypatch.setattr(suggest, "_scan", lambda: scans.append(1) or scan())
    first = suggest.vocabulary()
    assert suggest.vocabulary() is first and len(scans) == 1  # no second scan, no second copy
    cache.delete(suggest.STAMP_KEY)  # expired (or another process rescanned)
    assert suggest.vocabulary() is not first and len(scans) == 2


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
