"""The fast bulk write of the scale generator: rows straight into their tables, many to a statement, and the
database set for one large load while it runs.

`bulk_create` prepares every value of every row through its field and builds a new multi-row INSERT for each batch
(on SQLite at most 999 values a statement): at 2.7 million rows that was about half the run's CPU time. Here each
model's columns are worked out once (`Table`), plain values (text, numbers, keys, booleans) go in as they are and
only the others (dates and times, decimals, JSON, files, choices) through their field's own `get_db_prep_save`, so
the stored values are the ones `bulk_create` would store. Keys are taken before the insert (SQLite: after the
table's largest key and its AUTOINCREMENT counter; PostgreSQL: from the table's own sequence), so the rows come
back with their keys without RETURNING. SQLite runs one prepared statement over the batch (`executemany`);
PostgreSQL receives the batch through COPY. Indexes, constraints and SQLite's full-text triggers stay as they are.

`loading()` is the database's setting for the load only, restored afterwards: on SQLite no fsync
(`synchronous=OFF`), the rollback journal in memory instead of the write-ahead log (new pages are written once,
not into the log and then again into the file), a large page cache; on PostgreSQL the commit does not wait for its
log flush. Development and benchmarks only, like the rest of the package.
"""

import datetime as dt
import enum
import logging
import operator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, connections, models
from django.db.models.fields import AutoFieldMixin

logger = logging.getLogger(__name__)

# Field classes whose value of a plain Python type is stored as it is (what their get_db_prep_save returns).
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.CharField,
    models.TextField,
    models.SlugField,
    models.EmailField,
    models.URLField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
)
PLAIN_TYPES = frozenset({str, int, bool, float})
SQLITE_CACHE_KIB = 512 * 1024  # page cache during the load (SQLite's default is 2 MiB)


def _plain(field: models.Field) -> bool:
    if isinstance(field, models.ForeignKey):
        return _plain(field.target_field)
    return type(field) in PLAIN_FIELDS


class Table:
    """One model's columns and statement, worked out once per run."""

    def __init__(self, model: type[models.Model]):
        meta = model._meta
        self.model = model
        self.fields = [field for field in meta.concrete_fields if not field.generated]
        self.auto_key = isinstance(meta.pk, AutoFieldMixin)
        self.stamped = [
            field for field in self.fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        self.values = operator.attrgetter(*(field.attname for field in self.fields))
        self.checked = [(place, field, _plain(field)) for place, field in enumerate(self.fields)]
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        self.columns = ", ".join(quote(field.column) for field in self.fields)
        # Django stores an aware UTC datetime as its naive text on SQLite (USE_TZ, the connection in UTC) and as
        # it is on PostgreSQL, a date as its ISO text or as it is: done here without the field's four calls.
        self.sqlite = connection.vendor == "sqlite"
        self.datetimes = settings.USE_TZ and connection.vendor in {"sqlite", "postgresql"}
        self._sequence: str | None = None

    def row(self, obj, database) -> list:
        row = list(self.values(obj)) if len(self.fields) > 1 else [self.values(obj)]
        for place, field, plain in self.checked:
            value = row[place]
            if value is None or (plain and type(value) in PLAIN_TYPES):
                continue
            kind = type(value)
            if kind is dt.datetime and self.datetimes and value.tzinfo is dt.UTC:
                row[place] = str(value.replace(tzinfo=None)) if self.sqlite else value  # as Django stores it
                continue
            if kind is dt.date and self.datetimes:
                row[place] = value.isoformat() if self.sqlite else value
                continue
            value = field.get_db_prep_save(value, database)
            row[place] = value.value if isinstance(value, enum.Enum) else value
        return row

    def keys(self, count: int) -> list[int]:
        """`count` new keys, rising."""
        pk = self.model._meta.pk
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if self._sequence is None:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [self.model._meta.db_table, pk.column])
                    self._sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self._sequence, count])
                return sorted(key for (key,) in cursor.fetchall())
        first = self._first_free_key()  # SQLite has one writer at a time: the rows go in before anyone else's
        return list(range(first, first + count))

    def _first_free_key(self) -> int:
        meta = self.model._meta
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(meta.pk.column)}) FROM {self.table}")  # noqa: S608 - names from the model
            top = cursor.fetchone()[0] or 0
            if connection.vendor == "sqlite":  # AUTOINCREMENT never gives a key again, even a deleted row's
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                found = cursor.fetchone()
                top = max(top, found[0] if found else 0)
        return top + 1

    def write(self, objects: list) -> None:
        """Insert `objects` (model instances), giving those without a key theirs."""
        if not objects:
            return
        if self.auto_key:
            missing = [obj for obj in objects if obj.pk is None]
            for obj, key in zip(missing, self.keys(len(missing)), strict=True):
                obj.pk = key
        for field in self.stamped:
            for obj in objects:
                field.pre_save(obj, add=True)
        database = connections[connection.alias]  # the connection itself, not the per-thread proxy
        rows = [self.row(obj, database) for obj in objects]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows)  # noqa: S608 - names from the model
        for obj in objects:
            obj._state.adding, obj._state.db = False, connection.alias


