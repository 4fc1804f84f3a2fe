"""`schemadoc build`: deploy the schema with sample data, introspect, render and build the site."""

from __future__ import annotations

import argparse

from introspect.console import Console
from introspect.errors import EXIT_ERROR

HELP = "Deploy the schema with sample data, introspect, render the pages, build the site (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc build`."""


def run(args: argparse.Namespace, console: Console) -> int:
    """Not implemented yet: issue #5 fills it in."""
    console.error("'schemadoc build' is not implemented yet (issue #5)")
    return EXIT_ERROR
