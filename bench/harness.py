"""Shared benchmark plumbing: a production-like Django (gunicorn), nginx, and wrk, all on loopback.

Every figure is measured in the same run side by side with a baseline, and printed as a ratio.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BENCH_WORK: another directory, so that two benchmarks (or two people) running at once do not share a database.
WORK = Path(os.environ["BENCH_WORK"]).resolve() if os.environ.get("BENCH_WORK") else ROOT / "var" / "bench"
PYTHON = sys.executable


def bench_env(**extra: str) -> dict[str, str]:
    """Production settings (bench/bench_settings.py) on a bench database of their own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TABADUL_VAR_DIR": str(WORK / "var"),
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'var' / 'bench.sqlite3'}")
    env.update(extra)
    return env


# Program -> the Debian package that provides it.
PACKAGES = {"nginx": "nginx-light", "wrk": "wrk"}


def _which(program: str) -> str | None:
    # nginx lives in /usr/sbin, which is not on every user's PATH.
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")


def require(*programs: str, install: bool = True) -> None:
    """Make sure the Debian packages behind `programs` are installed; install them with apt-get as CI does
    (.ci/run) when we are root or have password-less sudo, else say exactly what to run."""
    missing = sorted({PACKAGES.get(program, program) for program in programs if not _which(program)})
    if not missing:
        return
    command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if install and shutil.which("apt-get") and (not sudo or shutil.which("sudo")):
        print(f"Installing {' '.join(missing)} with apt-get …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        ok = subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env).returncode == 0
        ok = ok and subprocess.run([*sudo, *command], env=env, stdout=subprocess.DEVNULL).returncode == 0
        if ok and all(_which(program) for program in programs):
            return
    sys.exit(
        f"Missing programs: {' '.join(programs)}. Install them with:\n    sudo apt-get install {' '.join(missing)}"
    )


def stop_on_sigterm() -> None:
    """Turn SIGTERM (and SIGHUP) into an exception, so that every `finally` stops its server."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def _stop(process: subprocess.Popen, sig: int) -> None:
    """Ask a server to stop, then kill it if it has not within 20 s; never leaves it behind."""
    if process.poll() is not None:
        return
    try:
        process.send_signal(sig)
        process.wait(timeout=20)
    except BaseException:
        process.kill()
        process.wait()
        raise


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's programs (initdb, pg_ctl, createdb), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return candidates[-1].parent if candidates else None


@contextmanager
def throwaway_postgres(database: str, *, options: str = ""):
    """A PostgreSQL cluster of its own on a free port (initdb as .ci/run does, fsync off), with `database` created;
    yields its URL and removes the cluster afterwards. Its directory is a new one under /tmp, which the postgres user
    can reach when we run as root. `options`: more server settings ("-c name=value ...")."""
    pgbin = postgres_bin()
    data = Path(tempfile.mkdtemp(prefix=f"{database}-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        [*as_postgres, str(pgbin / "initdb"), "-D", str(data), "--locale=C.UTF-8", "--encoding=UTF8",
         "--auth=trust", "--username=postgres"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    settings = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off {options}"
    subprocess.run(
        [*as_postgres, str(pgbin / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-o",
         settings.strip(), "start"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        subprocess.run(
            [str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database], check=True
        )
        yield f"postgres://postgres@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(
            [*as_postgres, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)


def wait_for(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(_request(url), timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})


def fetch(url: str) -> bytes:
    return urllib.request.urlopen(_request(url), timeout=10).read()


def fetch_headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(_request(url), timeout=10) as response:
        response.read()
        return dict(response.headers.items())


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, probe: str = "/", app: str = "tabadul.wsgi", options=()):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            *options,
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--access-logfile=/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}{probe}", process=process)
        SERVERS[f"http://127.0.0.1:{port}"] = process.pid
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process, signal.SIGTERM)


NGINX_CONF = """
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    default_type text/html;
    # The same HTML as a static file: the ceiling any dynamic server is compared with.
    server {{
        listen 127.0.0.1:{static_port};
        root {work}/static;
        location / {{ try_files /page.html =404; }}
    }}
{proxy}
}}
"""

OPERATIONS_GUIDE = ROOT / "docs" / "operations.md"
GUIDE_CACHE_DIR = "/var/cache/nginx/tabadul"
GUIDE_UPSTREAM = "http://127.0.0.1:8001"


def _block(text: str, opening: str) -> str:
    """The `opening { ... }` block of an nginx config, braces balanced."""
    start = text.index(opening)
    depth = 0
    for index in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    raise ValueError(f"unbalanced block {opening!r}")


def guide_microcache(*, cache_dir: Path, upstream: str, listen: str) -> str:
    """The micro-cache of docs/operations.md, verbatim: its `proxy_cache_path` line and its `location /`
    block in a plain-HTTP loopback server. Only the cache directory and gunicorn's address change."""
    guide = OPERATIONS_GUIDE.read_text(encoding="utf-8")
    config = re.search(r"```nginx\n(.*?)```", guide, re.S).group(1)
    cache_path = re.search(r"^proxy_cache_path .*;$", config, re.M).group(0)
    location = _block(config, "location / {")
    if GUIDE_CACHE_DIR not in cache_path or GUIDE_UPSTREAM not in location:
        raise ValueError(f"{OPERATIONS_GUIDE} no longer uses {GUIDE_CACHE_DIR} and {GUIDE_UPSTREAM}: update bench/")
    return "\n".join(
        [
            "    " + cache_path.replace(GUIDE_CACHE_DIR, str(cache_dir)),
            "    server {",
            f"        listen {listen};",
            "        " + location.replace(GUIDE_UPSTREAM, upstream).replace("\n", "\n    "),
            "    }",
        ]
    )


