"""`schemadoc inspect`: Introspect a database into the catalog model (catalog.json) or print its summary."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Introspect a database into the catalog model (catalog.json) or print its summary (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc inspect`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #4 fills it in."""
    console.error("'schemadoc inspect' is not implemented yet (issue #4)")
    return EXIT_ERROR
