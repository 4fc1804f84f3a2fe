"""`build --dsn` and `check --dsn`: document and check an existing database that refuses writes."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from introspect.catalog.load import load_catalog
from introspect.cli import main
from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import deploy_schema
from introspect.scaffold import scaffold

CASE = Path(__file__).parent / "drift_cases" / "library"

pytestmark = pytest.mark.slow


def test_build_and_check_a_read_only_database(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dsn = pg_cluster.create_database("live_read_only")
    deploy_schema(dsn, CASE)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ALTER DATABASE live_read_only SET default_transaction_read_only = on")
    scaffold(tmp_path, title="Live", catalog=load_catalog(dsn))
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "build", "--dsn", dsn]) == 0
    assert (tmp_path / "site" / "claims.html").is_file()
    assert (tmp_path / "docs_src" / "reference" / "dictionary" / "lending.books.md").is_file()
    assert main(["-q", "check", "--dsn", dsn]) == 0
    (tmp_path / "docs_src" / "overview.md").write_text("# Live\n\n- **Tables**: 40\n", encoding="utf-8")
    assert main(["-q", "check", "--dsn", dsn]) == 1


def test_a_sqlalchemy_url_reaches_the_same_database(canonical_dsn: str) -> None:
    from introspect.postgres.dsn import dsn_parts, normalize_dsn

    parts = dsn_parts(canonical_dsn)
    url = f"postgresql+psycopg://{parts['user']}@/{parts['dbname']}?host={parts['host']}&port={parts['port']}"
    assert dsn_parts(normalize_dsn(url)) == parts
    assert main(["-q", "inspect", "--dsn", url, "--summary"]) == 0
    assert main(["-q", "inspect", "--dsn", "mysql+pymysql://u@h/db", "--summary"]) == 2


def test_schema_globs_narrow_build_and_check(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dsn = pg_cluster.create_database("live_two_schemas")
    deploy_schema(dsn, CASE)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA scratch; CREATE TABLE scratch.notes (note_id integer PRIMARY KEY)")
    scaffold(tmp_path, title="Live", catalog=load_catalog(dsn, schemas=["lending"]))
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "build", "--dsn", dsn, "--schema", "lending"]) == 0
    assert not (tmp_path / "docs_src" / "reference" / "dictionary" / "scratch.notes.md").exists()
    assert main(["-q", "check", "--dsn", dsn, "--schema", "lending"]) == 0
    assert main(["-q", "check", "--dsn", dsn]) == 1  # scratch.notes is not in the docs


def test_diagram_groups_from_the_settings(pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dsn = pg_cluster.create_database("live_layers")
    deploy_schema(dsn, CASE)
    scaffold(tmp_path, title="Live", catalog=load_catalog(dsn))
    settings = tmp_path / "schemadoc.toml"
    settings.write_text('layers = [{name = "Lending", objects = ["books", "loans", "members"]}]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "build", "--dsn", dsn]) == 0
    layer = tmp_path / "docs_src" / "reference" / "erd" / "layer-1-lending.dot"
    assert layer.is_file() and "lending.loans" in layer.read_text(encoding="utf-8")
    assert main(["-q", "check", "--dsn", dsn]) == 0
    settings.write_text("", encoding="utf-8")
    assert main(["-q", "check", "--dsn", dsn]) == 1  # the layer's diagram is no longer drawn
