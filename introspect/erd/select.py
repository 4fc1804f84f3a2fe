"""Which entities and links an ER diagram shows: whole schema (split into readable parts when it is
large), a part, a layer, or a table's neighbourhood (its neighbours capped).

Diagrams are drawn from our catalog model, never from a database reflection, so enum, domain and
timestamptz columns keep their real type names. Partitions are folded into their top-level table,
so every foreign key appears once, and a composite foreign key is one link.
"""

from __future__ import annotations

import weakref
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
    url: str = ""  # where the box links to (the overview of parts links each part's page)


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
    left_out: tuple[str, ...] = ()  # neighbours not drawn, to keep the diagram readable


# A diagram stays readable up to about this many tables; a larger schema is drawn in parts.
DIAGRAM_TABLE_BUDGET = 50
# A table's neighbourhood draws at most this many neighbours (and names the others).
NEIGHBOUR_BUDGET = 30


@dataclass(frozen=True)
class Part:
    """One part of a large schema's diagram: tables of one schema connected by foreign keys."""

    name: str  # "sales", or "sales 2 of 3"
    slug: str  # for file names: letters, digits and dashes
    keys: tuple[str, ...]


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

    catalog: weakref.ref[Catalog]  # not kept alive by this cache
    links: tuple[Link, ...]
    touching: dict[str, tuple[tuple[int, Link], ...]]  # each link with its place in ``links``


# The links of the catalog asked about last: a site asks for every table's diagram of one catalog,
# and recomputing them each time made drawing a thousand-table site quadratic.
_last_links: list[_Links] = []


def _links(catalog: Catalog) -> _Links:
    if _last_links and _last_links[0].catalog() is catalog:
        return _last_links[0]
    links = _all_links(catalog)
    positioned: dict[str, list[tuple[int, Link]]] = {}
    for position, link in enumerate(links):
        positioned.setdefault(link.source, []).append((position, link))
        if link.target != link.source:
            positioned.setdefault(link.target, []).append((position, link))
    found = _Links(
        weakref.ref(catalog),
        links,
        {key: tuple(value) for key, value in positioned.items()},
    )
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
    candidates = {position: link for key in subject_keys for position, link in indexed.touching.get(key, ())}
    shown = tuple(
        candidates[position]
        for position in sorted(candidates)
        if candidates[position].source in present and candidates[position].target in present
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


def neighbourhood(
    catalog: Catalog, key: str, *, depth: int = 1, title: str | None = None, budget: int = NEIGHBOUR_BUDGET
) -> Diagram:
    """A relation, everything within ``depth`` links of it (either direction), and their links;
    past ``budget`` neighbours, the first ``budget`` in name order, the others named in ``left_out``."""
    start = _root(catalog, key)
    # A table's neighbours are its foreign-key partners; a view's are the relations it reads.
    follow = "depends_on" if catalog.view(start) is not None else "foreign_key"
    touching = _links(catalog).touching
    reached = {start}
    frontier = {start}
    for _ in range(max(depth, 0)):
        step: set[str] = set()
        for key in frontier:
            for _, lk in touching.get(key, ()):
                if lk.kind == follow:
                    step.add(lk.target if lk.source == key else lk.source)
        frontier = step - reached
        reached |= step
    neighbours = sorted(reached - {start})
    if len(neighbours) <= budget:
        return _diagram(catalog, title or start, reached, ())
    kept = {start, *neighbours[:budget]}
    diagram = _diagram(catalog, title or start, kept, ())
    return Diagram(diagram.title, diagram.entities, diagram.links, tuple(neighbours[budget:]))


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


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in text.lower()).split()) or "part"


