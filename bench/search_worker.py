"""Runs inside Django for bench/search.py: load the corpus, build the index, measure; prints one JSON line.

python bench/search_worker.py ITEMS ROUNDS
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tabadul.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from tabadul.core.arabic import normalize_arabic  # noqa: E402
from tabadul.directory.models import Governorate  # noqa: E402
from tabadul.library.models import Document  # noqa: E402
from tabadul.library.selectors import visible_documents  # noqa: E402
from tabadul.search import analysis, index, suggest  # noqa: E402
from tabadul.search.backends import get_backend  # noqa: E402
from tabadul.search.models import SearchEntry  # noqa: E402
from tabadul.search.selectors import SearchFilters, _compile, _search, search, visibility_q  # noqa: E402
from tabadul.search.variants import VARIANTS  # noqa: E402

from search_corpus import Corpus  # noqa: E402

# Frequent words, to measure the worst case too (thousands of matches, facets over all of them).
COMMON_QUERIES = ["البلدية", "المياه", "خطة العمل", "التقرير السنوي", "municipality", "water plan", "الطاقة الشمسية"]
# Misspelt queries that find nothing, with the spelling "did you mean" should offer (most are two edits away).
TYPOS = [
    ("الموزانع", "الموازنة"),  # a pair swapped, a letter wrong
    ("الكحربا", "الكهرباء"),  # wrong, missing
    ("المشارغ", "المشاريع"),
    ("الاستسمر", "الاستثمار"),
    ("التختيت", "التخطيط"),  # two wrong
    ("الشفاغيت", "الشفافية"),
    ("المواتنيم", "المواطنين"),
    ("النفايت الصلبه", "النفايات الصلبة"),  # one edit; the other word kept
    ("الطاقة الشمصبة", "الطاقة الشمسية"),
    ("budjet", "budget"),
    ("muncipalty", "municipality"),  # two missing
    ("trasnparancy", "transparency"),
    ("govrenace", "governance"),
    ("enviromnet", "environment"),
    ("acountabilty", "accountability"),
    ("partisipaton", "participation"),
    ("coperatoin", "cooperation"),
    ("hertige", "heritage"),
]
BATCH = 2000


def load(items: int) -> float:
    """Create the generated documents (without signals: the index is built afterwards, as after an import)."""
    started = time.monotonic()
    existing = Document.objects.filter(slug__startswith="bench-").count()
    if existing >= items:
        return 0.0
    corpus = Corpus()
    governorates = list(Governorate.objects.values_list("pk", flat=True))
    rng = corpus.rng
    variants = {f"bench-variant-{number}": document for number, (_q, document, _w) in enumerate(VARIANTS)}
    documents = []
    for number, (slug, title) in enumerate(variants.items()):
        documents.append(
            Document(slug=slug, type="study", title_ar=title, summary_ar=corpus.arabic_text(20), year=2020 + number % 6)
        )
    for number in range(items - len(variants)):
        roll = rng.random()
        visibility = "public" if roll < 0.9 else ("members" if roll < 0.95 else "private")
        documents.append(
            Document(
                slug=f"bench-{number}",
                type=rng.choice(Document.Type.values),
                visibility=visibility,
                governorate_id=rng.choice(governorates) if rng.random() < 0.7 else None,
                year=rng.randint(2010, 2026),
                **corpus.item(),
            )
        )
    with transaction.atomic():
        for start in range(0, len(documents), BATCH):
            Document.objects.bulk_create(documents[start : start + BATCH])
    return time.monotonic() - started


def build_index() -> float:
    started = time.monotonic()
    if SearchEntry.objects.filter(kind="document").count() < Document.objects.count():
        index.rebuild(["document"], stream=sys.stderr)
    seconds = time.monotonic() - started
    if connection.vendor == "postgresql":
        # Measure the steady state: autovacuum would otherwise vacuum the 100,000 new rows during the timings.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return seconds


CPU: list[float] = []  # CPU time of this process per search (SQLite runs in-process): robust to a busy machine


def _timed(function, rounds: int, cpu: list | None = None) -> list[float]:
    function()  # warm-up
    samples = []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
    return samples


def _baseline(query: str, user) -> tuple[int, list]:
    """What a list page does without the search: every word icontains title or summary (AR or EN)."""
    documents = visible_documents(user)
    for word in query.split()[:8]:
        documents = documents.filter(
            Q(title_ar__icontains=word)
            | Q(title_en__icontains=word)
            | Q(summary_ar__icontains=word)
            | Q(summary_en__icontains=word)
        )
    return documents.count(), list(documents.order_by("-year", "-pk")[:20])


def _percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))],
        "max": samples[-1],
        "n": len(samples),
    }


def measure(rounds: int) -> dict:
    user = AnonymousUser()
    backend = get_backend()
    targets = dict(Document.objects.filter(slug__startswith="bench-variant-").values_list("slug", "pk"))
    found = baseline_found = 0
    for number, (query, _document, _what) in enumerate(VARIANTS):
        pk = targets[f"bench-variant-{number}"]
        where = _compile(visibility_q(user) & Q(kind="document", object_id=pk))
        found += bool(backend.page(analysis.query_terms(query), where, limit=1, offset=0))
        baseline_found += _baseline_hit(query, pk, user)
    queries = [query for query, _d, _w in VARIANTS] + COMMON_QUERIES
    search_samples, baseline_samples, common_search, common_baseline, warm = [], [], [], [], []
    for query in queries:
        # Cold: the uncached search (what the target is about); warm: the anonymous cache's hit.
        search_times = _timed(lambda q=query: _search(user=user, query=q, filters=SearchFilters(), page=1), rounds, CPU)
        warm += _timed(lambda q=query: search(user=user, query=q), rounds)
        baseline_times = _timed(lambda q=query: _baseline(q, user), rounds)
        search_samples += search_times
        baseline_samples += baseline_times
        if query in COMMON_QUERIES:
            common_search += search_times
            common_baseline += baseline_times
    sizes = [search(user=user, query=query).total for query in COMMON_QUERIES]
    typos = measure_typos(user, rounds)
    return {
        **typos,
        "vendor": connection.vendor,
        "items": Document.objects.count(),
        "entries": SearchEntry.objects.count(),
        "variants": len(VARIANTS),
        "recall": found / len(VARIANTS),
        "baseline_recall": baseline_found / len(VARIANTS),
        "search": _percentiles(search_samples),
        "search_cpu": _percentiles(CPU),
        "search_warm": _percentiles(warm),
        "baseline": _percentiles(baseline_samples),
        "search_common": _percentiles(common_search),
        "baseline_common": _percentiles(common_baseline),
        "common_matches": dict(zip(COMMON_QUERIES, sizes, strict=True)),
    }


def measure_typos(user, rounds: int) -> dict:
    """ "Did you mean": the vocabulary's first build (a process's first zero-result query after the shared copy
    expired), then the whole search read of misspelt queries (nothing found, a suggestion looked up and counted)."""
    suggest.forget()
    started = time.perf_counter()
    words = suggest.vocabulary()
    built = time.perf_counter() - started
    samples, right = [], 0
    for typed, expected in TYPOS:
        samples += _timed(lambda q=typed: _search(user=user, query=q, filters=SearchFilters(), page=1), rounds)
        offered = _search(user=user, query=typed, filters=SearchFilters(), page=1).suggestion
        right += normalize_arabic(offered) == normalize_arabic(expected)
        print(f"typo {typed} -> {offered or '-'} (want {expected})", file=sys.stderr)
    return {
        "typos": _percentiles(samples),
        "typos_right": right,
        "typo_queries": len(TYPOS),
        "vocabulary_words": len(words.words),
        "vocabulary_seconds": built,
    }


def _baseline_hit(query: str, pk: int, user) -> bool:
    documents = visible_documents(user).filter(pk=pk)
    for word in query.split()[:8]:
        documents = documents.filter(
            Q(title_ar__icontains=word)
            | Q(title_en__icontains=word)
            | Q(summary_ar__icontains=word)
            | Q(summary_en__icontains=word)
        )
    return documents.exists()


def main() -> None:
    items, rounds = int(sys.argv[1]), int(sys.argv[2])
    loaded = load(items)
    indexed = build_index()
    result = measure(rounds)
    result["load_seconds"], result["index_seconds"] = loaded, indexed
    result["normaliser_check"] = normalize_arabic("أ") == "ا"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
