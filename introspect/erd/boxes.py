"""Diagram -> the statements of its DOT source: one box per relation, one edge per link.

Every name and type is escaped before Graphviz sees it, and the DOT ids are safe ones of our own
(``n3`` for a box, ``c2`` for a column row's port), so identifiers containing ``"``, ``<`` or ``&``
cannot break the source.
"""

from __future__ import annotations

import html

from introspect.erd.select import Diagram, Entity, Link
from introspect.erd.text import visible_controls

# What the two ends of a foreign-key edge are labelled with: many rows refer to one, or to at most one.
_CARDINALITY_LABELS = {"*": "0..N", "1": "1", "?": "{0,1}"}
_PLAIN_KINDS = ("table", "partitioned_table", "part")


def _label(text: str) -> str:
    """Text for an HTML-like Graphviz label: HTML-escaped, backslashes neutralised."""
    return html.escape(visible_controls(text), quote=True).replace("\\", "&#92;")


def _column_row(port: str, name: str, data_type: str, *, is_key: bool, nullable: bool, is_fk: bool) -> str:
    """A box's row for one column: the name (underlined in the primary key), type, NOT NULL and FK markers."""
    shown = f"<U>{_label(name)}</U>" if is_key else _label(name)
    null = "" if nullable else " NOT NULL"
    marker = " (FK)" if is_fk else ""
    return (
        f'<TR><TD ALIGN="LEFT" PORT="{port}"><FONT>{shown}</FONT>'
        f"<FONT> [{_label(data_type)}]{null}{marker}</FONT></TD></TR>"
    )


def _box(node_id: str, entity: Entity, rows: list[str]) -> str:
    """A relation's box: its caption (with the kind for views and materialized views) over its column rows."""
    kind = "" if entity.kind in _PLAIN_KINDS else f" ({entity.kind.replace('_', ' ')})"
    header = (
        f'<TR><TD BGCOLOR="#e8eaf6"><B><FONT POINT-SIZE="14">{_label(entity.key)}{_label(kind)}</FONT></B></TD></TR>'
    )
    border = ' COLOR="#9e9e9e"' if entity.context else ""
    # A box that stands for a page (a part of the schema) links to it; "_top" leaves an <img> frame.
    url = f', URL="{_label(entity.url)}", target="_top"' if entity.url else ""
    return (
        f'"{node_id}" [label=<<FONT FACE="Helvetica"><TABLE BORDER="0" CELLBORDER="1"'
        f' CELLPADDING="4" CELLSPACING="0"{border}>{header}{"".join(rows)}</TABLE></FONT>>{url}];'
    )


def _foreign_key_edge(link: Link, node_ids: dict[str, str], ports: dict[tuple[str, str], str]) -> str:
    """A dashed edge from the referencing to the referenced relation, labelled with both cardinalities."""
    # A single-column key joins the two column rows; a composite key joins the boxes, as one edge.
    single = len(link.source_columns) == 1 and len(link.target_columns) == 1
    source_port = ports.get((link.source, link.source_columns[0]), "") if single else ""
    target_port = ports.get((link.target, link.target_columns[0]), "") if single else ""
    source = f'"{node_ids[link.source]}"' + (f':"{source_port}"' if source_port else "")
    target = f'"{node_ids[link.target]}"' + (f':"{target_port}"' if target_port else "")
    tail = _CARDINALITY_LABELS["*"]
    head = _CARDINALITY_LABELS["?" if link.optional else "1"]
    return f"{source} -- {target} [taillabel=<<FONT>{tail}</FONT>>,headlabel=<<FONT>{head}</FONT>>];"


def dot_statements(diagram: Diagram) -> tuple[list[str], list[str]]:
    """The DOT statements of a diagram's boxes and of its edges, with safe node and port ids."""
    node_ids = {entity.key: f"n{i}" for i, entity in enumerate(diagram.entities)}
    ports: dict[tuple[str, str], str] = {}
    boxes: list[str] = []
    for entity in diagram.entities:
        rows: list[str] = []
        for position, attr in enumerate(entity.attributes):
            port = f"c{position}"
            ports[(entity.key, attr.name)] = port
            rows.append(
                _column_row(
                    port,
                    attr.name,
                    attr.data_type,
                    is_key=attr.primary_key,
                    nullable=attr.nullable,
                    is_fk=attr.foreign_key,
                )
            )
        boxes.append(_box(node_ids[entity.key], entity, rows))
    edges: list[str] = []
    for link in diagram.links:
        if link.kind == "depends_on":
            # A view reading a relation: a dotted arrow, no cardinality.
            edges.append(
                f'"{node_ids[link.source]}" -- "{node_ids[link.target]}" [style=dotted,dir=forward,arrowhead=vee];'
            )
        else:
            edges.append(_foreign_key_edge(link, node_ids, ports))
    return boxes, edges
