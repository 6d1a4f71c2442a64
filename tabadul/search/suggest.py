"""Did you mean: a spelling of the query taken from the index's own vocabulary (issue 21).

- **Vocabulary**: the words of the titles of *public* entries (`SearchEntry.is_public`), normalised with the one
  normaliser (core/arabic.py), each with its count and its most common written form. Only public titles: a
  suggestion must never reveal a word of a private document or question. This is why the engines' own vocabularies
  are not used: SQLite's `fts5vocab` and PostgreSQL's `ts_stat` cover every indexed row, private ones included, and
  `ts_stat` reads the whole `tsvector` column (seconds on 100,000 entries). One scan of the public titles, the same
  on both databases, kept in the shared cache for `VOCABULARY_SECONDS`.
- **Candidates**: a query word already in the vocabulary stays, and so does a word the index finds (in a text, not a
  title: `indexed`). Another word is replaced by the closest vocabulary word within Damerau–Levenshtein distance 1,
  or 2 for words of `LONG_WORD` letters or more (with the article: الموازنع, budjet), the more frequent first.
  Distance 1 through an index of each vocabulary word and its single-letter deletions (SymSpell's idea: two words
  within one edit share a deletion). Distance 2 through the same index, from the typed side only: every string one
  deletion, insertion, substitution or swap of neighbours away from the typed word, a deletion then a substitution,
  two deletions, and a swap then a deletion, are looked up (about 2,000 look-ups for a word of 8 letters, over the
  letters of its script in the vocabulary). That finds any two wrong, missing, extra or swapped letters, without
  the memory of an index of double deletions (about 30 keys per word: over a million for 50,000 words). Words are
  compared after normalisation, so ة/ه, ى/ي and hamza forms are never "mistakes".
- **Offered only when the query finds nothing and the suggestion finds something** (`selectors._search` asks only
  then; `better` counts the suggestion's results): a query that finds results is never second-guessed. The page
  says "Did you mean: …?" / "هل تقصد: …؟" with the changed words marked.
- **Cost**: only zero-result queries pay it. The words live in the shared cache (one scan of the public titles, each
  distinct written word normalised once); each process keeps its deletion index and compares a small stamp with the
  shared one, so a search never unpickles the vocabulary (figures: docs/performance.md, "Search").
"""

import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from . import analysis
from .models import SearchEntry

VOCABULARY_KEY = "search:suggest:vocabulary:v3"
STAMP_KEY = "search:suggest:stamp:v3"  # small: what each process compares before using its own copy
VOCABULARY_SECONDS = 600
VOCABULARY_SIZE = 50_000
MIN_WORD_LENGTH = 3
LONG_WORD = 6  # from this many letters (normalised, article included) a word is corrected within two edits