_TABLES: dict[tuple[str, type], Table] = {}


def table(model: type[models.Model]) -> Table:
    """The model's `Table` on the current connection."""
    key = (connection.alias, model)
    if key not in _TABLES:
        _TABLES[key] = Table(model)
    return _TABLES[key]


def write(model: type[models.Model], objects: list) -> None:
    """Insert these new `model` rows fast, setting their keys (the search index's rebuild takes it too)."""
    table(model).write(objects)


# --- The database's setting for one large load --------------------------------------------------------------------


@contextmanager
def checked_as_written():
    """Inside a transaction: PostgreSQL checks each foreign key as its rows go in, instead of queueing millions of
    checks in memory until the commit (Django's keys are DEFERRABLE INITIALLY DEFERRED; no constraint of the
    project is initially immediate, so "ALL DEFERRED" afterwards is how the transaction began)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # after an error the transaction is rolled back, and the setting with it
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _pragma(cursor, name: str, value=None):
    if value is None:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]
    cursor.execute(f"PRAGMA {name} = {value}")
    return cursor.fetchone()[0] if name == "journal_mode" else value


@contextmanager
def loading():
    """Set the database for one large load, and back as it was afterwards (see the module's docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            before = cursor.fetchone()[0]
            cursor.execute("SET synchronous_commit = off")
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])
            except DatabaseError:  # the transaction failed: its rollback undoes the SET too
                pass
        return
    if connection.vendor != "sqlite":
        yield
        return
    # The journal mode, the fsyncs and the temporary storage change only outside a transaction, the journal mode
    # only with no other connection reading (a running server): otherwise they stay as they are.
    outside = not connection.in_atomic_block
    changing = ("synchronous", "cache_size", "temp_store") if outside else ("cache_size",)
    with connection.cursor() as cursor:
        before = {name: _pragma(cursor, name) for name in ("synchronous", "cache_size", "temp_store", "journal_mode")}
        journal = None
        if outside and before["journal_mode"].lower() == "wal":
            try:
                changed = _pragma(cursor, "journal_mode", "MEMORY").lower() == "memory"
            except DatabaseError:
                changed = False
            if changed:
                journal = "memory"
            else:
                logger.info("scale: the journal mode stays %s (the database is in use)", before["journal_mode"])
        if outside:
            _pragma(cursor, "synchronous", "OFF")
            _pragma(cursor, "temp_store", "MEMORY")
        _pragma(cursor, "cache_size", -SQLITE_CACHE_KIB)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if journal and not connection.in_atomic_block:
                try:
                    _pragma(cursor, "journal_mode", before["journal_mode"])
                except DatabaseError:
                    logger.warning("scale: could not set the journal mode back to %s", before["journal_mode"])
            for name in changing:
                _pragma(cursor, name, before[name])
