#!/usr/bin/env python
"""`make bench-pages`: every page shape at the demo's size and at regional scale, side by side (issue 22, item 2).

1. A throwaway SQLite database with production settings (bench/bench_settings.py) holds the matrix world of the
   page checks (tabadul/core/tests/matrix.py: the demo, the objects every page is opened with, and a person in
   each role of the permission matrix).
2. Every page shape of the page checks' crawl (tabadul/core/tests/crawl.py: every endpoint answering GET with
   HTML) is opened in-process with Django's test client, as an anonymous visitor and as each role: the queries of
   an uncached request are counted, then `--runs` requests are timed, each on an empty cache (the render as the
   first visitor gets it). The pages to watch (`WATCH`: the reach dashboard, the largest hub, the busiest body,
   "my work" of the busiest approver, the events calendar, search) are opened too, each with the largest object
   of its kind in the database.
3. The scale generator (`manage.py load_scale`, tabadul/demo/scale) adds `--bodies` local bodies and all that
   grows with them; the world's own objects get more rows too (tabadul/core/tests/scale_growth.py). Step 2 again.

It prints, per page shape, the render time p50/p95 and the query count at both sizes, and the targets: every page
p95 at most 50 ms signed in at scale, the same query count at both sizes. Usage:

    .venv/bin/python bench/pages.py                   # 10,000 bodies
    .venv/bin/python bench/pages.py --bodies 2000 --runs 3
    .venv/bin/python bench/pages.py --quick           # 200 bodies, 2 runs: a smoke run
    .venv/bin/python bench/pages.py --strict          # exit 1 when a target is missed
    .venv/bin/python bench/pages.py --prepare-only    # build and grow the world only, kept for --reuse
    .venv/bin/python bench/pages.py --reuse           # measure on the kept world and its kept grown copy
    .venv/bin/python bench/pages.py --reuse --only meter:dashboard --role admin --profile   # where the time goes
"""

import argparse
import contextlib
import functools
import gc
import io
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# A directory of its own: bench-meter and bench-pages may run at once; under TABADUL_VAR_DIR when it is set, so that
# two people (or sessions) running it at once do not share a database.
os.environ.setdefault("BENCH_WORK", str(Path(os.environ.get("TABADUL_VAR_DIR") or ROOT / "var") / "bench-pages"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
import harness  # noqa: E402
import meter  # noqa: E402  (its set-up of a migrated production database, kept between runs)

TARGET_MS = 50.0
SEED = 22
# The figure held to the target: "cpu" (the process's CPU time of the request: what the render costs, whatever else
# the machine is doing; on a shared, busy machine the wall clock measures the queue for the cores) or "samples"
# (the wall clock, with --wall-clock; the same on a quiet machine).
CLOCK = "cpu"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=10_000, help="generated local bodies at scale (10,000)")
    parser.add_argument("--runs", type=int, default=3, help="timed requests per page shape and size (3)")
    parser.add_argument("--rows", type=int, default=200, help="rows added to each relation of the world's objects")
    parser.add_argument("--quick", action="store_true", help="200 bodies, 2 runs: a smoke run")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--wall-clock", action="store_true", help="hold the wall clock to the target, not CPU time")
    parser.add_argument("--watch-only", action="store_true", help="only the pages to watch (WATCH), every role")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="start from the world kept by an earlier run, and from its grown database when it has one of this size",
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="build and grow the world, keep both for --reuse, measure nothing (the slow part, done ahead)",
    )
    parser.add_argument("--only", default="", help="only the endpoints whose name contains this text")
    parser.add_argument("--role", default="", help="only this role (anonymous, admin, citizen, …)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="at scale only: print where the CPU time of one uncached request goes (cProfile), per page shape",
    )
    args = parser.parse_args()
    if args.quick:
        args.bodies, args.runs, args.rows = min(args.bodies, 200), 2, 20
    return args


# --- The pages ---------------------------------------------------------------------------------------------------