# A written word: letters with their marks and tatweel (so that كَتَبَ is one word); shown without them.
_WRITTEN_WORD = re.compile("(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


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
    """normalised word -> (most common written form, count) over the public titles. Each distinct written word is
    normalised once (100,000 titles hold about a million words, a few tens of thousands distinct)."""
    counts: dict[str, Counter] = {}
    normals: dict[str, str | None] = {}
    titles = SearchEntry.objects.filter(is_public=True).values_list("title", "title_en")
    for title, title_en in titles.iterator(chunk_size=2000):
        for text in (title, title_en):
            for written in _WRITTEN_WORD.findall(text or ""):
                if written not in normals:
                    found = analysis.words(written)
                    normal = found[0] if len(found) == 1 else None
                    if normal is not None and (len(normal) < MIN_WORD_LENGTH or normal.isdigit()):
                        normal = None
                    normals[written] = normal
                normal = normals[written]
                if normal is not None:
                    shown = written.lower() if written.isascii() else _MARKS.sub("", written)
                    counts.setdefault(normal, Counter())[shown] += 1
    totals = {word: sum(forms.values()) for word, forms in counts.items()}
    kept = sorted(totals, key=lambda word: -totals[word])[:VOCABULARY_SIZE]
    return {word: (counts[word].most_common(1)[0][0], totals[word]) for word in kept}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _insertions(word: str, alphabet: str) -> set[str]:
    return {word[:i] + letter + word[i:] for i in range(len(word) + 1) for letter in alphabet}


def _transpositions(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _substitutions(word: str, alphabet: str) -> set[str]:
    return {word[:i] + letter + word[i + 1 :] for i in range(len(word)) for letter in alphabet}


class Vocabulary:
    def __init__(self, words: dict[str, tuple[str, int]]):
        self.words = words
        self.by_delete: dict[str, list[str]] = {}
        letters: set[str] = set()
        for word in words:
            letters.update(word)
            for key in _deletes(word) | {word}:
                self.by_delete.setdefault(key, []).append(word)
        self.arabic = "".join(sorted(letter for letter in letters if "\u0621" <= letter <= "\u064a"))
        self.latin = "".join(sorted(letter for letter in letters if letter.isascii() and letter.isalpha()))

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def _found(self, keys: set[str]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found.update(self.by_delete.get(key, ()))
        return found

    def near(self, word: str) -> set[str]:
        """Vocabulary words that share a single deletion with `word` (every word within one edit among them)."""
        return self._found(_deletes(word) | {word})

    def far(self, word: str) -> set[str]:
        """Vocabulary words within two edits of `word` (see the module's docstring), among others."""
        alphabet = self.arabic if analysis._ARABIC_LETTER.search(word) else self.latin
        firsts = _deletes(word)
        keys = firsts | _insertions(word, alphabet) | _substitutions(word, alphabet)
        for first in firsts:
            keys |= _deletes(first)
            keys |= _substitutions(first, alphabet)
        for swapped in _transpositions(word):
            keys |= _deletes(swapped) | {swapped}
        return self._found(keys)

    def _best(self, word: str, candidates: set[str], limit: int) -> str | None:
        best = None
        for candidate in candidates:
            distance = damerau_levenshtein(word, candidate, limit)
            if distance is None or distance == 0:
                continue
            key = (distance, -self.words[candidate][1], candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None

    def closest(self, word: str) -> str | None:
        """The closest vocabulary word (one edit before two), the more frequent of equally close ones."""
        best = self._best(word, self.near(word), 1)
        if best is None and len(word) >= LONG_WORD:
            best = self._best(word, self.far(word), 2)
        return best


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
    """The vocabulary of public titles. The shared cache holds the words and a stamp of them; each process keeps
    its deletion index while the shared stamp is the one it was built from (one small read per call)."""
    stamp = cache.get(STAMP_KEY)
    if stamp is None or stamp != _LOCAL.get("stamp"):
        words = cache.get(VOCABULARY_KEY) if stamp is not None else None
        if words is None or words["stamp"] != stamp:
            started = time.monotonic()
            words = {"stamp": uuid.uuid4().hex, "words": _scan()}
            cache.set(VOCABULARY_KEY, words, VOCABULARY_SECONDS)
            cache.set(STAMP_KEY, words["stamp"], VOCABULARY_SECONDS)
            _LOCAL["scan_seconds"] = time.monotonic() - started
        _LOCAL["vocabulary"] = Vocabulary(words["words"])
        _LOCAL["stamp"] = words["stamp"]
    return _LOCAL["vocabulary"]  # type: ignore[return-value]


def forget() -> None:
    cache.delete_many([VOCABULARY_KEY, STAMP_KEY])
    _LOCAL.clear()


def suggest(query: str, *, indexed: Callable[[str], bool] | None = None) -> Suggestion | None:
    """The query with each unknown word replaced by the closest known one, or None when no word changes.

    Known: in the vocabulary of titles, or found by the index (`indexed(word)`, asked only for words the vocabulary
    lacks): a word of a text is a word, not a mistake."""
    known = vocabulary()
    words = []
    for word in analysis.words(query[:300])[: analysis.MAX_QUERY_WORDS]:
        if word in known or len(word) < MIN_WORD_LENGTH or word.isdigit():
            words.append(Word(known.words[word][0] if word in known else word, word, False))
            continue
        close = known.closest(word)
        if close is None or (indexed is not None and indexed(word)):
            words.append(Word(word, word, False))
        else:
            words.append(Word(known.words[close][0], close, True))
    if not any(word.changed for word in words):
        return None
    return Suggestion(tuple(words))


def better(
    query: str, *, found: int, count: Callable[[str], int], indexed: Callable[[str], bool] | None = None
) -> Suggestion | None:
    """A suggestion for the query only when it finds more than the query found (`count(text)` counts results)."""
    suggestion = suggest(query, indexed=indexed)
    if suggestion is None:
        return None
    return suggestion if count(suggestion.query) > found else None
