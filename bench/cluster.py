#!/usr/bin/env python
"""`make bench-cluster`: two app servers behind nginx on loopback, sharing everything but their disks (issue 22).

It starts, each on a free loopback port:
- PostgreSQL (a throwaway cluster: initdb into a temporary directory), the one database of both servers;
- Redis for the cache and the sessions (production.py: "cached_db" sessions);
- moto's S3 server (`moto_server`, PyPI's moto[server]) as the object store of uploaded files
  (TABADUL_FILE_STORAGE=s3, docs/decisions/011-files-on-s3.md);
- two gunicorn instances with production settings (bench/cluster_settings.py), each with a var directory of its
  own, so that nothing can pass from one to the other through a disk;
- two `manage.py db_worker` processes on the database task queue (e-mail of the notifications);
- nginx balancing the two (an `upstream` of both) with deploy/nginx/tabadul.conf's `location /`, verbatim.

Then the journey, in real HTTP: the body's editor signs in on server 1 and reports progress with a PDF as
evidence through server 2; the file is private (404 to a visitor through nginx, 403 on the store itself); the
body's approver signs in on server 1 and publishes it; a visitor reads the project's public page through nginx
and downloads the file. Then a short load of the public page through nginx (wrk), once from nginx's micro-cache and
once past it (every request rendered by one of the two servers). It prints the figures and exits with 1 on any
error. `--quick` (the test, tabadul/core/tests/test_cluster.py) loads for 2 s instead of 10.

    .venv/bin/python bench/cluster.py [--quick] [--seconds 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

WORK = harness.WORK / "cluster"
BUCKET = "tabadul-files"
DEPLOY_NGINX = harness.ROOT / "deploy" / "nginx" / "tabadul.conf"
DEPLOY_UPSTREAM = "http://127.0.0.1:8001"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BIN = Path(sys.executable).parent

# Program -> what provides it (Debian packages, and moto from requirements-dev.txt).
NEEDS = {"nginx": "nginx-light", "redis-server": "redis-server", "initdb": "postgresql", "wrk": "wrk"}


def missing_programs() -> list[str]:
    """What this machine lacks to run the cluster (the test skips locally, fails on CI)."""
    missing = [name for name in ("nginx", "redis-server", "wrk") if not harness._which(name)]
    if harness.postgres_bin() is None:
        missing.append("initdb")
    if not (BIN / "moto_server").exists():
        missing.append("moto_server (pip: requirements-dev.txt)")
    return missing


def wait_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        try:
            with harness.socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{process.args[0]} did not listen on {port} within {timeout} s")


def postgres():
    return harness.throwaway_postgres("tabadul_cluster")


@contextmanager
def redis():
    port = harness.free_port()
    process = subprocess.Popen(
        [harness._which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        harness._stop(process, signal.SIGTERM)


def s3_client(env: dict[str, str]):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        region_name=env["S3_REGION"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
    )


@contextmanager
def moto_s3(work: Path):
    """moto's S3 server (a real HTTP server, not moto's in-process mock) with an empty private bucket; yields the
    environment that puts uploaded files there (settings/base.py, TABADUL_FILE_STORAGE)."""
    port = harness.free_port()
    log = (work / "moto.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_port(port, process)
        env = {
            "TABADUL_FILE_STORAGE": "s3",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "cluster-access-key",
            "S3_SECRET_ACCESS_KEY": "cluster-secret-key",
        }
        s3_client(env).create_bucket(Bucket=BUCKET)
        yield env
    finally:
        harness._stop(process, signal.SIGTERM)
        log.close()


@contextmanager
def app_server(env: dict[str, str], name: str, work: Path, workers: int = 2):
    """gunicorn with `workers` sync workers and a var directory of its own."""
    var = work / name
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    port = harness.free_port()
    process = subprocess.Popen(
        [harness.PYTHON, "-m", "gunicorn", "tabadul.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}",
         "--log-level=warning", "--access-logfile=/dev/null"],
        cwd=harness.ROOT, env={**env, "TABADUL_VAR_DIR": str(var)},
    )  # fmt: skip
    try:
        # A generous wait: on a busy 2-core machine, booting a server's workers can take longer than harness's 30 s.
        harness.wait_for(f"http://127.0.0.1:{port}/healthz", timeout=180, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        harness._stop(process, signal.SIGTERM)


@contextmanager
def task_workers(env: dict[str, str], work: Path, count: int = 2):
    processes = []
    try:
        for index in range(count):
            var = work / f"worker{index + 1}"
            var.mkdir(parents=True, exist_ok=True)
            processes.append(
                subprocess.Popen(
                    [harness.PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2",
                     "--worker-id", f"worker-{index + 1}", "--no-startup-delay"],
                    cwd=harness.ROOT, env={**env, "TABADUL_VAR_DIR": str(var)},
                    stdout=subprocess.DEVNULL, stderr=(work / f"worker{index + 1}.log").open("wb"),
                )
            )  # fmt: skip
        yield processes
    finally:
        for process in processes:
            harness._stop(process, signal.SIGTERM)


def balancer_config(work: Path, upstreams: list[str], port: int) -> str:
    """deploy/nginx/tabadul.conf's micro-cache and `location /`, verbatim, in front of an upstream of both servers."""
    config = DEPLOY_NGINX.read_text(encoding="utf-8")
    cache_path = re.search(r"^proxy_cache_path .*;$", config, re.M).group(0)
    location = harness._block(config, "location / {")
    if location.count(DEPLOY_UPSTREAM) != 1:
        raise ValueError(f"{DEPLOY_NGINX} no longer proxies to {DEPLOY_UPSTREAM}: update bench/cluster.py")
    # Keep-alive connections to the app servers (an upstream block's `keepalive` needs HTTP/1.1 without "close").
    proxied = location.replace(DEPLOY_UPSTREAM, "http://tabadul_app")
    keepalive = '    proxy_http_version 1.1;\n        proxy_set_header Connection "";\n    }'
    proxied = proxied[: proxied.rindex("}")] + keepalive
    servers = "".join(f"        server {url.removeprefix('http://')};\n" for url in upstreams)
    return "\n".join(
        [
            "    " + cache_path.replace("/var/cache/nginx/tabadul", str(work / "cache")),
            # Which server answered each request that reached one (cache miss, expired or bypassed).
            "    log_format balanced '$upstream_addr $status $request_uri';",
            "    map $upstream_addr $reached_django { '' 0; default 1; }",
            f"    upstream tabadul_app {{\n{servers}        keepalive 16;\n    }}",
            "    server {",
            f"        listen 127.0.0.1:{port};",
            f"        access_log {work / 'balanced.log'} balanced if=$reached_django;",
            "        " + proxied.replace("\n", "\n    "),
            "    }",
        ]
    )


