#!/usr/bin/env python
"""`make bench-load`: 200 anonymous readers for 60 s against the production set-up, on loopback (issue 11).

- Django with production settings (bench/bench_settings.py) on a fresh database holding the demo content
  (`manage.py load_demo --no-accounts`), static files collected;
- gunicorn with 2 sync workers (`--workers`), behind
- nginx with the `proxy_cache_path` line and the `location /` and `location /_protected/` blocks of
  deploy/nginx/tabadul.conf, verbatim (the micro-cache for anonymous pages, and the uploaded files that Django
  allowed, sent by X-Accel-Redirect; only the cache directory, gunicorn's address and the files' directory
  change);
- Redis for Django's cache when `redis-server` is installed, else the file cache of base.py (said in the output);
- wrk, 200 connections for 60 s, each walking a mix of anonymous pages round-robin (bench/load.lua): home,
  hub list, a hub page, events list, a Meter plan page, library list, a document page, a document's PDF.

It prints requests/s, latency p50/p95/p99 and the errors (non-2xx/3xx answers and socket errors), with the
machine and its load average, for docs/operations.md. The database is SQLite under var/bench/load/ unless
DATABASE_URL is set (a PostgreSQL database that this run may fill). Usage:

    .venv/bin/python bench/load.py                 # the full run (about 2 minutes with the set-up)
    .venv/bin/python bench/load.py --quick         # 5 s, 50 connections: a smoke run
    .venv/bin/python bench/load.py --strict        # exit 1 on any error or p95 above --p95-target
    .venv/bin/python bench/load.py --reuse --no-microcache --seconds 30   # every request rendered by Django
"""

import argparse
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

WORK = harness.WORK / "load"
DEPLOY_NGINX = harness.ROOT / "deploy" / "nginx" / "tabadul.conf"
DEPLOY_CACHE_DIR = "/var/cache/nginx/tabadul"
DEPLOY_UPSTREAM = "http://127.0.0.1:8001"
DEPLOY_PRIVATE_ALIAS = "alias /srv/tabadul/var/private/;"

