"""One interface, two engines: SQLite FTS5 and PostgreSQL full-text search, chosen from the connection's vendor.

Both receive the same prepared terms (`analysis.query_terms`) and the same filter (a WHERE clause compiled by the
ORM from visibility rules and facets, see `selectors`), and both rank exact words above stems and titles above
text. Each query word must match (AND); a word matches by its exact form or by its stem (OR).
"""

from dataclasses import dataclass

from django.db import connection

from .analysis import QueryTerm

# Column weights, in the order exact title, exact text, stemmed title, stemmed text.
WEIGHTS = (50.0, 10.0, 4.0, 1.0)


@dataclass(frozen=True)
class Filter:
    sql: str
    params: list


# Raw SQL below (S608): only constants and the WHERE clause compiled by the ORM are interpolated; every value
# (query terms included) is passed as a parameter.


class Backend:
    vendor = ""

    def match(self, terms: list[QueryTerm]):
        raise NotImplementedError

    def _matched(self, terms, where: Filter, ranked: bool = True) -> tuple[str, list]:
        """SQL selecting `search_entry.id` and (when ranked) `score`, lower is better, of matching, permitted
        entries."""
        raise NotImplementedError

    def page(self, terms: list[QueryTerm], where: Filter, *, limit: int, offset: int) -> list[int]:
        sql, params = self._matched(terms, where)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY score, search_entry.id LIMIT %s OFFSET %s", [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def facet_counts(self, terms: list[QueryTerm], where: Filter, *, limit: int) -> list[tuple[str, str, int]]:
        """Facet values with counts over the matching entries; over the first `limit` of them (unranked) when more
        match, so that a very frequent word costs a bounded amount of work."""
        sql, params = self._matched(terms, where, ranked=False)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_facet.name, search_facet.value, COUNT(*) FROM search_facet "  # noqa: S608
                f"WHERE search_facet.entry_id IN (SELECT matched.id FROM ({sql} LIMIT %s) matched) "
                "GROUP BY search_facet.name, search_facet.value",
                [*params, limit],
            )
            return cursor.fetchall()

    def fuzzy(self, terms: list[QueryTerm], where: Filter, *, limit: int) -> list[int]:
        """Entries whose titles resemble the query when nothing matches (PostgreSQL only)."""
        return []


def _and_where(where: Filter) -> str:
    return f" AND ({where.sql})" if where.sql else ""


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def match(self, terms: list[QueryTerm]) -> str:
        def quoted(word: str) -> str:
            return '"' + word.replace('"', "") + '"'

        return " AND ".join(
            f"({{title_exact text_exact}} : {quoted(term.exact)} OR {{title_stems text_stems}} : {quoted(term.stem)})"
            for term in terms
        )

    def page(self, terms: list[QueryTerm], where: Filter, *, limit: int, offset: int) -> list[int]:
        """Rank in the FTS5 table alone first (a top-K of candidates, cheap), then filter the candidates. If at
        least offset + limit candidates pass the filter, they are exactly the best permitted entries (any other
        permitted entry ranks below every candidate); otherwise fall back to ranking every permitted match."""
        candidates = (offset + limit) * 5 + 100
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        sql = (
            f"WITH top AS (SELECT rowid AS id, bm25(search_fts, {weights}) AS score FROM search_fts "  # noqa: S608
            "WHERE search_fts MATCH %s ORDER BY score LIMIT %s) "
            "SELECT search_entry.id FROM top JOIN search_entry ON search_entry.id = top.id"
            f"{' WHERE ' + where.sql if where.sql else ''} ORDER BY top.score, search_entry.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), candidates, *where.params, offset + limit])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == offset + limit:
            return ids[offset:]
        return super().page(terms, where, limit=limit, offset=offset)

    def _matched(self, terms, where: Filter, ranked: bool = True) -> tuple[str, list]:
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        score = f"bm25(search_fts, {weights})" if ranked else "0"
        sql = (
            f"SELECT search_entry.id, {score} AS score "  # noqa: S608
            "FROM search_fts JOIN search_entry ON search_entry.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{_and_where(where)}"
        )
        return sql, [self.match(terms), *where.params]


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    def match(self, terms: list[QueryTerm]) -> str:
        # Words are runs of letters and digits only (analysis._WORD): nothing in them needs escaping.
        return " & ".join(f"('{term.exact}':AB | '{term.stem}':CD)" for term in terms)

    def _matched(self, terms, where: Filter, ranked: bool = True) -> tuple[str, list]:
        # ts_rank's weights are given as {D, C, B, A}; negated so that, as with bm25, lower is better.
        a, b, c, d = (weight / WEIGHTS[0] for weight in WEIGHTS)
        score = f"-ts_rank('{{{d}, {c}, {b}, {a}}}', search_entry.document, tsq)" if ranked else "0"
        sql = (
            f"SELECT search_entry.id, {score} AS score "  # noqa: S608
            "FROM search_entry, to_tsquery('simple', %s) tsq "
            f"WHERE search_entry.document @@ tsq{_and_where(where)}"
        )
        return sql, [self.match(terms), *where.params]

    def fuzzy(self, terms: list[QueryTerm], where: Filter, *, limit: int) -> list[int]:
        text = " ".join(term.exact for term in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_entry.id FROM search_entry "  # noqa: S608
                f"WHERE %s <%% search_entry.title_exact{_and_where(where)} "
                "ORDER BY word_similarity(%s, search_entry.title_exact) DESC, search_entry.id LIMIT %s",
                [text, *where.params, text, limit],
            )
            return [row[0] for row in cursor.fetchall()]


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")
