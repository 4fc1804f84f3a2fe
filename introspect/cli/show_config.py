"""`schemadoc config`: the resolved settings and where each value came from."""

from __future__ import annotations

import argparse
from pathlib import Path

from introspect.cli.config import SETTINGS, resolve
from introspect.console import Console
from introspect.errors import EXIT_OK

HELP = "Print the resolved settings and where each came from"
DESCRIPTION = """\
Print every setting with its value and its source. Sources, each overriding the one before:
the default, schemadoc.toml (or [tool.schemadoc] in pyproject.toml) in the current directory, a
SCHEMADOC_<NAME> environment variable, and the option given here (the same options as the other
subcommands take)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One option per setting, as the other subcommands spell it."""
    for setting in SETTINGS:
        if setting.name == "layers":
            continue  # a list of tables: set in the settings file only
        flag = "--" + setting.name.replace("_", "-")
        many = isinstance(setting.default, list)
        parser.add_argument(
            flag, dest=f"setting_{setting.name}", action="append" if many else "store", help=setting.help
        )


def run(args: argparse.Namespace, console: Console) -> int:
    """Print one `name = value  (source)` line per setting."""
    config = resolve(Path.cwd())
    width = max(len(s.name) for s in SETTINGS)
    for setting in SETTINGS:
        value, source = config.values[setting.name], config.sources[setting.name]
        given = getattr(args, f"setting_{setting.name}", None)
        if given is not None:
            value, source = given, "command line"
        if setting.name == "layers":
            shown = "; ".join(f"{layer['name']}: {', '.join(layer.get('objects', []))}" for layer in value)
        else:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
        console.print(f"{setting.name:<{width}} = {shown}  ({source})")
    return EXIT_OK
