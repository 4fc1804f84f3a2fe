"""The project's settings: defaults, then ``schemadoc.toml`` (or ``[tool.schemadoc]`` in
``pyproject.toml``) in the directory schemadoc runs in, then ``SCHEMADOC_*`` environment variables,
then the command line; each later source overrides the earlier ones."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from introspect.errors import SchemadocError


@dataclass(frozen=True)
class Setting:
    """One setting: its default, and the command-line destinations it provides defaults for."""

    name: str
    default: Any
    help: str
    dests: tuple[str, ...] = ()

    @property
    def env(self) -> str:
        return f"SCHEMADOC_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("schema_dir", "schema", "the schema's SQL files (sample_data/ and queries/ inside)", ("schema_dir",)),
    Setting(
        "queries_dir",
        "",
        "the queries behind the overview's query targets (empty: SCHEMA_DIR/queries)",
        ("queries_dir",),
    ),
    Setting("docs_dir", "docs_src", "the MkDocs sources: overview.md and the generated reference/", ("docs_dir",)),
    Setting("site_dir", "site", "where the built site goes", ("site_dir",)),
    Setting("mkdocs_config", "mkdocs.yml", "the MkDocs configuration file", ("config",)),
    Setting(
        "file_order",
        "lexical",
        "the order the schema's files run in: lexical, natural, flyway, or a list file's path",
        ("file_order",),
    ),
    Setting(
        "sample_data_jobs",
        1,
        "connections the sample data loads on: above 1, adjacent files whose names start with the same number "
        "(30_a.sql, 30_b.sql) run at the same time",
        ("sample_data_jobs",),
    ),
    Setting("postgres", "auto", "throwaway server binaries: auto, embedded or system", ("postgres",)),
    Setting("schemas", [], "schemas to document (shell globs; empty: every user schema)", ("schemas",)),
    Setting("exclude_schemas", [], "schemas to leave out (shell globs)", ("exclude_schemas",)),
    Setting("title", "", "the site's title, for `schemadoc init`", ("title",)),
    Setting("layers", [], "diagram groups besides the overview's layers: [{name, objects}]", ("layers",)),
    Setting(
        "previous_catalog",
        "",
        "a catalog.json snapshot (e.g. the last release's): the site gets a Changes page since it",
        ("previous_catalog",),
    ),
    Setting("lint", {}, "lint rules: enable, disable, severity, exclude (see schemadoc lint --help)"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Resolved settings and where each value came from."""

    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)

    def defaults_for(self, dests: set[str]) -> dict[str, Any]:
        """Argument defaults for a subcommand whose options have these destinations."""
        found: dict[str, Any] = {}
        for setting in SETTINGS:
            for dest in setting.dests:
                if dest in dests:
                    value = self.values[setting.name]
                    if dest.endswith("_dir") or dest in ("config", "previous_catalog"):
                        value = Path(value) if value else None
                    found[dest] = value
        if "overview" in dests or "docs_dir" in dests:
            found["layers"] = self.values["layers"]
        if {"overview", "docs_dir", "fail_on"} & dests:
            found["lint_settings"] = self.values["lint"]
        docs = Path(self.values["docs_dir"])
        if "overview" in dests:
            found["overview"] = docs / "overview.md"
        if "reference_dir" in dests:
            found["reference_dir"] = docs / "reference"
        return found


def _file_settings(directory: Path) -> tuple[dict[str, Any], str]:
    own = directory / "schemadoc.toml"
    pyproject = directory / "pyproject.toml"
    try:
        if own.is_file():
            return tomllib.loads(own.read_text(encoding="utf-8")), str(own)
        if pyproject.is_file():
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            return data.get("tool", {}).get("schemadoc", {}), f"{pyproject} [tool.schemadoc]"
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SchemadocError(f"cannot read the schemadoc settings: {exc}") from exc
    return {}, ""


def _checked(name: str, value: Any, where: str) -> Any:
    setting = _BY_NAME.get(name.replace("-", "_"))
    if setting is None:
        known = ", ".join(s.name for s in SETTINGS)
        raise SchemadocError(f"{where}: unknown setting {name!r} (known: {known})")
    if setting.name == "layers":
        valid = isinstance(value, list) and all(
            isinstance(v, dict) and isinstance(v.get("name"), str) and isinstance(v.get("objects", []), list)
            for v in value
        )
        if not valid:
            raise SchemadocError(f'{where}: layers must be a list of {{name = "…", objects = ["…", …]}} tables')
        return value
    if setting.name == "lint":
        if not isinstance(value, dict):
            raise SchemadocError(f"{where}: lint must be a table (enable, disable, severity, exclude)")
        from introspect.lint import LintSettings

        LintSettings.from_table(value, f"{where} lint")  # an unknown rule or severity is an error now
        return value
    if isinstance(setting.default, list):
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SchemadocError(f"{where}: {name} must be a list of strings")
        return value
    if isinstance(setting.default, int):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if isinstance(value, bool) or number < 1:
            raise SchemadocError(f"{where}: {name} must be a whole number of at least 1")
        return number
    if not isinstance(value, str):
        raise SchemadocError(f"{where}: {name} must be a string")
    return value


def resolve(directory: Path, environ: dict[str, str] | None = None) -> Config:
    """The settings for a project directory: defaults < settings file < environment."""
    environ = dict(os.environ if environ is None else environ)
    values = {s.name: s.default for s in SETTINGS}
    sources = dict.fromkeys(values, "default")
    data, where = _file_settings(directory)
    for name, value in data.items():
        key = name.replace("-", "_")
        values[key] = _checked(name, value, where)
        sources[key] = where
    for setting in SETTINGS:
        if setting.env in environ:
            values[setting.name] = _checked(setting.name, environ[setting.env], setting.env)
            sources[setting.name] = f"environment {setting.env}"
    return Config(values, sources)
