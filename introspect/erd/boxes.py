"""Diagram -> eralchemy's intermediary objects (tables and relations) with escaped, safe labels.

Imported only when a DOT source is made: eralchemy brings SQLAlchemy, a tenth of a second that
commands which draw nothing should not pay.
"""

from __future__ import annotations

import html

from eralchemy.models import Column as ErColumn
from eralchemy.models import Relation as ErRelation
from eralchemy.models import Table as ErTable

from introspect.erd.select import Diagram, Entity, Link
from introspect.erd.text import visible_controls


def _label(text: str) -> str:
    """Text for an HTML-like Graphviz label: HTML-escaped, backslashes neutralised."""
    return html.escape(visible_controls(text), quote=True).replace("\\", "&#92;")


class _Column(ErColumn):  # type: ignore[misc]
    """A column row whose name and type are escaped and whose port is a safe id."""

    def __init__(self, port: str, name: str, data_type: str, *, is_key: bool, nullable: bool, is_fk: bool):
        super().__init__(name=name, type=data_type, is_key=is_key, is_null=nullable, is_foreign_key=is_fk)
        self.port = port

    def to_dot(self) -> str:
        name = _label(self.name)
        if self.is_key:
            name = f"<U>{name}</U>"
        marker = " (FK)" if self.is_foreign_key else ""
        null = "" if self.is_null else " NOT NULL"
        return (
            f'<TR><TD ALIGN="LEFT" PORT="{self.port}"><FONT>{name}</FONT>'
            f"<FONT> [{_label(self.type)}]{null}{marker}</FONT></TD></TR>"
        )


class _Table(ErTable):  # type: ignore[misc]
    """A box: safe node id, escaped caption, kind shown under materialized and plain views."""

    def __init__(self, node_id: str, entity: Entity, columns: list[ErColumn]):
        super().__init__(name=node_id, columns=columns)
        self.entity = entity

    @property
    def header_dot(self) -> str:
        plain = ("table", "partitioned_table", "part")
        kind = "" if self.entity.kind in plain else f" ({self.entity.kind.replace('_', ' ')})"
        caption = _label(self.entity.key) + _label(kind)
        return f'<TR><TD BGCOLOR="#e8eaf6"><B><FONT POINT-SIZE="14">{caption}</FONT></B></TD></TR>'

    def to_dot(self) -> str:
        body = "".join(c.to_dot() for c in self.columns)
        border = ' COLOR="#9e9e9e"' if self.entity.context else ""
        # A box that stands for a page (a part of the schema) links to it; "_top" leaves an <img> frame.
        url = f', URL="{_label(self.entity.url)}", target="_top"' if self.entity.url else ""
        return (
            f'"{self.name}" [label=<<FONT FACE="Helvetica"><TABLE BORDER="0" CELLBORDER="1"'
            f' CELLPADDING="4" CELLSPACING="0"{border}>{self.header_dot}{body}</TABLE></FONT>>{url}];'
        )


class _Dependency(ErRelation):  # type: ignore[misc]
    """A view reading a relation: a dotted arrow, no cardinality."""

    def __init__(self, source: str, target: str):
        super().__init__(right_table=target, left_table=source, right_cardinality="", left_cardinality="")  # type: ignore[no-untyped-call]

    def to_dot(self) -> str:
        return f'"{self.left_table}" -- "{self.right_table}" [style=dotted,dir=forward,arrowhead=vee];'


def to_intermediary(diagram: Diagram) -> tuple[list[ErTable], list[ErRelation]]:
    """eralchemy Table and Relation objects for a diagram, with safe node and port ids."""
    node_ids = {entity.key: f"n{i}" for i, entity in enumerate(diagram.entities)}
    ports: dict[tuple[str, str], str] = {}
    tables: list[ErTable] = []
    for entity in diagram.entities:
        columns: list[ErColumn] = []
        for position, attr in enumerate(entity.attributes):
            port = f"c{position}"
            ports[(entity.key, attr.name)] = port
            columns.append(
                _Column(
                    port,
                    attr.name,
                    attr.data_type,
                    is_key=attr.primary_key,
                    nullable=attr.nullable,
                    is_fk=attr.foreign_key,
                )
            )
        tables.append(_Table(node_ids[entity.key], entity, columns))
    relations: list[ErRelation] = []
    for link in diagram.links:
        if link.kind == "depends_on":
            relations.append(_Dependency(node_ids[link.source], node_ids[link.target]))
        else:
            relations.append(_relation(link, node_ids, ports))
    return tables, relations


def _relation(link: Link, node_ids: dict[str, str], ports: dict[tuple[str, str], str]) -> ErRelation:
    # A single-column key joins the two column rows; a composite key joins the boxes, as one edge.
    single = len(link.source_columns) == 1 and len(link.target_columns) == 1
    return ErRelation(  # type: ignore[no-untyped-call]
        left_table=node_ids[link.source],
        right_table=node_ids[link.target],
        left_cardinality="*",
        right_cardinality="?" if link.optional else "1",
        left_column=ports.get((link.source, link.source_columns[0]), "") if single else "",
        right_column=ports.get((link.target, link.target_columns[0]), "") if single else "",
    )