@contextmanager
def balancer(upstreams: list[str], work: Path):
    work = work / "nginx"
    shutil.rmtree(work, ignore_errors=True)
    for sub in ("static", "tmp", "cache"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    (work / "static" / "page.html").write_text("ok")
    static_port, port = harness.free_port(), harness.free_port()
    conf = work / "nginx.conf"
    conf.write_text(
        harness.NGINX_CONF.format(
            work=work,
            static_port=static_port,
            proxy=balancer_config(work, upstreams, port),
            user="user root;" if os.geteuid() == 0 else "",
        )
    )
    nginx = harness._which("nginx")
    subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", f"{work}/"], check=True)
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", f"{work}/", "-g", "daemon off;"])
    try:
        wait_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        harness._stop(process, signal.SIGQUIT)


# --- The journey ------------------------------------------------------------------------------------------------


class Browser:
    """One person's HTTP client. The cookies are Secure (production settings), which a client sends only over
    HTTPS, so it keeps them itself and sends them to whichever server it talks to, as a browser behind one
    HTTPS address would; X-Forwarded-Proto says "https" as nginx does."""

    def __init__(self):
        import requests

        self.http = requests.Session()
        self.cookies: dict[str, str] = {}
        self.errors: list[str] = []

    def request(self, method: str, url: str, *, expect: int, **kwargs):
        origin = re.match(r"http://[^/]+", url).group(0)
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": origin.replace("http://", "https://"),
            "Referer": origin.replace("http://", "https://") + "/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **kwargs.pop("headers", {}),
        }
        response = self.http.request(method, url, headers=headers, allow_redirects=False, timeout=120, **kwargs)
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        if response.status_code != expect:
            raise AssertionError(f"{method} {url}: {response.status_code}, expected {expect}\n{response.text[:2000]}")
        return response

    def get(self, url: str, expect: int = 200, **kwargs):
        return self.request("GET", url, expect=expect, **kwargs)

    def post_form(self, page_url: str, data: dict, *, files=None, expect: int = 302, action: str | None = None):
        """GET the form page, then POST it with its CSRF token (as a browser submits it)."""
        html = self.get(page_url).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request("POST", action or page_url, expect=expect, data={"csrfmiddlewaretoken": token, **data},
                            files=files)  # fmt: skip

    def sign_in(self, server: str, username: str, password: str) -> None:
        answer = self.post_form(f"{server}/en/accounts/sign-in/", {"username": username, "password": password})
        if "sessionid" not in self.cookies:
            raise AssertionError(f"signing in {username} on {server} set no session: {answer.headers}")


