"""The one read of the search app: `search(user=..., query=..., filters=...)`.

Visibility: an entry is shown when it is public (the owning app's rule for an anonymous visitor, stored at index
time), or when the owning app's own selector lets this person see the object (evaluated at query time, inside the
same SQL statement). So a private document or an invitation-only event never appears to anyone else, even if
the index were stale.
"""

import hashlib
import html
import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tabadul.alignment.models import SdgGoal
from tabadul.core.arabic import normalize_arabic
from tabadul.directory.models import Governorate, LocalBody
from tabadul.directory.selectors import MAX_QUERY_LENGTH
from tabadul.hubs.models import Hub
from tabadul.meter.models import ProjectStatus

from . import analysis
from . import suggest as suggestions
from .backends import Filter, get_backend
from .index import version
from .models import Kind, SearchEntry, SearchFacet
from .sources import REGISTRY

PAGE_SIZE = 20
MAX_PAGES = 50
# Facet counts and the total are exact up to this many matches; beyond, they count the COUNT_LIMIT newest matches
# (a sample: counting 5,000 cost 20-30 ms of CPU on SQLite). As many as MAX_PAGES pages show.
COUNT_LIMIT = 1000
FACETS = ("type", "hub", "governorate", "body", "sector", "status", "year", "sdg", "language")
LANGUAGES = {"ar": "العربية", "en": "English"}
_KIND_LABELS = dict(Kind.choices)  # lazy labels: translated when shown


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    hub: int | None = None
    governorate: int | None = None
    year: int | None = None
    sdg: int | None = None
    language: str = ""
    body: int | None = None
    sector: str = ""
    status: str = ""

    def active(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in FACETS if getattr(self, name) not in ("", None)}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString
    url: str
    kind_label: str


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page_number: int = 1
    page_count: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    fuzzy: bool = False
    more: bool = False  # more than COUNT_LIMIT matches: total and facet counts cover the first COUNT_LIMIT
    unfiltered_total: int | None = None
    suggestion: str = ""
    suggestion_html: str = ""  # the suggestion with its changed words marked (escaped, safe)

    @property
    def has_previous(self) -> bool:
        return self.page_number > 1

    @property
    def has_next(self) -> bool:
        return self.page_number < self.page_count


def visibility_q(user) -> Q:
    """Public entries, plus the restricted ones each source's own rule lets this person see.

    For an anonymous visitor that is `is_public` alone: it is each source's rule for an anonymous visitor, stored
    at index time (kept current on commit). Evaluating the rules again could only add entries whose object became
    public since, never remove one, and costs a pass over every public document on PostgreSQL."""
    condition = Q(is_public=True)
    if user is None or not user.is_authenticated:
        return condition
    for kind, source in REGISTRY.items():
        if source.visible is None:
            continue
        visible = source.visible(user)
        if visible.query.is_empty():
            continue
        # A correlated EXISTS (a primary-key probe per restricted match), not `object_id IN (...)`: SQLite would
        # build the whole list first (90,000 public documents: 30 ms on every query).
        condition |= Q(kind=kind, is_public=False) & Q(Exists(visible.order_by().filter(pk=OuterRef("object_id"))))
    return condition


def _facet_q(name: str, value: str) -> Q:
    if name == "type":
        return Q(kind=value)
    return Q(Exists(SearchFacet.objects.filter(entry=OuterRef("pk"), name=name, value=value)))


def _compile(condition: Q) -> Filter:
    query = SearchEntry.objects.filter(condition).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.where)
    return Filter(sql, list(params))


def _filter(user, filters: SearchFilters) -> Filter:
    condition = visibility_q(user)
    for name, value in filters.active().items():
        condition &= _facet_q(name, value)
    return _compile(condition)


# Anonymous results are cached this long, keyed by the index version (`index.version`, changed after every
# committed index write): a cached page is never older than the index, and an entry made private disappears at
# once. Only anonymous visitors: everyone sees the same thing, and no person's view is stored.
CACHE_SECONDS = 60


