"""Which entities and links an ER diagram shows: whole schema, a layer, or a table's neighbourhood.

Diagrams are drawn from our catalog model, never from a database reflection, so enum, domain and
timestamptz columns keep their real type names. Partitions are folded into their top-level table,
so every foreign key appears once, and a composite foreign key is one link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from introspect.catalog.model import Catalog, Column, Constraint, Table, View


@dataclass(frozen=True)
class Attribute:
    """One column as a diagram shows it."""

    name: str
    data_type: str
    primary_key: bool = False
    foreign_key: bool = False
    nullable: bool = True


@dataclass(frozen=True)
class Entity:
    """A box in the diagram: a table, partitioned table, view or materialized view."""

    key: str
    kind: str
    attributes: tuple[Attribute, ...]
    context: bool = False  # drawn as a bare name: a neighbour outside the diagram's own subject


@dataclass(frozen=True)
class Link:
    """A foreign key (child -> parent) or a view's dependency (view -> source)."""

    source: str
    target: str
    kind: str  # "foreign_key" | "depends_on"
    source_columns: tuple[str, ...] = ()
    target_columns: tuple[str, ...] = ()
    optional: bool = False  # a nullable foreign key: the child may have no parent
    name: str = ""


@dataclass(frozen=True)
class Diagram:
    """Entities sorted by key, links sorted by (source, target, name)."""

    title: str
    entities: tuple[Entity, ...]
    links: tuple[Link, ...]


def _root(catalog: Catalog, key: str) -> str:
    table = catalog.table(key)
    while table is not None and table.parent is not None:
        table = catalog.table(table.parent)
    return table.key if table is not None else key


def _attributes(relation: Table | View) -> tuple[Attribute, ...]:
    primary: set[str] = set()
    foreign: set[str] = set()
    if isinstance(relation, Table):
        for constraint in relation.constraints:
            if constraint.kind == "primary_key":
                primary.update(constraint.columns)
            elif constraint.kind == "foreign_key":
                foreign.update(constraint.columns)
    return tuple(_attribute(c, primary, foreign) for c in relation.columns)


def _attribute(column: Column, primary: set[str], foreign: set[str]) -> Attribute:
    return Attribute(column.name, column.data_type, column.name in primary, column.name in foreign, column.nullable)


@dataclass(frozen=True)
class _Links:
    """A catalog's links, and for each relation the links that touch it (in the same order)."""

    catalog: Catalog
    links: tuple[Link, ...]
    touching: dict[str, tuple[Link, ...]]


# The links of the catalog asked about last: a site asks for every table's diagram of one catalog,
# and recomputing them each time made drawing a thousand-table site quadratic.
_last_links: list[_Links] = []


def _links(catalog: Catalog) -> _Links:
    if _last_links and _last_links[0].catalog is catalog:
        return _last_links[0]
    links = _all_links(catalog)
    touching: dict[str, list[Link]] = {}
    for link in links:
        touching.setdefault(link.source, []).append(link)
        if link.target != link.source:
            touching.setdefault(link.target, []).append(link)
    found = _Links(catalog, links, {key: tuple(value) for key, value in touching.items()})
    _last_links[:] = [found]
    return found


def all_links(catalog: Catalog) -> tuple[Link, ...]:
    """Every foreign key once (folded onto top-level tables) and every view dependency."""
    return _links(catalog).links


def _all_links(catalog: Catalog) -> tuple[Link, ...]:
    found: dict[tuple[str, str, str], Link] = {}
    for table in catalog.tables:
        for constraint in table.constraints:
            if constraint.kind == "foreign_key" and constraint.referenced_table:
                link = _fk_link(catalog, table, constraint)
                found.setdefault((link.source, link.target, link.name), link)
    for view in catalog.views:
        for dependency in view.depends_on:
            target = _root(catalog, dependency)
            if target != view.key:
                found.setdefault((view.key, target, ""), Link(view.key, target, "depends_on"))
    return tuple(found[k] for k in sorted(found))


def _fk_link(catalog: Catalog, table: Table, constraint: Constraint) -> Link:
    nullable = {c.name for c in table.columns if c.nullable}
    return Link(
        source=_root(catalog, table.key),
        target=_root(catalog, constraint.referenced_table or ""),
        kind="foreign_key",
        source_columns=constraint.columns,
        target_columns=constraint.referenced_columns,
        optional=any(c in nullable for c in constraint.columns),
        name=constraint.name,
    )


def _entity(catalog: Catalog, key: str, context: bool) -> Entity | None:
    relation: Table | View | None = catalog.table(key) or catalog.view(key)
    if relation is None:
        return None
    return Entity(key, relation.kind, () if context else _attributes(relation), context)


def _diagram(catalog: Catalog, title: str, subjects: Iterable[str], context: Iterable[str]) -> Diagram:
    subject_keys = set(subjects)
    keys = subject_keys | set(context)
    entities = []
    for key in sorted(keys):
        entity = _entity(catalog, key, key not in subject_keys)
        if entity is not None:
            entities.append(entity)
    present = {e.key for e in entities}
    indexed = _links(catalog)
    order = {link: position for position, link in enumerate(indexed.links)}
    candidates = {link for key in subject_keys for link in indexed.touching.get(key, ())}
    shown = tuple(
        link for link in sorted(candidates, key=order.__getitem__) if link.source in present and link.target in present
    )
    return Diagram(title, tuple(entities), shown)


def whole_schema(catalog: Catalog, *, include_views: bool = False) -> Diagram:
    """Every top-level table (partitions folded in) with every foreign key once."""
    keys = [t.key for t in catalog.top_level_tables()]
    if include_views:
        keys += [v.key for v in catalog.views]
    return _diagram(catalog, "Whole schema", keys, ())


def resolve(catalog: Catalog, name: str) -> str | None:
    """The key of a table, view or MV named ``name`` (qualified, or unqualified: public first)."""
    if catalog.table(name) or catalog.view(name):
        return _root(catalog, name)
    matches = sorted(
        [t.key for t in catalog.tables if t.name == name] + [v.key for v in catalog.views if v.name == name],
        key=lambda key: (not key.startswith("public."), key),
    )
    return _root(catalog, matches[0]) if matches else None


def neighbourhood(catalog: Catalog, key: str, *, depth: int = 1, title: str | None = None) -> Diagram:
    """A relation, everything within ``depth`` links of it (either direction), and their links."""
    start = _root(catalog, key)
    # A table's neighbours are its foreign-key partners; a view's are the relations it reads.
    follow = "depends_on" if catalog.view(start) is not None else "foreign_key"
    touching = _links(catalog).touching
    reached = {start}
    frontier = {start}
    for _ in range(max(depth, 0)):
        step: set[str] = set()
        for key in frontier:
            for lk in touching.get(key, ()):
                if lk.kind == follow:
                    step.add(lk.target if lk.source == key else lk.source)
        frontier = step - reached
        reached |= step
    return _diagram(catalog, title or start, reached, ())


def layer(catalog: Catalog, title: str, names: Iterable[str]) -> Diagram:
    """A layer's objects in full, with their direct neighbours drawn as bare names for context."""
    subjects = {key for key in (resolve(catalog, n) for n in names) if key is not None}
    neighbours: set[str] = set()
    for link in all_links(catalog):
        if link.source in subjects:
            neighbours.add(link.target)
        if link.target in subjects and link.kind == "foreign_key":
            neighbours.add(link.source)
    return _diagram(catalog, title, subjects, neighbours - subjects)
