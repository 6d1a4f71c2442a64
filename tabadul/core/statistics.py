"""The query planner's statistics, refreshed after bulk loads and nightly (issue 22).

SQLite plans a query from `sqlite_stat1`, which only `ANALYZE` writes: without it, it guesses, and at 10,000
bodies it guessed wrong on several pages (the library's list read every visible document through a three-valued
index and sorted them; a body's documents section took 60 ms instead of 0.3). PostgreSQL's autovacuum analyses
by itself, but only after enough rows changed: after a bulk load the first queries would still plan on empty
tables. `analysis_limit` makes SQLite sample about a thousand rows of each index instead of reading every one,
so the refresh takes seconds at scale, not minutes.
"""

from django.db import connection

SQLITE_ROWS_SAMPLED = 1000


def refresh_planner_statistics(table: str = "", *, using=connection) -> None:
    """Every table's statistics, or one `table`'s (a migration that changes its indexes: at once, not at the next
    nightly refresh)."""
    with using.cursor() as cursor:
        if using.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ROWS_SAMPLED}")
        cursor.execute(f"ANALYZE {using.ops.quote_name(table)}" if table else "ANALYZE")