def schema_parts(catalog: Catalog, budget: int = DIAGRAM_TABLE_BUDGET) -> tuple[Part, ...]:
    """The top-level tables in parts of at most ``budget``: one per schema, and a schema with more
    tables split into groups of tables connected by foreign keys (large groups cut in link order,
    small ones packed together), so that each part is a diagram people can read."""
    by_schema: dict[str, list[str]] = {}
    for table in catalog.top_level_tables():
        by_schema.setdefault(table.schema, []).append(table.key)
    touching = _links(catalog).touching
    parts: list[Part] = []
    used_slugs: set[str] = set()
    for schema in sorted(by_schema):
        keys = sorted(by_schema[schema])
        groups = [keys] if len(keys) <= budget else _connected_groups(keys, touching, budget)
        for number, group in enumerate(groups, 1):
            name = schema if len(groups) == 1 else f"{schema} {number} of {len(groups)}"
            slug = base = _slug(name)
            counter = 1
            while slug in used_slugs:  # two schemas whose names differ only in punctuation
                counter += 1
                slug = f"{base}-{counter}"
            used_slugs.add(slug)
            parts.append(Part(name, slug, tuple(sorted(group))))
    return tuple(parts)


def _connected_groups(
    keys: list[str], touching: dict[str, tuple[tuple[int, Link], ...]], budget: int
) -> list[list[str]]:
    members = set(keys)
    seen: set[str] = set()
    pieces: list[list[str]] = []
    for start in keys:  # breadth-first over foreign keys inside the schema, in name order
        if start in seen:
            continue
        seen.add(start)
        order, queue = [], [start]
        while queue:
            key = queue.pop(0)
            order.append(key)
            others = sorted(
                {
                    lk.target if lk.source == key else lk.source
                    for _, lk in touching.get(key, ())
                    if lk.kind == "foreign_key"
                }
            )
            for other in others:
                if other in members and other not in seen:
                    seen.add(other)
                    queue.append(other)
        pieces += [order[i : i + budget] for i in range(0, len(order), budget)]
    # First fit, largest pieces first: few parts, and a piece is never split across two.
    groups: list[list[str]] = []
    for piece in sorted(pieces, key=lambda p: (-len(p), p[0])):
        for group in groups:
            if len(group) + len(piece) <= budget:
                group.extend(piece)
                break
        else:
            groups.append(list(piece))
    return sorted((sorted(group) for group in groups), key=lambda group: group[0])


def part_diagram(catalog: Catalog, part: Part) -> Diagram:
    """One part's tables in full with the foreign keys among them (keys to other parts are on the
    overview and on each table's page: drawn here, their tables would crowd the part out)."""
    return _diagram(catalog, f"Schema part {part.name}", part.keys, ())


# The overview draws each part's strongest connections only: between a hundred parts, every pair
# with a foreign key would be thousands of edges, unreadable and minutes of Graphviz layout.
OVERVIEW_LINKS_PER_PART = 3


def part_connections(catalog: Catalog, parts: Iterable[Part]) -> dict[tuple[str, str], int]:
    """Foreign keys between two parts (either direction), by pair of part names in part order."""
    parts = tuple(parts)
    position = {part.name: number for number, part in enumerate(parts)}
    part_of = {key: part.name for part in parts for key in part.keys}
    counts: dict[tuple[str, str], int] = {}
    for link in all_links(catalog):
        source, target = part_of.get(link.source), part_of.get(link.target)
        if link.kind == "foreign_key" and source and target and source != target:
            pair = (source, target) if position[source] < position[target] else (target, source)
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def parts_overview(catalog: Catalog, parts: Iterable[Part], urls: dict[str, str] | None = None) -> Diagram:
    """The parts as boxes in part order (each linking to ``urls[part.name]``), and for each part the
    ``OVERVIEW_LINKS_PER_PART`` pairs with the most foreign keys between them as one link each."""
    parts, urls = tuple(parts), urls or {}
    label = {part.name: f"{part.name} ({len(part.keys)} tables)" for part in parts}
    counts = part_connections(catalog, parts)
    strongest: set[tuple[str, str]] = set()
    for part in parts:
        mine = sorted((pair for pair in counts if part.name in pair), key=lambda pair: (-counts[pair], pair))
        strongest.update(mine[:OVERVIEW_LINKS_PER_PART])
    entities = tuple(Entity(label[part.name], "part", (), url=urls.get(part.name, "")) for part in parts)
    found = tuple(
        Link(label[source], label[target], "foreign_key", name=f"{counts[(source, target)]} foreign keys")
        for source, target in sorted(strongest, key=lambda pair: (label[pair[0]], label[pair[1]]))
    )
    return Diagram("Schema parts", entities, found)