# Found by following the first matching link of the list page (the demo's slugs and ids may change).
PAGES = [
    ("home", "/", None),
    ("hub list", "/hubs/", None),
    ("hub page", "/hubs/", r'href="(/hubs/(?!invitations/)[^"/?#]+/)"'),
    ("events list", "/events/", None),
    ("Meter plan page", "/meter/", r'href="(/meter/plans/\d+/)"'),
    ("library list", "/library/", None),
    ("document page", "/library/", r'href="(/library/d/[^"/?#]+/)"'),
    ("document PDF", "/library/", r'href="(/library/d/[^"/?#]+/versions/\d+/download/)"'),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s with 50 connections: a smoke run")
    parser.add_argument("--seconds", type=int, help="wrk duration (default 60, quick 5)")
    parser.add_argument("--connections", type=int, help="concurrent connections (default 200, quick 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database and static files of the previous run (no set-up)"
    )
    parser.add_argument(
        "--no-microcache",
        action="store_true",
        help="send the language cookie (Arabic, the default) so that every request bypasses nginx's micro-cache",
    )
    parser.add_argument("--no-redis", action="store_true", help="use the file cache even if Redis is installed")
    parser.add_argument("--p95-target", type=float, default=100.0, help="p95 in ms for --strict (default 100)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on errors or a missed p95")
    args = parser.parse_args()
    args.seconds = args.seconds or (5 if args.quick else 60)
    args.connections = args.connections or (50 if args.quick else 200)
    return args


@contextmanager
def redis_server():
    """A throwaway Redis on a free loopback port, without persistence."""
    port = harness.free_port()
    process = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with harness.socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        harness._stop(process, signal.SIGTERM)


def deploy_microcache(*, cache_dir: Path, upstream: str, listen: str, private_root: Path) -> str:
    """deploy/nginx/tabadul.conf's micro-cache and file location, verbatim, in a plain-HTTP loopback server."""
    config = DEPLOY_NGINX.read_text(encoding="utf-8")
    cache_path = re.search(r"^proxy_cache_path .*;$", config, re.M).group(0)
    location = harness._block(config, "location / {")
    files = harness._block(config, "location /_protected/ {")
    if DEPLOY_CACHE_DIR not in cache_path or location.count(DEPLOY_UPSTREAM) != 1 or DEPLOY_PRIVATE_ALIAS not in files:
        raise ValueError(f"{DEPLOY_NGINX} no longer uses {DEPLOY_CACHE_DIR}, {DEPLOY_UPSTREAM}, {DEPLOY_PRIVATE_ALIAS}")
    return "\n".join(
        [
            "    " + cache_path.replace(DEPLOY_CACHE_DIR, str(cache_dir)),
            # Only for the bench: log the requests that reached Django (cache miss, expired, bypass), not the rest.
            "    map $upstream_cache_status $reached_django { MISS 1; EXPIRED 1; BYPASS 1; default 0; }",
            "    log_format django_hit '$upstream_cache_status $status $request_uri';",
            "    server {",
            f"        listen {listen};",
            f"        access_log {cache_dir.parent / 'django.log'} django_hit if=$reached_django;",
            "        " + location.replace(DEPLOY_UPSTREAM, upstream).replace("\n", "\n    "),
            "        " + files.replace(DEPLOY_PRIVATE_ALIAS, f"alias {private_root}/;").replace("\n", "\n    "),
            "    }",
        ]
    )


@contextmanager
def nginx(upstream: str, work: Path = WORK / "nginx"):
    """nginx in front of `upstream` with the deploy file's micro-cache; `work` holds its files (make lighthouse has
    its own, so that it can run beside make bench-load)."""
    shutil.rmtree(work, ignore_errors=True)
    for sub in ("static", "tmp", "cache"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    (work / "static" / "page.html").write_text("ok")
    static_port, proxy_port = harness.free_port(), harness.free_port()
    proxy = deploy_microcache(
        cache_dir=work / "cache",
        upstream=upstream,
        listen=f"127.0.0.1:{proxy_port}",
        private_root=WORK / "var" / "private",
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    conf.write_text(harness.NGINX_CONF.format(work=work, static_port=static_port, proxy=proxy, user=user))
    nginx_bin = harness._which("nginx")
    subprocess.run([nginx_bin, "-t", "-q", "-c", str(conf), "-p", f"{work}/"], check=True)
    process = subprocess.Popen([nginx_bin, "-c", str(conf), "-p", f"{work}/", "-g", "daemon off;"])
    try:
        harness.wait_for(f"http://127.0.0.1:{proxy_port}/", process=process)
        yield f"http://127.0.0.1:{proxy_port}"
    finally:
        harness._stop(process, signal.SIGQUIT)


def prepare(env: dict[str, str]) -> None:
    """A fresh database with the demo content, and the static files collected."""
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'load.sqlite3'}{suffix}").unlink(missing_ok=True)
    started = time.monotonic()

    def manage(*args: str, environment=env, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [harness.PYTHON, "manage.py", *args],
            cwd=harness.ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if check and done.returncode:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done

    manage("migrate", "--no-input", "-v0")
    demo = manage("load_demo", "--no-accounts", check=False)
    if demo.returncode:
        # Some app's demo may need the demo accounts; then load everything under development settings (the
        # accounts are never signed in here: every page of the mix is anonymous).
        print(f"  load_demo --no-accounts failed ({demo.stderr.strip().splitlines()[-1]}); loading the full demo")
        manage("load_demo", environment={**env, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "tabadul.settings.base"})
    manage("collectstatic", "--no-input", "--clear", "-v0")
    print(f"  database migrated, demo content loaded, static files collected in {time.monotonic() - started:.0f} s")


def discover(base: str) -> list[tuple[str, str]]:
    pages = []
    for name, path, link in PAGES:
        if link:
            html = harness.fetch(base + path).decode()
            match = re.search(link, html)
            if not match:
                raise RuntimeError(f"no {name} linked from {path}: is the demo content loaded?")
            path = match.group(1)
        with urllib.request.urlopen(harness._request(base + path), timeout=10) as response:
            response.read()
            if response.status != 200 or response.geturl() != base + path:
                raise RuntimeError(f"{base + path} answered {response.status} at {response.geturl()}, not 200")
        pages.append((name, path))
    return pages


def run_wrk(url: str, paths: list[str], *, seconds: int, connections: int, bypass: bool = False) -> dict[str, float]:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout=10s",
            "-H",
            "X-Forwarded-Proto: https",
            *(["-H", "Cookie: tabadul_language=ar"] if bypass else []),
            "-s",
            str(Path(__file__).parent / "load.lua"),
            url,
        ],
        env={**os.environ, "LOAD_PATHS": " ".join(paths)},
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"RESULT (.*)", result.stdout)
    if not match:
        raise RuntimeError(result.stdout + result.stderr)
    return {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}


def machine() -> str:
    model = ""
    with suppress(OSError, AttributeError):
        model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    return f"{os.cpu_count()} CPUs {model}, Python {platform.python_version()}, {platform.platform()}"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    args = parse_args()
    harness.stop_on_sigterm()
    harness.require("nginx", "wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    use_redis = bool(shutil.which("redis-server")) and not args.no_redis
    print(f"bench-load: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    with redis_server() if use_redis else nullcontext("") as redis_url:
        env = harness.bench_env(
            TABADUL_VAR_DIR=str(WORK / "var"),
            TABADUL_STATIC_ROOT=str(WORK / "static"),
            REDIS_URL=redis_url,
        )
        if "DATABASE_URL" not in os.environ:
            env["DATABASE_URL"] = f"sqlite:///{WORK / 'load.sqlite3'}"
        shutil.rmtree(WORK / "var" / "cache", ignore_errors=True)
        engine = env["DATABASE_URL"].split(":", 1)[0]
        cache = "Redis" if redis_url else "file cache" + ("" if args.no_redis else " (redis-server is not installed)")
        print(f"  database: {engine}; Django cache: {cache}; gunicorn: {args.workers} sync workers")
        if args.reuse and (WORK / "load.sqlite3").exists() and (WORK / "static").exists():
            print("  reusing the database and static files of the previous run (--reuse)")
        else:
            prepare(env)
        with harness.gunicorn(env, workers=args.workers) as django, nginx(django) as front:
            pages = discover(front)
            for name, path in pages:
                print(f"  {name:<16} {path}")
            paths = [path for _, path in pages]
            run_wrk(front, paths, seconds=2, connections=16, bypass=args.no_microcache)  # warm-up
            before = load_average()
            print(f"  load average before: {before}; wrk -t2 -c{args.connections} -d{args.seconds}s …", flush=True)
            django_log = WORK / "nginx" / "django.log"
            lines_before = len(django_log.read_text().splitlines()) if django_log.exists() else 0
            figures = run_wrk(
                front, paths, seconds=args.seconds, connections=args.connections, bypass=args.no_microcache
            )
            after = load_average()
            time.sleep(1)  # nginx writes its log as requests end
            reached = len(django_log.read_text().splitlines()) - lines_before if django_log.exists() else 0
    print(
        f"\n{args.connections} anonymous readers, {args.seconds} s, {len(paths)} pages round-robin, "
        f"{'nginx, micro-cache bypassed' if args.no_microcache else 'nginx micro-cache'} → gunicorn ×{args.workers}:\n"
        f"  {figures['rps']:.0f} requests/s, {figures['requests']:.0f} requests\n"
        f"  latency p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, p99 {figures['p99']:.1f} ms, "
        f"max {figures['max']:.0f} ms\n"
        f"  errors {figures['errors']:.0f} (non-2xx/3xx {figures['status']:.0f}, connect {figures['connect']:.0f}, "
        f"read {figures['read']:.0f}, write {figures['write']:.0f}, timeout {figures['timeout']:.0f})\n"
        f"  requests that reached Django (micro-cache miss or expired): {reached} "
        f"({reached / max(figures['requests'], 1):.2%}), {reached / args.seconds:.1f}/s\n"
        f"  load average (1, 5, 15 min) before {before}, after {after}"
    )
    failed = figures["errors"] > 0 or figures["p95"] > args.p95_target
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
