"""Importing MkDocs ahead of time, while the build waits on PostgreSQL.

A build spends most of its deploy and introspection waiting for the server, and then imports
MkDocs, its theme, plugins and Markdown extensions one after the other before the first page is
converted (half a second or more), and Jinja compiles the theme's templates from their source
(about a tenth of a second, in each process that renders pages). A background thread imports them
and compiles those templates meanwhile, into ``COMPILED_TEMPLATES``, which the MkDocs plugin hands
to the build's Jinja environment. It only warms caches: what fails here is left for ``run_mkdocs``
to report, and a template whose source or environment differs from the one compiled here is
compiled again.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta
from jinja2.bccache import Bucket, BytecodeCache

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


class CompiledTemplates(BytecodeCache):
    """Jinja templates compiled ahead of the build, kept in memory: an environment given this cache
    loads a template compiled here instead of compiling it, when both its source and the settings
    that shape the compiled code are the same."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def _key(self, environment: Environment, name: str, filename: str | None) -> str:
        return f"{_compile_settings(environment, name)}\0{self.get_cache_key(name, filename)}"

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, self._key(environment, name, filename), self.get_source_checksum(source))
        stored = self._code.get(bucket.key)
        if stored is not None and stored[0] == bucket.checksum:
            bucket.code = stored[1]
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def __len__(self) -> int:
        return len(self._code)


COMPILED_TEMPLATES = CompiledTemplates()


def _callables(named: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each name with what it calls and what that is passed (Jinja's ``pass_context`` and kin mark it)."""
    return sorted(
        (
            name,
            f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}",
            repr(getattr(func, "jinja_pass_arg", None)),
        )
        for name, func in named.items()
    )


def _compile_settings(environment: Environment, name: str) -> str:
    """What Jinja's generated code for template ``name`` depends on besides its source: syntax,
    whitespace handling, escaping, extensions, code generation switches, and which filters and tests
    exist and what they are passed (the compiler checks them, and folds constants with them)."""
    autoescape = environment.autoescape
    settings = (
        type(environment),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.code_generator_class,
        autoescape(name) if callable(autoescape) else autoescape,
        _callables({"": environment.finalize}) if environment.finalize is not None else None,
        sorted(environment.extensions),
        _callables(environment.filters),
        _callables(environment.tests),
    )
    return repr(settings)


def compile_theme_templates(config: dict[str, Any], config_file: Path, into: CompiledTemplates) -> list[str]:
    """Compile, into ``into``, the templates a build with ``config`` starts from (the page template
    and the theme's static pages) and every template they name; returns their names, sorted."""
    from mkdocs.config.config_options import Theme

    option = Theme(default="mkdocs")
    option.config_file_path = str(config_file)
    theme_config = config.get("theme")
    theme = option.validate(dict(theme_config) if isinstance(theme_config, dict) else theme_config)
    environment = theme.get_env()
    pending = ["main.html", *theme.static_templates]
    seen: set[str] = set()
    compiled: list[str] = []
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
            parsed = environment.parse(source, name, filename)
            code = environment.compile(parsed, name, filename)
        except (TemplateNotFound, TemplateSyntaxError):  # the build reports it, if it renders this one
            continue
        bucket = into.get_bucket(environment, name, filename, source)
        bucket.code = code
        into.set_bucket(bucket)
        compiled.append(name)
        # includes, imports and parents named by a constant: those with computed names are compiled by the build
        pending.extend(found for found in meta.find_referenced_templates(parsed) if found is not None)
    return sorted(compiled)


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
    compile_theme_templates(config, config_file, COMPILED_TEMPLATES)


def _warm(config_file: Path, also: tuple[str, ...]) -> None:
    with contextlib.suppress(Exception):  # a warm-up only: the build itself reports what fails
        _import_all(config_file, also)


def preload_mkdocs(config_file: Path, also: tuple[str, ...] = (), *, start: bool = True) -> threading.Thread:
    """A thread importing what ``mkdocs build`` of ``config_file`` will need (and the modules ``also``
    names, first), then compiling its theme's templates; started unless ``start`` is false (the
    caller starts it). Join it before forking (a child must not inherit an import in progress) or
    timing anything."""
    thread = threading.Thread(target=_warm, args=(config_file, also), name="schemadoc-preload-mkdocs", daemon=True)
    if start:
        thread.start()
    return thread
