#!/usr/bin/env python
"""`make bench-meter`: the public plan page of a 200-project plan (issue 9), measured three ways.

1. Uncached render in-process (Django test client, production settings, cache cleared before every run):
   p95 must be at most 25 ms.
2. Under wrk (16 connections, same duration each, after a warm-up), side by side in the same run:
   - nginx serving the same HTML as a static file (the ceiling);
   - gunicorn, 2 threaded workers facing wrk directly, production settings, the page from Django's cache
     (Django alone): >= 1/20 of nginx;
   - nginx with the micro-cache of docs/operations.md in front of gunicorn with 2 sync workers (the
     production configuration of deploy/): >= 1/2 of nginx;
   - references: the sync workers without nginx, a bare Django view, a bare WSGI app.

Everything runs on a throwaway SQLite database under var/bench/, and the servers bind to 127.0.0.1 on free
ports and are stopped however the run ends. Usage:

    .venv/bin/python bench/meter.py            # full run (about 1.5 minutes)
    .venv/bin/python bench/meter.py --quick    # smoke run, under a minute
    .venv/bin/python bench/meter.py --profile  # also print where an uncached render spends its time
"""

import argparse
import contextlib
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import random
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

sys.path.insert(0, str(harness.ROOT))

STATIC = "nginx, static file"
DJANGO = "gunicorn ×2 gthread ×4, Django page cache (Django alone)"
MICROCACHE = "nginx micro-cache → gunicorn ×2 sync"
# Facing clients directly, gunicorn needs workers that keep connections alive (its FAQ: sync workers are
# "designed to run behind Nginx"; serving unbuffered requests calls for other workers); behind nginx, the
# production configuration of deploy/ runs sync workers.
GTHREAD = ("--worker-class=gthread", "--threads=4")
PROJECTS = 200
GOALS = 5
RENDER_TARGET_MS = 25.0
# Issue 22: the uncached render's p95 at most this many times the p50 of a cached hit measured in the same run
# (both in-process, so the ratio hardly depends on the machine or its load).
RENDER_RATIO_TARGET = 100
DJANGO_TARGET = 1 / 20
MICROCACHE_TARGET = 1 / 2


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few renders, 2-second wrk runs: a smoke test")
    parser.add_argument("--renders", type=int, help="uncached renders to time (default 400, quick 40)")
    parser.add_argument("--seconds", type=int, help="wrk duration per server (default 10, quick 2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--gunicorn-options",
        default="",
        help='extra gunicorn options to try, e.g. "--worker-class=gthread --threads=4"',
    )
    parser.add_argument("--profile", action="store_true", help="profile uncached renders with cProfile")
    parser.add_argument("--breakdown", action="store_true", help="CPU time of the parts of an uncached render")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--render-only", action="store_true", help="only the in-process renders (no nginx, no wrk)")
    args = parser.parse_args()
    args.renders = args.renders or (40 if args.quick else 400)
    args.seconds = args.seconds or (2 if args.quick else 10)
    args.warmup = 1 if args.quick else 3
    return args


# --- A throwaway database with a 200-project plan, written through the Meter's services ---------------


def _fingerprint(files) -> str:
    digest = hashlib.sha256()
    for path in sorted(str(file) for file in files):
        stat = os.stat(path)
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _reuse(stamp: Path, fingerprint: str) -> bool:
    return stamp.exists() and stamp.read_text() == fingerprint