def journey(*, servers: list[str], front: str, world: dict, s3_env: dict[str, str], work: Path) -> dict:
    """The issue's journey; every step asserts its answer. Returns the evidence file's address and timings."""
    timings = {}
    started = time.monotonic()
    one, two = servers
    project = world["project"]
    editor = Browser()
    editor.sign_in(one, world["editor"], world["password"])
    editor.post_form(
        f"{two}/en/meter/manage/projects/{project}/progress/",
        {"percent": "40", "date": "2024-05-01", "note": "Cluster journey: asphalt laid"},
        files={"evidence": ("minutes.pdf", PDF, "application/pdf")},
    )
    timings["sign in on 1, report with evidence on 2"] = time.monotonic() - started

    # The approver's queue (server 1) links the pending report's evidence.
    started = time.monotonic()
    approver = Browser()
    approver.sign_in(one, world["approver"], world["password"])
    queue = approver.get(f"{one}/en/meter/manage/bodies/{world['body']}/progress/").text
    files = re.findall(r'href="(/files/meter\.evidence/\d+/file/[^"]+)"', queue)
    decide = re.findall(r'action="(/en/meter/manage/progress/\d+/decide/)"', queue)
    if len(set(files)) != 1 or len(decide) != 1:
        raise AssertionError(f"the queue should show one report with one file: {files} {decide}")
    evidence = files[0]
    key = s3_objects(s3_env)
    if len(key) != 1 or not key[0].startswith("meter/evidence/") or not evidence.endswith(key[0].rsplit("/", 1)[1]):
        raise AssertionError(f"the evidence should be the one object in the bucket: {key} {evidence}")
    stored = work / "server1" / "private", work / "server2" / "private"
    if any(path.exists() and any(path.rglob("*.pdf")) for path in stored):
        raise AssertionError("an uploaded file was written to an app server's disk")

    # Private until published: a visitor gets 404 through nginx, the object store refuses it without a signature.
    visitor = Browser()
    visitor.get(front + evidence, expect=404)
    import requests

    direct = requests.get(f"{s3_env['S3_ENDPOINT_URL']}/{BUCKET}/{key[0]}", timeout=10)
    if direct.status_code != 403:
        raise AssertionError(f"the object store gave the evidence to anyone: {direct.status_code}")
    acl = s3_client(s3_env).get_object_acl(Bucket=BUCKET, Key=key[0])["Grants"]
    if any("URI" in grant["Grantee"] for grant in acl):  # AllUsers / AuthenticatedUsers
        raise AssertionError(f"the object has a public grant: {acl}")
    for browser, server in ((editor, two), (approver, one)):  # staff of the body, from either server
        answer = browser.get(server + evidence)
        if answer.content != PDF or answer.headers["Cache-Control"] != "private, no-store":
            raise AssertionError(f"staff got {answer.headers} from {server}")

    # Published on server 1 (four eyes: the approver, not the editor).
    action = decide[0]
    approver.post_form(f"{one}/en/meter/manage/bodies/{world['body']}/progress/", {"decision": "publish"},
                       action=one + action)  # fmt: skip
    timings["approve on 1"] = time.monotonic() - started

    # A visitor through nginx: the public page shows it, the file is sent to anyone, with the file headers.
    started = time.monotonic()
    page = visitor.get(f"{front}/en/meter/projects/{project}/").text
    if evidence not in page or "40%" not in page:
        raise AssertionError("the public project page does not show the published report and its evidence")
    answer = visitor.get(front + evidence)
    if answer.content != PDF or answer.headers["Content-Type"] != "application/pdf":
        raise AssertionError(f"the published evidence was not sent: {answer.headers}")
    if answer.headers["Cache-Control"] != "public, max-age=3600" or "sandbox" not in answer.headers.get(
        "Content-Security-Policy", ""
    ):
        raise AssertionError(f"the file's headers are not the checked view's: {answer.headers}")
    timings["public page and file through nginx"] = time.monotonic() - started
    return {"evidence": evidence, "project_page": f"/en/meter/projects/{project}/", "timings": timings}


