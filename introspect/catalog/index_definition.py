"""An index's ``CREATE INDEX`` text as ``pg_get_indexdef`` prints it, written from catalog columns.

``pg_get_indexdef`` looks up every key column's default operator class on the server, about half
of the time of the indexes query on a cold connection. For the usual index (plain columns, each
with the default operator class of exactly its type, the column's own collation, no storage
parameters) the text follows from what the indexes and columns queries already read; anything
else is left to the server (``None`` here), and the loader asks for those definitions afterwards.
Tests compare every definition with ``pg_get_indexdef`` on both PostgreSQL majors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping

from introspect.catalog.queries import Row

_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_DESC, _NULLS_FIRST = 1, 2  # pg_index.indoption bits


def quote_identifier(name: str, keywords: Collection[str]) -> str:
    """``quote_ident``: as is when lower-case ASCII letters, digits and _ and not a keyword the
    server quotes (``keywords``); otherwise in double quotes, with inner quotes doubled."""
    if _PLAIN_IDENTIFIER.fullmatch(name) and name not in keywords:
        return name
    return '"' + name.replace('"', '""') + '"'


def fill_in(
    index_rows: Iterable[Row], column_rows: Iterable[Row], opclass_rows: Iterable[Row], keywords: Collection[str]
) -> list[int]:
    """Write the missing definitions of index rows in place; the oids of those only the server can print."""
    columns = {(row["relation_oid"], row["position"]): row for row in column_rows}
    operator_classes = {row["oid"]: row for row in opclass_rows}
    quoted: dict[str, str] = {}  # schema, table and method names repeat from index to index

    def quote(name: str) -> str:
        if name not in quoted:
            quoted[name] = quote_identifier(name, keywords)
        return quoted[name]

    left = []
    for row in index_rows:
        if row["definition"] is None:
            row["definition"] = compose(row, columns, operator_classes, quote)
            if row["definition"] is None:
                left.append(row["oid"])
    return left


def compose(
    row: Row,
    columns: Mapping[tuple[int, int], Row],
    operator_classes: Mapping[int, Row],
    quote: Callable[[str], str],
) -> str | None:
    """The definition of one row of indexes.sql (columns: rows of columns.sql by relation oid and
    attribute number; operator_classes: rows of opclasses.sql by oid; quote: quote_identifier with
    the server's keywords), or None when only the server can tell it."""
    key_count = row["key_count"]
    elements = []
    for position, attnum in enumerate(row["attnums"]):
        column = columns.get((row["table_oid"], attnum))
        if column is None:  # an expression (attnum 0): printed by the server
            return None
        text = quote(column["name"])
        if position < key_count:
            decoration = _key_decoration(row, position, column, operator_classes)
            if decoration is None:
                return None
            text += decoration
        elements.append(text)

    definition = (
        f"CREATE {'UNIQUE ' if row['is_unique'] else ''}INDEX {quote(row['name'])} ON "
        f"{'ONLY ' if row['is_partitioned'] else ''}{quote(row['table_schema'])}.{quote(row['table_name'])} "
        f"USING {quote(row['method'])} ({', '.join(elements[:key_count])})"
    )
    if len(elements) > key_count:
        definition += f" INCLUDE ({', '.join(elements[key_count:])})"
    if row["predicate"] is not None:
        definition += f" WHERE {row['predicate']}"
    return definition


def _key_decoration(row: Row, position: int, column: Row, operator_classes: Mapping[int, Row]) -> str | None:
    """What follows a key column's name (`` DESC``, `` NULLS FIRST``), or None when the element also
    needs a collation or an operator class name, which only the server can say exactly."""
    operator_class = operator_classes.get(row["opclass_oids"][position])
    # The server names the class unless it is the one it would choose for the column's type; a
    # default class for exactly that type is that one (a domain's or a coercible type's is not sure).
    if (
        operator_class is None
        or not operator_class["is_default"]
        or operator_class["input_type_oid"] != column["type_oid"]
    ):
        return None
    if row["collation_oids"][position] not in (0, column["collation_oid"]):
        return None
    option = row["options"][position]
    if not option:
        return ""
    if row["method"] != "btree":  # only an access method that can order prints DESC / NULLS
        return None
    if option & _DESC:
        return " DESC" if option & _NULLS_FIRST else " DESC NULLS LAST"
    return " NULLS FIRST" if option & _NULLS_FIRST else ""
