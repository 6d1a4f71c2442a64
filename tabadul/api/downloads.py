"""Downloads of every public list in CSV, Excel and JSON, streamed row by row.

A dataset is a queryset of public rows and its columns. Rows are read with `.iterator()` in chunks and
written as they come, so a national export holds one chunk in memory whatever its size
(docs/performance.md has the measured peak memory of a 1,000,000-row export).
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from tabadul.core import exports
from tabadul.directory.selectors import BodyFilters, body_list
from tabadul.events.selectors import EventFilters, event_list
from tabadul.library.selectors import document_list
from tabadul.meter.models import ProgressUpdate, Project, StrategicPlan
from tabadul.meter.selectors import published_plans

CHUNK_SIZE = 2000
ANONYMOUS = AnonymousUser()  # downloads hold what an anonymous visitor sees


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable


@dataclass(frozen=True)
class Dataset:
    rows: Callable[[], QuerySet]
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def values(self) -> Iterator[list]:
        for row in self.rows().iterator(chunk_size=CHUNK_SIZE):
            yield [column.value(row) for column in self.columns]


def _col(header: str, path: str) -> Column:
    """A column read from a dotted attribute path, e.g. "plan.body.slug"."""

    def value(row):
        for name in path.split("."):
            row = getattr(row, name) if row is not None else None
        return row

    return Column(header, value)


DATASETS: dict[str, Dataset] = {
    "bodies": Dataset(
        rows=lambda: body_list(filters=BodyFilters()),
        columns=(
            _col("slug", "slug"),
            _col("type", "type"),
            _col("name_ar", "name_ar"),
            _col("name_en", "name_en"),
            _col("country", "country.code"),
            _col("governorate", "governorate.code"),
            _col("region", "region.code"),
            _col("population", "population"),
            _col("website", "website"),
        ),
    ),
    "plans": Dataset(
        rows=published_plans,
        columns=(
            _col("id", "pk"),
            _col("body", "body.slug"),
            _col("title_ar", "title_ar"),
            _col("title_en", "title_en"),
            _col("start_year", "start_year"),
            _col("end_year", "end_year"),
            _col("published_at", "published_at"),
        ),
    ),
    "projects": Dataset(
        rows=lambda: Project.objects.of_published_plans().select_related("plan__body", "goal", "status").order_by("pk"),
        columns=(
            _col("id", "pk"),
            _col("body", "plan.body.slug"),
            _col("plan", "plan_id"),
            _col("goal_ar", "goal.name_ar"),
            _col("external_id", "external_id"),
            _col("name_ar", "name_ar"),
            _col("name_en", "name_en"),
            _col("sector", "sector"),
            _col("status_ar", "status.name_ar"),
            _col("start_date", "start_date"),
            _col("end_date", "end_date"),
            _col("budget", "budget"),
            _col("currency", "currency"),
        ),
    ),
    "events": Dataset(
        rows=lambda: event_list(user=ANONYMOUS, filters=EventFilters(when="all")),
        columns=(
            _col("id", "pk"),
            _col("type", "type"),
            _col("name_ar", "name_ar"),
            _col("name_en", "name_en"),
            _col("status", "status"),
            _col("mode", "mode"),
            _col("starts_at", "starts_at"),
            _col("ends_at", "ends_at"),
            _col("time_zone", "time_zone"),
            _col("city", "city"),
            Column("hubs", lambda event: " ".join(hub.slug for hub in event.organiser_hubs.all())),
            _col("registered", "confirmed_count"),
        ),
    ),
    "documents": Dataset(
        rows=lambda: document_list(user=ANONYMOUS),
        columns=(
            _col("slug", "slug"),
            _col("type", "type"),
            _col("title_ar", "title_ar"),
            _col("title_en", "title_en"),
            _col("year", "year"),
            _col("governorate", "governorate.code"),
            _col("published_on", "published_on"),
            Column("authors", lambda document: " ".join(body.slug for body in document.author_bodies.all())),
        ),
    ),
    # The national export: every published progress report of every published plan.
    "progress": Dataset(
        rows=lambda: (
            ProgressUpdate.objects.filter(
                status=ProgressUpdate.Status.PUBLISHED, project__plan__status=StrategicPlan.Status.PUBLISHED
            )
            .select_related("project__plan__body")
            .only(
                "pk",
                "percent",
                "date",
                "published_at",
                "project__external_id",
                "project__name_ar",
                "project__plan_id",
                "project__plan__body__slug",
            )
            .order_by("pk")
        ),
        columns=(
            _col("id", "pk"),
            _col("body", "project.plan.body.slug"),
            _col("plan", "project.plan_id"),
            _col("project", "project.external_id"),
            _col("project_name_ar", "project.name_ar"),
            _col("percent", "percent"),
            _col("date", "date"),
            _col("published_at", "published_at"),
        ),
    ),
}


def csv_chunks(dataset: Dataset) -> Iterator[str]:
    return exports.csv_lines(chain([dataset.headers()], dataset.values()))


def json_chunks(dataset: Dataset) -> Iterator[str]:
    headers = dataset.headers()
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield "["
    separator = ""
    for values in dataset.values():
        yield separator + encoder.encode(dict(zip(headers, values, strict=True)))
        separator = ",\n"
    yield "]\n"


def xlsx_file(dataset: Dataset):
    """The dataset as a workbook in a temporary file, written row by row; times are in UTC."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    exports.xlsx_write(handle, [exports.Sheet(title="Sheet", header=dataset.headers(), rows=dataset.values())])
    handle.seek(0)
    return handle


def encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode()
