"""`schemadoc check`: check the docs against the schema: generated pages and the overview's claims."""

from __future__ import annotations

import argparse
from pathlib import Path

from introspect.catalog.load import load_catalog
from introspect.cli.options import (
    add_cache_option,
    add_previous_catalog_option,
    add_queries_option,
    add_schema_filter_options,
    add_server_options,
    catalog_session_from_args,
    previous_from_args,
)
from introspect.console import Console
from introspect.drift.check import check
from introspect.drift.output import FORMATS, render
from introspect.drift.overview import read_statements, read_text
from introspect.errors import EXIT_DRIFT, EXIT_OK
from introspect.lint import LintSettings
from introspect.render.layers import configured_layers, load_layers

HELP = "Check the docs against the schema: generated pages and the overview's claims"
DESCRIPTION = """\
Deploy the schema with its sample data into a throwaway PostgreSQL (reusing the cached deployment
when nothing that feeds it changed; --no-cache deploys afresh), or use --dsn, a database that already
holds it (only read), then report two kinds of drift:

  1. the generated docs (--reference-dir, with catalog.json and the diagrams' DOT source) against
     what the schema gives now;
  2. the overview's statements (--overview) against the database: a statement passes only when every
     assertion in it was checked and holds (counts, kinds of named objects, index methods,
     partitioning, referential actions, columns and CHECKs, privileges, triggers, sizes, and with
     --perf the query-time targets); what no checker reads is reported as unchecked.

exit codes: 0 clean, 1 drift, 2 error"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc check`."""
    parser.add_argument("--perf", action="store_true", help="time schema/queries/*.sql against the overview's targets")
    parser.add_argument("--diff", action="store_true", help="show a unified diff of each out-of-date generated file")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--overview",
        type=Path,
        default=Path("docs_src/overview.md"),
        help="the hand-written overview whose claims are checked (default: docs_src/overview.md)",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=Path("docs_src/reference"),
        help="the committed generated docs (default: docs_src/reference)",
    )
    parser.add_argument(
        "--exact-row-counts",
        action="store_true",
        help="with --dsn: count rows, as a throwaway build does (default: the planner's estimates)",
    )
    add_server_options(parser)
    add_previous_catalog_option(parser)
    add_schema_filter_options(parser)
    add_queries_option(parser)
    add_cache_option(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    """Deploy (or connect), check both halves, print the report; 0 clean, 1 drift."""
    read_statements(read_text(args.overview))  # a missing or unreadable overview fails before any deploy
    schema_dir = Path(args.schema_dir)
    options = {
        "overview": args.overview,
        "reference_dir": args.reference_dir,
        "queries_dir": args.queries_dir or schema_dir / "queries",
        "extra_layers": configured_layers(getattr(args, "layers", []), after=len(load_layers(args.overview))),
        "perf": args.perf,
        "console": console,
        "lint_settings": LintSettings.from_table(getattr(args, "lint_settings", None) or {}),
        "previous": previous_from_args(args),
    }
    if args.dsn:  # a database that already holds the schema (and its sample data), only read
        with console.step("introspecting the database"):
            catalog = load_catalog(
                args.dsn,
                exact_row_counts=args.exact_row_counts,
                schemas=args.schemas,
                exclude_schemas=args.exclude_schemas,
            )
        report = check(args.dsn, catalog=catalog, **options)
    else:
        session = catalog_session_from_args(args, console, sample_data=True)
        with session as (catalog, dsn):
            report = check(dsn, catalog=catalog, **options)
    exit_code = EXIT_DRIFT if report.drifted else EXIT_OK
    console.print(render(report, args.format, exit_code=exit_code, diff=args.diff))
    return exit_code
