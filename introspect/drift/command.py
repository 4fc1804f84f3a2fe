"""`schemadoc check`: check the docs against the schema: generated pages and the overview's claims."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Check the docs against the schema: generated pages and the overview's claims (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc check`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #6 fills it in."""
    console.error("'schemadoc check' is not implemented yet (issue #6)")
    return EXIT_ERROR
