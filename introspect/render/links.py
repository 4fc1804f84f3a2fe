"""Where each generated page lives and how pages link to one another (paths under reference/)."""

from __future__ import annotations

import posixpath

from introspect.catalog.model import Catalog, Table
from introspect.render.text import anchor, inline, qualified_slug

# Diagrams are committed as their Graphviz source: text derived from the catalog alone, so it is
# the same on every machine. The SVG beside each page link is drawn from it when the site is built.
DIAGRAM_SOURCE = ".dot"

DICTIONARY_INDEX = "dictionary/index.md"
ERD_INDEX = "erd/index.md"
INDEXES = "indexes.md"
PARTITIONS = "partitions.md"
VIEWS = "views.md"
FUNCTIONS = "functions.md"
ROLES = "roles.md"
STATISTICS = "statistics.md"
LINT = "lint.md"
CHANGES = "changes.md"
CATALOG_JSON = "catalog.json"


def table_page(table_key: str) -> str:
    """The data-dictionary page of a table or partitioned table."""
    return f"dictionary/{qualified_slug(table_key)}.md"


def table_diagram(table_key: str, extension: str = "svg") -> str:
    """The neighbourhood ER diagram of a table."""
    return f"erd/tables/{qualified_slug(table_key)}.{extension}"


def relative(from_page: str, to_path: str, fragment: str | None = None) -> str:
    """A relative link from one generated page to another path (with an optional #fragment)."""
    target = _relative_path(to_path, from_page.rpartition("/")[0])
    return f"{target}#{fragment}" if fragment else target


def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath for the reference's own paths (relative, no . or .. parts), without its
    absolute-path arithmetic: a thousand-table reference makes twenty thousand links."""
    parts, base = path.split("/"), start.split("/") if start else []
    if {"", ".", ".."} & {*parts, *base}:
        return posixpath.relpath(path, start or ".")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def root_table(catalog: Catalog, key: str) -> Table | None:
    """The top-level table a partition belongs to (the table itself when it is not a partition)."""
    table = catalog.table(key)
    seen: set[str] = set()
    while table is not None and table.parent is not None and table.key not in seen:
        seen.add(table.key)
        table = catalog.table(table.parent)
    return table


def relation_link(catalog: Catalog, from_page: str, key: str) -> str:
    """A Markdown link to the page documenting a relation (table, partition, view, MV), or its name."""
    table = root_table(catalog, key)
    if table is not None:
        fragment = anchor("partition", key) if table.key != key else None
        return f"[{inline(key)}]({relative(from_page, table_page(table.key), fragment)})"
    if catalog.view(key) is not None:
        return f"[{inline(key)}]({relative(from_page, VIEWS, anchor('view', key))})"
    return inline(key)


def column_link(catalog: Catalog, from_page: str, table_key: str, column: str) -> str:
    """A link to one column's row on its table's page."""
    table = root_table(catalog, table_key)
    if table is None:
        return inline(f"{table_key}.{column}")
    target = relative(from_page, table_page(table.key), anchor("column", column))
    return f"[{inline(table_key + '.' + column)}]({target})"


def index_link(from_page: str, index_key: str) -> str:
    """A link to an index's row in the index inventory."""
    return f"[{inline(index_key)}]({relative(from_page, INDEXES, anchor('index', index_key))})"


def function_link(from_page: str, function_key: str) -> str:
    """A link to a function's section on the functions page."""
    return f"[{inline(function_key)}]({relative(from_page, FUNCTIONS, anchor('function', function_key))})"
