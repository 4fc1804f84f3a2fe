"""`schemadoc deploy`: apply the schema SQL files to an empty database, or try them on a throwaway server."""

from __future__ import annotations

import argparse

from introspect.cli.options import add_server_options, server_from_args
from introspect.console import Console
from introspect.errors import EXIT_OK
from introspect.postgres.deploy import schema_files
from introspect.postgres.dsn import mask_password

HELP = "Apply the schema SQL files to an empty database (--dsn), or check they deploy on a throwaway server"
DESCRIPTION = """\
Apply the schema's scripts (schema/**/*.sql, not sample_data/ or queries/) with psql, and its
pg_dump archives (custom, directory or tar format) with pg_restore, in --file-order.

Scripts mean what they mean to psql: variables, \\if, \\i and \\ir, \\copy, \\connect, ON_ERROR_STOP;
output-only commands are accepted and their output dropped. Scripts another script includes
run only where they are included.

With --dsn URL the files go into that existing database, which must hold no user tables yet;
nothing else is created there. Without --dsn they go into a throwaway PostgreSQL that is removed
afterwards: roles the files refer to but do not create are created there as NOLOGIN roles first,
and a script may create its own database and \\connect to it. A failing statement stops with
path:line:col (inside an included file: that file's), the statement and PostgreSQL's detail and
hint (exit code 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc deploy`."""
    add_server_options(parser)
    parser.add_argument(
        "--sample-data", action="store_true", help="also apply schema/sample_data/*.sql after the schema"
    )


def run(args: argparse.Namespace, console: Console) -> int:
    """Deploy, then say where to."""
    file_count = len(
        schema_files(
            args.schema_dir, sample_data=args.sample_data, sample_data_dir=args.sample_data_dir, order=args.file_order
        )
    )
    with server_from_args(args, console, sample_data=args.sample_data, deploy_into_dsn=True) as dsn:
        target = mask_password(dsn) if args.dsn else "a throwaway PostgreSQL (now removed)"
    console.print(f"deployed {file_count} SQL files from {args.schema_dir} into {target}")
    return EXIT_OK