def search(*, user, query: str, filters: SearchFilters = SearchFilters(), page: int = 1) -> SearchResults:
    if user is not None and user.is_authenticated:
        return _search(user=user, query=query, filters=filters, page=page)
    parts = [query, sorted(filters.active().items()), page, get_language() or ""]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    key = f"search:results:{version()}:{digest}"
    results = cache.get(key)
    if results is None:
        results = _search(user=user, query=query, filters=filters, page=page)
        cache.set(key, results, CACHE_SECONDS)
    return results


def _search(*, user, query: str, filters: SearchFilters, page: int) -> SearchResults:
    results = SearchResults(query=query)
    places = analysis.place_words()  # read once: the shared cache's copy is unpickled at every read
    terms = analysis.query_terms(query, places)
    if not terms:
        return results
    backend = get_backend()
    where = _filter(user, filters)
    counts = backend.facet_counts(terms, where, limit=COUNT_LIMIT + 1)
    results.total = sum(count for name, _value, count in counts if name == "type")
    results.more = results.total > COUNT_LIMIT
    results.total = min(results.total, COUNT_LIMIT)
    results.page_count = min(MAX_PAGES, -(-results.total // PAGE_SIZE))
    results.page_number = max(1, min(page, results.page_count or 1))
    if results.total:
        ids = _ranked_page(backend, terms, where, total=results.total, page=results.page_number)
        if results.page_number == 1 and not set(filters.active()) - {"type"} and filters.type in ("", Kind.BODY):
            ids = _named_bodies_first(query, ids)
    else:
        ids = backend.fuzzy(terms, where, limit=PAGE_SIZE)
        results.fuzzy = bool(ids)
    # Without the prepared columns (as long as the text, and compressed out of line on PostgreSQL).
    entries = SearchEntry.objects.defer("title_exact", "title_stems", "text_exact", "text_stems").in_bulk(ids)
    verdicts: dict[str, bool] = {}
    results.hits = [_hit(entries[pk], terms, verdicts, places) for pk in ids if pk in entries]
    results.facets = _facets(counts, filters)
    if not results.total and filters.active():
        unfiltered = backend.facet_counts(terms, _filter(user, SearchFilters()), limit=COUNT_LIMIT)
        results.unfiltered_total = sum(count for name, _value, count in unfiltered if name == "type")
    if not results.total:  # "did you mean": only when nothing is found, and the suggestion finds (search/suggest.py)
        offered = suggestions.better(
            query,
            found=results.total,
            # Nothing was found: the suggestion finds more as soon as it finds one (no listing, no ranking).
            count=lambda text: int(backend.any_match(analysis.query_terms(text), where)),
            # A word the index finds (the person may see it, with or without the filters) is not a mistake.
            indexed=lambda word: backend.any_match(analysis.query_terms(word), _filter(user, SearchFilters())),
        )
        results.suggestion = offered.query if offered else ""
        results.suggestion_html = offered.html() if offered else ""
    return results


# --- Ranking ------------------------------------------------------------------------------------------------------
# The engine (bm25 on SQLite, ts_rank of the title on PostgreSQL) shortlists the CANDIDATES best matches; they are
# ranked again here, the same way on both engines, by where the query's words are (docs/search.md, "Ranking").

CANDIDATES = 100
LEAD_WORDS = 40  # the beginning of the text, where each source puts its summary (sources.EntryData.summary)
LEAD_CHARS = 400
IN_TITLE_EXACT, IN_TITLE_STEM, IN_LEAD_EXACT, IN_LEAD_STEM = 8.0, 6.0, 3.0, 2.0
ALL_IN_TITLE = 2.0
TITLE_COVERAGE = 2.0  # times the share of the title's words the query matches: the shortest fitting title first
PHRASE_IN_TITLE = 4.0
PHRASE_IN_LEAD = 2.0
FRESH_KINDS = frozenset({Kind.EVENT, Kind.NEWS})
FRESHNESS = 1.0  # at most: an event or news item of today; half of it a year away
# Entries that are a part of another page (a plan's goals) come after whole pages that match as well.
PART_KINDS = {Kind.GOAL: 1.0}
PER_KIND = PAGE_SIZE // 2  # at most this many of one kind on the first page, unless nothing else matches


def _words(prepared: str, limit: int | None = None) -> list[str]:
    words = prepared.split()
    return words[:limit] if limit is not None else words


def _phrase(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return size > 1 and any(words[start : start + size] == phrase for start in range(len(words) - size + 1))


def _relevance(terms, row, today) -> float:
    _pk, kind, date, title_exact, title_stems, lead_exact, lead_stems = row
    title_words, title_stem_words = _words(title_exact), _words(title_stems)
    lead_words = _words(lead_exact[:LEAD_CHARS].rsplit(" ", 1)[0] if len(lead_exact) >= LEAD_CHARS else lead_exact)
    lead_words, lead_stem_set = lead_words[:LEAD_WORDS], set(_words(lead_stems, LEAD_WORDS))
    title_set, title_stem_set, lead_set = set(title_words), set(title_stem_words), set(lead_words)
    score, in_title = 0.0, 0
    for term in terms:
        if term.exact in title_set:
            score, in_title = score + IN_TITLE_EXACT, in_title + 1
        elif term.stem in title_stem_set:
            score, in_title = score + IN_TITLE_STEM, in_title + 1
        elif term.exact in lead_set:
            score += IN_LEAD_EXACT
        elif term.stem in lead_stem_set:
            score += IN_LEAD_STEM
    if in_title == len(terms):
        score += ALL_IN_TITLE
    if in_title and title_words:
        exact, stems = {term.exact for term in terms}, {term.stem for term in terms}
        covered = sum(word in exact or stem in stems for word, stem in zip(title_words, title_stem_words, strict=False))
        score += TITLE_COVERAGE * covered / len(title_words)
    phrase = [term.exact for term in terms]
    if _phrase(title_words, phrase) or _phrase(title_stem_words, [term.stem for term in terms]):
        score += PHRASE_IN_TITLE
    elif _phrase(lead_words, phrase):
        score += PHRASE_IN_LEAD
    if kind in FRESH_KINDS and date:
        score += FRESHNESS / (1 + abs((today - date).days) / 365)
    return score - PART_KINDS.get(kind, 0.0)


def rank(terms, ids: list[int]) -> list[int]:
    """The engine's candidates (best first) in the order of `_relevance` (ties keep the engine's order), with at
    most PER_KIND of one kind on the first page. One query."""
    if not ids:
        return ids
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(
        "pk",
        "kind",
        "date",
        "title_exact",
        "title_stems",
        Substr("text_exact", 1, LEAD_CHARS),
        Substr("text_stems", 1, LEAD_CHARS),
    )
    today = timezone.localdate()
    position = {pk: index for index, pk in enumerate(ids)}
    scored = {row[0]: (_relevance(terms, row, today), row[1]) for row in rows}
    ordered = sorted(scored, key=lambda pk: (-scored[pk][0], position[pk]))
    first, rest, per_kind = [], [], Counter()
    for pk in ordered:
        kind = scored[pk][1]
        if len(first) < PAGE_SIZE and per_kind[kind] < PER_KIND:
            first.append(pk)
            per_kind[kind] += 1
        else:
            rest.append(pk)
    # Too few other kinds to fill the page: the best of the rest fill it.
    return first + rest


def _ranked_page(backend, terms, where, *, total: int, page: int) -> list[int]:
    offset = (page - 1) * PAGE_SIZE
    if offset + PAGE_SIZE > CANDIDATES:
        return backend.page(terms, where, limit=PAGE_SIZE, offset=offset)
    candidates = backend.page(terms, where, limit=min(CANDIDATES, total), offset=0)
    return rank(terms, candidates)[offset : offset + PAGE_SIZE]


# --- A body named by the query comes first ------------------------------------------------------------------------

NAMED_CANDIDATES = 50


def _named_bodies_first(query: str, ids: list[int]) -> list[int]:
    """Put first the local bodies whose name the query is: its Arabic or English name in any spelling the
    normaliser folds (بلديه سلفيت, بلدية سلفيت), with or without the words that say its kind (سلفيت). Bodies are
    public, so their entries pass every visibility filter. One query: the entries' stored name keys, compared by
    equality through their indexes (a substring match over every body's name grew with the bodies)."""
    key = analysis.name_key(query[:MAX_QUERY_LENGTH])
    if not key:
        return ids
    first = list(
        SearchEntry.objects.filter(Q(name_key=key) | Q(name_key_en=key), kind=Kind.BODY, is_public=True)
        .order_by()
        .values_list("pk", flat=True)[:NAMED_CANDIDATES]
    )
    if not first:
        return ids
    return (first + [pk for pk in ids if pk not in first])[:PAGE_SIZE]


# --- Facets ------------------------------------------------------------------------------------------------------


# Facets whose values are rows of another table, labelled by its names (a status by its code: one per body).
_LABELLED = {"hub": Hub, "governorate": Governorate, "sdg": SdgGoal, "body": LocalBody, "status": ProjectStatus}


def _labels(grouped: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """Each facet value's label. The labelled facets' names are read in one statement, whichever of them the
    matches have: the page's query count does not depend on the results (an id no row has stands for none)."""
    english = (get_language() or "ar").startswith("en")
    labels: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    for value, _count in grouped["type"]:
        if value in _KIND_LABELS:
            labels["type"][value] = str(_KIND_LABELS[value])
    labels["language"] = {value: LANGUAGES.get(value, value) for value, _count in grouped["language"]}
    for name in ("year", "sector"):
        labels[name] = {value: value for value, _count in grouped[name]}
    # Raw SQL: the ORM took 1-2 ms of CPU to compile the five parts of the union.
    parts, params = [], []
    for name, model in _LABELLED.items():
        values = [value for value, _count in grouped[name]]
        if model is ProjectStatus:
            column, shown, keys = "code", "code", values or [""]
        else:
            column, shown, keys = "id", "CAST(id AS text)", [int(value) for value in values if value.isdigit()] or [0]
        number = "CAST(number AS integer)" if model is SdgGoal else "CAST(NULL AS integer)"
        parts.append(
            f"SELECT %s, {shown}, name_ar, name_en, {number} FROM {model._meta.db_table} "  # noqa: S608 (constants)
            f"WHERE {column} IN ({', '.join(['%s'] * len(keys))})"
        )
        params += [name, *keys]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for name, key, name_ar, name_en, number in rows:
        label = name_en if english and name_en else name_ar
        labels[name].setdefault(key, f"{number}. {label}" if number is not None else label)
    return labels


def _facets(counts, filters: SearchFilters) -> dict[str, list[FacetValue]]:
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for name, value, count in counts:
        if name in grouped:
            grouped[name].append((value, count))
    selected = filters.active()
    labels = _labels(grouped) if counts else {name: {} for name in FACETS}
    facets = {}
    for name, values in grouped.items():
        items = [
            FacetValue(value, labels[name][value], count, selected.get(name) == value)
            for value, count in values
            if value in labels[name]
        ]
        if name == "year":
            items.sort(key=lambda item: item.value, reverse=True)
        else:
            items.sort(key=lambda item: (-item.count, item.label))
        facets[name] = items[:30]
    return facets


# --- Snippets -----------------------------------------------------------------------------------------------------

# Words of the original text, with their marks and tatweel (so that كَتَبَ is one word, as in the index).
_ORIGINAL_WORD = re.compile("(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+")
SNIPPET_WORDS_BEFORE = 12
SNIPPET_WORDS = 36
SNIPPET_SCAN_CHARS = 20_000  # a match further into a long text shows the beginning instead
SCAN_WHOLE_TEXT = False


class _WordTerms:
    """Written word -> (exact, stem), kept by each process across searches: the analysis of a word (normaliser,
    stemmer) does not depend on the query, and the same words recur from search to search. Emptied when the names
    of places (which the stemmer spares) change, and when it holds MAX words."""

    MAX = 100_000

    def __init__(self):
        self.places: frozenset[str] | None = None
        self.terms: dict[str, tuple[str, str]] = {}

    def get(self, word: str, places: frozenset[str]) -> tuple[str, str]:
        if places is not self.places:
            if places != self.places:
                self.terms = {}
            self.places = places
        found = self.terms.get(word)
        if found is None:
            if len(self.terms) >= self.MAX:
                self.terms = {}
            normal = normalize_arabic(word)
            found = self.terms[word] = (analysis.exact(normal), analysis.stem(normal, places))
        return found


_word_terms = _WordTerms()


def highlight(
    text: str,
    terms: list[analysis.QueryTerm],
    *,
    window: bool,
    verdicts: dict[str, bool] | None = None,
    places: frozenset[str] | None = None,
) -> SafeString:
    """The text (or a window of it around the first match), escaped, with matching words in <mark>.

    Scans words only until the window is full: cost bounded by the position of the first match, not the length of
    the text (documents carry their full extracted text). `verdicts` (word -> matches) may be shared by the
    snippets of one page: the same words recur from hit to hit."""
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    exact = {term.exact for term in terms}
    stems = {term.stem for term in terms}
    places = analysis.place_words() if places is None else places
    if verdicts is None:
        verdicts = {}

    def is_match(word: str) -> bool:
        if word not in verdicts:
            word_exact, word_stem = _word_terms.get(word, places)
            verdicts[word] = word_exact in exact or word_stem in stems
        return verdicts[word]

    words = _ORIGINAL_WORD.finditer(text)
    before: deque = deque(maxlen=SNIPPET_WORDS_BEFORE if window else None)
    chosen: list = []
    for match in words:
        if is_match(match.group()):
            chosen = [*before, match]
            break
        before.append(match)
        if window and not SCAN_WHOLE_TEXT and match.end() > SNIPPET_SCAN_CHARS:
            break
    if not chosen:  # no match (a stem found in the title only): the beginning of the text
        chosen = list(before)[: SNIPPET_WORDS if window else None]
        words = iter(())
    limit = SNIPPET_WORDS if window else None
    for match in words:
        if limit is not None and len(chosen) >= limit:
            break
        chosen.append(match)
    if not chosen:
        return mark_safe(html.escape(text[:300]))  # noqa: S308 (escaped)
    start = chosen[0].start() if window else 0
    end = chosen[-1].end() if window else len(text)
    pieces = ["… " if start else ""]
    position = start
    for match in chosen:  # the text between two marked words escaped in one piece
        if is_match(match.group()):
            pieces.append(html.escape(text[position : match.start()]))
            pieces.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    pieces.append(html.escape(text[position:end]))
    if end < len(text):
        pieces.append(" …")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)


def _hit(entry: SearchEntry, terms, verdicts: dict[str, bool] | None = None, places=None) -> Hit:
    english = (get_language() or "ar").startswith("en")
    title = entry.title_en if english and entry.title_en else entry.title
    url = entry.url
    if english and not url.startswith("/en/"):
        url = "/en" + url
    return Hit(
        entry=entry,
        title=highlight(title, terms, window=False, verdicts=verdicts, places=places),
        snippet=highlight(entry.text, terms, window=True, verdicts=verdicts, places=places),
        url=url,
        kind_label=str(_KIND_LABELS.get(entry.kind, entry.kind)),
    )


# --- Spelling suggestions -------------------------------------------------------------------------------------------
