"""Faults: PostgreSQL is stopped for real while the site runs, then started again.

During the outage a page answers the plain 503 page (translated message, Retry-After, no trace); once the
server is back the same page answers 200 without restarting Django. Two kinds of request path are checked: the
live server (a fresh connection per request thread) and a long-lived worker that keeps its connection between
requests (CONN_MAX_AGE with health checks, as a gunicorn sync worker does).

Needs the server that CI's .ci/run starts: PGBIN, PGDATA and PGPORT in the environment, and the test database on
that server. Skipped on SQLite, on local runs without those variables, and with several xdist workers (they
share the server, so stopping it would break the other workers' tests); .ci/run therefore runs this module a
second time, alone on one worker.
"""

import io
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from tabadul.core.tests.test_backup import reference_data_afterwards  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_MESSAGE = "الخدمة غير متاحة مؤقتاً"
ENGLISH_MESSAGE = "Service temporarily unavailable"
PAGE = "/directory/"


def _skip_reason() -> str | None:
    if connection.vendor != "postgresql":
        return "stops and restarts a PostgreSQL server; the suite runs on SQLite (set DATABASE_URL to PostgreSQL)"
    missing = [name for name in ("PGBIN", "PGDATA", "PGPORT") if not os.environ.get(name)]
    if missing:
        return f"needs the PostgreSQL server started by .ci/run ({', '.join(missing)} not set)"
    if str(connection.settings_dict.get("PORT")) != os.environ["PGPORT"]:
        return "the test database is not on the server of PGDATA/PGPORT"
    if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        return "other xdist workers share the PostgreSQL server; stopping it would break their tests"
    return None


def pg_ctl(*args: str) -> subprocess.CompletedProcess:
    command = [str(Path(os.environ["PGBIN"]) / "pg_ctl"), "-D", os.environ["PGDATA"], *args]
    if os.geteuid() == 0:  # as .ci/run does: the server belongs to the postgres user
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


def server_options() -> str:
    """The options the server was started with (port, socket directory, ...), from postmaster.opts."""
    words = shlex.split((Path(os.environ["PGDATA"]) / "postmaster.opts").read_text())[1:]
    options, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word == "-D":
            skip = True
        else:
            options.append(word)
    return shlex.join(options)


def start_server(options: str) -> None:
    if pg_ctl("status").returncode == 0:
        return
    log = str(Path(os.environ["PGDATA"]) / "server.log")
    result = pg_ctl("-l", log, "-w", "-o", options, "start")
    assert result.returncode == 0, f"PostgreSQL did not start again: {result.stdout}{result.stderr}"


def live_get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own live server)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class PersistentWorker:
    """Serves requests in this thread through Django's WSGI handler, keeping its database connection between
    requests like a gunicorn sync worker (request_started/finished run close_old_connections)."""

    def __init__(self):
        self.handler = WSGIHandler()

    def get(self, path: str) -> tuple[int, dict, str]:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
        setup_testing_defaults(environ)
        status = {}

        def start_response(line, headers, exc_info=None):
            status["code"], status["headers"] = int(line.split()[0]), dict(headers)

        response = self.handler(environ, start_response)
        try:
            body = b"".join(response).decode()
        finally:
            response.close()  # request_finished
        return status["code"], status["headers"], body


def assert_unavailable_page(status: int, headers: dict, body: str) -> None:
    assert status == 503, body[:500]
    assert ARABIC_MESSAGE in body and ENGLISH_MESSAGE in body
    assert headers.get("Retry-After")
    assert "Traceback" not in body and "OperationalError" not in body


# .ci/run runs this module a second time on its own with FAULT_TEST_REQUIRED=1: there a skip would hide the test.
REQUIRED = os.environ.get("FAULT_TEST_REQUIRED") == "1"


@pytest.mark.skipif(bool(_skip_reason()) and not REQUIRED, reason=_skip_reason() or "")
def test_pages_answer_503_while_postgresql_is_down_and_recover_when_it_returns(live_server, monkeypatch):
    assert _skip_reason() is None, f"FAULT_TEST_REQUIRED is set, but the test cannot run: {_skip_reason()}"
    # A worker keeps its connection for a minute between requests and checks it before use (settings/base.py).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()
    worker = PersistentWorker()
    url = live_server.url + PAGE

    assert live_get(url)[0] == 200
    assert worker.get(PAGE)[0] == 200
    kept = connection.connection
    assert kept is not None, "the worker keeps its connection between requests"

    options = server_options()
    try:
        stopped = pg_ctl("-m", "fast", "-w", "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert pg_ctl("status").returncode != 0

        assert_unavailable_page(*live_get(url))
        assert_unavailable_page(*live_get(live_server.url + "/en" + PAGE))
        assert_unavailable_page(*worker.get(PAGE))
    finally:
        start_server(options)

    # Back without restarting Django: the very next request of each kind works again.
    status, _headers, body = live_get(url)
    assert status == 200, body[:500]
    assert ARABIC_MESSAGE not in body
    status, _headers, body = worker.get(PAGE)
    assert status == 200, body[:500]
    assert connection.connection is not None and connection.connection is not kept, "a new connection"


@pytest.fixture(autouse=True)
def _fresh_connections_afterwards(transactional_db):
    """The connections of this thread died with the server: drop them so the teardown (flush) reconnects."""
    yield
    for each in connections.all():
        each.close()


def test_a_lost_database_is_logged_for_the_operators(rf, caplog):
    """The visitor sees the 503 page; the operators see why in the log (the page alone would hide an outage)."""
    from django.db import OperationalError

    from tabadul.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with caplog.at_level("ERROR", logger="tabadul.core.middleware"):
        response = middleware.process_exception(rf.get(PAGE), error)
    assert response.status_code == 503 and ARABIC_MESSAGE in response.content.decode()
    assert "Connection refused" in caplog.text
    # A lock timeout is not an outage: no 503, the error goes on to the usual handling.
    assert middleware.process_exception(rf.get(PAGE), OperationalError("database is locked")) is None
