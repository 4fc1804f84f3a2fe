"""`schemadoc erd`: Draw an ER diagram (whole schema, a layer, or a table's neighbourhood)."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Draw an ER diagram (whole schema, a layer, or a table's neighbourhood) (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc erd`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #5 fills it in."""
    console.error("'schemadoc erd' is not implemented yet (issue #5)")
    return EXIT_ERROR
