"""Regional-scale data (issue 22): `generate(bodies=N, seed=S)` adds N generated local bodies and everything that
grows with them to the database, in proportion (the issue's figures are those at 10,000 bodies: see
`base.Volumes`), on top of what is there (the demo, or only the migrated reference data).

One module per app's data, run in the order of `MODULES` (each may use what the earlier ones made, through the
shared `base.Run`). Rows go in in large batches straight into their tables (`bulk.py`: one prepared INSERT over a
batch on SQLite, COPY on PostgreSQL), all in one transaction, with the database set for the load (`bulk.loading`):
no `save()`, no signals, no services, so no audit records and no e-mail; what the services or signals would have
kept up to date is then brought up to date in bulk (`finish`): the search index through the search app's own
rebuild (with the same fast writer), the figures each Meter plan stores for its page (`meter.rollup_store`'s,
200 plans a query), the Meter's cached public pages and the search suggestions forgotten.

Deterministic: the same seed, size and day (`today`, the day the dates are placed around) give the same rows on
any database (`digest` compares them without their keys and clocks). Generated slugs, user names and keys start
with `s<seed>-`, so a second run with the same seed is refused before it writes anything.

Development and benchmarks only, like the rest of the demo package: the command is `manage.py load_scale`.
"""

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.db import transaction
from django.utils import timezone

from tabadul.core.statistics import refresh_planner_statistics
from tabadul.directory.models import LocalBody
from tabadul.events import reach
from tabadul.hubs import member_figures
from tabadul.meter import cache as meter_cache
from tabadul.meter import rollup, rollup_store
from tabadul.meter.models import Project, StrategicGoal, StrategicPlan
from tabadul.search import index, suggest

from . import bulk, digest
from .base import Run, Volumes

MODULES = ("directory", "accounts", "hubs", "events", "library", "qa", "twinning", "meter", "notifications")
DEFAULT_BODIES = 10_000
DEFAULT_SEED = 22

__all__ = ["DEFAULT_BODIES", "DEFAULT_SEED", "AlreadyGenerated", "Result", "Volumes", "generate"]


class AlreadyGenerated(Exception):
    """The database already has the rows of a run with this seed."""


@dataclass
class Result:
    """What a run made: the rows by model label, the keys before it (for `digest`), the generated bodies etc."""

    run: Run

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(self.run.counts.items()))

    @property
    def baseline(self) -> dict[str, int]:
        return self.run.baseline

    def __getattr__(self, name):  # body_ids, hub_ids, event_ids, plan_ids... of the run
        return getattr(self.run, name)


def generate(
    bodies: int = DEFAULT_BODIES,
    seed: int = DEFAULT_SEED,
    *,
    today: date | None = None,
    search_index: bool = True,
    stream=None,
) -> Result:
    """Generate the data of `bodies` local bodies (see the module's docstring); return what was made."""
    if bodies < 1:
        raise ValueError("Generate at least one body.")
    run = Run(bodies=bodies, seed=seed, today=today or timezone.localdate(), prefix=f"s{seed}", stream=stream)
    _refuse_a_second_run(run)
    run.baseline = digest.baseline()
    with bulk.loading():
        with run.timed("all the rows"), transaction.atomic(), bulk.checked_as_written():
            for name in MODULES:
                with run.timed(name):
                    import_module(f"{__name__}.{name}").generate(run)
        finish(run, search_index=search_index)
    return Result(run)


def _refuse_a_second_run(run: Run) -> None:
    if LocalBody.objects.filter(slug__startswith=f"{run.prefix}-").exists():
        raise AlreadyGenerated(f"This database already has the data of seed {run.seed}: choose another seed.")


def finish(run: Run, *, search_index: bool = True) -> None:
    """What the services and signals keep on write, brought up to date in bulk after the rows are in."""
    if search_index:
        with run.timed("search index"), transaction.atomic():
            outcome = index.rebuild(stream=io.StringIO(), insert=bulk.write)
        run.say(f"search index: {outcome.created} entries created, {outcome.updated} updated")
    _store_plan_figures(run)
    with run.timed("reach figures"):
        reach.store()  # the reach dashboard's figures (events/reach.py), as `manage.py reach_figures` stores them
    with run.timed("hub member figures"):
        member_figures.store_all()  # the hub pages' member counts, as `manage.py hub_member_figures` stores them
    with run.timed("planner statistics"):
        refresh_planner_statistics()  # as the nightly `manage.py refresh_statistics`: the tables just grew 100-fold
    suggest.forget()
    meter_cache.invalidate_everything()


PLANS_AT_ONCE = 200


def _store_plan_figures(run: Run) -> None:
    """The figures each plan stores for its public page, today's, as `rollup_store.store` computes them
    (`rollup_store.live`: the plan's goals, its projects with their achievement, `plan_figures`), but read for
    200 plans at a time: two queries, then one UPDATE a plan."""
    today = timezone.localdate()
    with run.timed("meter plan figures"), transaction.atomic():
        for start in range(0, len(run.plan_ids), PLANS_AT_ONCE):
            ids = run.plan_ids[start : start + PLANS_AT_ONCE]
            plans = StrategicPlan.objects.in_bulk(ids)
            goals, rows = defaultdict(list), defaultdict(list)
            for goal in StrategicGoal.objects.filter(plan_id__in=ids):  # in each plan's order, as `live` reads them
                goals[goal.plan_id].append(goal)
            for row in rollup.project_rows(rollup.annotate_achievement(Project.objects.filter(plan_id__in=ids))):
                rows[row.plan_id].append(row)
            for plan_id in ids:
                figures = rollup.plan_figures(plans[plan_id], goals[plan_id], rows[plan_id], today)
                StrategicPlan.objects.filter(pk=plan_id).update(rollup=rollup_store.serialise(figures, today=today))
