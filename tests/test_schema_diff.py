"""`schemadoc diff`: one case folder per change kind under tests/diff_cases/ (before.sql, after.sql,
expected.txt), the two PostgreSQL majors agreeing, the formats, the command and the Changes page."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from introspect.catalog import serialize
from introspect.catalog.diff import catalog_changes
from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.cli.main import main
from introspect.console import Console
from introspect.postgres.binaries import embedded_bindir, system_bindir
from introspect.postgres.cluster import throwaway_cluster
from introspect.postgres.deploy import deploy_schema
from introspect.render.changes import as_json, as_markdown, as_text
from introspect.render.pages import render_reference

CASES = Path(__file__).resolve().parent / "diff_cases"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if (path / "expected.txt").is_file())
REGENERATE = os.environ.get("SCHEMADOC_REGEN_GOLDEN") == "1"


def _deployed(make_database: Callable[..., str], script: Path) -> Catalog:
    dsn = make_database("diff")
    deploy_schema(dsn, script, own_server=True, console=Console(err=io.StringIO()))
    return load_catalog(dsn)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_change_kind_is_reported(case: str, make_database: Callable[..., str]) -> None:
    before = _deployed(make_database, CASES / case / "before.sql")
    after = _deployed(make_database, CASES / case / "after.sql")
    text = as_text(catalog_changes(before, after))
    if REGENERATE:
        (CASES / case / "expected.txt").write_text(text, encoding="utf-8")
    assert text == (CASES / case / "expected.txt").read_text(encoding="utf-8")


def test_statistics_are_never_a_change(make_database: Callable[..., str]) -> None:
    script = CASES / "identical" / "before.sql"
    dsn = make_database("diff_stats")
    deploy_schema(dsn, script, own_server=True, console=Console(err=io.StringIO()))
    before = load_catalog(dsn, exact_row_counts=True)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g")
    assert catalog_changes(before, load_catalog(dsn, exact_row_counts=True)) == []


@pytest.mark.skipif(embedded_bindir() is None or system_bindir() is None, reason="needs PostgreSQL 15 and 18")
def test_the_same_schema_on_postgresql_15_and_18_gives_no_difference() -> None:
    catalogs = []
    for binaries in ("system", "embedded"):
        with throwaway_cluster(binaries) as cluster:
            dsn = cluster.create_database("schemadoc")
            deploy_schema(dsn, CASES / "identical" / "before.sql", own_server=True)
            catalogs.append(load_catalog(dsn))
    assert catalogs[0].server_version_num // 10000 != catalogs[1].server_version_num // 10000
    assert catalog_changes(*catalogs) == []


def _catalogs(make_database: Callable[..., str], case: str) -> tuple[Catalog, Catalog]:
    return (
        _deployed(make_database, CASES / case / "before.sql"),
        _deployed(make_database, CASES / case / "after.sql"),
    )


def test_markdown_and_json_group_by_kind(make_database: Callable[..., str]) -> None:
    before, after = _catalogs(make_database, "rename")
    changes = catalog_changes(before, after)
    markdown = as_markdown(changes)
    assert markdown.startswith("# Schema changes\n\n1 added, 1 removed.\n")
    assert "## Columns\n\n**Added**\n\n- column public.customers.email_address was added" in markdown
    document = json.loads(as_json(changes))
    assert document["counts"] == {"added": 1, "removed": 1, "changed": 0}
    assert {item["object"] for item in document["changes"]} == {
        "public.customers.email",
        "public.customers.email_address",
    }


def test_the_command_compares_files_directories_and_databases(
    make_database: Callable[..., str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _catalogs(make_database, "fk_action")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(serialize.dumps(before), encoding="utf-8")
    new.write_text(serialize.dumps(after), encoding="utf-8")
    assert main(["diff", "-q", str(old), str(old)]) == 0
    assert "no changes" in capsys.readouterr().out
    assert main(["diff", "-q", str(old), str(new), "--format", "markdown"]) == 1
    assert "## Constraints" in capsys.readouterr().out
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "10_all.sql").write_text((CASES / "fk_action" / "after.sql").read_text(), encoding="utf-8")
    assert main(["diff", "-q", str(new), str(schema), "--format", "json"]) == 0
    dsn = make_database("diff_live")
    deploy_schema(dsn, CASES / "fk_action" / "after.sql", own_server=True, console=Console(err=io.StringIO()))
    assert main(["diff", "-q", str(old), dsn]) == 1
    assert main(["diff", "-q", str(old), str(tmp_path / "nowhere")]) == 2


def test_the_changes_page_compares_with_the_snapshot(make_database: Callable[..., str]) -> None:
    before, after = _catalogs(make_database, "column_type")
    files = render_reference(after, previous=("docs_src/releases/1.0/catalog.json", before))
    page = files["changes.md"]
    assert page.startswith("# Changes\n")
    assert "since the snapshot docs_src/releases/1.0/catalog.json" in page
    assert "public.orders.total: type changed from numeric(10,2) to numeric(12,2)" in page
    assert "changes.md" not in render_reference(after)
