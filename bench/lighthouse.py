#!/usr/bin/env python
"""`make lighthouse`: Lighthouse (pinned in bench/lighthouse/package-lock.json, installed by `npm ci`) in Debian's
Chromium on the main pages, in Arabic and English, against the production set-up of `make bench-load` (production
settings, gunicorn behind nginx with deploy/nginx's blocks, the demo content, static files collected), on loopback.

Pages: the home page, a hub, the event list, the library, a Meter plan, a Meter project and search. Lighthouse's
default (a mid-range phone on a throttled 4G connection). Prints one Markdown table for docs/performance.md; the
JSON reports stay in var/bench/lighthouse/. Not part of the suite. Usage:

    .venv/bin/python bench/lighthouse.py            # prepares a fresh database, then runs every page
    .venv/bin/python bench/lighthouse.py --reuse    # reuses the database and static files of the last run
"""

import argparse
import json
import os
import re
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


def audit(url: str, report: Path) -> dict[str, int]:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    result = json.loads(report.read_text())
    return {category: round(result["categories"][category]["score"] * 100) for category in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="reuse the database and static files of the last run")
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
    with harness.gunicorn(env, workers=2) as django, load.nginx(django) as front:
        for name, path in discover(front):
            for language, prefix in (("ar", ""), ("en", "/en")):
                url = front + prefix + path
                slug = re.sub(r"[^a-z0-9]+", "-", f"{name}-{language}".lower())
                scores = audit(url, WORK / f"{slug}.json")
                rows.append((name, language, prefix + path, scores))
                print(f"  {name} [{language}]: {scores}", flush=True)
    print(
        f"\nLighthouse {json.loads((WORK / f'{slug}.json').read_text())['lighthouseVersion']}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load.machine()}\n"
    )
    print("| page | language | path | performance | accessibility | best practices | SEO |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for name, language, path, scores in rows:
        print(f"| {name} | {language} | `{path}` | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
