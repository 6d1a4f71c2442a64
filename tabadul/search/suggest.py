"""Did you mean: a spelling of the query taken from the index's own vocabulary (issue 21).

- **Vocabulary**: the words of the titles of *public* entries (`SearchEntry.is_public`), normalised with the one
  normaliser (core/arabic.py), each with its count and its most common written form. Only public titles: a
  suggestion must never reveal a word of a private document or question. This is why the engines' own vocabularies
  are not used: SQLite's `fts5vocab` and PostgreSQL's `ts_stat` cover every indexed row, private ones included, and
  `ts_stat` reads the whole `tsvector` column (seconds on 100,000 entries). One scan of the public titles, the same
  on both databases, kept in the shared cache for `VOCABULARY_SECONDS` and per process by the index version.
- **Candidates**: a query word already in the vocabulary stays. Another word is compared, through an index of
  single-letter deletions (SymSpell's idea: two words within one edit share a deletion), with the vocabulary words
  within Damerau–Levenshtein distance 1 (2 for words of 6 letters or more); the closest wins, then the most
  frequent. Words are compared after normalisation, so ة/ه, ى/ي and hamza forms are never "mistakes".
- **Offered only when it finds more**: the caller counts the suggestion's results and shows it only when they are
  more than the query's (`better`); the page says "Did you mean: …?" / "هل تقصد: …؟" with the changed words marked.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tabadul.core.arabic import normalize_arabic

from . import analysis
from .index import version
from .models import SearchEntry

VOCABULARY_KEY = "search:suggest:vocabulary:v2"
VOCABULARY_SECONDS = 600
VOCABULARY_SIZE = 50_000
MIN_WORD_LENGTH = 3


@dataclass(frozen=True)
class Word:
    text: str  # what is shown (the most common written form)
    normal: str  # normalised
    changed: bool


@dataclass(frozen=True)
class Suggestion:
    words: tuple[Word, ...]

    @property
    def query(self) -> str:
        return " ".join(word.text for word in self.words)

    def html(self) -> SafeString:
        """The suggested words, the changed ones marked (<strong>); escaped."""
        return format_html_join(
            " ", "{}", ((format_html("<strong>{}</strong>", w.text) if w.changed else w.text,) for w in self.words)
        )

    def __str__(self) -> str:
        return self.query


def _scan() -> dict[str, tuple[str, int]]:
    """normalised word -> (most common written form, count) over the public titles."""
    counts: dict[str, Counter] = {}
    titles = SearchEntry.objects.filter(is_public=True).values_list("title", "title_en")
    for title, title_en in titles.iterator(chunk_size=2000):
        for text in (title, title_en):
            for written in analysis._WORD.findall(text or ""):
                normal = normalize_arabic(written)
                if len(normal) >= MIN_WORD_LENGTH and not normal.isdigit():
                    counts.setdefault(normal, Counter())[written.lower() if written.isascii() else written] += 1
    totals = sorted(counts, key=lambda word: -sum(counts[word].values()))[:VOCABULARY_SIZE]
    return {word: (counts[word].most_common(1)[0][0], sum(counts[word].values())) for word in totals}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    def __init__(self, words: dict[str, tuple[str, int]]):
        self.words = words
        self.by_delete: dict[str, list[str]] = {}
        for word in words:
            for key in _deletes(word) | {word}:
                self.by_delete.setdefault(key, []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def candidates(self, word: str) -> set[str]:
        keys = _deletes(word) | {word}
        if len(word) >= 6:
            keys |= {second for first in _deletes(word) for second in _deletes(first)}
        found: set[str] = set()
        for key in keys:
            found.update(self.by_delete.get(key, ()))
        return found

    def closest(self, word: str) -> str | None:
        limit = 2 if len(word) >= 6 else 1
        best = None
        for candidate in self.candidates(word):
            distance = damerau_levenshtein(word, candidate, limit)
            if distance is None or distance == 0:
                continue
            key = (distance, -self.words[candidate][1], candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None


def damerau_levenshtein(a: str, b: str, limit: int) -> int | None:
    """The optimal-string-alignment distance of a and b, or None when it is over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return None
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else None


_LOCAL: dict[str, object] = {}


def vocabulary() -> Vocabulary:
    """The vocabulary of public titles: the shared cache holds the words, each process its deletion index (rebuilt
    when the index version changes and the shared words were recomputed)."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        words = {"version": version(), "words": _scan()}
        cache.set(VOCABULARY_KEY, words, VOCABULARY_SECONDS)
    if _LOCAL.get("version") != words["version"] or "vocabulary" not in _LOCAL:
        _LOCAL["vocabulary"] = Vocabulary(words["words"])
        _LOCAL["version"] = words["version"]
    return _LOCAL["vocabulary"]  # type: ignore[return-value]


def forget() -> None:
    cache.delete(VOCABULARY_KEY)
    _LOCAL.clear()


def suggest(query: str) -> Suggestion | None:
    """The query with each unknown word replaced by the closest known one, or None when no word changes."""
    known = vocabulary()
    words = []
    for word in analysis.words(query[:300])[: analysis.MAX_QUERY_WORDS]:
        if word in known or len(word) < MIN_WORD_LENGTH or word.isdigit():
            words.append(Word(known.words[word][0] if word in known else word, word, False))
            continue
        close = known.closest(word)
        words.append(Word(known.words[close][0], close, True) if close else Word(word, word, False))
    if not any(word.changed for word in words):
        return None
    return Suggestion(tuple(words))


def better(query: str, *, found: int, count: Callable[[str], int]) -> Suggestion | None:
    """A suggestion for the query only when it finds more than the query found (`count(text)` counts results)."""
    suggestion = suggest(query)
    if suggestion is None:
        return None
    return suggestion if count(suggestion.query) > found else None
