"""Definitions that PostgreSQL majors print differently, brought to one form.

PostgreSQL 16 stopped listing a view's OLD and NEW pseudo-relations in its range table, so since
then ``pg_get_viewdef`` writes the columns of a single-relation query unqualified (``loan_id``)
where 15 wrote ``l.loan_id``. The definition is parsed (pglast, PostgreSQL's own parser) and,
in the top-level query only, a qualifier naming its one relation is removed at the positions the
parser reports; everything else stays exactly as the server printed it.
"""

from __future__ import annotations

from typing import Any

from pglast import ast, parse_sql
from pglast.enums import SetOperation
from pglast.parser import ParseError
from pglast.visitors import Skip, Visitor


class _Qualifiers(Visitor):  # type: ignore[misc]
    """Byte offsets of ``alias.column`` references in the top-level query to its only relation."""

    def __init__(self, top: ast.SelectStmt, alias: str) -> None:
        super().__init__()
        self.top = top
        self.alias = alias
        self.found: list[int] = []

    def visit_SelectStmt(self, ancestors: Any, node: ast.SelectStmt) -> Any:
        return None if node is self.top else Skip  # nested queries keep their qualifiers on every major

    def visit_ColumnRef(self, ancestors: Any, node: ast.ColumnRef) -> None:
        fields = node.fields or ()
        # alias.* (a whole-row value) keeps its qualifier on every major
        qualified = (
            len(fields) == 2
            and isinstance(fields[0], ast.String)
            and fields[0].sval == self.alias
            and isinstance(fields[1], ast.String)
        )
        if qualified and node.location is not None:
            self.found.append(node.location)


def _only_relation(select: ast.SelectStmt) -> str | None:
    """The name the columns of a query are qualified with when it reads exactly one relation."""
    items = select.fromClause or ()
    if len(items) != 1 or select.op != SetOperation.SETOP_NONE:
        return None  # joins, several relations and UNION arms are qualified on every major
    item = items[0]
    if isinstance(item, ast.RangeVar):
        return item.alias.aliasname if item.alias else item.relname
    if isinstance(item, (ast.RangeSubselect, ast.RangeFunction)) and item.alias:
        return item.alias.aliasname
    return None


def view_definition(text: str) -> str:
    """A view's definition with the qualifiers PostgreSQL 15 adds and 16+ omits taken out."""
    try:
        statements = parse_sql(text)
    except ParseError:
        return text
    if len(statements) != 1 or not isinstance(statements[0].stmt, ast.SelectStmt):
        return text
    select = statements[0].stmt
    alias = _only_relation(select)
    if alias is None:
        return text
    visitor = _Qualifiers(select, alias)
    visitor(statements[0])
    data = text.encode("utf-8")
    prefixes = (f"{alias}.".encode(), f'"{alias}".'.encode())
    for offset in sorted(visitor.found, reverse=True):
        prefix = next((p for p in prefixes if data.startswith(p, offset)), None)
        if prefix is not None:
            data = data[:offset] + data[offset + len(prefix) :]
    return data.decode("utf-8")
