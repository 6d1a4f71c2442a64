"""`make bench-search`: the search on 100,000 generated Arabic and English items, against a plain icontains search.

For SQLite (a database file under var/bench-search/, kept between runs) and, when Debian's PostgreSQL binaries are
installed, for a throwaway PostgreSQL cluster (initdb into a temporary directory, C.UTF-8, a free port), this
loads the corpus (bench/search_corpus.py) as library documents, builds the index with `index.rebuild`, and measures
in-process (bench/search_worker.py):
- recall on the spelling-variant set (tabadul/search/variants.py), each pair's document hidden among the 100,000;
- p50/p95 latency of the whole search read (facet counts, ranked page, entries, snippets) for the variant
  queries and frequent-word queries, next to the baseline (every word icontains title or summary, count + page):
  cold (without the anonymous results cache: the figure the target is about) and warm (the cache's hit).

    python bench/search.py [--items 100000] [--rounds 5] [--only sqlite|postgresql]
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-search"
PYTHON = sys.executable
TARGET_P95_MS = 30.0


def _env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tabadul.settings.test", "DATABASE_URL": database_url}


def _run(env: dict[str, str], items: int, rounds: int) -> dict:
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    output = subprocess.run(
        [PYTHON, "bench/search_worker.py", str(items), str(rounds)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def sqlite(items: int, rounds: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"search-{items}.sqlite3"
    return _run(_env(f"sqlite:///{path}"), items, rounds)


def postgres_cluster():
    # shared_buffers as on a small production server (a quarter of 2 GB; PostgreSQL's default is 128 MB).
    return harness.throwaway_postgres("tabadul_bench", options="-c shared_buffers=512MB")


def postgresql(items: int, rounds: int) -> dict:
    with postgres_cluster() as url:
        return _run(_env(url), items, rounds)


def report(results: list[dict]) -> str:
    lines = [
        f"{'database':<11} {'items':>7} {'what':<22} {'recall':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    for result in results:
        for label, recall, key in (
            ("search (all queries)", result["recall"], "search"),
            ("search, CPU of process", None, "search_cpu"),
            ("search, cached (warm)", None, "search_warm"),
            ("icontains (all)", result["baseline_recall"], "baseline"),
            ("search (frequent)", None, "search_common"),
            ("icontains (frequent)", None, "baseline_common"),
            ("typos (did you mean)", result.get("typos_right", 0) / result.get("typo_queries", 1), "typos"),
        ):
            if key not in result:
                continue
            figures = result[key]
            shown = f"{recall:.0%}" if recall is not None else ""
            lines.append(
                f"{result['vendor']:<11} {result['items']:>7} {label:<22} {shown:>7} "
                f"{figures['p50']:>8.1f} {figures['p95']:>8.1f} {figures['max']:>8.1f}"
            )
        ratio = result["baseline"]["p50"] / result["search"]["p50"] if result["search"]["p50"] else 0
        verdict = "meets" if result["search"]["p95"] <= TARGET_P95_MS else "MISSES"
        lines.append(
            f"{'':<11} search p95 {result['search']['p95']:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target; "
            f"p50 {ratio:.1f}x faster than icontains; {result['variants']} variant pairs; "
            f"index built in {result['index_seconds']:.0f} s; frequent-word matches {result['common_matches']}"
        )
        if "typos" in result:
            lines.append(
                f"{'':<11} did you mean: {result['typos_right']} of {result['typo_queries']} misspelt queries "
                f"corrected (the recall column); vocabulary of {result['vocabulary_words']} title words built in "
                f"{result['vocabulary_seconds']:.1f} s (once per process and expiry)"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--quick", action="store_true", help="10,000 items, 2 rounds (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.items, args.rounds = 10_000, 2
    results = []
    if args.only in (None, "sqlite"):
        results.append(sqlite(args.items, args.rounds))
    if args.only in (None, "postgresql"):
        if harness.postgres_bin() is None:
            print("PostgreSQL binaries not found under /usr/lib/postgresql: PostgreSQL skipped", file=sys.stderr)
        else:
            results.append(postgresql(args.items, args.rounds))
    print(report(results))
    (WORK / "last.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
