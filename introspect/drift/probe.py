"""Questions about a statement that the catalog model cannot answer, asked of the live database.

Three kinds, all in one READ ONLY transaction per question with a statement timeout, and none
creating an object: does a name exist in pg_catalog (built-in functions, types, operators,
settings, keywords, extension members); how does the server itself normalise a condition (it is
planned against the table, and the plan's filter is compared, so ``BETWEEN``, ``IN`` and casts
mean what PostgreSQL says they mean); and the author's own ``<!-- schemadoc: SELECT … -->``.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType

import psycopg
from psycopg import sql

STATEMENT_TIMEOUT_MS = 30_000
LOCK_TIMEOUT_MS = 10_000

_NAMES_SQL = """
SELECT w.name FROM unnest(%s::text[]) AS w(name)
WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE proname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_type WHERE typname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_get_keywords() WHERE word = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_operator WHERE oprname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_am WHERE amname = w.name)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attname = w.name AND NOT attisdropped)
ORDER BY 1
"""


def _unwrap(text: str) -> str:
    """A condition without the parentheses that enclose all of it."""
    text = text.strip()
    while text.startswith("(") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def split_conjuncts(condition: str) -> tuple[str, ...]:
    """The top-level AND operands of a condition as PostgreSQL prints it (fully parenthesised)."""
    text = _unwrap(condition)
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    quoted = False
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(" AND ", i):
            parts.append(text[start:i].strip())
            start = i + 5
            i += 4
        i += 1
    parts.append(text[start:].strip())
    return tuple(sorted(_unwrap(p) for p in parts if p.strip()))


def _closing(text: str, opening: int) -> int:
    depth, quoted = 0, False
    for i in range(opening, len(text)):
        if text[i] == "'":
            quoted = not quoted
        elif not quoted and text[i] == "(":
            depth += 1
        elif not quoted and text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


class Probe:
    """The live database behind a check; with no DSN every question answers None (not asked)."""

    def __init__(self, dsn: str | None) -> None:
        self._dsn = dsn
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._names: dict[str, bool] = {}
        self._conditions: dict[tuple[str, str], tuple[str, ...] | str] = {}

    @property
    def available(self) -> bool:
        return self._dsn is not None

    def __enter__(self) -> Probe:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._conn is None:
            assert self._dsn is not None
            self._conn = psycopg.connect(self._dsn, autocommit=False)
        return self._conn

    def _run(
        self,
        query: str | sql.Composed,
        params: tuple[object, ...] = (),
        *,
        sequential: bool = False,
        exclusion: bool = False,
    ) -> list[tuple[object, ...]]:
        conn = self._connection()
        try:
            with conn.cursor() as cur:
                cur.execute("SET TRANSACTION READ ONLY")
                cur.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
                cur.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
                if exclusion:  # let the planner use CHECK constraints to prove a condition impossible
                    cur.execute("SET LOCAL constraint_exclusion = on")
                if sequential:  # a plan without index scans prints the whole condition as one Filter
                    for setting in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
                        cur.execute(f"SET LOCAL {setting} = off")
                cur.execute(query if isinstance(query, sql.Composed) else query.encode(), params or None)
                return list(cur.fetchall()) if cur.description else []
        finally:
            conn.rollback()

    def known_names(self, names: Iterable[str]) -> set[str] | None:
        """Which of these bare names pg_catalog knows (None without a database)."""
        if not self.available:
            return None
        wanted = sorted({n for n in names if n not in self._names})
        if wanted:
            found = {str(row[0]) for row in self._run(_NAMES_SQL, (wanted,))}
            self._names.update({n: n in found for n in wanted})
        return {n for n in names if self._names.get(n)}

    def _plan(
        self,
        options: str,
        table: str,
        table_key: str,
        condition: str,
        *,
        sequential: bool = False,
        exclusion: bool = False,
    ) -> list[str]:
        """The lines of ``EXPLAIN (options) SELECT 1 FROM table WHERE condition``."""
        schema, _, name = table_key.partition(".")
        query = sql.SQL("EXPLAIN ({}) SELECT 1 FROM {}{} WHERE {}").format(
            sql.SQL(options),  # type: ignore[arg-type]
            sql.SQL(table),  # type: ignore[arg-type]
            sql.Identifier(schema, name),
            sql.SQL(condition),  # type: ignore[arg-type]
        )
        rows = self._run(query, sequential=sequential, exclusion=exclusion)
        return [str(line).strip() for (line,) in rows]

    def conditions(self, table_key: str, condition: str) -> tuple[str, ...] | str | None:
        """The conjuncts of a condition as the server plans it against a table, or the server's error."""
        if not self.available:
            return None
        key = (table_key, condition)
        if key not in self._conditions:  # each declared CHECK is compared with every stated condition
            self._conditions[key] = self._planned_conditions(table_key, condition)
        return self._conditions[key]

    def _planned_conditions(self, table_key: str, condition: str) -> tuple[str, ...] | str:
        try:
            lines = self._plan("VERBOSE, COSTS OFF", "", table_key, condition, sequential=True)
        except psycopg.Error as exc:
            return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        for text in lines:
            for prefix in ("Filter: ", "One-Time Filter: "):
                if text.startswith(prefix):
                    return split_conjuncts(text[len(prefix) :])
        return ()

    def excluded(self, table_key: str, condition: str) -> bool | None:
        """Whether the table's CHECK constraints prove that no row satisfies a condition (the
        planner's constraint exclusion); None without a database or when the condition is not valid there."""
        if not self.available:
            return None
        try:
            lines = self._plan("COSTS OFF", "ONLY ", table_key, condition, exclusion=True)
        except psycopg.Error:
            return None
        return "One-Time Filter: false" in lines

    def boolean(self, query: str) -> bool | str | None:
        """The one boolean an author's check query returns, or what is wrong with it."""
        if not self.available:
            return None
        try:
            rows = self._run(query)
        except psycopg.Error as exc:
            return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if len(rows) != 1 or len(rows[0]) != 1 or not isinstance(rows[0][0], bool):
            got = f"{len(rows)} row(s)" if len(rows) != 1 or len(rows[0]) != 1 else repr(rows[0][0])
            return f"the query must return one boolean, it returned {got}"
        return rows[0][0]
