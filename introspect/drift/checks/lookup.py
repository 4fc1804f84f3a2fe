"""Finding the catalog objects an overview names by their bare (unqualified) names."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Column, Constraint, Table, View

KIND_WORDS = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "partition": "partition",
    "view": "view",
    "materialized_view": "materialized view",
}


def _matches(schema: str, name: str, wanted: str) -> bool:
    if "." in wanted:
        return f"{schema}.{name}" == wanted
    return name == wanted


_PART = re.compile(r'"((?:[^"]|"")*)"|([^".]+)')


def identifier(written: str) -> str:
    """A name as PostgreSQL reads it: unquoted parts folded to lower case, quoted ones kept as they
    are (``Public."Odd Name"`` → ``public.Odd Name``); an argument list is dropped."""
    parts = [
        m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2).strip().lower()
        for m in _PART.finditer(written.split("(")[0].strip())
    ]
    return ".".join(p for p in parts if p)


def relations(catalog: Catalog, name: str) -> list[Table | View]:
    """Tables, partitions, views and materialized views called ``name`` (bare or qualified, quoted or not)."""
    # As PostgreSQL resolves the name first; then as written, for prose that names "Orders" unquoted.
    for wanted in dict.fromkeys((identifier(name), name.split("(")[0].strip().replace('"', ""))):
        found: list[Table | View] = [t for t in catalog.tables if _matches(t.schema, t.name, wanted)]
        found += [v for v in catalog.views if _matches(v.schema, v.name, wanted)]
        if found:
            return sorted(found, key=lambda r: (r.schema != "public", r.key))
    return []


def table(catalog: Catalog, name: str) -> Table | None:
    """The ordinary or partitioned table called ``name``, preferring schema public."""
    return next((r for r in relations(catalog, name) if isinstance(r, Table)), None)


def describe(relation: Table | View) -> str:
    """ "table public.orders", "materialized view public.mv_daily_sales"."""
    return f"{KIND_WORDS.get(relation.kind, relation.kind)} {relation.key}"


def column(catalog: Catalog, table_name: str, column_name: str) -> tuple[Table | View | None, Column | None]:
    """A column of a table or view named ``table.column``; the relation is returned even if the column is not."""
    found = relations(catalog, table_name)
    for relation in found:
        for col in relation.columns:
            if col.name == column_name:
                return relation, col
    return (found[0] if found else None), None


def check_constraints(catalog: Catalog) -> list[Constraint]:
    """Every declared CHECK constraint of every table."""
    return [c for t in catalog.tables for c in t.constraints if c.kind == "check"]


def plural(word: str) -> tuple[str, ...]:
    """Plural spellings of an English noun, enough for table names: order→orders, category→categories."""
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return (word[:-1] + "ies",)
    if word.endswith(("s", "x", "ch", "sh")):
        return (word + "es", word)
    return (word + "s",)


def tables_in_prose(catalog: Catalog, text: str) -> list[Table]:
    """Top-level tables a sentence mentions, in order of mention ("customer" → customers).

    A word names a table when it is the table's name, its singular, or the last part of a
    snake_case name in the singular ("category" → product_categories); a past participle names
    the tables its stem starts ("ordered" → orders, order_items).
    """
    tops = list(catalog.top_level_tables())
    mentioned: list[Table] = []
    for word in re.findall(r"[A-Za-z_][\w]*", text.lower()):
        candidates = [t for t in tops if t.name == word]
        candidates = candidates or [t for t in tops if t.name in plural(word)]
        candidates = candidates or [t for t in tops if any(t.name.endswith("_" + p) for p in plural(word))]
        if not candidates and word.endswith("ed") and len(word) > 4:
            stem = word[:-2]
            candidates = [t for t in tops if t.name.startswith(stem)]
        for candidate in sorted(candidates, key=lambda t: (t.schema != "public", t.key)):
            if candidate not in mentioned:
                mentioned.append(candidate)
    return mentioned


_SELF_WORDS = ("child", "children", "itself", "descendant", "descendants", "sub", "subcategory", "subcategories")


def tables_in_phrase(catalog: Catalog, phrase: str) -> list[Table]:
    """The tables a short phrase names: a snake_case join of its words first ("order items" →
    order_items), then each word as in ``tables_in_prose``."""
    words = re.findall(r"[a-z_][\w]*", phrase.lower())
    words = [w for w in words if w not in ("a", "an", "the", "its", "their", "any", "all", "of", "also")]
    tops = list(catalog.top_level_tables())
    for size in range(len(words), 1, -1):
        for start in range(len(words) - size + 1):
            joined = "_".join(words[start : start + size])
            found = [t for t in tops if t.name == joined or t.name in plural(joined)]
            if found:
                return found[:1]
    return tables_in_prose(catalog, " ".join(words))


def is_self_reference(phrase: str) -> bool:
    """Whether a phrase names the deleted row's own kind ("child", "subcategories")."""
    return any(re.search(rf"\b{w}\b", phrase.lower()) for w in _SELF_WORDS)