def setup_django() -> dict[str, str]:
    """Point this process at a fresh bench database with production settings, start Django, migrate.

    Migrating and collecting static files take minutes on a busy machine, so both are kept between runs
    and redone only when a migration, a package or a static file changes: a run starts from a fresh copy
    of the migrated (empty) database.
    """
    var = harness.WORK / "var"
    keep = harness.WORK / "keep"
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    keep.mkdir(parents=True, exist_ok=True)
    env = harness.bench_env(TABADUL_STATIC_ROOT=str(keep / "static"))
    os.environ.update(env)
    import django

    django.setup()
    from importlib.metadata import distributions

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    database = Path(settings.DATABASES["default"]["NAME"])
    template = keep / "migrated.sqlite3"
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in distributions())
    migrations = _fingerprint(harness.ROOT.glob("tabadul/*/migrations/*.py"))
    migrations += hashlib.sha256("\n".join(packages).encode()).hexdigest()
    if _reuse(keep / "migrated.stamp", migrations) and template.exists():
        shutil.copyfile(template, database)
        print("  database: a copy of the migrated one kept from an earlier run", flush=True)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(database, template)
        (keep / "migrated.stamp").write_text(migrations)
        print(f"  migrated in {time.monotonic() - started:.0f} s", flush=True)
    # Production serves hashed static names from the manifest; {% static %} needs it.
    sources = [
        Path(storage.path(path)) for finder in get_finders() for path, storage in finder.list(["CVS", ".*", "*~"])
    ]
    statics = _fingerprint(sources)
    if not _reuse(keep / "static.stamp", statics):
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)
        (keep / "static.stamp").write_text(statics)
        print(f"  collected static files in {time.monotonic() - started:.0f} s", flush=True)
    return env


SECTORS = ["البنية التحتية", "المياه والصرف الصحي", "التعليم", "الصحة", "البيئة", "الاقتصاد المحلي", "الحوكمة"]
DEPARTMENTS = ["قسم الهندسة", "دائرة المياه", "قسم الصحة والبيئة", "وحدة التخطيط", "قسم الشؤون الاجتماعية"]
FUNDERS = ["موازنة البلدية", "صندوق تطوير وإقراض البلديات", "منحة الاتحاد الأوروبي", "الوكالة الألمانية GIZ"]
PLACES = ["الحي الشرقي", "الحي الغربي", "البلدة القديمة", "حي الجامعة", "المنطقة الصناعية", "وسط البلد", "الحي الشمالي"]
WORKS = [
    ("تعبيد طريق", "Paving the road"),
    ("إنشاء حديقة عامة", "A public garden"),
    ("توسعة شبكة المياه", "Extending the water network"),
    ("إنارة الشوارع بالطاقة الشمسية", "Solar street lighting"),
    ("بناء غرف صفية", "New classrooms"),
    ("تأهيل السوق الشعبي", "Rehabilitating the market"),
    ("شبكة صرف صحي", "Sewage network"),
    ("مركز ثقافي للشباب", "Youth cultural centre"),
    ("تحسين جمع النفايات", "Better waste collection"),
    ("رقمنة خدمات البلدية", "Digital municipal services"),
]
GOAL_NAMES = [
    ("بنية تحتية آمنة ومستدامة", "Safe and sustainable infrastructure"),
    ("خدمات مياه وصرف صحي لكل بيت", "Water and sanitation for every home"),
    ("تعليم وثقافة وشباب", "Education, culture and youth"),
    ("بيئة نظيفة ومساحات خضراء", "A clean environment and green spaces"),
    ("حوكمة رشيدة وخدمات إلكترونية", "Good governance and e-services"),
]
STATUSES = [
    ("planning", "قيد التخطيط", "Planning", 0),
    ("tendering", "قيد الطرح", "Tendering", 10),
    ("under-way", "قيد التنفيذ", "Under way", 40),
    ("handover", "قيد التسليم", "Handover", 90),
    ("completed", "منجز", "Completed", 100),
]


def create_plan(projects: int = PROJECTS) -> int:
    """Beita's 2023–2026 plan: 5 goals, `projects` projects, progress histories, news and answered feedback."""
    from django.db import transaction
    from tabadul.meter import rollup_store

    rng = random.Random(9)
    # One commit instead of a thousand, and the plan's stored figures computed once at the end instead of after each
    # of the thousand writes: the same services, a faster setup.
    with transaction.atomic(), rollup_store.deferred():
        return _create_plan(rng, projects)


