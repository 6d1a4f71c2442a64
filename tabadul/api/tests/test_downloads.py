import csv
import io
import json
import tracemalloc

import pytest
from openpyxl import load_workbook

from tabadul.api import downloads
from tabadul.meter.models import ProgressUpdate
from tabadul.meter.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def published(world, other_world, body):
    """Two published reports of Beita, an unpublished one, and a draft plan with a project."""
    world.publish(world.projects[0], 30)
    world.publish(world.projects[1], 70)
    from tabadul.meter import services

    services.progress_submit(actor=world.editor, project=world.projects[2], percent=99, date=world.plan.created_at)
    make_plan(actor=world.editor, body=body, published=False, start_year=2030, end_year=2033)
    return world


def test_progress_csv_holds_only_published_reports_of_published_plans(client, published):
    response = client.get("/api/v1/downloads/progress.csv")
    assert response.status_code == 200 and response.streaming
    rows = read_csv(response)
    assert sorted(int(row["percent"]) for row in rows) == [30, 70]
    assert {row["project_name_ar"] for row in rows} == {p.name_ar for p in published.projects[:2]}


def test_excel_and_json_carry_the_same_rows_as_csv(client, published):
    as_csv = read_csv(client.get("/api/v1/downloads/projects.csv"))
    as_json = json.loads(b"".join(client.get("/api/v1/downloads/projects.json").streaming_content))
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/api/v1/downloads/projects.xlsx").streaming_content)))
    sheet = workbook.active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.sheet_view.rightToLeft
    assert [row["name_ar"] for row in as_csv] == [row["name_ar"] for row in as_json]
    assert [row[header.index("name_ar")] for row in rows] == [row["name_ar"] for row in as_csv]
    assert len(rows) == len(published.projects) + 2  # the other world's two projects


def test_draft_plans_are_absent_from_every_download(client, published, body):
    for fmt in ("csv", "json"):
        content = b"".join(client.get(f"/api/v1/downloads/plans.{fmt}").streaming_content).decode()
        assert "2030" not in content
        assert str(published.plan.start_year) in content


@pytest.mark.parametrize("url", ["/api/v1/downloads/users.csv", "/api/v1/downloads/progress.exe"])
def test_unknown_dataset_or_format_is_404(client, url):
    assert client.get(url).status_code == 404


def _peak_bytes_of_export(n_rows: int, project) -> int:
    ProgressUpdate.objects.all().delete()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            project=project, percent=n % 101, date=project.start_date, status=ProgressUpdate.Status.PUBLISHED
        )
        for n in range(n_rows)
    )
    tracemalloc.start()
    total = sum(len(chunk) for chunk in downloads.csv_chunks(downloads.DATASETS["progress"]))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > n_rows * 10
    return peak


def test_the_export_streams_in_constant_memory(world, monkeypatch):
    """Five times the rows, about the same peak: a chunk or two is in memory at a time, never the whole. Chunks of
    100 rows (200 and 1,000 rows exported) show it as well as the production size (2,000) would, in a tenth of the
    time; an export that reads every row at once (`list(...)` instead of `.iterator()`) fails the test."""
    monkeypatch.setattr(downloads, "CHUNK_SIZE", 100)
    small = _peak_bytes_of_export(downloads.CHUNK_SIZE * 2, world.projects[0])
    large = _peak_bytes_of_export(downloads.CHUNK_SIZE * 10, world.projects[0])
    assert large < small * 1.2, (small, large)
