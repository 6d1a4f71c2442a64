import io

from django.core.management import call_command
from django.db import connection

from tabadul.directory.models import LocalBody


def _rows_the_planner_counts(table: str) -> int | None:
    """The table's row count in the planner's statistics (None: it has none)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s AND reltuples >= 0", [table])
        row = cursor.fetchone()
    return int(str(row[0]).split()[0]) if row else None


def test_the_command_gives_the_planner_the_tables_row_counts(body, other_body, planner_statistics_restored):
    table, rows = LocalBody._meta.db_table, LocalBody.objects.count()
    assert _rows_the_planner_counts(table) != rows
    call_command("refresh_statistics", stdout=io.StringIO())
    assert _rows_the_planner_counts(table) == rows
