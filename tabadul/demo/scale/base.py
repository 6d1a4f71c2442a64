"""What every generating module shares: the run's settings and random streams, what earlier modules made, and
the bulk insert.

Each module gets its own random stream (`Run.rng(name)`), seeded from the run's seed and the module's name, so a
module's rows depend only on the seed, the size and what the modules before it made: the same seed gives the same
rows, whatever a later module does with its own stream.
"""

import random
import sys
import time as clock
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from django.db import models

from . import bulk

BATCH = 5000  # rows per write (bulk.py: one prepared INSERT over them on SQLite, one COPY on PostgreSQL)


@dataclass
class Volumes:
    """How many of each thing a run makes: proportional to the number of bodies (the issue's figures at 10,000)."""

    bodies: int

    def per_body(self, ratio: float, minimum: int = 1) -> int:
        return max(minimum, round(self.bodies * ratio))

    @property
    def staff(self) -> int:
        return self.per_body(5)  # 50,000

    @property
    def citizens(self) -> int:
        return self.per_body(20)  # 200,000

    @property
    def specialists(self) -> int:
        return self.per_body(0.01, 2)  # 100

    @property
    def events(self) -> int:
        return self.per_body(2)  # 20,000

    @property
    def registrations(self) -> int:
        return self.per_body(50)  # 500,000, 25 an event

    @property
    def documents(self) -> int:
        return self.per_body(5)  # 50,000

    @property
    def questions(self) -> int:
        return self.per_body(3)  # 30,000

    @property
    def twinning_groups(self) -> int:
        return self.per_body(0.05)  # 500

    @property
    def plans(self) -> int:
        return self.per_body(0.5)  # 5,000

    @property
    def projects(self) -> int:
        return self.per_body(20)  # 200,000, 40 a plan

    @property
    def progress_updates(self) -> int:
        return self.per_body(100)  # 1,000,000, 5 a project

    @property
    def notifications(self) -> int:
        return self.per_body(30)  # 300,000


@dataclass
class Run:
    """One generation: its size, seed and day, and what the modules made so far (ids, in creation order)."""

    bodies: int
    seed: int
    today: date
    prefix: str  # of every generated slug, user name and key: "s<seed>"
    stream: object = None
    volumes: Volumes = None
    counts: Counter = field(default_factory=Counter)
    # Filled by the modules, in order.
    body_ids: list[int] = field(default_factory=list)
    body_country: dict[int, int] = field(default_factory=dict)  # body id -> country id
    body_governorate: dict[int, int | None] = field(default_factory=dict)
    body_names: dict[int, tuple[str, str]] = field(default_factory=dict)
    staff_ids: list[int] = field(default_factory=list)
    staff_by_body: dict[int, list[int]] = field(default_factory=dict)  # [editor, approver, admin, others...]
    body_of_user: dict[int, int] = field(default_factory=dict)
    citizen_ids: list[int] = field(default_factory=list)
    specialist_ids: list[int] = field(default_factory=list)
    hub_ids: list[int] = field(default_factory=list)
    members_by_hub: dict[int, list[int]] = field(default_factory=dict)
    hubs_of_body: dict[int, list[int]] = field(default_factory=dict)
    event_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    question_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    plan_ids: list[int] = field(default_factory=list)
    project_ids: list[int] = field(default_factory=list)
    # The largest primary key of each generated model before the run (what the digest compares).
    baseline: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.volumes = self.volumes or Volumes(self.bodies)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"tabadul-scale:{self.seed}:{self.bodies}:{name}")

    def moment(self, days: float, hour: int = 9) -> datetime:
        """`days` after (negative: before) the run's day, at `hour` UTC."""
        day = self.today + timedelta(days=int(days))
        return datetime.combine(day, time(hour), tzinfo=UTC)

    def say(self, message: str) -> None:
        stream = self.stream if self.stream is not None else sys.stderr
        stream.write(message + "\n")
        stream.flush()

    @contextmanager
    def timed(self, step: str):
        """Say how long `step` took: wall-clock and this process's CPU (a shared machine shows the difference)."""
        wall, cpu = clock.monotonic(), clock.process_time()
        yield
        self.say(f"{step}: {clock.monotonic() - wall:.1f} s ({clock.process_time() - cpu:.1f} s CPU)")

    def editor(self, body_id: int) -> int:
        return self.staff_by_body[body_id][0]

    def approver(self, body_id: int) -> int:
        return self.staff_by_body[body_id][1]


def insert(model: type[models.Model], rows: Iterable[models.Model], run: Run, *, keep: bool = True) -> list:
    """Bulk-insert `rows` in batches (bulk.py), without save() or signals; return them with their keys (unless
    `keep` is off: then nothing is kept in memory, for the largest tables)."""
    kept = []
    iterator: Iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        bulk.write(model, batch)
        run.counts[model._meta.label] += len(batch)
        if keep:
            kept.extend(batch)
    return kept


def link(through: type[models.Model], pairs: Iterable[tuple[int, int]], first: str, second: str, run: Run) -> int:
    """Bulk-insert rows of a many-to-many table: (`first`_id, `second`_id) pairs."""
    before = run.counts[through._meta.label]
    insert(through, (through(**{f"{first}_id": a, f"{second}_id": b}) for a, b in pairs), run, keep=False)
    return run.counts[through._meta.label] - before


def pick(rng: random.Random, items: list, weights=None):
    return rng.choices(items, weights=weights)[0] if weights else items[rng.randrange(len(items))]
