"""Writes to the search index: reindex objects, rebuild everything, and check that index and tables agree.

The index is derived data: these functions are called by the signal handlers (after commit), by the management
commands and by tests, never by people; they need no permission check or audit record of their own.
"""

import hashlib
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction

from . import analysis
from .models import Kind, SearchEntry, SearchFacet
from .sources import REGISTRY, EntryData, Source

CHUNK = 500
FACET_VALUE_LENGTH = 40  # SearchFacet.value


@dataclass
class Built:
    entry: SearchEntry
    facets: list[tuple[str, str]]


def _facets(kind: str, data: EntryData) -> list[tuple[str, str]]:
    facets = {("type", kind)}
    facets |= {("hub", str(pk)) for pk in data.hubs}
    facets |= {("sdg", str(pk)) for pk in data.sdgs}
    if data.governorate:
        facets.add(("governorate", str(data.governorate)))
    if data.year:
        facets.add(("year", str(data.year)))
    if data.body:
        facets.add(("body", str(data.body)))
    if data.sector:
        facets.add(("sector", data.sector[:FACET_VALUE_LENGTH]))
    if data.status:
        facets.add(("status", data.status[:FACET_VALUE_LENGTH]))
    for language in analysis.languages(f"{data.title} {data.title_en} {data.text}"):
        facets.add(("language", language))
    return sorted(facets)


def build(source: Source, obj, *, is_public: bool, places: frozenset[str]) -> Built:
    data = source.entry(obj)
    title = analysis.prepare(f"{data.title} {data.title_en} {data.keywords}", places)
    # Summary first (the ranking reads the beginning of the text as the summary), then the text; attributes are
    # stored for the snippet and indexed as stems only (see docs/search.md, "Ranking").
    main = "\n".join(part for part in (data.summary, data.text) if part)
    attributes = "\n".join(str(part) for part in data.attributes if part)
    text = analysis.prepare(main, places)
    extra = analysis.prepare(attributes, places)
    stored = "\n".join(part for part in (main, attributes) if part)
    entry = SearchEntry(
        kind=source.kind,
        object_id=obj.pk,
        title=data.title[:500],
        title_en=data.title_en[:500],
        text=stored[: analysis.MAX_INDEXED_CHARS],
        url=data.url[:500],
        date=data.date,
        context=data.context[:500],
        is_public=is_public,
        title_exact=title.exact,
        title_stems=title.stems,
        text_exact=text.exact,
        text_stems=" ".join(part for part in (text.stems, extra.stems) if part),
    )
    if source.kind == Kind.BODY:
        entry.name_key, entry.name_key_en = analysis.name_key(entry.title), analysis.name_key(entry.title_en)
    facets = _facets(source.kind, data)
    entry.fingerprint = _fingerprint(entry, facets)
    return Built(entry, facets)


_FINGERPRINTED = (
    "title", "title_en", "text", "url", "date", "context", "is_public",
    "title_exact", "title_stems", "text_exact", "text_stems",
)  # fmt: skip
_DERIVED = ("name_key", "name_key_en")  # from the kind and the titles, which the fingerprint covers


def _fingerprint(entry: SearchEntry, facets: list[tuple[str, str]]) -> str:
    payload = [str(getattr(entry, name)) for name in _FINGERPRINTED] + [f"{name}={value}" for name, value in facets]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _build_chunk(source: Source, objects: list) -> list[Built]:
    public = source.public_ids(obj.pk for obj in objects)
    places = analysis.place_words()
    return [build(source, obj, is_public=obj.pk in public, places=places) for obj in objects]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


VERSION_KEY = "search:index-version"
# Every cache key expires. A version gone from the cache (expired or evicted) is replaced by the clock in
# milliseconds, a number no earlier version had, so results cached under an older one are never reused.
VERSION_TIMEOUT = 24 * 3600


def version() -> int:
    """A number that changes after every committed write to the index (the key of cached anonymous results)."""
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), VERSION_TIMEOUT)
        value = cache.get(VERSION_KEY, 1)
    return value


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set (evicted or never read): any new value invalidates the cached results
        cache.set(VERSION_KEY, int(time.time() * 1000), VERSION_TIMEOUT)


def _changed() -> None:
    # After commit: bumped earlier, a search between the bump and the commit would cache the old rows under the
    # new version.
    transaction.on_commit(_bump)


def _bulk_create(model, objects: list) -> None:
    """Insert new rows, setting their keys (`rebuild(insert=...)` takes a faster writer for bulk loads)."""
    model.objects.bulk_create(objects)


