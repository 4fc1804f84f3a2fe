"""Importing MkDocs ahead of time, while the build waits on PostgreSQL.

A build spends most of its deploy and introspection waiting for the server, and then imports
MkDocs, its theme, plugins and Markdown extensions one after the other before the first page is
converted (half a second or more). A background thread imports them meanwhile. It only warms the
import cache: a module that fails to import here is left for ``run_mkdocs`` to report.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

# What every build imports, whatever the configuration names.
_CORE_MODULES = ("mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.pages")


def _names(entries: Any) -> Iterator[str]:
    """The names of a config list whose items are names or one-key mappings of a name to its options."""
    for entry in entries if isinstance(entries, list) else [entries] if entries else []:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            yield from (name for name in entry if isinstance(name, str))


def _configured(config_file: Path) -> Iterator[tuple[str, str]]:
    """(kind, name) of the theme, each plugin and each Markdown extension ``config_file`` names."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as reader:
        config = yaml_load(reader) or {}
    theme = config.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme
    if isinstance(theme_name, str):
        yield "mkdocs.themes", theme_name
    for name in _names(config.get("plugins", ["search"])):
        yield "mkdocs.plugins", name
    for name in _names(config.get("markdown_extensions")):
        yield "markdown", name if "." in name else f"markdown.extensions.{name}"


def _import_all(config_file: Path, also: tuple[str, ...]) -> None:
    for module in (*also, *_CORE_MODULES):
        importlib.import_module(module)
    for kind, name in _configured(config_file):
        try:
            if kind == "markdown":
                importlib.import_module(name.partition(":")[0])
            else:
                for point in entry_points(group=kind, name=name):
                    point.load()
        except Exception:  # a warm-up only: the build itself reports what fails
            continue


def _warm(config_file: Path, also: tuple[str, ...]) -> None:
    with contextlib.suppress(Exception):  # a warm-up only: the build itself reports what fails
        _import_all(config_file, also)


def preload_mkdocs(config_file: Path, also: tuple[str, ...] = ()) -> threading.Thread:
    """Start importing what ``mkdocs build`` of ``config_file`` will need (and the modules ``also``
    names, first); join the thread before forking (a child must not inherit an import in progress)
    or timing anything."""
    thread = threading.Thread(target=_warm, args=(config_file, also), name="schemadoc-preload-mkdocs", daemon=True)
    thread.start()
    return thread
