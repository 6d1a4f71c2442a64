"""Arabic-aware text analysis for the search index, applied identically to documents and to queries.

1. `tabadul.core.arabic.normalize_arabic` (the one normaliser: hamza and alef forms, taa marbuta, alef maqsura,
   tashkeel, tatweel, Arabic-Indic digits, case).
2. Words are runs of letters and digits (`\\w+` after normalisation).
3. Each word gives two index terms: the exact word (normalised, without a definite article: الشمال and شمال are
   one word) and its light stem. The stem follows Lucene's
   `ArabicStemmer` (Larkey's light10): strip one prefix (ال وال بال كال فال لل و), then the suffixes ها ان ات
   ون ين يه ية ه ة ي in that order, each at most once, keeping at least two letters (three after و).
4. Beyond Lucene: names of places (governorates and local bodies) lose a prefix but never a suffix, so "جنين"
   stays "جنين" instead of becoming "جن" (which would also match "جنان" and "الجنة"); exact terms are indexed in their
   own columns and weigh more, so a town's name finds itself first.
5. English words: case-folded, with a light plural stemmer (municipalities → municipality, plans → plan).
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tabadul.core.arabic import normalize_arabic
from tabadul.directory.models import Governorate, LocalBody

from .models import PlaceWords

_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[a-z]")

# Lucene ArabicStemmer's prefixes and suffixes (after normalisation ة is ه, so ية is يه).
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

# Words in names of places that are not names of places: never protected from stemming.
GENERIC_PLACE_WORDS = frozenset(
    normalize_arabic(word)
    for word in (
        "بلدية",
        "مجلس",
        "قروي",
        "محافظة",
        "مخيم",
        "لجنة",
        "قرية",
        "مدينة",
        "خدمات",
        "مشترك",
        "تجمع",
        "هيئة",
        "محلية",
        "الله",
    )
)

# Words that name the kind of a body rather than the body: a query of its name may leave them out.
GENERIC_NAME_WORDS = GENERIC_PLACE_WORDS | {"municipality", "village", "council", "greater", "metropolitan"}


def name_key(name: str) -> str:
    """A body's name as a query names it: normalised, without the words that say its kind (بلديه سلفيت and Salfit
    Municipality fold to سلفيت and salfit). Stored in the body's entry (`SearchEntry.name_key`), matched by equality."""
    return " ".join(word for word in normalize_arabic(name).split() if word not in GENERIC_NAME_WORDS)


PLACES_CACHE_KEY = "search:places:v1"
MAX_INDEXED_CHARS = 200_000


def lucene_prefix(word: str) -> str:
    for prefix in PREFIXES:
        if word.startswith(prefix):
            if len(prefix) == 1 and len(word) < 4:
                continue
            if len(word) < len(prefix) + 2:
                continue
            return word[len(prefix) :]
    return word


ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


def exact(word: str) -> str:
    """The word as indexed for exact matches: normalised, without a definite article (and its و ب ك ف ل)."""
    for article in ARTICLES:
        if word.startswith(article) and len(word) >= len(article) + 2:
            return word[len(article) :]
    return word


