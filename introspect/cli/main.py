"""``main(argv) -> int``: parse the arguments, run one subcommand module, map errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from introspect.cli.config import Config, resolve
from introspect.cli.options import timeouts_from_args
from introspect.console import Console
from introspect.errors import EXIT_ERROR, SchemadocError, TerminatedBySignal
from introspect.postgres.dsn import mask_password
from introspect.postgres.timeouts import every_connection
from introspect.postgres.unwind import signals_unwind

# subcommand -> module exposing HELP, add_arguments(parser) and run(args, console) -> int
SUBCOMMANDS = {
    "init": "introspect.cli.init",
    "build": "introspect.cli.build",
    "check": "introspect.cli.check",
    "erd": "introspect.cli.erd",
    "inspect": "introspect.cli.inspect",
    "lint": "introspect.cli.lint",
    "diff": "introspect.cli.diff",
    "deploy": "introspect.cli.deploy",
    "serve": "introspect.cli.serve",
    "config": "introspect.cli.show_config",
}

DESCRIPTION = """\
Turn a PostgreSQL schema into documentation people trust: deploy the schema SQL into a
throwaway PostgreSQL, introspect the live catalog, publish a MkDocs site, and fail CI when
the docs drift from the schema.

exit codes: 0 ok, 1 drift or findings, 2 error"""


def _load(name: str) -> ModuleType:
    return importlib.import_module(SUBCOMMANDS[name])


def build_parser(config: Config | None = None, only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with every subcommand and its options; the project's settings
    (``config``) are the options' defaults, so a flag still overrides them. With ``only``, that
    subcommand alone is set up (the others' modules, some heavy, are not imported)."""
    parser = argparse.ArgumentParser(
        prog="schemadoc",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print no progress")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS if only is None else (only,):
        module = _load(name)
        sub = subparsers.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        # SUPPRESS: an absent sub-level -q must not reset a top-level `schemadoc -q COMMAND`.
        sub.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print no progress")
        module.add_arguments(sub)
        if config is not None:
            sub.set_defaults(**config.defaults_for({action.dest for action in sub._actions}))
    return parser


def _chosen_subcommand(argv: Sequence[str]) -> str | None:
    """The subcommand these arguments run, when it is certain before parsing: the first argument
    after the top-level options, a known name, with no top-level --help before it."""
    for argument in argv:
        if argument in ("-q", "--quiet"):
            continue
        return argument if argument in SUBCOMMANDS else None
    return None


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run schemadoc with these arguments; returns the exit code."""
    try:
        config = resolve(Path.cwd())
    except SchemadocError as exc:
        (console or Console()).error(str(exc))
        return EXIT_ERROR
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(config, only=_chosen_subcommand(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse: --help exits 0, a usage error exits 2
        return int(exc.code or 0)
    console = console or Console(quiet=args.quiet)
    console.quiet = console.quiet or args.quiet
    try:
        with signals_unwind(), every_connection(timeouts_from_args(args)):
            return int(_load(args.command).run(args, console))
    except SchemadocError as exc:
        console.error(mask_password(str(exc)))
        return EXIT_ERROR
    except OSError as exc:  # a file or directory that cannot be read or written: say which, no traceback
        where = " → ".join(str(name) for name in (exc.filename, exc.filename2) if name)
        console.error(f"{where}: {exc.strerror or exc}" if where else str(exc))
        return EXIT_ERROR
    except TerminatedBySignal as exc:
        console.error(f"terminated by signal {exc.signum}; the throwaway server was removed")
        return 128 + exc.signum
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130


def entry_point() -> None:
    """Console-script entry point."""
    exit_at_once(main())


def exit_at_once(code: int) -> NoReturn:
    """End the process with ``code`` once the output is flushed, without tearing the heap down."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage tool writes its results at a normal exit
    # Every server, pool and file is closed by now; what is left is freeing the heap object by
    # object (a 1,000-table catalog: a sixth of `inspect`'s time), which the operating system does at once.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (`schemadoc inspect | head`): the output did not all arrive
            code = code or EXIT_ERROR
    os._exit(code)
