"""Issue 22: two application servers on loopback share the database, the cache and sessions, the uploaded files and
the task queue (bench/cluster.py, `make bench-cluster`, runs the same journey with a longer load).

PostgreSQL (this test's database when the suite runs on it, else a throwaway cluster), Redis, moto's S3 server,
two gunicorn instances with production settings and nginx balancing them: the editor signs in on server 1 and
reports progress with evidence through server 2, the approver publishes it on server 1, a visitor reads the public
page and downloads the file through nginx, with 0 errors; then a short load through nginx reaches both servers.
Locally it skips when a program is missing; on CI (.ci/run installs them) it fails instead. On CI it runs once, in the
PostgreSQL phase (migrating a throwaway cluster in the SQLite phase would add minutes for the same journey).
"""

import os
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import cluster  # noqa: E402
import cluster_world  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str | None:
    """This test's database, when it is PostgreSQL (migrated already: no throwaway cluster to migrate)."""
    if connection.vendor != "postgresql":
        return None
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return (
        f"postgres://{config['USER']}{password}@{config.get('HOST') or '127.0.0.1'}:{config.get('PORT') or 5432}"
        f"/{config['NAME']}"
    )


def _task_counts(timeout: float = 30.0) -> dict:
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    status: dict[str, int] = {}
    workers: list[str] = []
    for state, worker_ids in DBTaskResult.objects.values_list("status", "worker_ids"):
        status[state] = status.get(state, 0) + 1
        workers.extend(worker_ids)
    return {"status": status, "workers": workers}


def test_two_app_servers_behind_nginx_share_sessions_files_and_tasks(tmp_path):
    missing = cluster.missing_programs()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing on CI: {missing} (.ci/run installs them)")
        pytest.skip(f"missing: {', '.join(missing)}")
    database = _database_url()
    if database is None and os.environ.get("CI"):
        pytest.skip("CI runs it in its PostgreSQL phase, on the suite's migrated database (no throwaway cluster)")
    lines: list[str] = []
    figures = cluster.run(
        seconds=2,
        connections=16,
        finders_static=True,
        work=tmp_path,
        out=lines.append,
        database=database,
        world=(lambda env: cluster_world.create()) if database else None,
        task_counts=_task_counts if database else None,
        workers=1,
    )
    print("\n".join(lines))
    # Each step asserted its answers inside run(); what is left are the totals.
    assert set(figures["journey"]) == {
        "sign in on 1, report with evidence on 2",
        "approve on 1",
        "public page and file through nginx",
    }
    assert figures["tasks"]["status"] and set(figures["tasks"]["status"]) == {"SUCCESSFUL"}
    for label in ("micro-cache", "past the cache"):
        assert figures[label]["errors"] == 0 and figures[label]["requests"] > 0
    assert len(figures["past the cache"]["servers"]) == 2  # nginx sent requests to both servers
