"""Querysets whose SQL is compiled once per database connection, then run with each call's own values (issue 22).

A small query through the ORM costs 250–500 µs of CPU, and most of it is not the database: building the queryset,
compiling it to SQL (`SQLCompiler.as_sql`) and finding the converters of its columns; SQLite runs the same SQL in
20–50 µs. A page that runs the same few queries on every render, only an id or a date changing, can compile each
of them once:

    _goals = PreparedQuery(lambda plan_id: StrategicGoal.objects.filter(plan_id=plan_id).order_by("position"))
    goals = _goals(plan_id=plan.pk)   # a list of StrategicGoal, exactly as list(queryset) would give

The first call on a connection builds the queryset with a placeholder for each parameter, compiles it, and finds
each placeholder among the SQL's parameters (once or more: a person's id in several parts of a UNION); later calls
copy that compiler with the values in their places, and Django's own iterables make the rows (model instances with
their select_related objects and annotations, or values_list tuples), so the results are those of the ORM. What the
builder may do: filter, order, slice, annotate, select_related, only, values_list, union — anything whose SQL does
not depend on the values (no `if` on them). Values are ints, strings, dates or aware datetimes (adapted as the
connection adapts them). A value the compiled parameters do not hold unchanged (a string a lookup rewrites, as
`icontains` does) is refused when compiling, never guessed.

Compiled queries are kept per connection object, so each thread (gthread workers) compiles its own and no compiler
ever runs on another thread's connection.
"""

import copy
import inspect
import weakref
from collections.abc import Callable
from datetime import UTC, date, datetime

from django.db import connections
from django.db.models import QuerySet

# Placeholders of each kind of value: unlikely as real values, and valid for their fields (an int within 32 bits).
_INT_BASE = 2_140_000_000


def _placeholder(kind: type, index: int):
    if kind is int:
        return _INT_BASE + index
    if kind is str:
        return f"\x00prepared-{index}\x00"
    if kind is datetime:
        return datetime(1901, 2, 3, 4, 5, index, 123457, tzinfo=UTC)
    if kind is date:
        return date(1901, 2, 1 + index)
    raise TypeError(f"a prepared query takes ints, strings, dates and datetimes, not {kind.__name__}")


def _adapter(kind: type, connection):
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value
    if kind is date:
        return connection.ops.adapt_datefield_value
    return None


class _Compiled:
    __slots__ = ("queryset", "compiler", "sql", "params", "slots", "converters")


class PreparedQuery:
    """`build(**values) -> QuerySet`, compiled once per connection; calling it returns the list of results."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self._build = build
        names = list(inspect.signature(build).parameters)
        # The kind of each value: declared (`when=datetime`) or an int, which most of them are (ids).
        self._kinds = {name: kinds.get(name, int) for name in names}
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, *, using: str = "default", **values) -> list:
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(connection, using)
        params = list(compiled.params)
        for positions, name, kind, adapt in compiled.slots:
            value = values[name] if kind in (date, datetime) else kind(values[name])  # "5" as the ORM would take it: 5
            value = adapt(value) if adapt else value
            for position in positions:
                params[position] = value
        compiler = copy.copy(compiled.compiler)
        sql, converters = compiled.sql, compiled.converters
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = lambda expressions: converters
        queryset = compiled.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def _compile(self, connection, using: str) -> _Compiled:
        placeholders = {name: _placeholder(kind, index) for index, (name, kind) in enumerate(self._kinds.items())}
        queryset = self._build(**placeholders).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for name, kind in self._kinds.items():
            adapt = _adapter(kind, connection)
            expected = adapt(placeholders[name]) if adapt else placeholders[name]
            found = tuple(position for position, param in enumerate(params) if param == expected)
            if not found:
                raise ValueError(f"{name!r} is not one of the compiled query's parameters, unchanged: {sql}")
            slots.append((found, name, kind, adapt))
        compiled = _Compiled()
        compiled.queryset = queryset
        compiled.compiler = compiler
        compiled.sql = sql
        compiled.params = tuple(params)
        compiled.slots = tuple(slots)
        compiled.converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return compiled
