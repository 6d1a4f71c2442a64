"""PostgreSQL: a small vector of the title, kept in the row, for ranking.

A search lists its 1,001 newest permitted matches and ranked them with `ts_rank` of `document`, the vector of the
whole entry, which is compressed and stored out of line (migration 0004): each rank read the vector from the TOAST
table, about 4 ms of the server's CPU per search on 100,000 entries. The engine's shortlist now ranks the title's
words (exact A, stems C, as in `document`) from `heading`, a vector of the title alone (a few hundred bytes, stored
in the row: `STORAGE MAIN`), then the newest; `document` is still what matches. SQLite is unchanged.
"""

from django.db import migrations


HEADING = (
    "ALTER TABLE search_entry ADD COLUMN heading tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_exact), 'A') || "
    "setweight(to_tsvector('simple', regexp_replace(title_stems, '(\\S+)', 'ة\\1', 'g')), 'C')"
    # One statement: the table is rewritten once, with the column already kept in the row.
    ") STORED, ALTER COLUMN heading SET STORAGE MAIN"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HEADING)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_entry DROP COLUMN heading")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_meter_and_programmes")]

    operations = [migrations.RunPython(forwards, backwards)]
