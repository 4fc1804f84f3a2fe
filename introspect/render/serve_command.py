"""`schemadoc serve`: Serve the built site on 127.0.0.1 for browsing."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Serve the built site on 127.0.0.1 for browsing (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc serve`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #5 fills it in."""
    console.error("'schemadoc serve' is not implemented yet (issue #5)")
    return EXIT_ERROR
