"""`schemadoc deploy`: Apply the schema SQL files to an existing empty database."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Apply the schema SQL files to an existing empty database (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc deploy`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #2 fills it in."""
    console.error("'schemadoc deploy' is not implemented yet (issue #2)")
    return EXIT_ERROR