@contextmanager
def nginx(static_html: bytes, upstream: str | None = None):
    """nginx serving `static_html` as a file, and (with `upstream`) the micro-cache in front of Django."""
    work = WORK / "nginx"
    shutil.rmtree(work, ignore_errors=True)
    for sub in ("static", "tmp", "cache"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    (work / "static" / "page.html").write_bytes(static_html)
    static_port, proxy_port = free_port(), free_port()
    proxy = (
        guide_microcache(cache_dir=work / "cache", upstream=upstream, listen=f"127.0.0.1:{proxy_port}")
        if upstream
        else ""
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, static_port=static_port, proxy=proxy, user=user))
    subprocess.run([_which("nginx"), "-t", "-q", "-c", str(conf), "-p", f"{work}/"], check=True)
    process = subprocess.Popen([_which("nginx"), "-c", str(conf), "-p", f"{work}/", "-g", "daemon off;"])
    try:
        wait_for(f"http://127.0.0.1:{static_port}/", process=process)
        SERVERS[f"http://127.0.0.1:{static_port}"] = SERVERS[f"http://127.0.0.1:{proxy_port}"] = process.pid
        yield f"http://127.0.0.1:{static_port}", (f"http://127.0.0.1:{proxy_port}" if upstream else None)
    finally:
        _stop(process, signal.SIGQUIT)


def wrk(url: str, *, seconds: int = 10, connections: int = 16, threads: int = 2) -> dict[str, float]:
    """Throughput and latency of `url`, and the CPU seconds its server process tree used meanwhile."""
    server = SERVERS.get(re.match(r"http://[^/]+", url).group(0))
    cpu_before = cpu_seconds(server) if server else None
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            "X-Forwarded-Proto: https",
            "-s",
            str(Path(__file__).parent / "wrk_report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"RESULT (.*)", result.stdout)
    if not match:
        raise RuntimeError(result.stdout + result.stderr)
    figures = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    if figures["errors"]:
        raise RuntimeError(f"wrk saw {figures['errors']:.0f} errors on {url}: {result.stdout}")
    if server:
        figures["cpu"] = cpu_seconds(server) - cpu_before
    return figures


# The process serving each URL, so that a wrk run can also count the CPU time the server used.
SERVERS: dict[str, int] = {}
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (from /proc)."""
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    tree, grown = {pid}, True
    while grown:
        grown = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grown = True
    return sum(times.get(member, 0.0) for member in tree)


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def ratio_text(ratio: float) -> str:
    return f"1/{1 / ratio:.1f}" if ratio < 1 else f"{ratio:.2f}"


def print_table(title: str, rows: list[tuple[str, dict[str, float]]], baseline: str) -> None:
    """req/s and latency as wrk saw them, and requests per CPU-second of the server: on a machine shared
    with other work, the second ratio says what the server itself costs, whatever else was running."""
    base = dict(rows)[baseline]
    width = max(len(name) for name, _ in rows) + 2
    print(f"\n{title}")
    print(f"{'server':<{width}} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>8} {'req/CPU-s':>10} {'ratio':>8}")
    for name, figures in rows:
        ratio = ratio_text(figures["rps"] / base["rps"])
        per_cpu = figures["requests"] / figures["cpu"] if figures.get("cpu") else float("nan")
        cpu_ratio = ratio_text(per_cpu / (base["requests"] / base["cpu"])) if figures.get("cpu") else "-"
        print(
            f"{name:<{width}} {figures['rps']:>8.0f} {figures['p50']:>7.2f} {figures['p95']:>7.2f} {ratio:>8}"
            f" {per_cpu:>10.0f} {cpu_ratio:>8}"
        )
