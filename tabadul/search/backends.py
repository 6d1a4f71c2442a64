"""One interface, two engines: SQLite FTS5 and PostgreSQL full-text search, chosen from the connection's vendor.

Both receive the same prepared terms (`analysis.query_terms`) and the same filter (a WHERE clause compiled by the
ORM from visibility rules and facets, see `selectors`), and both rank exact words above stems and titles above
text. Each query word must match (AND); a word matches by its exact form or by its stem (OR).
"""

import json
from dataclasses import dataclass

from django.db import connection, transaction

from .analysis import QueryTerm

# Column weights, in the order exact title, exact text, stemmed title, stemmed text.
WEIGHTS = (50.0, 10.0, 4.0, 1.0)
# PostgreSQL indexes each stem with this letter in front (migration 0004): ة never survives normalisation
# (it becomes ه), so a marked stem cannot be mistaken for an exact word.
STEM_MARK = "ة"
# A query with more permitted matches than this ranks only its SHORTLIST newest ones (see SQLiteBackend.page; as
# many as the pages show: selectors.COUNT_LIMIT).
SHORTLIST = 1000


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

    def any_match(self, terms: list[QueryTerm], where: Filter) -> bool:
        """Whether any permitted entry matches (the first one found ends the statement)."""
        sql, params = self._matched(terms, where, ranked=False)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT 1", params)
            return cursor.fetchone() is not None


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

    def title_match(self, terms: list[QueryTerm]) -> str:
        def quoted(word: str) -> str:
            return '"' + word.replace('"', "") + '"'

        return " AND ".join(
            f"({{title_exact}} : {quoted(term.exact)} OR {{title_stems}} : {quoted(term.stem)})" for term in terms
        )

    def __init__(self):
        self._newest: dict = {}

    def _newest_ids(self, terms: list[QueryTerm], where: Filter, size: int) -> list[int]:
        """Ids of the `size` (at least SHORTLIST + 1) newest permitted matches, newest first; once per search (FTS5
        walks the doclist backwards and stops there)."""
        match = self.match(terms)
        key = (match, where.sql, tuple(where.params))
        if key in self._newest:
            known_size, ids = self._newest[key]
            if known_size >= size or len(ids) < known_size:  # enough of them, or every match
                return ids[:size]
        size = max(size, SHORTLIST + 1)
        sql, params = self._matched(terms, where, ranked=False)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY search_fts.rowid DESC LIMIT %s", [*params, size])
            ids = [row[0] for row in cursor.fetchall()]
        self._newest[key] = (size, ids)
        return ids

    def page(self, terms: list[QueryTerm], where: Filter, *, limit: int, offset: int) -> list[int]:
        """At most SHORTLIST permitted matches: ranked by bm25. More (البلدية matches 78% of the bench corpus): the
        newest SHORTLIST permitted matches, those with every word in the title first, then the newest.

        Why not bm25 for a frequent query: FTS5's bm25 first counts, for each phrase of the query, every row that
        contains it (its IDF), whatever the rowid range: 15 ms for a word in 78,000 rows, before a row is scored.
        Listing the newest matches walks the doclist backwards and stops (1 ms for 1,000), and the facet counts
        use the same list. The ranking step (`selectors.rank`) then orders the first candidates by where the words
        are, as for every query; older matches of such a query are reached through the filters or a more precise
        query (PostgreSQL ranks its NEWEST permitted matches the same way)."""
        newest = self._newest_ids(terms, where, SHORTLIST + 1)
        if len(newest) <= SHORTLIST:
            return super().page(terms, where, limit=limit, offset=offset)
        newest = newest[:SHORTLIST]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
                [self.title_match(terms), newest[-1]],
            )
            titled = {row[0] for row in cursor.fetchall()}
        ordered = [pk for pk in newest if pk in titled] + [pk for pk in newest if pk not in titled]
        return ordered[offset : offset + limit]

    def facet_counts(self, terms: list[QueryTerm], where: Filter, *, limit: int) -> list[tuple[str, str, int]]:
        """Over the `limit` newest permitted matches (the list `page` reads too)."""
        newest = self._newest_ids(terms, where, limit)[:limit]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_facet.name, search_facet.value, COUNT(*) FROM search_facet "  # noqa: S608
                f"WHERE search_facet.entry_id IN ({','.join(map(str, newest))}) "
                "GROUP BY search_facet.name, search_facet.value"
            )
            return cursor.fetchall()

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
    """Finds the NEWEST permitted matches once per search, then counts facets and ranks among them.

    Listing the matches of a query costs PostgreSQL a visit to each matching row (the GIN index gives row
    addresses, the ids and the visibility filter are in the table), about 1 µs each in the compact table of
    migration 0004: 15 ms for a word in 15% of 100,000 entries. So a search works on the NEWEST permitted
    matches, the same ones its facet counts cover (the selectors ask for COUNT_LIMIT + 1 = 1,001): every
    match for most queries. By the planner's estimate of the word's share of the rows:
    - a rare word (at most LIST_ALL_FACTOR × NEWEST rows expected): the GIN index lists every match;
    - a word in more than WALK_SHARE of the rows: the primary key is walked backwards, which stops after about
      NEWEST / share rows (each visit reads the row's vector out of line: about 3 µs);
    - in between: only the newest ids are read, RANGE_MARGIN times as many as the share says hold NEWEST
      matches, as the AND of the GIN index's matches and the primary key's range (`_range_ids`), so that only
      the matches in the range are visited (المياه: 700 buffers instead of 19,000 walking or 6,700 listing).
    Trade-off: a very frequent word ranks only its newest matches; older ones are reached through a facet
    or a more precise query (SQLite does the same with its SHORTLIST).
    """

    vendor = "postgresql"
    NEWEST = 1001
    LIST_ALL_FACTOR = 4
    # Above this share the planner no longer ANDs the GIN index with the key range (it filters the range's rows
    # by their vectors instead), and walking reads fewer rows.
    WALK_SHARE = 0.6
    # The planner expects about twice the real number of matches: a range four times the estimate's holds
    # about twice NEWEST matches.
    RANGE_MARGIN = 4

    def __init__(self):
        self._known: dict = {}

    def match(self, terms: list[QueryTerm]) -> str:
        # Words are runs of letters and digits only (analysis._WORD): nothing in them needs escaping. No weight
        # labels: the GIN index answers plain lexemes without reading the rows again.
        return " & ".join(f"('{term.exact}' | '{STEM_MARK}{term.stem}')" for term in terms)

    def _expected_share(self, match: str) -> tuple[float, float]:
        """The planner's estimates (from its statistics: nothing is read) of the rows matching and of all rows."""
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry "
                "WHERE search_entry.document @@ to_tsquery('simple', %s) UNION ALL SELECT 1 FROM search_entry",
                [match],
            )
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        matching, everything = (part["Plan Rows"] for part in plan[0]["Plan"]["Plans"])
        return matching, everything

    def _newest(self, terms, where: Filter, size: int) -> list[tuple[int, float]]:
        """The `size` (at least NEWEST) newest permitted matches, newest first, each with the `ts_rank`
        of its title; once per search."""
        match = self.match(terms)
        key = (match, where.sql, tuple(where.params))
        if key in self._known:
            known_size, matches = self._known[key]
            if known_size >= size or len(matches) < known_size:  # enough of them, or every match
                return matches[:size]
        size = max(size, self.NEWEST)
        expected, rows = self._expected_share(match)
        if expected <= self.LIST_ALL_FACTOR * size:
            matches = self._listed(match, where, size, walk=False)
        elif expected > self.WALK_SHARE * rows:
            matches = self._listed(match, where, size, walk=True)
        else:
            matches = self._in_range(match, where, size, span=self.RANGE_MARGIN * size * rows / expected)
        self._known[key] = (size, matches)
        return matches

    def _ranked(self, newest_sql: str) -> str:
        """The listed rows with the rank of their title's words (`heading`, kept in the row: migration 0006), in
        the statement that lists them: `document`, the whole entry's vector, is stored out of line, and ranking it
        read each row's vector from the TOAST table (4 ms of the server's CPU per search at 100,000 entries)."""
        _d, c, _b, a = (weight / WEIGHTS[0] for weight in WEIGHTS)
        return (
            f"SELECT newest.id, ts_rank('{{0, {c}, 0, {a}}}', newest.heading, to_tsquery('simple', %s)) "  # noqa: S608
            f"FROM ({newest_sql}) newest ORDER BY newest.id DESC"
        )

    def _listed(self, match: str, where: Filter, size: int, *, walk: bool) -> list[tuple[int, float]]:
        # `id + 0` keeps the planner from walking the key when listing is cheaper.
        order = "search_entry.id" if walk else "search_entry.id + 0"
        newest = (
            "SELECT search_entry.id, search_entry.heading FROM search_entry "  # noqa: S608
            f"WHERE search_entry.document @@ to_tsquery('simple', %s){_and_where(where)} "
            f"ORDER BY {order} DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(self._ranked(newest), [match, match, *where.params, size])
            return cursor.fetchall()

    def _in_range(self, match: str, where: Filter, size: int, *, span: float) -> list[tuple[int, float]]:
        """The newest `size` matches among the newest `span` ids (all of them if the span holds too few).

        Only a bitmap of the GIN index's matches ANDed with one of the key's range visits just the matches in
        the range; the planner would rather walk the range and check each row's vector, which it does not know
        is read out of line (30,000 buffers for المياه instead of 700). So plain index scans are turned off for
        this one statement: inside a savepoint (or transaction) rolled back afterwards, which undoes the
        setting."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM search_entry")
            lowest = (cursor.fetchone()[0] or 0) - int(span)
            if lowest <= 0:
                return self._listed(match, where, size, walk=False)
            newest = (
                "SELECT search_entry.id, search_entry.heading FROM search_entry "  # noqa: S608
                "WHERE search_entry.document @@ to_tsquery('simple', %s) AND search_entry.id > %s"
                f"{_and_where(where)} ORDER BY search_entry.id DESC LIMIT %s"
            )
            with transaction.atomic():
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute(self._ranked(newest), [match, match, lowest, *where.params, size])
                matches = cursor.fetchall()
                transaction.set_rollback(True)
        if len(matches) < size:  # the estimate was too high: fewer matches in the range than wanted
            return self._listed(match, where, size, walk=False)
        return matches

    def page(self, terms: list[QueryTerm], where: Filter, *, limit: int, offset: int) -> list[int]:
        newest = self._newest(terms, where, max(self.NEWEST, offset + limit))
        ranked = sorted(newest, key=lambda match: (-match[1], -match[0]))  # ties: the newest first
        return [pk for pk, _rank in ranked[offset : offset + limit]]

    def facet_counts(self, terms: list[QueryTerm], where: Filter, *, limit: int) -> list[tuple[str, str, int]]:
        newest = self._newest(terms, where, limit)[:limit]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_facet.name, search_facet.value, COUNT(*) FROM search_facet "
                "WHERE search_facet.entry_id = ANY(%s::bigint[]) GROUP BY search_facet.name, search_facet.value",
                [_id_array([pk for pk, _rank in newest])],
            )
            return cursor.fetchall()

    def any_match(self, terms: list[QueryTerm], where: Filter) -> bool:
        # MATERIALIZED: planned without the LIMIT, so through the GIN index. With `LIMIT 1` the planner expects a
        # match within the first rows and scans the table, reading every row's vector when none matches (a
        # misspelt word: 600 ms on 100,000 entries).
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH matched AS MATERIALIZED (SELECT search_entry.id FROM search_entry "  # noqa: S608
                f"WHERE search_entry.document @@ to_tsquery('simple', %s){_and_where(where)}) "
                "SELECT 1 FROM matched LIMIT 1",
                [self.match(terms), *where.params],
            )
            return cursor.fetchone() is not None

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


def _id_array(ids: list[int]) -> str:
    """A PostgreSQL array literal of ids: adapting a list of 1,001 ints costs psycopg 0.4 ms more per statement."""
    return "{" + ",".join(map(str, ids)) + "}"


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")
