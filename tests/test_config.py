"""Settings: defaults < schemadoc.toml or [tool.schemadoc] < SCHEMADOC_* environment < command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from introspect.cli import build_parser, main
from introspect.cli.config import resolve
from introspect.console import Console


def parse(directory: Path, environ: dict[str, str], argv: list[str]) -> object:
    return build_parser(resolve(directory, environ)).parse_args(argv)


def test_file_then_environment_then_flag(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemadoc]\nschema_dir = "db/schema"\ndocs_dir = "documentation"\nsite_dir = "public"\n',
        encoding="utf-8",
    )
    args = parse(tmp_path, {}, ["check"])
    assert args.schema_dir == Path("db/schema")  # type: ignore[attr-defined]
    assert args.overview == Path("documentation/overview.md")  # type: ignore[attr-defined]
    assert args.reference_dir == Path("documentation/reference")  # type: ignore[attr-defined]
    assert parse(tmp_path, {}, ["build"]).site_dir == Path("public")  # type: ignore[attr-defined]

    environment = {"SCHEMADOC_SCHEMA_DIR": "from-env", "SCHEMADOC_POSTGRES": "system"}
    args = parse(tmp_path, environment, ["build"])
    assert args.schema_dir == Path("from-env") and args.postgres == "system"  # type: ignore[attr-defined]
    args = parse(tmp_path, environment, ["build", "--schema-dir", "from-flag", "--postgres", "embedded"])
    assert args.schema_dir == Path("from-flag") and args.postgres == "embedded"  # type: ignore[attr-defined]

    (tmp_path / "schemadoc.toml").write_text('schema_dir = "own-file"\nschemas = ["sales", "hr_*"]\n', encoding="utf-8")
    args = parse(tmp_path, {}, ["inspect"])
    assert args.schema_dir == Path("own-file") and args.schemas == ["sales", "hr_*"]  # type: ignore[attr-defined]


def test_no_settings_gives_the_documented_defaults(tmp_path: Path) -> None:
    args = parse(tmp_path, {}, ["build"])
    assert (args.schema_dir, args.docs_dir, args.site_dir, args.config) == (  # type: ignore[attr-defined]
        Path("schema"),
        Path("docs_src"),
        Path("site"),
        Path("mkdocs.yml"),
    )


def test_config_prints_each_value_and_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "schemadoc.toml").write_text('site_dir = "public"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEMADOC_DOCS_DIR", "pages")
    out = io.StringIO()
    assert main(["config", "--schema-dir", "ddl"], Console(quiet=True, out=out)) == 0
    lines = {line.split(" = ")[0].strip(): line for line in out.getvalue().splitlines()}
    assert lines["site_dir"].endswith(f"({tmp_path / 'schemadoc.toml'})")
    assert "pages  (environment SCHEMADOC_DOCS_DIR)" in lines["docs_dir"]
    assert "ddl  (command line)" in lines["schema_dir"]
    assert "(default)" in lines["mkdocs_config"]


def test_an_unknown_or_malformed_setting_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    (tmp_path / "schemadoc.toml").write_text('shema_dir = "typo"\n', encoding="utf-8")
    assert main(["config"], Console(quiet=True, err=err)) == 2
    assert "unknown setting 'shema_dir'" in err.getvalue() and "schemadoc.toml" in err.getvalue()
    (tmp_path / "schemadoc.toml").write_text("schema_dir = [\n", encoding="utf-8")
    assert main(["config"], Console(quiet=True, err=err)) == 2


def test_sample_data_jobs_is_a_whole_number_from_file_environment_or_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "schemadoc.toml").write_text("sample_data_jobs = 2\n", encoding="utf-8")
    assert parse(tmp_path, {}, ["check"]).sample_data_jobs == 2  # type: ignore[attr-defined]
    assert parse(tmp_path, {"SCHEMADOC_SAMPLE_DATA_JOBS": "3"}, ["build"]).sample_data_jobs == 3  # type: ignore[attr-defined]
    assert parse(tmp_path, {}, ["deploy", "--sample-data-jobs", "4"]).sample_data_jobs == 4  # type: ignore[attr-defined]
    monkeypatch.chdir(tmp_path)
    for bad in ("0", '"two"', "true"):
        (tmp_path / "schemadoc.toml").write_text(f"sample_data_jobs = {bad}\n", encoding="utf-8")
        err = io.StringIO()
        assert main(["config"], Console(quiet=True, err=err)) == 2
        assert "sample_data_jobs must be a whole number of at least 1" in err.getvalue()
