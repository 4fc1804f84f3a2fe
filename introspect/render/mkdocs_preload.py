"""Importing MkDocs ahead of time, while the build waits on PostgreSQL.

A build spends most of its deploy and introspection waiting for the server, and then imports
MkDocs, its theme, plugins and Markdown extensions one after the other before the first page is
converted (half a second or more), and Jinja compiles the theme's templates from their source
(about a tenth of a second, in each process that renders pages). A background thread imports them
and compiles those templates meanwhile, into ``compiled_templates.COMPILED_TEMPLATES``, which the
MkDocs plugin hands to the build's Jinja environment. It only warms caches: what fails here is left
for ``run_mkdocs`` to report, and a template whose source or environment differs from the one
compiled here is compiled again.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator
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


def _read_config(config_file: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as reader:
        config = yaml_load(reader) or {}
    return config if isinstance(config, dict) else {}


def _configured(config: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, name) of the theme, each plugin and each Markdown extension the configuration names."""
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
    config = _read_config(config_file)
    for kind, name in _configured(config):
        try:
            if kind == "markdown":
                importlib.import_module(name.partition(":")[0])
            else:
                for point in entry_points(group=kind, name=name):
                    point.load()
        except Exception:  # a warm-up only: the build itself reports what fails
            continue
    from introspect.render.compiled_templates import COMPILED_TEMPLATES, compile_theme_templates

    compile_theme_templates(config, config_file, COMPILED_TEMPLATES)


def _warm(config_file: Path, also: tuple[str, ...], then: Callable[[], object] | None) -> None:
    with contextlib.suppress(Exception):  # a warm-up only: the build itself reports what fails
        _import_all(config_file, also)
    if then is not None:
        with contextlib.suppress(Exception):
            then()


def preload_mkdocs(
    config_file: Path,
    also: tuple[str, ...] = (),
    *,
    then: Callable[[], object] | None = None,
    start: bool = True,
) -> threading.Thread:
    """A thread importing what ``mkdocs build`` of ``config_file`` will need (and the modules ``also``
    names, first), compiling its theme's templates, then calling ``then`` (more warming up, whose
    failure is left to the build); started unless ``start`` is false (the caller starts it). Join it
    before forking (a child must not inherit an import in progress) or timing anything."""
    thread = threading.Thread(
        target=_warm, args=(config_file, also, then), name="schemadoc-preload-mkdocs", daemon=True
    )
    if start:
        thread.start()
    return thread
