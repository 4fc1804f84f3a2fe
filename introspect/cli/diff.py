"""`schemadoc diff A B`: what changed in the schema from A to B, each a catalog.json, a database URL
or a schema directory (deployed into a throwaway server)."""

from __future__ import annotations

import argparse
from pathlib import Path

from introspect.catalog import serialize
from introspect.catalog.diff import catalog_changes
from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.cli.options import add_timeout_options, emit
from introspect.console import Console
from introspect.errors import EXIT_DRIFT, EXIT_OK, SchemadocError
from introspect.pipeline import catalog_session
from introspect.postgres.binaries import BINARIES_CHOICES
from introspect.postgres.dsn import mask_password, normalize_dsn
from introspect.render.changes import FORMATS, render

HELP = "Show what changed in the schema between two catalogs, databases or schema directories"
DESCRIPTION = """\
Compare two schemas object by object: tables, columns (type, nullability, default, comment),
constraints (foreign-key actions), indexes (method, keys, predicate), partitions (bounds), views
(definition), functions (signature, body), triggers, roles and grants. Sizes and row counts are
never a change.

A and B are each a catalog.json (as `schemadoc build` commits it, or `schemadoc inspect` writes
it), a database URL (read only), or a schema directory, script or dump (deployed, without sample
data, into a throwaway PostgreSQL). Exit 0 when they are the same, 1 when they differ, 2 on an
error. --format markdown gives release notes or a pull-request comment."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc diff`."""
    parser.add_argument("old", metavar="A", help="the schema before: catalog.json, database URL or schema directory")
    parser.add_argument("new", metavar="B", help="the schema after, in any of the same forms")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write the report to FILE, not stdout")
    parser.add_argument(
        "--postgres",
        choices=BINARIES_CHOICES,
        default="auto",
        help="binaries of the throwaway server for a schema directory (default: auto)",
    )
    parser.add_argument("--file-order", metavar="ORDER", default="lexical", help="file order of a schema directory")
    add_timeout_options(parser)


def _is_catalog_file(path: Path) -> bool:
    if not path.is_file():
        return False
    if path.suffix == ".json":
        return True
    with path.open("rb") as reader:
        return reader.read(64).lstrip().startswith(b"{")


def load_side(text: str, args: argparse.Namespace, console: Console) -> Catalog:
    """The catalog one side of the comparison names."""
    path = Path(text)
    if _is_catalog_file(path):
        try:
            return serialize.loads(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise SchemadocError(f"{text}: not a schemadoc catalog.json: {exc}") from exc
    if path.exists():
        with console.step(f"deploying {text} into a throwaway PostgreSQL"):
            session = catalog_session(
                path, sample_data=False, binaries=args.postgres, console=console, file_order=args.file_order
            )
            with session as (catalog, _):
                return catalog
    if "=" not in text and "://" not in text:
        raise SchemadocError(f"{text}: no such file or directory, and not a database URL")
    dsn = normalize_dsn(text)
    with console.step(f"introspecting {mask_password(dsn)}"):
        return load_catalog(dsn)


def run(args: argparse.Namespace, console: Console) -> int:
    """Compare, print, and say by the exit code whether anything changed."""
    old = load_side(args.old, args, console)
    new = load_side(args.new, args, console)
    changes = catalog_changes(old, new)
    text = render(changes, args.format)
    emit(text, args.output, console)
    return EXIT_DRIFT if changes else EXIT_OK
