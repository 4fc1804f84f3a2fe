"""``render_reference(catalog)``: every generated file under ``docs_src/reference/``.

Pure and deterministic: the same catalog (and overview layers) always gives the same bytes, and
nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from introspect.catalog import serialize
from introspect.catalog.diff import catalog_changes
from introspect.catalog.model import Catalog
from introspect.erd import dot
from introspect.erd.select import (
    DIAGRAM_TABLE_BUDGET,
    Diagram,
    Part,
    layer,
    neighbourhood,
    part_diagram,
    parts_overview,
    resolve,
    schema_parts,
    whole_schema,
)
from introspect.lint import LintSettings
from introspect.render import context_inventory, context_reports, context_tables, links
from introspect.render.changes import as_markdown
from introspect.render.context_tables import mermaid_block
from introspect.render.environment import render_template
from introspect.render.layers import Layer
from introspect.render.links import DIAGRAM_SOURCE
from introspect.render.text import inline

WHOLE_SCHEMA_SVG = "erd/schema.svg"


def diagram_source(svg_path: str) -> str:
    """The committed source of a diagram the pages show as ``svg_path``."""
    return svg_path.removesuffix(".svg") + DIAGRAM_SOURCE


def layer_diagram(catalog: Catalog, item: Layer) -> Diagram:
    """The diagram of one overview layer."""
    return layer(catalog, f"{item.number}. {item.name}", item.objects)


def part_page(part: Part) -> str:
    """The page of one part of a large schema's diagram (an index.md, so that its URL ends the same
    way with and without MkDocs' directory URLs, and the overview SVG can link to it)."""
    return f"erd/part-{part.slug}/index.md"


def _parts(catalog: Catalog, files: dict[str, str]) -> dict[str, Any]:
    """The whole schema in parts: an overview diagram linking each part's page, and those pages."""
    page = links.ERD_INDEX
    parts = schema_parts(catalog)
    urls = {
        part.name: links.relative(WHOLE_SCHEMA_SVG, part_page(part)).removesuffix(".md") + ".html" for part in parts
    }
    overview = parts_overview(catalog, parts, urls)
    files[diagram_source(WHOLE_SCHEMA_SVG)] = dot.to_dot(overview)
    items = []
    for part in parts:
        diagram = part_diagram(catalog, part)
        own_page = part_page(part)
        image = own_page.removesuffix("index.md") + "diagram.svg"
        files[diagram_source(image)] = dot.to_dot(diagram)
        files[own_page] = render_template(
            "erd_part",
            {
                "name": inline(part.name),
                "image": links.relative(own_page, image),
                "tables": ", ".join(links.relation_link(catalog, own_page, key) for key in part.keys),
                "count": len(part.keys),
                "links": len(diagram.links),
                "mermaid": mermaid_block(diagram),
                "erd_index": links.relative(own_page, page),
            },
        )
        items.append({"link": f"[{inline(part.name)}]({links.relative(page, own_page)})", "count": len(part.keys)})
    return {
        "image": links.relative(page, WHOLE_SCHEMA_SVG),
        "parts": items,
        "budget": DIAGRAM_TABLE_BUDGET,
        "links": len(overview.links),
        "mermaid": mermaid_block(overview),
    }


def _erd_page(catalog: Catalog, layers: Sequence[Layer], files: dict[str, str]) -> dict[str, Any]:
    page = links.ERD_INDEX
    whole = whole_schema(catalog)
    large = len(whole.entities) > DIAGRAM_TABLE_BUDGET
    if not large:
        files[diagram_source(WHOLE_SCHEMA_SVG)] = dot.to_dot(whole)
    layer_items = []
    for item in layers:
        diagram = layer_diagram(catalog, item)
        path = f"erd/{item.slug}.svg"
        files[diagram_source(path)] = dot.to_dot(diagram)
        missing = [name for name in item.objects if resolve(catalog, name) is None]
        layer_items.append(
            {
                "title": inline(f"{item.number}. {item.name}"),
                "image": links.relative(page, path),
                "objects": ", ".join(
                    links.relation_link(catalog, page, resolve(catalog, n) or n) for n in item.objects
                ),
                "missing": inline(", ".join(missing)),
                "mermaid": mermaid_block(diagram),
            }
        )
    tables = [
        {"link": links.relation_link(catalog, page, t.key), "image": links.relative(page, links.table_diagram(t.key))}
        for t in catalog.top_level_tables()
    ]
    return {
        "whole": {
            "image": links.relative(page, WHOLE_SCHEMA_SVG),
            "tables": len(whole.entities),
            "links": len(whole.links),
            "mermaid": "" if large else mermaid_block(whole),
        },
        "parts": _parts(catalog, files) if large else None,
        "layers": layer_items,
        "tables": tables,
    }


def render_reference(
    catalog: Catalog,
    *,
    layers: Sequence[Layer] = (),
    lint_settings: LintSettings | None = None,
    previous: tuple[str, Catalog] | None = None,
    on_diagrams: Callable[[dict[str, str]], None] | None = None,
) -> dict[str, str]:
    """Path (relative to docs_src/reference/) -> content of every generated file.

    ``layers`` are the overview's schema layers (``load_layers(overview)``), one diagram each;
    ``lint_settings`` the project's lint configuration, for the Lint findings page; ``previous``
    a snapshot (its name and catalog) that the Changes page compares the schema with.
    ``on_diagrams`` is handed the diagram sources (path -> DOT text) as soon as they are made, in
    two batches (the tables' neighbourhoods first, before the pages), so they can be drawn meanwhile.
    """
    files: dict[str, str] = {}
    tables = catalog.top_level_tables()
    diagrams = {
        diagram_source(links.table_diagram(t.key)): dot.to_dot(neighbourhood(catalog, t.key, depth=1)) for t in tables
    }
    if on_diagrams is not None:
        on_diagrams(dict(diagrams))
    files.update(diagrams)
    files[links.DICTIONARY_INDEX] = render_template("dictionary_index", context_tables.dictionary_index(catalog))
    for table in tables:
        files[links.table_page(table.key)] = render_template("table", context_tables.table_page(catalog, table))
    files[links.ERD_INDEX] = render_template("erd", _erd_page(catalog, layers, files))
    if on_diagrams is not None:
        later = {path: text for path, text in files.items() if path.endswith(DIAGRAM_SOURCE) and path not in diagrams}
        on_diagrams(later)
    files[links.INDEXES] = render_template("indexes", context_inventory.indexes_page(catalog))
    files[links.PARTITIONS] = render_template("partitions", context_inventory.partitions_page(catalog))
    files[links.VIEWS] = render_template("views", context_inventory.views_page(catalog))
    files[links.FUNCTIONS] = render_template("functions", context_inventory.functions_page(catalog))
    files[links.ROLES] = render_template("roles", context_reports.roles_page(catalog))
    files[links.STATISTICS] = render_template("statistics", context_reports.statistics_page(catalog))
    files[links.LINT] = render_template("lint", context_reports.lint_page(catalog, lint_settings))
    if previous is not None:
        name, snapshot = previous
        body = as_markdown(catalog_changes(snapshot, catalog), level=2).removeprefix("# Schema changes\n\n")
        files[links.CHANGES] = render_template("changes", {"snapshot": inline(name), "body": body})
    # Sizes and row counts vary from run to run; the snapshot keeps the structure only.
    files[links.CATALOG_JSON] = serialize.dumps(catalog, include_statistics=False)
    return dict(sorted(files.items()))