def _create_plan(rng: random.Random, projects: int) -> int:
    from tabadul.accounts.models import RoleGrant, User
    from tabadul.accounts.services import role_grant
    from tabadul.demo import directory as directory_demo
    from tabadul.directory.models import LocalBody
    from tabadul.meter import services
    from tabadul.meter.models import Feedback, Post, StrategicPlan

    directory_demo.load()
    body = LocalBody.objects.get(slug="beita")
    admin = User.objects.create_user(username="bench.admin", email="bench.admin@example.org", full_name="مدير المنصة")
    role_grant(actor=None, user=admin, role=RoleGrant.Role.PLATFORM_ADMIN)
    # Four eyes: the body's editor reports progress, the platform administrator publishes or rejects it.
    editor = User.objects.create_user(
        username="bench.editor", email="bench.editor@example.org", full_name="قسم الهندسة"
    )
    role_grant(actor=None, user=editor, role=RoleGrant.Role.BODY_EDITOR, local_body=body)

    statuses = [
        services.status_save(actor=admin, body=body, code=code, name_ar=ar, name_en=en, default_percent=pct, position=i)
        for i, (code, ar, en, pct) in enumerate(STATUSES)
    ]
    plan = services.plan_create(
        actor=admin,
        body=body,
        title_ar="الخطة الاستراتيجية لبلدية بيتا",
        title_en="Beita Municipality strategic plan",
        start_year=2023,
        end_year=2026,
        vision="بيتا بلدة خضراء آمنة، خدماتها متاحة للجميع، يشارك أهلها في صنع قرارها.",
    )
    goals = [
        services.goal_save(
            actor=admin,
            plan=plan,
            external_id=f"G{i + 1}",
            name_ar=ar,
            name_en=en,
            weight=Decimal(rng.choice("1234")),
            position=i,
            description=f"{ar}: مشاريع الهدف وأولوياته في الخطة.",
        )
        for i, (ar, en) in enumerate(GOAL_NAMES[:GOALS])
    ]
    today = date.today()
    for n in range(projects):
        work_ar, work_en = WORKS[n % len(WORKS)]
        place = PLACES[n % len(PLACES)]
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 900))
        end = start + timedelta(days=rng.randrange(90, 700))
        project = services.project_save(
            actor=admin,
            plan=plan,
            goal=goals[n % GOALS],
            external_id=f"P-{n + 1:03d}",
            name_ar=f"{work_ar} في {place} – المرحلة {n // len(WORKS) + 1}",
            name_en=f"{work_en}, {n // len(WORKS) + 1}",
            description="مشروع من مشاريع الخطة الاستراتيجية، بتمويل ومتابعة من البلدية والشركاء.",
            sector=SECTORS[n % len(SECTORS)],
            location=place,
            department=rng.choice(DEPARTMENTS),
            budget=Decimal(rng.randrange(20, 2000) * 1000),
            funding_source=rng.choice(FUNDERS),
            start_date=start,
            end_date=end,
            weight=Decimal(rng.choice("1123")),
            status=rng.choice(statuses),
        )
        # A progress history: published reports rising over time, sometimes one still waiting or rejected.
        percent, day = 0, start
        for _ in range(rng.randrange(0, 4)):
            day = min(today, day + timedelta(days=rng.randrange(20, 120)))
            percent = min(100, percent + rng.randrange(5, 45))
            update = services.progress_submit(
                actor=editor, project=project, percent=percent, date=day, note="تقرير الإنجاز من قسم الهندسة."
            )
            services.progress_publish(actor=admin, update=update)
        if rng.random() < 0.1:
            update = services.progress_submit(actor=editor, project=project, percent=min(100, percent + 10), date=today)
            services.progress_reject(actor=admin, update=update, reason="الصور لا تظهر الموقع.")
    services.plan_set_status(actor=admin, plan=plan, status=StrategicPlan.Status.PUBLISHED)
    for n in range(4):
        services.post_save(
            actor=admin,
            body=body,
            kind=Post.Kind.NEWS,
            title=f"افتتاح مرحلة جديدة من مشاريع البلدية ({n + 1})",
            summary="البلدية تفتتح مشروعاً جديداً بحضور أهالي البلدة.",
            text="نص الخبر.",
        )
    for n in range(8):
        feedback = services.feedback_submit(
            actor=None,
            plan=plan,
            project=None,
            kind=rng.choice(Feedback.Kind.values),
            text="متى يبدأ العمل في الشارع الرئيسي؟",
            name="مواطن",
            ip=f"192.0.2.{n + 1}",
        )
        services.feedback_reply(actor=admin, feedback=feedback, reply="شكراً لكم، يبدأ العمل الشهر القادم.")
    return plan.pk


