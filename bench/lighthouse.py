#!/usr/bin/env python
"""`make lighthouse`: Lighthouse (pinned in bench/lighthouse/package-lock.json, installed by `npm ci`) in Debian's
Chromium on the main pages, in Arabic and English, against the production set-up of `make bench-load` (production
settings, gunicorn behind nginx with deploy/nginx's blocks, the demo content, static files collected), on loopback.

Pages: the home page, a hub, the event list, the library, a Meter plan, a Meter project and search. Lighthouse's
default (a mid-range phone on a throttled 4G connection). Every page is fetched once before it is audited (the
micro-cache and the workers warm, as on a site in use), then audited `--runs` times; the run with the median
performance score is kept, as Lighthouse's documentation advises (its score varies from run to run, most on a busy
machine: the table prints Lighthouse's CPU benchmark index of that run, about 1,000 or more on an idle desktop).
Prints one Markdown table for docs/performance.md; the JSON reports stay in var/bench/lighthouse/. Its servers
(gunicorn, nginx) listen on free loopback ports and are stopped at the end, on error or on Ctrl-C. Not part of the
suite. Usage:

    .venv/bin/python bench/lighthouse.py            # prepares a fresh database, then runs every page
    .venv/bin/python bench/lighthouse.py --reuse    # reuses the database and static files of the last run
    .venv/bin/python bench/lighthouse.py --runs 1   # one audit per page (quicker, noisier)
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import load  # noqa: E402

WORK = harness.WORK / "lighthouse"
LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# (name, where to start, a link on that page to follow or None)
PAGES = [
    ("home", "/", None),
    ("hub", "/hubs/", r'href="(/hubs/(?!invitations/)[^"/?#]+/)"'),
    ("event list", "/events/", None),
    ("library", "/library/", None),
    ("Meter plan", "/meter/", r'href="(/meter/plans/\d+/)"'),
    ("Meter project", "/meter/", r'href="(/meter/plans/\d+/)"', r'href="(/meter/projects/\d+/)"'),
    ("search", "/search/?q=%D9%86%D9%81%D8%A7%D9%8A%D8%A7%D8%AA", None),  # نفايات (waste)
]


def discover(base: str) -> list[tuple[str, str]]:
    found = []
    for name, path, *links in PAGES:
        for link in links:
            if link is None:
                continue
            match = re.search(link, harness.fetch(base + path).decode())
            if not match:
                raise RuntimeError(f"no {name} linked from {path}: is the demo content loaded?")
            path = match.group(1)
        found.append((name, path))
    return found


# Lighthouse sometimes loses a page load's trace ("NO_NAVSTART", "Please run Lighthouse again"): such an audit is
# run again, up to this many times in all, rather than ending the whole run.
ATTEMPTS = 3


def audit(url: str, report: Path) -> dict[str, float]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    for attempt in range(1, ATTEMPTS + 1):
        finished = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if finished.returncode == 0:
            break
        if attempt == ATTEMPTS:
            raise subprocess.CalledProcessError(finished.returncode, command)
    result = json.loads(report.read_text())
    scores = {category: round(result["categories"][category]["score"] * 100) for category in CATEGORIES}
    return {**scores, "benchmark": result["environment"]["benchmarkIndex"]}


def median_audit(url: str, report: Path, runs: int) -> dict[str, float]:
    """`runs` audits; the one with the median performance score (its report is kept as `report`)."""
    results = []
    for number in range(runs):
        path = report.with_suffix(f".{number}.json")
        results.append((audit(url, path), path))
    ordered = sorted(results, key=lambda result: result[0]["performance"])
    scores, path = ordered[(len(ordered) - 1) // 2]
    path.replace(report)
    for _scores, other in results:
        other.unlink(missing_ok=True)
    scores["spread"] = f"{ordered[0][0]['performance']}–{ordered[-1][0]['performance']}"
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="reuse the database and static files of the last run")
    parser.add_argument("--runs", type=int, default=3, help="audits per page; the median is kept (default 3)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse` (npm ci in bench/lighthouse/).")
    harness.stop_on_sigterm()
    harness.require("nginx")
    WORK.mkdir(parents=True, exist_ok=True)
    env = harness.bench_env(TABADUL_VAR_DIR=str(WORK / "var"), TABADUL_STATIC_ROOT=str(WORK / "static"))
    env.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'lighthouse.sqlite3'}")
    if not (args.reuse and (WORK / "static").exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'lighthouse.sqlite3'}{suffix}").unlink(missing_ok=True)
        load.prepare(env)
    rows = []
    with harness.gunicorn(env, workers=2) as django, load.nginx(django, work=WORK / "nginx") as front:
        for name, path in discover(front):
            for language, prefix in (("ar", ""), ("en", "/en")):
                url = front + prefix + path
                slug = re.sub(r"[^a-z0-9]+", "-", f"{name}-{language}".lower())
                harness.fetch(url)  # warm: the micro-cache and the worker that renders it
                scores = median_audit(url, WORK / f"{slug}.json", max(args.runs, 1))
                rows.append((name, language, prefix + path, scores))
                print(f"  {name} [{language}]: {scores}", flush=True)
    print(
        f"\nLighthouse {json.loads((WORK / f'{slug}.json').read_text())['lighthouseVersion']}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load.machine()}, load average {load.load_average()}, "
        f"median of {max(args.runs, 1)} runs per page "
        f"(CPU benchmark index {statistics.median(scores['benchmark'] for *_, scores in rows):.0f})\n"
    )
    print("| page | language | path | performance (runs) | accessibility | best practices | SEO | benchmark |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, language, path, scores in rows:
        print(
            f"| {name} | {language} | `{path}` | {scores['performance']} ({scores['spread']}) | "
            + " | ".join(str(scores[c]) for c in CATEGORIES[1:])
            + f" | {scores['benchmark']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
