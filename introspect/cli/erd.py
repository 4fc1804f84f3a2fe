"""`schemadoc erd`: draw an ER diagram (whole schema, a part of it, a layer, or a table's neighbourhood)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.cli.options import add_server_options, server_from_args
from introspect.console import Console
from introspect.erd import dot
from introspect.erd.mermaid import to_mermaid
from introspect.erd.select import Diagram, Part, neighbourhood, part_diagram, resolve, schema_parts, whole_schema
from introspect.errors import EXIT_OK, SchemadocError
from introspect.files import write_atomically
from introspect.render.layers import Layer, load_layers
from introspect.render.pages import layer_diagram

HELP = "Draw an ER diagram (whole schema, a part of it, a layer, or a table's neighbourhood)"
DESCRIPTION = """\
Draw one ER diagram from the catalog: the whole schema (default), one of the parts a schema of more
than 50 tables is drawn in on the site (--part), one layer of the overview (--layer), or the
neighbourhood of a table (--table, --depth; at most 30 neighbours are drawn, the others named). The catalog comes from
--catalog FILE (a catalog.json snapshot: no database at all, the fast path), from --dsn, or else
from deploying --schema-dir into a throwaway PostgreSQL."""
FORMATS = ("svg", "png", "mermaid", "dot")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc erd`."""
    add_server_options(parser)
    parser.add_argument("--catalog", type=Path, metavar="FILE", help="read this catalog.json instead of a database")
    parser.add_argument("--table", metavar="T", help="draw this table's neighbourhood (schema.table or table)")
    parser.add_argument("--depth", type=int, default=1, metavar="N", help="links to follow from --table (default 1)")
    parser.add_argument("--layer", metavar="L", help="draw this overview layer: its number or part of its name")
    parser.add_argument(
        "--part",
        metavar="P",
        help="draw this part of the whole schema, named as the ER diagrams page lists it ('sales 2 of 3', "
        "'sales-2-of-3', or a schema drawn whole: 'sales')",
    )
    parser.add_argument(
        "--overview",
        type=Path,
        default=Path("docs_src/overview.md"),
        help="where the layers are read (default docs_src/overview.md)",
    )
    parser.add_argument("--format", choices=FORMATS, default="svg", help="output format (default svg)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")


@contextlib.contextmanager
def _catalog(args: argparse.Namespace, console: Console) -> Iterator[Catalog]:
    if args.catalog is not None:
        try:
            yield serialize.loads(args.catalog.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as exc:
            raise SchemadocError(f"{args.catalog}: not a readable catalog snapshot: {exc}") from exc
        return
    with server_from_args(args, console, sample_data=False) as dsn:
        yield load_catalog(dsn, exact_row_counts=False)


def find_layer(layers: tuple[Layer, ...], wanted: str, overview: Path) -> Layer:
    """The layer whose number is ``wanted`` or whose name contains it (case-insensitive)."""
    matches = [
        layer
        for layer in layers
        if wanted == str(layer.number) or wanted.lower() in layer.name.lower() or wanted == layer.slug
    ]
    if len(matches) != 1:
        known = "; ".join(f"{layer.number}. {layer.name}" for layer in layers) or "none"
        problem = "no layer matches" if not matches else "several layers match"
        raise SchemadocError(f"{overview}: {problem} --layer {wanted!r} (layers: {known})")
    return matches[0]


def find_part(catalog: Catalog, wanted: str) -> Part:
    """The part of the whole-schema diagram named (or slugged) ``wanted``."""
    parts = schema_parts(catalog)
    for part in parts:
        if wanted.lower() in (part.name.lower(), part.slug):
            return part
    known = ", ".join(repr(part.name) for part in parts) or "none"
    raise SchemadocError(f"--part {wanted!r}: no such part (parts: {known})")


def choose_diagram(catalog: Catalog, args: argparse.Namespace) -> Diagram:
    """The diagram the options ask for."""
    if sum(bool(choice) for choice in (args.table, args.layer, args.part)) > 1:
        raise SchemadocError("--table, --layer and --part are exclusive: pick one diagram")
    if args.part:
        return part_diagram(catalog, find_part(catalog, args.part))
    if args.table:
        key = resolve(catalog, args.table)
        if key is None:
            raise SchemadocError(f"--table {args.table!r}: no such table or view in the catalog")
        return neighbourhood(catalog, key, depth=args.depth)
    if args.layer:
        return layer_diagram(catalog, find_layer(load_layers(args.overview), args.layer, args.overview))
    return whole_schema(catalog)


def run(args: argparse.Namespace, console: Console) -> int:
    """Draw the diagram and write it to -o FILE or stdout."""
    with _catalog(args, console) as catalog:
        diagram = choose_diagram(catalog, args)
    data = to_mermaid(diagram).encode("utf-8") if args.format == "mermaid" else dot.render(diagram, args.format)
    if args.output is not None:
        if not args.output.resolve().parent.is_dir():
            raise SchemadocError(f"{args.output}: directory {args.output.parent} does not exist")
        write_atomically(args.output, data)
        console.progress(f"wrote {args.output} ({len(diagram.entities)} entities, {len(diagram.links)} links)")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    if diagram.left_out:
        console.progress(f"{len(diagram.left_out)} more neighbours not drawn: {', '.join(diagram.left_out)}")
    return EXIT_OK
