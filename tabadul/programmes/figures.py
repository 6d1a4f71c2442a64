"""A programme's results over its whole course, stored (issue 22).

At regional scale `selectors.programme_results` counts some 22,000 attendances, thousands of hub members and every
twinning group's members: about 100 ms of SQL, on every view of the programme page. So the results without a period
(what the page opens with) are stored, one `ProgrammeFigures` row per programme, in each language (the types of
event are labels), and the page only reads them (a GET writes nothing); a programme whose figures are not stored
yet shows that they are being prepared. A chosen period is computed live, as is the funder's report.

They are stored anew in the background after a write to what they count (`COUNTED`: once per transaction, by
`on_commit_once`), every hour (`manage.py programme_figures`, deploy/systemd: events become "held" and the Meter's
schedules move on without any write), after `migrate` for programmes that have none, and by load_demo (its writes
are counted). A store that finds the figures unchanged leaves the row as it was.
"""

from collections.abc import Callable, Sequence
from dataclasses import replace

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone, translation

from tabadul.core.services import on_commit_once
from tabadul.core.tasks import enqueue_unless_waiting

from .models import Programme, ProgrammeFigures
from .selectors import GroupResult, Period, PilotResult, Results, programme_results

# The models whose rows the results count (selectors.Results, each app's `WorkKind.results` and `reached`), by label:
# this app sits below the apps owning them and imports none of them. A write to one stores the figures anew.
COUNTED = (
    "programmes.Programme",
    "events.Event",
    "events.Registration",
    "hubs.Hub",
    "hubs.Membership",
    "library.Document",
    "library.Recommendation",
    "meter.StrategicPlan",
    "meter.StrategicGoal",
    "meter.Project",
    "meter.ProgressUpdate",
    "twinning.TwinningGroup",
)
# Their many-to-many links that the results count: the hubs organising an event, a twinning group's members.
COUNTED_LINKS = (("events.Event", "organiser_hubs"), ("twinning.TwinningGroup", "members"))

SCALARS = ("bodies_reached", "staff_trained", "events_held", "documents", "recommendations_closed")
PILOT_FIGURES = ("achievement", "expected", "project_count", "completed_count", "behind_count")


def _plain(results: Results) -> dict:
    """The results as JSON: the figures, and the pilots' plans and the groups by key."""
    return {
        **{name: getattr(results, name) for name in SCALARS},
        "events_by_type": [[label, count] for label, count in results.events_by_type],
        "pilots": [
            {"plan": pilot.plan.pk, **{name: getattr(pilot, name) for name in PILOT_FIGURES}}
            for pilot in results.pilots
        ],
        "groups": [{"group": row.group.pk, "member_count": row.member_count} for row in results.groups],
    }


def counted(programme: Programme) -> dict:
    """The programme's figures now, in every language of the site (what `store` keeps)."""
    figures = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            figures[code] = _plain(programme_results(programme=programme))
    return figures


def store(programmes: QuerySet[Programme] | None = None) -> int:
    """Count and keep the figures of `programmes` (every programme when None); how many rows changed. Figures that
    have not changed are left as they were (a second load_demo writes nothing)."""
    kept = dict(ProgrammeFigures.objects.values_list("programme_id", "figures"))
    changed = 0
    for programme in (programmes if programmes is not None else Programme.objects.all()).order_by("pk"):
        figures = counted(programme)
        if kept.get(programme.pk) == figures:
            continue
        ProgrammeFigures.objects.update_or_create(
            programme=programme, defaults={"figures": figures, "counted_at": timezone.now()}
        )
        changed += 1
    return changed


class StoredRows(Sequence):
    """Stored rows of results (a pilot's achievement, a group's member count) whose objects, a plan or a group,
    are read only for the slice a page shows: a page of them costs the same however many there are.

    `rows` hold each object's key where the object goes (`attr`); `objects(keys)` returns {key: object} of those
    the person may see (one query, or none). A row whose object is gone or hidden is left out of its slice."""

    def __init__(self, rows: list, attr: str, objects: Callable[[list[int]], dict]):
        self.rows = rows
        self.attr = attr
        self.objects = objects

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        rows = self.rows[index]
        found = self.objects([getattr(row, self.attr) for row in rows])
        return [replace(row, **{self.attr: found[key]}) for row in rows if (key := getattr(row, self.attr)) in found]

    def __iter__(self):
        return iter(self[:])


def _among(items) -> Callable[[list[int]], dict]:
    """{key: object} of `keys` among a kind's items (`WorkKind.items`: a query, or a short list already read)."""

    def objects(keys: list[int]) -> dict:
        if isinstance(items, QuerySet):
            return {row.pk: row for row in items.filter(pk__in=keys)}
        wanted = set(keys)
        return {row.pk: row for row in items if row.pk in wanted}

    return objects


def stored_results(*, programme: Programme, work) -> Results | None:
    """The stored results of the whole programme in the page's language, or None while they are being prepared.
    `work` is `selectors.programme_work` for the person: the pilots' plans and the groups are read from it, a page
    at a time. One query, and one for each page of groups."""
    row = ProgrammeFigures.objects.filter(programme=programme).values_list("figures", "counted_at").first()
    if row is None:
        return None
    every, counted_at = row
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    figures = every.get(language) or every[settings.LANGUAGE_CODE]
    pilots = [
        PilotResult(plan=pilot["plan"], **{name: pilot[name] for name in PILOT_FIGURES}) for pilot in figures["pilots"]
    ]
    groups = [GroupResult(group=group["group"], member_count=group["member_count"]) for group in figures["groups"]]
    return Results(
        programme=programme,
        period=Period(),
        **{name: figures[name] for name in SCALARS},
        events_by_type=[(label, count) for label, count in figures["events_by_type"]],
        pilots=StoredRows(pilots, "plan", _among(work.pilots)),
        groups=StoredRows(groups, "group", _among(work.groups)),
        counted_at=counted_at,
    )


# --- Stored anew after a write (apps.py connects these) --------------------------------------------------------


def _enqueue_store() -> None:
    from .tasks import store_programme_figures  # tasks.py imports this module: a cycle inside the app

    enqueue_unless_waiting(store_programme_figures)


def changed(**_signal) -> None:
    """A row the figures count was written (a signal): every programme's figures are stored anew in the background
    once the transaction commits, once however many rows it wrote."""
    on_commit_once(_enqueue_store)


def connect() -> None:
    """Store the figures anew after a write to what they count (`COUNTED`), and after `migrate` for programmes
    without any (a new deployment)."""
    for label in COUNTED:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"programmes:figures:{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"programmes:figures-del:{label}")
    for label, name in COUNTED_LINKS:
        links = getattr(apps.get_model(label), name).through
        m2m_changed.connect(changed, sender=links, dispatch_uid=f"programmes:figures:{label}.{name}")
    post_migrate.connect(
        _store_missing, sender=apps.get_app_config("programmes"), dispatch_uid="programmes:figures:migrate"
    )


def _store_missing(*, using, **_signal) -> None:
    """After `migrate`: the figures of every programme that has none (not after a partial `migrate` that left a
    table out)."""
    tables = {apps.get_model(label)._meta.db_table for label in COUNTED} | {ProgrammeFigures._meta.db_table}
    if using == DEFAULT_DB_ALIAS and tables <= set(connection.introspection.table_names()):
        store(Programme.objects.filter(stored_figures__isnull=True))