def s3_objects(s3_env: dict[str, str]) -> list[str]:
    listing = s3_client(s3_env).list_objects_v2(Bucket=BUCKET)
    return [item["Key"] for item in listing.get("Contents", [])]


def tasks_done(env: dict[str, str], timeout: float = 30.0) -> dict[str, int]:
    """Waits until the task queue is empty; {status: count} and {worker: count} of the tasks run."""
    code = (
        "import json; from django.db.models import Count; from django_tasks_db.models import DBTaskResult as T; "
        "print(json.dumps({'status': dict(T.objects.values_list('status').annotate(n=Count('id'))), "
        "'workers': [w for ids in T.objects.values_list('worker_ids', flat=True) for w in ids]}))"
    )
    deadline = time.monotonic() + timeout
    while True:
        done = subprocess.run(
            [harness.PYTHON, "manage.py", "shell", "-c", code], cwd=harness.ROOT, env=env, capture_output=True,
            text=True, check=True,
        )  # fmt: skip
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        waiting = sum(n for status, n in figures["status"].items() if status in ("READY", "RUNNING"))
        if not waiting or time.monotonic() > deadline:
            return figures
        time.sleep(0.5)


def load(front: str, paths: list[str], *, seconds: int, connections: int, bypass: bool) -> dict[str, float]:
    """wrk walking `paths` round-robin (bench/load.lua); `bypass` sends the language cookie, which nginx's
    micro-cache passes by, so that every request is rendered by an app server."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout=10s", "-H", "X-Forwarded-Proto: https",
         *(["-H", "Cookie: tabadul_language=en"] if bypass else []),
         "-s", str(Path(__file__).parent / "load.lua"), front],
        env={**os.environ, "LOAD_PATHS": " ".join(paths)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    match = re.search(r"RESULT (.*)", result.stdout)
    if not match:
        raise RuntimeError(result.stdout + result.stderr)
    return {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}


def balanced(work: Path, since: int) -> dict[str, int]:
    """Requests that reached each app server since line `since` of nginx's log."""
    counts: dict[str, int] = {}
    log = work / "nginx" / "balanced.log"
    for line in log.read_text().splitlines()[since:] if log.exists() else []:
        counts[line.split(" ", 1)[0]] = counts.get(line.split(" ", 1)[0], 0) + 1
    return counts


