"""The file location of deploy/nginx/tabadul.conf, verbatim, run by Debian's nginx in front of the live test server.

Django checks who may see a file and answers with X-Accel-Redirect; nginx sends the bytes from the internal
location, with nosniff and the sandbox policy; nobody can ask for that location directly.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.files import FILE_CSP

from .test_files import body_logo, draft_plan_import_workbook

ROOT = Path(__file__).resolve().parents[3]
DEPLOY_CONFIG = ROOT / "deploy" / "nginx" / "tabadul.conf"
DEPLOY_ALIAS = "alias /srv/tabadul/var/private/;"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")

pytestmark = pytest.mark.django_db(transaction=True)


def deploy_file_location() -> str:
    config = DEPLOY_CONFIG.read_text(encoding="utf-8")
    block = re.search(r"^    location /_protected/ \{\n.*?^    \}\n", config, re.S | re.M).group(0)
    assert "internal;" in block and DEPLOY_ALIAS in block
    return block


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx stopped at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start")


@pytest.fixture
def nginx_front(live_server, settings, tmp_path):
    if not NGINX:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs Debian's nginx-light")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/_protected/"
    private_root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = deploy_file_location().replace(DEPLOY_ALIAS, f"alias {private_root}/;")
    temp_paths = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {temp_paths} uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
{location}
        location / {{
            proxy_pass {live_server.url};
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""
    )
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", f"{tmp_path}/", "-g", "daemon off;"])
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=20)


def fetch(url: str, *, session: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"} if session else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_sends_a_public_file_after_django_allowed_it(nginx_front):
    body, field_name, _public = body_logo()
    stored = getattr(body, field_name)
    status, headers, content = fetch(nginx_front + stored.url)
    assert status == 200 and content == Path(stored.path).read_bytes()
    assert headers["Content-Type"] == "image/png" and headers["Content-Disposition"].startswith("inline")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Security-Policy"] == FILE_CSP
    assert "X-Accel-Redirect" not in headers


def test_nginx_sends_a_private_file_only_to_whom_django_allowed_it(nginx_front, client):
    job, field_name, _public = draft_plan_import_workbook()
    stored = getattr(job, field_name)
    status, _headers, content = fetch(nginx_front + stored.url)
    assert status == 404 and b"PK" not in content[:2]
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    status, headers, content = fetch(nginx_front + stored.url, session=client.cookies["sessionid"].value)
    assert status == 200 and content == Path(stored.path).read_bytes()
    assert headers["Content-Disposition"].startswith("attachment") and headers["Cache-Control"] == "private, no-store"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Security-Policy"] == FILE_CSP


def test_the_internal_location_cannot_be_asked_for_directly(nginx_front):
    body, field_name, _public = body_logo()
    status, _headers, content = fetch(f"{nginx_front}/_protected/{getattr(body, field_name).name}")
    assert status == 404 and not content.startswith(b"\x89PNG")