def watched(world) -> list[tuple[str, str, dict, str]]:
    """(label, endpoint, URL kwargs, role) of the pages the issue names, each with the largest object of its kind
    in the database now; the role is a world role, or a user name ("user:<username>")."""
    from django.db.models import Count, Q
    from tabadul.accounts.models import RoleGrant
    from tabadul.directory.models import LocalBody
    from tabadul.hubs.models import Hub
    from tabadul.meter.models import ProgressUpdate

    hub = Hub.objects.annotate(n=Count("memberships", filter=Q(memberships__status="active"))).order_by("-n").first()
    body = LocalBody.objects.annotate(n=Count("hub_memberships")).order_by("-n", "pk").first()
    pending = (
        ProgressUpdate.objects.filter(status=ProgressUpdate.Status.PENDING)
        .values("project__plan__body")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    approver = None
    if pending:
        grant = (
            RoleGrant.objects.filter(role=RoleGrant.Role.BODY_APPROVER, local_body=pending["project__plan__body"])
            .select_related("user")
            .first()
        )
        approver = grant.user if grant else None
    pages = [
        ("reach dashboard", "events:reach", {}, "admin"),
        # Not an administrator: which stored figures it may see is a query over the events (reach._scope).
        ("reach dashboard", "events:reach", {}, "programme_officer"),
        ("largest hub's page", "hubs:hub_detail", {"slug": hub.slug}, "anonymous"),
        ("largest hub's page", "hubs:hub_detail", {"slug": hub.slug}, "admin"),
        ("largest hub's members", "hubs:members", {"slug": hub.slug}, "anonymous"),
        ("largest hub's members", "hubs:members", {"slug": hub.slug}, "admin"),
        ("busiest body's page", "directory:body_detail", {"slug": body.slug}, "anonymous"),
        ("busiest body's page", "directory:body_detail", {"slug": body.slug}, "admin"),
        ("events calendar", "events:event_month", {}, "citizen"),
        ("search", "search:search", {}, "citizen"),
    ]
    if approver is not None:
        pages.append(("my work, busiest approver", "work:my_work", {}, f"user:{approver.username}"))
    return pages


def page_shapes(world) -> list[tuple[str, str, dict, str]]:
    """(label, endpoint, kwargs, role) of every page shape of the crawl, then the watched pages."""
    from tabadul.core.tests.crawl import page_endpoints
    from tabadul.core.tests.matrix import ROLES
    from tabadul.core.tests.test_get_writes import GET_KWARGS

    shapes = [(name, name, world.kwargs(GET_KWARGS[name]), role) for role in ROLES for name in page_endpoints()]
    return shapes + [(f"watch: {label}", name, kwargs, role) for label, name, kwargs, role in watched(world)]


SEARCH_QUERY = "?q=%D9%86%D9%81%D8%A7%D9%8A%D8%A7%D8%AA"  # نفايات: a word in many titles at both sizes


def measure(world, runs: int, only: str, watch_only: bool = False, role_only: str = "", profile: bool = False) -> dict:
    """{(label, role): {"queries", "status", "samples"}} of every page shape, in Arabic, each request uncached."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation
    from tabadul.accounts.models import User
    from tabadul.meter.cache import forget_memo

    # As a worker after start-up (tabadul/wsgi.py): what exists now is frozen out of the collector's reach, so a
    # full collection inside a timed request walks that request's garbage, not the benchmark's world.
    gc.collect()
    gc.freeze()
    clients: dict[str, Client] = {}

    def client_for(role: str) -> Client:
        if role not in clients:
            client = clients[role] = Client(
                raise_request_exception=False, HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"
            )
            user = User.objects.get(username=role[5:]) if role.startswith("user:") else world.users[role]
            if user is not None:
                client.force_login(user)
        return clients[role]

    def fresh():
        """Each request as a fresh worker's first: nothing cached, not even the content types (their process cache,
        warm or cold depending on the pages opened before, made a page's count differ by two between sizes)."""
        cache.clear()
        forget_memo()
        ContentType.objects.clear_cache()

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    pauses = CollectorPauses()
    gc.callbacks.append(pauses)
    results = {}
    shapes = [shape for shape in page_shapes(world) if only in shape[1] and role_only in ("", shape[3])]
    if watch_only:
        shapes = [shape for shape in shapes if shape[0].startswith("watch: ")]
    started = time.monotonic()
    for number, (label, name, kwargs, role) in enumerate(shapes, 1):
        try:
            with translation.override("ar"):
                url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if name == "search:search":
            url += SEARCH_QUERY
        client = client_for(role)
        fresh()  # the counted request also warms the page's templates for the timed ones
        executed.clear()
        with connection.execute_wrapper(count):
            response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        # What the page's first render kept for the worker's life frozen, as tabadul/wsgi.py does after a worker's
        # first requests: a full collection landing in a timed request measured the collector, not the page.
        gc.collect()
        gc.freeze()
        samples, cpu = [], []
        if response.status_code == 200:
            for _ in range(runs):
                fresh()
                start, start_cpu = time.perf_counter(), time.process_time()
                with pauses.timed():
                    client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            if profile:
                fresh()
                print_profile(f"{label} [{role}]", functools.partial(client.get, url))
        results[label, role] = {
            "name": name,
            "url": url,
            "status": response.status_code,
            "queries": len(executed),
            "samples": samples,
            "cpu": cpu,
        }
        if number % 200 == 0:
            print(f"  {number}/{len(shapes)} page shapes ({time.monotonic() - started:.0f} s)", flush=True)
    gc.callbacks.remove(pauses)
    print(f"  full collections inside timed renders: {pauses.summary()}", flush=True)
    return results


class CollectorPauses:
    """The full collections (generation 2) that fall inside timed renders, and their CPU time: a page's p95 that
    holds one measures the collector, not the page."""

    def __init__(self):
        self.pauses: list[float] = []
        self._timing = False
        self._started = 0.0

    @contextlib.contextmanager
    def timed(self):
        self._timing = True
        try:
            yield
        finally:
            self._timing = False

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.process_time()
        elif self._timing and info["generation"] == 2:
            self.pauses.append((time.process_time() - self._started) * 1000)

    def summary(self) -> str:
        if not self.pauses:
            return "none"
        return f"{len(self.pauses)}, {sum(self.pauses):.0f} ms in all, the longest {max(self.pauses):.0f} ms"


def print_profile(title: str, request) -> None:
    """Where one request's CPU time goes: the functions with the most cumulative time, the project's first."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(request)
    print(f"\n--- profile: {title}")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
        r"tabadul|django/(db|template|forms)", 30
    )


# --- The two sizes ---------------------------------------------------------------------------------------------


def build_world(reuse: bool):
    """The matrix world on the bench database; kept (the database file and the world's objects) for --reuse."""
    import pickle
    import shutil

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.test import override_settings
    from tabadul.core.tests.matrix import World
    from tabadul.core.tests.matrix import build_world as build

    database = Path(settings.DATABASES["default"]["NAME"])
    kept, kept_world = harness.WORK / "keep" / "world.sqlite3", harness.WORK / "keep" / "world.pickle"
    if reuse and kept.exists() and kept_world.exists():
        connections.close_all()
        shutil.copyfile(kept, database)
        call_command("migrate", interactive=False, verbosity=0)  # a migration added since: applied to the copy
        call_command("reach_figures", stdout=io.StringIO())  # as after a deploy: figures of scopes added since
        call_command("hub_member_figures", stdout=io.StringIO())  # a world kept from before the demo stored them
        users, objects, tokens = pickle.loads(kept_world.read_bytes())  # noqa: S301 (this run's own file)
        return World(users=users, objects=objects, tokens=tokens)
    with transaction.atomic(), override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        world = build()
    connections.close_all()
    shutil.copyfile(database, kept)
    for grown in kept.parent.glob("grown-*.sqlite3"):  # grown from the world kept before
        grown.unlink()
    kept_world.write_bytes(pickle.dumps((world.users, world.objects, world.tokens)))  # not World: its __getattr__
    return world


def grow(world, bodies: int, rows: int, reuse: bool) -> bool:
    """The world at scale: grown now (and kept for --reuse), or the kept copy of an earlier run's at this size
    (`keep/grown-<bodies>x<rows>.sqlite3`, made from the kept world); True when it was grown now."""
    import shutil

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections, transaction
    from tabadul.core.tests import scale_growth

    database = Path(settings.DATABASES["default"]["NAME"])
    kept = harness.WORK / "keep" / f"grown-{bodies}x{rows}.sqlite3"
    if reuse and kept.exists():
        connections.close_all()
        shutil.copyfile(kept, database)
        call_command("migrate", interactive=False, verbosity=0)  # a migration added since: applied to the copy
        call_command("reach_figures", stdout=io.StringIO())  # as after a deploy: figures of scopes added since
        call_command("hub_member_figures", stdout=io.StringIO())  # a world grown before growth stored them
        return False
    with transaction.atomic():
        # Each step of the generator says its wall clock and CPU time (the slow part: worth seeing where it goes).
        wall, cpu = time.monotonic(), time.process_time()
        scale_growth.grow(world, bodies=bodies, seed=SEED, rows=rows, stream=sys.stdout)
        print(f"  generated and grown: {time.monotonic() - wall:.0f} s ({time.process_time() - cpu:.0f} s CPU)")
    connections.close_all()
    shutil.copyfile(database, kept)
    return True


def table_counts() -> dict[str, int]:
    from django.apps import apps

    labels = ["directory.LocalBody", "accounts.User", "hubs.Membership", "events.Event", "events.Registration"]
    labels += ["library.Document", "qa.Question", "twinning.TwinningGroup", "meter.StrategicPlan", "meter.Project"]
    labels += ["meter.ProgressUpdate", "notifications.Notification"]
    return {label: apps.get_model(label)._default_manager.count() for label in labels}


# --- The report -----------------------------------------------------------------------------------------------------


def summarise(demo: dict, scale: dict) -> tuple[list[dict], list[tuple[str, str, bool]]]:
    rows = []
    for key in sorted(demo.keys() | scale.keys()):
        before, after = demo.get(key), scale.get(key)
        row = {"label": key[0], "role": key[1]}
        for size, figures in (("demo", before), ("scale", after)):
            if figures is None:
                continue
            row[f"{size}_status"] = figures["status"]
            row[f"{size}_queries"] = figures["queries"]
            if figures["samples"]:
                row[f"{size}_p50"] = harness.percentile(figures[CLOCK], 50)
                row[f"{size}_p95"] = harness.percentile(figures[CLOCK], 95)
                row[f"{size}_wall_p95"] = harness.percentile(figures["samples"], 95)
        rows.append(row)
    signed_in = [row for row in rows if row["role"] != "anonymous" and "scale_p95" in row]
    slow = [row for row in signed_in if row["scale_p95"] > TARGET_MS]
    # The watched pages open another object at each size (the largest one of its kind): their counts are shown,
    # the crawl's page shapes (the same objects at both sizes) are the ones held to the same count.
    compared = [row for row in rows if not row["label"].startswith("watch: ")]
    changed = [
        row for row in compared if row.get("demo_status") == 200 and row.get("demo_queries") != row.get("scale_queries")
    ]
    checks = [
        (
            f"every page p95 ≤ {TARGET_MS:.0f} ms signed in at scale",
            f"{len(signed_in) - len(slow)}/{len(signed_in)} page shapes"
            + (f"; slowest {max(r['scale_p95'] for r in signed_in):.1f} ms" if signed_in else ""),
            not slow,
        ),
        (
            "query count identical at demo and scale",
            f"{len(compared) - len(changed)}/{len(compared)} page shapes",
            not changed,
        ),
    ]
    return rows, checks


def by_endpoint(rows: list[dict]) -> list[dict]:
    """One line per endpoint: the anonymous figures, and the worst signed-in role's."""
    table: dict[str, dict] = {}
    for row in rows:
        line = table.setdefault(row["label"], {"label": row["label"]})
        side = "anon" if row["role"] == "anonymous" else "in"
        for size in ("demo", "scale"):
            p95 = row.get(f"{size}_p95")
            if p95 is not None and p95 >= line.get(f"{side}_{size}_p95", -1):
                line[f"{side}_{size}_p50"] = row[f"{size}_p50"]
                line[f"{side}_{size}_p95"] = p95
                if side == "in":
                    line[f"in_{size}_role"] = row["role"]
            queries = row.get(f"{size}_queries")
            if queries is not None and row.get(f"{size}_status") == 200:
                line[f"q_{size}"] = max(line.get(f"q_{size}", 0), queries)
    return [table[label] for label in sorted(table)]


def print_report(lines: list[dict], checks, info: dict, counts: dict) -> None:
    def cell(line, key):
        value = line.get(key)
        return f"{value:6.1f}" if value is not None else "     -"

    print(f"\n{info['date']} · {info['cpu']} · load before: {info['load']} · Python {info['python']}")
    print(
        "Rows at the two sizes: "
        + ", ".join(f"{k.split('.')[1]} {counts['demo'][k]:,} → {counts['scale'][k]:,}" for k in counts["demo"])
    )
    print(
        f"\nms: p50/p95 of uncached renders in-process ({'wall clock' if CLOCK == 'samples' else 'CPU time'}); "
        "anonymous, and the slowest signed-in role; "
        "queries: the most of any role (uncached)"
    )
    width = max(len(line["label"]) for line in lines) + 1
    print(
        f"{'page':<{width}} {'anon demo':>13} {'anon scale':>13} {'signed demo':>13} {'signed scale':>13}"
        f" {'queries':>9}"
    )
    for line in lines:
        queries = f"{line.get('q_demo', '-')}→{line.get('q_scale', '-')}"
        print(
            f"{line['label']:<{width}}"
            f" {cell(line, 'anon_demo_p50')}/{cell(line, 'anon_demo_p95').strip():<6}"
            f" {cell(line, 'anon_scale_p50')}/{cell(line, 'anon_scale_p95').strip():<6}"
            f" {cell(line, 'in_demo_p50')}/{cell(line, 'in_demo_p95').strip():<6}"
            f" {cell(line, 'in_scale_p50')}/{cell(line, 'in_scale_p95').strip():<6}"
            f" {queries:>9}"
        )
    print("\nTargets")
    for label, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {value}")


def main() -> int:
    global CLOCK
    args = parse_args()
    CLOCK = "samples" if args.wall_clock else "cpu"
    harness.stop_on_sigterm()
    started = time.monotonic()
    print(f"Setting up a throwaway database in {harness.WORK / 'var'} (production settings) …", flush=True)
    meter.setup_django()
    info = _machine()
    world = build_world(args.reuse)
    counts = {"demo": table_counts()}
    print(f"  the matrix world built ({time.monotonic() - started:.0f} s)", flush=True)
    if args.prepare_only:
        print(f"Generating {args.bodies:,} bodies (load_scale) and growing the world's objects by {args.rows} rows …")
        grown = grow(world, args.bodies, args.rows, args.reuse)
        print(f"  {'grown' if grown else 'already kept'} ({time.monotonic() - started:.0f} s); kept for --reuse")
        return 0
    print(f"Demo size: every page shape, {args.runs} timed renders each …", flush=True)
    demo = measure(world, args.runs, args.only, args.watch_only, args.role)
    print(f"  done ({time.monotonic() - started:.0f} s)", flush=True)
    print(f"Generating {args.bodies:,} bodies (load_scale) and growing the world's objects by {args.rows} rows …")
    step = time.monotonic()
    grown = grow(world, args.bodies, args.rows, args.reuse)
    counts["scale"] = table_counts()
    generated = time.monotonic() - step
    print(f"  {'done' if grown else 'the kept grown database copied'} in {generated:.0f} s", flush=True)
    print(f"At scale: every page shape, {args.runs} timed renders each …", flush=True)
    scale = measure(world, args.runs, args.only, args.watch_only, args.role, args.profile)
    rows, checks = summarise(demo, scale)
    lines = by_endpoint(rows)
    print_report(lines, checks, info, counts)
    changed = [r for r in rows if r.get("demo_status") == 200 and r.get("demo_queries") != r.get("scale_queries")]
    for row in changed:
        if not row["label"].startswith("watch: "):
            print(
                f"  query count changed: {row['label']} [{row['role']}] {row.get('demo_queries')} → "
                f"{row.get('scale_queries')}"
            )
    result = {
        "machine": info,
        "args": vars(args),
        "counts": counts,
        "generated_s": generated,
        "rows": rows,
        "targets": {label: ok for label, _value, ok in checks},
    }
    out = harness.WORK / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    print(f"\nFigures saved to {out} ({time.monotonic() - started:.0f} s in all)")
    return 1 if args.strict and not all(ok for _l, _v, ok in checks) else 0


def _machine() -> dict:
    import platform

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{os.cpu_count()} × {cpu}",
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "python": platform.python_version(),
    }


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("\nInterrupted.")
