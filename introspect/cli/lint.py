"""`schemadoc lint`: catalog-aware rules with stable codes over the deployed schema, a live database
or a catalog.json; exit 1 when a finding reaches --fail-on."""

from __future__ import annotations

import argparse
from pathlib import Path

from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.cli.options import add_schema_filter_options, add_server_options, emit, server_from_args
from introspect.console import Console
from introspect.errors import EXIT_DRIFT, EXIT_OK, SchemadocError
from introspect.lint import RULES, LintSettings, lint
from introspect.lint.formats import FORMATS, render
from introspect.lint.rules import SEVERITIES

HELP = "Check the schema against lint rules with stable codes (SD101 …); exit 1 on findings"
DESCRIPTION = """\
Run catalog-aware lint rules over the schema deployed into a throwaway PostgreSQL (--schema-dir),
over a live database (--dsn, read only) or over a catalog.json (--catalog). Every finding has a
rule code, a severity, the object it concerns, a message and, where one exists, the SQL that fixes
it. Exit 0 when no finding reaches --fail-on, 1 when one does (or comment coverage is below
--min-comment-coverage), 2 on an error.

Configure in [tool.schemadoc.lint] (pyproject.toml) or [lint] (schemadoc.toml):
  enable = ["SD201"]              opt-in rules to run
  disable = ["SD108"]             rules not to run (codes or names)
  severity = {SD102 = "error"}    a rule's severity in this project
  exclude = ["audit.*"]           objects no rule reports (globs); or a table of code -> globs
Silence one object: put "schemadoc:ignore SD101" in its COMMENT (or its table's; "schemadoc:ignore"
alone silences every rule).

rules:
""" + "\n".join(
    f"  {rule.code} {rule.name:<34} {rule.severity:<7}"
    + (" opt-in" if rule.opt_in else "")
    + (" --dsn only" if rule.live_only else "")
    for rule in RULES
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc lint`."""
    add_server_options(parser)
    parser.add_argument("--catalog", metavar="FILE", type=Path, help="lint this catalog.json instead of a database")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="exit 1 when a finding is at least this severe (default: error)",
    )
    parser.add_argument(
        "--min-comment-coverage",
        metavar="PERCENT",
        type=float,
        default=0.0,
        help="exit 1 when fewer than this percentage of tables and columns have a comment (default: 0)",
    )
    parser.add_argument("--enable", metavar="RULE", action="append", default=[], help="run an opt-in rule too")
    parser.add_argument("--disable", metavar="RULE", action="append", default=[], help="do not run this rule")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write the report to FILE, not stdout")
    add_schema_filter_options(parser)


def settings_from_args(args: argparse.Namespace) -> LintSettings:
    """The project's lint settings, with --enable and --disable on top."""
    table = dict(getattr(args, "lint_settings", None) or {})
    table["enable"] = [*table.get("enable", []), *getattr(args, "enable", [])]
    table["disable"] = [*table.get("disable", []), *getattr(args, "disable", [])]
    return LintSettings.from_table(table)


def run(args: argparse.Namespace, console: Console) -> int:
    """Lint, print the report, and say by the exit code whether it passes."""
    settings = settings_from_args(args)
    if args.catalog:
        try:
            catalog = serialize.loads(args.catalog.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SchemadocError(f"{args.catalog}: cannot read: {exc.strerror}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise SchemadocError(f"{args.catalog}: not a schemadoc catalog.json: {exc}") from exc
        live = False
    else:
        with server_from_args(args, console, sample_data=False) as dsn:
            catalog = load_catalog(dsn, schemas=args.schemas, exclude_schemas=args.exclude_schemas)
        live = bool(args.dsn)
    report = lint(catalog, settings, live=live)
    text = render(report, args.format)
    emit(text, args.output, console)
    failing = report.at_or_above(args.fail_on)
    below = report.coverage["percent"] < args.min_comment_coverage
    if below:
        console.error(
            f"comments on {report.coverage['percent']}% of tables and columns, "
            f"below --min-comment-coverage {args.min_comment_coverage:g}"
        )
    return EXIT_DRIFT if failing or below else EXIT_OK