def lucene_suffixes(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def lucene_stem(word: str) -> str:
    """Lucene's Arabic light stemmer on a normalised word (the quality anchor, kept to compare against)."""
    return lucene_suffixes(lucene_prefix(word))


def english_stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem(word: str, places: frozenset[str] = frozenset()) -> str:
    """Our light stem of a normalised word: Lucene's, except that names of places keep their ending."""
    if _LATIN_LETTER.search(word):
        return english_stem(word)
    if not _ARABIC_LETTER.search(word):
        return word
    stripped = lucene_prefix(word)
    if word in places or stripped in places:
        return stripped
    return lucene_suffixes(stripped)


def words(text: str) -> list[str]:
    return _WORD.findall(normalize_arabic(text or "")[:MAX_INDEXED_CHARS])


def place_words() -> frozenset[str]:
    """Normalised words of the names of governorates and local bodies (shared words such as بلدية excluded): those
    found at most three times in the names. Read from the shared cache, else from their row (`PlaceWords`, kept
    current by `store_place_words`), else counted (`count_place_words`: none is stored yet, or a name changed and
    the transaction that changed it has not stored them again yet)."""
    places = cache.get(PLACES_CACHE_KEY)
    if places is None:
        stored = PlaceWords.objects.values_list("words", flat=True).first()
        places = frozenset(stored.split()) if stored is not None else count_place_words()
        cache.set(PLACES_CACHE_KEY, places, 3600)
    return places


def count_place_words() -> frozenset[str]:
    """The place words counted over every name. Local bodies' names are read already normalised
    (`LocalBody.search_name`, what the directory's search compares: both names, of which only the words with
    Arabic letters are kept, English words have their own stemmer) and their words counted in one pass over all
    the names: normalising and splitting 10,000 names one by one cost 60 ms."""
    names = [normalize_arabic(name) for name in Governorate.objects.values_list("name_ar", flat=True)]
    names += LocalBody.objects.order_by().values_list("search_name", flat=True)
    counts = Counter(_WORD.findall(" ".join(names)))
    return frozenset(
        word
        for word, count in counts.items()
        if count <= 3 and len(word) >= 3 and word not in GENERIC_PLACE_WORDS and _ARABIC_LETTER.search(word)
    )


def store_place_words() -> frozenset[str]:
    """Count the place words and keep them (their row and the shared cache's copy). Idempotent."""
    places = count_place_words()
    words = " ".join(sorted(places))
    # Replaced, not updated: the same three statements whether a row is kept or not; the same row (its key and
    # time) when the words have not changed, so that a second `load_demo` changes nothing.
    with transaction.atomic():
        same_since = PlaceWords.objects.filter(words=words).values_list("counted_at", flat=True).first()
        PlaceWords.objects.all().delete()
        PlaceWords.objects.create(pk=1, words=words, counted_at=same_since or timezone.now())
    cache.set(PLACES_CACHE_KEY, places, 3600)
    return places


def count_places_into_cache() -> None:
    """The shared cache's copy counted anew from the tables, nothing written to the database (the index's check)."""
    cache.set(PLACES_CACHE_KEY, count_place_words(), 3600)


def forget_places() -> None:
    """A name of a place changed (inside the writing transaction): the kept words are dropped, so that what reads
    them before the commit stores them again (the index's updates, a search) counts them from the tables."""
    cache.delete(PLACES_CACHE_KEY)
    PlaceWords.objects.all().delete()


@dataclass(frozen=True)
class Prepared:
    exact: str
    stems: str


# A rebuild meets the same words again and again: their terms are remembered, for one set of places at a time
# (compared once when another copy of the set comes, e.g. from the cache for each chunk of a rebuild).
_TERMS_REMEMBERED = 200_000
_remembered: tuple[frozenset[str] | None, dict[str, tuple[str, str]]] = (None, {})


def _memo(places: frozenset[str]) -> dict[str, tuple[str, str]]:
    global _remembered
    known, memo = _remembered
    if known is not places:
        if known != places or len(memo) > _TERMS_REMEMBERED:
            memo = {}
        _remembered = (places, memo)
    return memo


def prepare(text: str, places: frozenset[str] | None = None) -> Prepared:
    """The two index columns of a text: its normalised words and their stems, space-separated."""
    places = place_words() if places is None else places
    memo = _memo(places)
    terms = []
    for token in words(text):
        term = memo.get(token)
        if term is None:
            term = memo[token] = (exact(token), stem(token, places))
        terms.append(term)
    return Prepared(exact=" ".join(term[0] for term in terms), stems=" ".join(term[1] for term in terms))


@dataclass(frozen=True)
class QueryTerm:
    exact: str
    stem: str


MAX_QUERY_WORDS = 8


def query_terms(query: str, places: frozenset[str] | None = None) -> list[QueryTerm]:
    """The words of a query, each as (exact, stem); duplicates dropped, at most MAX_QUERY_WORDS."""
    places = place_words() if places is None else places
    seen: dict[str, QueryTerm] = {}
    for token in words(query[:300]):
        if token not in seen:
            seen[token] = QueryTerm(exact=exact(token), stem=stem(token, places))
    return list(seen.values())[:MAX_QUERY_WORDS]


def languages(text: str) -> list[str]:
    found = []
    if _ARABIC_LETTER.search(text):
        found.append("ar")
    if re.search("[A-Za-z]", text):
        found.append("en")
    return found
