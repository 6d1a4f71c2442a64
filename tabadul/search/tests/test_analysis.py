import pytest

from tabadul.core.arabic import normalize_arabic
from tabadul.search import analysis

PLACES = frozenset({"جنين", "الخليل", "نابلس"})


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("البلديه", "بلد"),
        ("بلديات", "بلد"),
        ("والمدارس", "مدارس"),
        ("فالمجلس", "مجلس"),
        ("للشباب", "شباب"),
        ("المهندسون", "مهندس"),
        ("مياهها", "ميا"),
        ("كتب", "كتب"),
        ("وو", "وو"),  # too short to lose a prefix
    ],
)
def test_light_stem_follows_lucene(word, expected):
    assert analysis.lucene_stem(word) == expected
    assert analysis.stem(word) == expected


def test_place_names_keep_their_ending_where_lucene_over_stems():
    # Lucene's stemmer folds the town of Jenin into the stem of paradise, gardens and committees.
    for other in ("الجنه", "جنان"):
        assert analysis.lucene_stem("جنين") == analysis.lucene_stem(other) == "جن"
    assert analysis.stem("جنين", PLACES) == "جنين"
    assert analysis.stem("وجنين", PLACES) == "جنين"
    assert analysis.stem("الخليل", PLACES) == "خليل"
    assert analysis.stem("خليل", PLACES) == "خليل"
    assert {analysis.stem(word, PLACES) for word in ("الجنه", "جنان")} == {"جن"}


def test_place_words_come_from_the_directory_without_generic_words(db):
    places = analysis.place_words()
    assert {"جنين", "نابلس", "الخليل"} <= places
    assert "بلديه" not in places and "محافظه" not in places


def test_english_light_plural():
    assert analysis.stem("municipalities") == "municipality"
    assert analysis.stem("plans") == "plan"
    assert analysis.stem("process") == "process"


def test_prepare_gives_exact_words_and_stems_in_step():
    prepared = analysis.prepare("بَلَديّات الشَّمال ٢٠٢٤ و_جنين", PLACES)
    assert prepared.exact == "بلديات شمال 2024 و جنين"
    assert prepared.stems == "بلد شمال 2024 و جنين"


def test_query_terms_are_normalised_deduplicated_and_capped():
    terms = analysis.query_terms("البلدية البلديه " + " ".join(f"كلمة{i}" for i in range(20)), PLACES)
    assert terms[0] == analysis.QueryTerm("بلديه", "بلد")
    assert len(terms) == analysis.MAX_QUERY_WORDS


def test_one_normaliser():
    # The analysis goes through core.arabic.normalize_arabic: what it folds, the index folds.
    assert analysis.words("أحمد ـــ ١٢٣") == normalize_arabic("احمد 123").split()
