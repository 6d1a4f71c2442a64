"""PostgreSQL: stems get lexemes of their own, so a query needs no weight labels and the GIN index no recheck.

Before, exact words and stems were told apart by weight labels in the query (`'word':AB | 'stem':CD`). The GIN
index does not store weights, so every candidate row was read again to check them: a word in 5–20% of the rows
cost thousands of row reads. Now each stem is indexed with a mark in front of it, the letter ة, which the
normaliser never leaves in a text (it always becomes ه), and a query is `'word' | 'ةstem'`, which the index
answers alone (`backends.STEM_MARK`). The weights stay in the vector for ranking. SQLite keeps stems in columns
of their own and is unchanged.
"""

from django.db import migrations

from tabadul.search.migration_operations import VendorRunSQL


def document_column(stems) -> str:
    return (
        "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title_exact), 'A') || setweight(to_tsvector('simple', text_exact), 'B') || "
        f"setweight(to_tsvector('simple', {stems('title_stems')}), 'C') || "
        f"setweight(to_tsvector('simple', {stems('text_stems')}), 'D')"
        ") STORED"
    )


def marked(column: str) -> str:
    return f"regexp_replace({column}, '(\\S+)', 'ة\\1', 'g')"


def unmarked(column: str) -> str:
    return column


def replace_document(stems) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_entry_document",
        "ALTER TABLE search_entry DROP COLUMN document",
        document_column(stems),
        "CREATE INDEX search_entry_document ON search_entry USING GIN (document)",
    ]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_alter_searchentry_kind")]

    operations = [VendorRunSQL("postgresql", replace_document(marked), replace_document(unmarked))]
