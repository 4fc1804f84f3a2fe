"""Jinja templates compiled ahead of a build, kept in memory for the build's environment.

MkDocs compiles the theme's templates from their source in every build, and again in each process
that renders pages. ``compile_theme_templates`` compiles the ones a build starts from, and those
they name, into ``COMPILED_TEMPLATES`` (the MkDocs preload thread does it while the database is
deployed); the plugin gives that cache to the build's environment. An entry is used only when the
template's source and the environment's compile-time settings are the same.
"""

from __future__ import annotations

from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta
from jinja2.bccache import Bucket, BytecodeCache


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