# --- 1. Uncached render, in-process ---------------------------------------------------------------------


def measure_render(url: str, runs: int, profile: bool) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from tabadul.meter.cache import forget_memo

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")

    def uncached():
        cache.clear()
        forget_memo()  # and the pages this process keeps in memory
        cpu, start = time.process_time(), time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        uncached.cpu = (time.process_time() - cpu) * 1000
        assert response.status_code == 200 and response["X-Meter-Cache"] == "miss", response
        return elapsed, response

    for _ in range(5):  # warm imports, templates and SQLite's page cache
        uncached()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        _, response = uncached()
    samples, cpu = [], []
    for _ in range(runs):
        samples.append(uncached()[0])
        cpu.append(uncached.cpu)
    hits = []
    for _ in range(min(runs, 200)):
        start = time.perf_counter()
        hit = client.get(url)
        hits.append((time.perf_counter() - start) * 1000)
        assert hit["X-Meter-Cache"] == "hit"
    figures = {
        "runs": runs,
        "p50": harness.percentile(samples, 50),
        "p95": harness.percentile(samples, 95),
        "max": max(samples),
        # CPU time of this process: what the render costs whatever else the machine is doing.
        "cpu_p50": harness.percentile(cpu, 50),
        "cpu_p95": harness.percentile(cpu, 95),
        "hit_p50": harness.percentile(hits, 50),
        "hit_p95": harness.percentile(hits, 95),
        "queries": len(queries),
        "bytes": len(response.content),
    }
    if profile:
        figures["profile"] = profile_render(uncached, runs=min(runs, 100))
        client.get(url)

        def cached():
            assert client.get(url)["X-Meter-Cache"] == "hit"

        figures["profile"] += "\n" + profile_render(cached, runs=1000, what="cached responses")
    return figures


def profile_render(uncached, runs: int, what: str = "uncached renders (cache.clear() included)") -> str:
    profiler = cProfile.Profile()
    for _ in range(runs):
        profiler.enable()
        uncached()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"cProfile of {runs} {what}, by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(30)
    out.write("\nby own time:\n")
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()