@transaction.atomic
def _store(kind: str, built: list[Built], outcome: Outcome, insert=_bulk_create) -> None:
    existing = {
        entry.object_id: entry
        for entry in SearchEntry.objects.filter(kind=kind, object_id__in=[b.entry.object_id for b in built]).only(
            "pk", "object_id", "fingerprint"
        )
    }
    changed = []
    for item in built:
        old = existing.get(item.entry.object_id)
        if old is None:
            changed.append(item)
        elif old.fingerprint != item.entry.fingerprint:
            item.entry.pk = old.pk
            changed.append(item)
        else:
            outcome.unchanged += 1
    updates = [item.entry for item in changed if item.entry.pk]
    if updates:
        SearchFacet.objects.filter(entry__in=updates).delete()
        SearchEntry.objects.bulk_update(updates, [*_FINGERPRINTED, *_DERIVED, "fingerprint"])
        outcome.updated += len(updates)
    creates = [item.entry for item in changed if not item.entry.pk]
    if creates:
        insert(SearchEntry, creates)
        outcome.created += len(creates)
    insert(
        SearchFacet,
        [SearchFacet(entry=item.entry, name=name, value=value) for item in changed for name, value in item.facets],
    )
    if changed:
        _changed()


def reindex(kind: str, ids: Iterable[int]) -> Outcome:
    """Bring the entries of these objects up to date: create, update, or delete those whose object is gone."""
    source = REGISTRY[kind]
    ids = sorted(set(ids))
    outcome = Outcome()
    objects = list(source.queryset().filter(pk__in=ids))
    if objects:
        _store(kind, _build_chunk(source, objects), outcome)
    gone = set(ids) - {obj.pk for obj in objects}
    if gone:
        _, counts = SearchEntry.objects.filter(kind=kind, object_id__in=gone).delete()
        outcome.deleted = counts.get("search.SearchEntry", 0)
        if outcome.deleted:
            _changed()
    return outcome


def _chunks(source: Source):
    queryset = source.queryset().order_by("pk")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        objects = list(page[:CHUNK])
        if not objects:
            return
        yield objects
        last = objects[-1].pk


class Progress:
    """A plain progress line on stderr: "1200/100000 documents" (a new line when not a terminal)."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, count: int, label: str) -> None:
        self.done += count
        end = "\r" if self.tty else "\n"
        self.stream.write(f"{self.done}/{self.total} {label}{end}")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")


def rebuild(kinds: Iterable[str] | None = None, *, stream=None, insert=_bulk_create) -> Outcome:
    """Recreate the entries of every object of these sources (all by default); drop entries of vanished objects.
    `insert(model, objects)` writes the new rows and sets their keys (a bulk load passes a faster one than
    `bulk_create`: tabadul/demo/scale/bulk.py)."""
    kinds = list(kinds or REGISTRY)
    analysis.store_place_words()
    progress = Progress(sum(REGISTRY[kind].queryset().count() for kind in kinds), stream)
    outcome = Outcome()
    for kind in kinds:
        source = REGISTRY[kind]
        seen: set[int] = set()
        for objects in _chunks(source):
            _store(kind, _build_chunk(source, objects), outcome, insert)
            seen.update(obj.pk for obj in objects)
            progress.advance(len(objects), kind)
        orphans = sorted(set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True)) - seen)
        for start in range(0, len(orphans), CHUNK):
            _, counts = SearchEntry.objects.filter(kind=kind, object_id__in=orphans[start : start + CHUNK]).delete()
            outcome.deleted += counts.get("search.SearchEntry", 0)
    if outcome.deleted:
        _changed()
    _refresh_statistics()
    progress.finish()
    return outcome


def _refresh_statistics() -> None:
    """After a rebuild, give PostgreSQL's planner fresh statistics: the search picks its plan for a word from
    how frequent the planner thinks it is (`backends.PostgreSQLBackend`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry, search_facet")


@dataclass
class Report:
    missing: dict[str, list[int]] = field(default_factory=dict)
    stale: dict[str, list[int]] = field(default_factory=dict)
    orphaned: dict[str, list[int]] = field(default_factory=dict)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def check(kinds: Iterable[str] | None = None) -> Report:
    """Compare the index with a fresh computation from the tables, without writing anything."""
    report = Report()
    analysis.count_places_into_cache()  # the tables' place words, whatever is stored: nothing is written
    for kind in kinds or REGISTRY:
        source = REGISTRY[kind]
        indexed = dict(SearchEntry.objects.filter(kind=kind).values_list("object_id", "fingerprint"))
        seen = set()
        for objects in _chunks(source):
            for item in _build_chunk(source, objects):
                object_id = item.entry.object_id
                seen.add(object_id)
                report.checked += 1
                if object_id not in indexed:
                    report.missing.setdefault(kind, []).append(object_id)
                elif indexed[object_id] != item.entry.fingerprint:
                    report.stale.setdefault(kind, []).append(object_id)
        orphaned = sorted(set(indexed) - seen)
        if orphaned:
            report.orphaned[kind] = orphaned
    return report