def log_lines(work: Path) -> int:
    log = work / "nginx" / "balanced.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def make_world(env: dict[str, str]) -> dict:
    """The journey's people and plan, created by bench/cluster_world.py in the cluster's database."""
    done = subprocess.run(
        [harness.PYTHON, "bench/cluster_world.py"], cwd=harness.ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(
    *,
    seconds: int,
    connections: int,
    finders_static: bool,
    work: Path = WORK,
    out=print,
    database: str | None = None,
    world=None,
    task_counts=None,
    workers: int = 2,
) -> dict:
    """Set up the cluster, run the journey and the load; returns the figures (and prints them with `out`).

    `database`: a migrated PostgreSQL database to use (the test's own) instead of a throwaway cluster migrated here;
    `world(env)` and `task_counts()` then create the journey's data and count the tasks in the caller's process.
    """
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"}
    with ExitStack() as stack:
        clock = time.monotonic()
        migrate = database is None
        database = database or stack.enter_context(postgres())
        redis_url = stack.enter_context(redis())
        s3_env = stack.enter_context(moto_s3(work))
        env = harness.bench_env(
            DJANGO_SETTINGS_MODULE="cluster_settings",
            DATABASE_URL=database,
            REDIS_URL=redis_url,
            TABADUL_VAR_DIR=str(work / "setup"),
            TABADUL_STATIC_ROOT=str(work / "static"),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            CONN_MAX_AGE="60",
            **s3_env,
            **({"CLUSTER_FINDERS_STATIC": "1"} if finders_static else {}),
        )
        if migrate:
            harness.manage("migrate", "--no-input", "-v0", env=env)
        (work / "static").mkdir(exist_ok=True)  # whitenoise warns about a missing STATIC_ROOT
        if not finders_static and not (work / "static" / "staticfiles.json").exists():
            harness.manage("collectstatic", "--no-input", "-v0", env=env)
        people = (world or make_world)(env)
        figures["setup_seconds"] = time.monotonic() - clock
        clock = time.monotonic()
        servers = [stack.enter_context(app_server(env, f"server{n}", work, workers)) for n in (1, 2)]
        stack.enter_context(task_workers(env, work))
        front = stack.enter_context(balancer(servers, work))
        figures["start_seconds"] = time.monotonic() - clock
        out(f"  PostgreSQL {database}, Redis {redis_url}, S3 (moto) {s3_env['S3_ENDPOINT_URL']}/{BUCKET}")
        out(f"  app servers {' and '.join(servers)} (gunicorn, {workers} sync workers each), 2 task workers "
            f"(db_worker), nginx {front} balancing them")  # fmt: skip
        out(f"  set-up {figures['setup_seconds']:.1f} s ({'migrate, ' if migrate else ''}the journey's people and "
            f"plan), servers started in {figures['start_seconds']:.1f} s")  # fmt: skip

        result = journey(servers=servers, front=front, world=people, s3_env=s3_env, work=work)
        figures["journey"] = result["timings"]
        for step, spent in result["timings"].items():
            out(f"  journey: {step:<42} {spent * 1000:>6.0f} ms  ok")
        tasks = (task_counts or (lambda: tasks_done(env)))()
        figures["tasks"] = tasks
        failed = {status: n for status, n in tasks["status"].items() if status != "SUCCESSFUL"}
        out(f"  background tasks (notification e-mail): {tasks['status']} run by {sorted(set(tasks['workers']))}")
        if failed or not tasks["status"]:
            raise AssertionError(f"the task queue did not run every task: {tasks}")

        paths = [f"/en/meter/projects/{people['project']}/", f"/en/meter/plans/{people['plan']}/"]
        for label, bypass in (("micro-cache", False), ("past the cache", True)):
            since = log_lines(work)
            result = load(front, paths, seconds=seconds, connections=connections, bypass=bypass)
            time.sleep(0.5)
            spread = balanced(work, since)
            figures[label] = {**result, "servers": spread}
            out(
                f"  load through nginx ({label}): project and plan pages, {connections} connections, {seconds} s: "
                f"{result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms, errors {result['errors']:.0f}; rendered by "
                + (", ".join(f"{server} {n}" for server, n in sorted(spread.items())) or "none (all from the cache)")
            )
            if result["errors"]:
                raise AssertionError(f"wrk saw errors: {result}")
        if len(figures["past the cache"]["servers"]) != 2:
            raise AssertionError(f"nginx did not balance the two servers: {figures['past the cache']['servers']}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s of load (the test's run)")
    parser.add_argument("--seconds", type=int, help="seconds of each load (default 10, quick 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--finders-static", action="store_true", help="no collectstatic (as the test)")
    args = parser.parse_args()
    seconds = args.seconds or (2 if args.quick else 10)
    harness.stop_on_sigterm()
    missing = missing_programs()
    if missing:
        harness.require(*[name for name in missing if name in NEEDS])
    print(f"bench-cluster: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")  # fmt: skip
    started = time.monotonic()
    try:
        run(seconds=seconds, connections=args.connections, finders_static=args.finders_static or args.quick)
    except AssertionError as error:
        print(f"FAILED: {error}")
        return 1
    print(f"  0 errors; whole run {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
