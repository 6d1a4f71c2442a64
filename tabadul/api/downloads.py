"""Downloads of every public list in CSV, Excel and JSON, streamed row by row.

A dataset is a queryset of public rows and its columns. Rows are read with `.iterator()` in chunks and
written as they come, so a national export holds one chunk in memory whatever its size
(docs/performance.md has the measured peak memory of a 1,000,000-row export).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from tabadul.core import exports
from tabadul.core.exports import Column
from tabadul.directory.selectors import BodyFilters, body_list
from tabadul.events.selectors import EventFilters, event_list
from tabadul.library.selectors import document_list
from tabadul.meter.models import ProgressUpdate, Project, StrategicPlan
from tabadul.meter.selectors import published_plans

CHUNK_SIZE = 2000
ANONYMOUS = AnonymousUser()  # downloads hold what an anonymous visitor sees


@dataclass(frozen=True)
class Dataset:
    """Public rows and their columns (headers are field names: the files are read by programs)."""

    rows: Callable[[], QuerySet]
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return exports.headers(self.columns)

    def values(self) -> Iterator[list]:
        return exports.table(self.columns, self.rows().iterator(chunk_size=CHUNK_SIZE))

    def sheet(self, title: str) -> exports.Sheet:
        return exports.Sheet(title=title, header=self.headers(), rows=self.values())


DATASETS: dict[str, Dataset] = {
    "bodies": Dataset(
        rows=lambda: body_list(filters=BodyFilters()),
        columns=(
            Column("slug"),
            Column("type"),
            Column("name_ar"),
            Column("name_en"),
            Column("country", "country.code"),
            Column("governorate", "governorate.code"),
            Column("region", "region.code"),
            Column("population"),
            Column("website"),
        ),
    ),
    "plans": Dataset(
        rows=published_plans,
        columns=(
            Column("id", "pk"),
            Column("body", "body.slug"),
            Column("title_ar"),
            Column("title_en"),
            Column("start_year"),
            Column("end_year"),
            Column("published_at"),
        ),
    ),
    "projects": Dataset(
        rows=lambda: Project.objects.of_published_plans().select_related("plan__body", "goal", "status").order_by("pk"),
        columns=(
            Column("id", "pk"),
            Column("body", "plan.body.slug"),
            Column("plan", "plan_id"),
            Column("goal_ar", "goal.name_ar"),
            Column("external_id"),
            Column("name_ar"),
            Column("name_en"),
            Column("sector"),
            Column("status_ar", "status.name_ar"),
            Column("start_date"),
            Column("end_date"),
            Column("budget"),
            Column("currency"),
        ),
    ),
    "events": Dataset(
        rows=lambda: event_list(user=ANONYMOUS, filters=EventFilters(when="all")),
        columns=(
            Column("id", "pk"),
            Column("type"),
            Column("name_ar"),
            Column("name_en"),
            Column("status"),
            Column("mode"),
            Column("starts_at"),
            Column("ends_at"),
            Column("time_zone"),
            Column("city"),
            Column("hubs", lambda event: " ".join(hub.slug for hub in event.organiser_hubs.all())),
            Column("registered", "confirmed_count"),
        ),
    ),
    "documents": Dataset(
        rows=lambda: document_list(user=ANONYMOUS),
        columns=(
            Column("slug"),
            Column("type"),
            Column("title_ar"),
            Column("title_en"),
            Column("year"),
            Column("governorate", "governorate.code"),
            Column("published_on"),
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
            Column("id", "pk"),
            Column("body", "project.plan.body.slug"),
            Column("plan", "project.plan_id"),
            Column("project", "project.external_id"),
            Column("project_name_ar", "project.name_ar"),
            Column("percent"),
            Column("date"),
            Column("published_at"),
        ),
    ),
}


def csv_chunks(dataset: Dataset) -> Iterator[str]:
    return exports.csv_lines(dataset.sheet("").lines())


def json_chunks(dataset: Dataset) -> Iterator[str]:
    headers = dataset.headers()
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield "["
    separator = ""
    for values in dataset.values():
        yield separator + encoder.encode(dict(zip(headers, values, strict=True)))
        separator = ",\n"
    yield "]\n"
