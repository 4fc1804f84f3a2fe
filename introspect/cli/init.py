"""`schemadoc init`: write a documentation project skeleton for a schema directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from introspect.console import Console
from introspect.errors import EXIT_OK
from introspect.pipeline import build_catalog
from introspect.postgres.binaries import BINARIES_CHOICES
from introspect.postgres.deploy import schema_files
from introspect.scaffold import scaffold

HELP = "Write a project skeleton: mkdocs.yml, a starter overview, a CI workflow, a pre-commit hook"
DESCRIPTION = """\
Write into DIR (default: the current directory) mkdocs.yml, docs_src/overview.md, schema/README.md,
.github/workflows/schemadoc.yml and .pre-commit-config.yaml. When DIR/schema already holds SQL files,
they are deployed into a throwaway PostgreSQL and the starter overview states that schema's own
counts and objects; otherwise its statements hold for any schema. Existing files are never
replaced unless --force. Then add the schema's SQL files to DIR/schema and run `schemadoc build`."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc init`."""
    parser.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    parser.add_argument("--title", help="the site's title (default: the directory's name)")
    parser.add_argument("--force", action="store_true", help="replace files that exist")
    parser.add_argument(
        "--postgres",
        choices=BINARIES_CHOICES,
        default="auto",
        help="binaries of the throwaway server used when DIR/schema holds SQL files (default: auto)",
    )


def run(args: argparse.Namespace, console: Console) -> int:
    """Write the skeleton; deploy DIR/schema first when it holds SQL files."""
    directory: Path = args.directory
    title = args.title or directory.resolve().name or "Database"
    schema_dir = directory / "schema"
    catalog = None
    if schema_dir.is_dir() and schema_files(schema_dir):
        with console.step(f"deploying {schema_dir} to describe it"):
            catalog = build_catalog(schema_dir, sample_data=False, binaries=args.postgres, console=console)
    for path in scaffold(directory, title=title, catalog=catalog, force=args.force):
        console.progress(f"wrote {path}")
    console.print(f"next: put the schema's SQL files in {schema_dir}, then run `schemadoc build` in {directory}")
    return EXIT_OK
