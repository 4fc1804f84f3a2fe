"""`schemadoc inspect`: introspect a database into the catalog model (catalog.json) or print its summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.catalog.summary import summarize
from introspect.catalog.tbls import to_tbls
from introspect.cli.options import add_schema_filter_options, add_server_options, emit, server_from_args
from introspect.console import Console
from introspect.errors import EXIT_OK
from introspect.postgres.dsn import mask_password

HELP = "Introspect a database into the catalog model (catalog.json) or print its summary"
DESCRIPTION = """\
Introspect a database into the catalog model and print it as JSON (catalog.json), or with
--summary only the object counts. Without --dsn, the schema directory is first deployed into a
throwaway PostgreSQL. With --dsn, the database is only read, in a READ ONLY transaction."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc inspect`."""
    add_server_options(parser)
    parser.add_argument("--summary", action="store_true", help="print only the object counts")
    parser.add_argument(
        "--format",
        choices=("json", "tbls"),
        default="json",
        help="json: schemadoc's catalog.json (default); tbls: a tbls-compatible schema.json, for tools that read "
        "tbls output such as Liam ERD",
    )
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write the JSON to FILE instead of stdout")
    add_schema_filter_options(parser)
    parser.add_argument(
        "--sample-data",
        action="store_true",
        help="throwaway server only: also load schema/sample_data/ so the statistics have rows",
    )
    parser.add_argument(
        "--exact-row-counts",
        action="store_true",
        help="with --dsn: count rows with count(*) instead of using the planner's estimates",
    )


def run(args: argparse.Namespace, console: Console) -> int:
    """Introspect and print (or write) catalog.json or the summary."""
    with server_from_args(args, console, sample_data=args.sample_data and not args.dsn) as dsn:
        exact = not args.dsn or args.exact_row_counts
        with console.step(f"introspecting {mask_password(dsn)}"):
            catalog = load_catalog(
                dsn, schemas=args.schemas, exclude_schemas=args.exclude_schemas, exact_row_counts=exact
            )
    if args.summary:
        text = json.dumps(summarize(catalog), indent=2) + "\n"
    elif args.format == "tbls":
        text = json.dumps(to_tbls(catalog), indent=2, ensure_ascii=False) + "\n"
    else:
        text = serialize.dumps(catalog)
    emit(text, args.output, console)
    return EXIT_OK