def breakdown(plan_pk: int, runs: int = 80) -> list[tuple[str, float]]:
    """CPU time (median) of the parts of an uncached render of the plan page, each measured alone."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from tabadul.meter import rollup, selectors
    from tabadul.meter.cache import forget_memo
    from tabadul.meter.models import Project, StrategicGoal, StrategicPlan
    from tabadul.meter.svg import goals_chart

    plan = StrategicPlan.objects.select_related("body").get(pk=plan_pk)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    # The rollup's query as a queryset (selectors._project_rows turns it into plain rows).
    rows_query = rollup.annotate_achievement(Project.objects.filter(plan_id__in=[plan.pk]))
    sql, params = rows_query.query.sql_with_params()
    fields = [
        "pk",
        "goal_id",
        "weight",
        "start_date",
        "end_date",
        "name_ar",
        "name_en",
        "status__name_ar",
        "achievement",
    ]

    def raw_rows():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    def page():
        cache.clear()
        forget_memo()
        client.get(f"/meter/plans/{plan_pk}/")

    goals = list(StrategicGoal.objects.filter(plan=plan))
    rows = list(selectors._project_rows([plan.pk]))
    figures = selectors.plan_overview(plan=plan)
    request = RequestFactory(HTTP_HOST="127.0.0.1").get(f"/meter/plans/{plan_pk}/")
    request.user = AnonymousUser()
    context = {
        "plan": plan,
        "figures": figures,
        "chart": goals_chart(figures.goals, rtl=True, title="chart"),
        "behind": selectors.behind_projects(figures=figures)[:10],
        "responses": selectors.response_times(body=plan.body),
        "latest_posts": list(selectors.body_posts(body=plan.body)[:3]),
        "reports": list(selectors.plan_reports(plan=plan)),
        "can_manage": False,
    }
    parts = [
        ("whole uncached page (test client, cache cleared)", page),
        ("selectors.plan_overview()", lambda: selectors.plan_overview(plan=plan)),
        ("  its 200 project rows as the page builds them", lambda: selectors._project_rows([plan.pk])),
        (
            "  the same rows as model instances",
            lambda: list(rows_query.select_related("status").only(*fields[:7], "status__name_ar")),
        ),
        ("  the same rows with .values()", lambda: list(rows_query.values(*fields))),
        ("  the same SQL, raw cursor, no ORM", raw_rows),
        ("  rollup.plan_figures() in Python", lambda: rollup.plan_figures(plan, goals, rows, selectors.today())),
        ("template meter/plan_detail.html alone", lambda: render_to_string("meter/plan_detail.html", context, request)),
    ]
    result = []
    for label, part in parts:
        part()
        times = []
        for _ in range(runs):
            start = time.process_time()
            part()
            times.append((time.process_time() - start) * 1000)
        result.append((label, harness.percentile(times, 50)))
    return result


# --- 2. Under wrk ---------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )

    def version(*command: str | None) -> str:
        if command[0] is None:  # --render-only needs neither nginx nor wrk, and installs neither
            return "not installed"
        result = subprocess.run(command, capture_output=True, text=True)
        return (result.stdout + result.stderr).strip().splitlines()[0]

    import django
    import gunicorn

    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{os.cpu_count()} × {cpu}",
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "os": platform.platform(),
        "nginx": version(harness._which("nginx"), "-v"),
        "wrk": version(harness._which("wrk"), "-v"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
    }


def measure_servers(env: dict[str, str], path: str, args) -> list[tuple[str, dict]]:
    from django.db import connections

    connections.close_all()
    options = args.gunicorn_options.split()
    with contextlib.ExitStack() as stack:
        sync_url = stack.enter_context(harness.gunicorn(env, probe=path, options=options))
        django_url = stack.enter_context(harness.gunicorn(env, probe=path, options=[*GTHREAD, *options]))
        html = harness.fetch(django_url + path)  # the page now sits in Django's cache
        assert harness.fetch_headers(django_url + path).get("X-Meter-Cache") == "hit", "Django's page cache is off"
        static_url, proxy_url = stack.enter_context(harness.nginx(html, upstream=sync_url))
        harness.fetch(proxy_url + path)
        status = harness.fetch_headers(proxy_url + path).get("X-Cache-Status")
        if status != "HIT":
            raise RuntimeError(f"the nginx micro-cache does not store the page (X-Cache-Status: {status})")
        page = harness.WORK / "nginx" / "static" / "page.html"
        reference_env = {**env, "BENCH_HTML": str(page)}

        def reference(app, worker_options):
            return stack.enter_context(harness.gunicorn(reference_env, app=app, options=[*worker_options, *options]))

        targets = [
            (STATIC, static_url + "/"),
            (DJANGO, django_url + path),
            (MICROCACHE, proxy_url + path),
            ("reference: gunicorn ×2 sync, Django page cache", sync_url + path),
            (
                "reference: gunicorn ×2 gthread ×4, bare Django view",
                reference("bare_django:application", GTHREAD) + path,
            ),
            ("reference: gunicorn ×2 sync, bare Django view", reference("bare_django:application", ()) + path),
            ("reference: gunicorn ×2 sync, bare WSGI app", reference("bare_wsgi:application", ()) + path),
        ]
        for _name, url in targets:
            harness.wrk(url, seconds=args.warmup, connections=args.connections)
        rows = []
        for name, url in targets:
            print(f"  wrk {args.seconds} s, {args.connections} connections: {name} …", flush=True)
            rows.append((name, harness.wrk(url, seconds=args.seconds, connections=args.connections)))
    return rows


def main() -> int:
    args = parse_args()
    if not args.render_only:
        harness.require("nginx", "wrk")
    harness.stop_on_sigterm()
    started = time.monotonic()
    print(f"Setting up a throwaway database in {harness.WORK / 'var'} (production settings) …", flush=True)
    env = setup_django()
    plan_pk = create_plan()
    path = f"/meter/plans/{plan_pk}/"
    print(f"  plan {path}: {PROJECTS} projects in {GOALS} goals ({time.monotonic() - started:.0f} s)", flush=True)
    info = machine()

    print(f"Timing {args.renders} uncached renders of {path} in-process …", flush=True)
    # A missed target gets its profile printed, except in a smoke run.
    render = measure_render(path, args.renders, args.profile)
    if "profile" not in render and render["p95"] > RENDER_TARGET_MS and not args.quick:
        render["profile"] = measure_render(path, 100, profile=True)["profile"]
    if args.breakdown:
        render["breakdown"] = breakdown(plan_pk)
    print(f"  done at {time.monotonic() - started:.0f} s", flush=True)
    ratio = render["p95"] / render["hit_p50"]
    render["ratio"] = ratio
    checks = [
        (
            f"uncached render p95 ≤ {RENDER_TARGET_MS:.0f} ms",
            f"{render['p95']:.1f} ms",
            render["p95"] <= RENDER_TARGET_MS,
        ),
        (
            f"uncached render p95 ≤ {RENDER_RATIO_TARGET} × cached hit p50",
            f"{ratio:.0f}× ({render['p95']:.2f} ms / {render['hit_p50']:.3f} ms)",
            ratio <= RENDER_RATIO_TARGET,
        ),
    ]
    rows = []
    if not args.render_only:
        print(f"Load under wrk ({args.warmup} s warm-up each, then {args.seconds} s each) …", flush=True)
        rows = measure_servers(env, path, args)
        figures = dict(rows)
        static = figures[STATIC]["rps"]
        django_ratio = figures[DJANGO]["rps"] / static
        micro_ratio = figures[MICROCACHE]["rps"] / static
        checks += [
            ("Django alone ≥ 1/20 of nginx static", f"1/{1 / django_ratio:.1f}", django_ratio >= DJANGO_TARGET),
            (
                "behind nginx micro-cache ≥ 1/2 of nginx static",
                f"1/{1 / micro_ratio:.2f}",
                micro_ratio >= MICROCACHE_TARGET,
            ),
        ]

    print(f"\n{info['date']} · {info['cpu']} · load before: {info['load']}")
    print(
        f"{info['os']} · {info['nginx']} · {info['wrk'].split(' [')[0]} · Python {info['python']}"
        f" · Django {info['django']} · gunicorn {info['gunicorn']}"
    )
    print(
        f"\nPublic plan page {path}: {PROJECTS} projects, {render['bytes'] / 1024:.1f} KB of HTML, "
        f"{render['queries']} queries when uncached"
    )
    print(
        f"In-process, {render['runs']} renders: uncached p50 {render['p50']:.1f} ms, p95 {render['p95']:.1f} ms, "
        f"max {render['max']:.1f} ms; CPU time p50 {render['cpu_p50']:.1f} ms, p95 {render['cpu_p95']:.1f} ms;\n"
        f"  from Django's cache p50 {render['hit_p50']:.2f} ms, "
        f"p95 {render['hit_p95']:.2f} ms"
    )
    if rows:
        harness.print_table(f"wrk, {args.connections} connections, {args.seconds} s each", rows, rows[0][0])
    print("\nTargets")
    for label, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {value}")
    within = "within" if render["cpu_p95"] <= RENDER_TARGET_MS else "over"
    print(f"  info  uncached render CPU time p95 {render['cpu_p95']:.1f} ms ({within} {RENDER_TARGET_MS:.0f} ms)")
    print(f"  info  load average before the run: {info['load']} on {os.cpu_count()} cores")
    if "breakdown" in render:
        print("\nCPU time of the parts of an uncached render (medians of 80 runs each):")
        for label, value in render["breakdown"]:
            print(f"  {label:<52} {value:6.2f} ms")
    if "profile" in render:
        print("\n" + render["profile"])

    result = {
        "machine": info,
        "args": vars(args),
        "path": path,
        "render": render,
        "wrk": dict(rows),
        "targets": {label: ok for label, _value, ok in checks},
    }
    out = harness.WORK / f"meter-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    shown = out.relative_to(harness.ROOT) if out.is_relative_to(harness.ROOT) else out  # BENCH_WORK may be elsewhere
    print(f"\nFigures saved to {shown} ({time.monotonic() - started:.0f} s in all)")
    return 1 if args.strict and not all(ok for _l, _v, ok in checks) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: the servers were stopped.")
