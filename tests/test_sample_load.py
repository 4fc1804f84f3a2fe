"""The fast sample-data load: case folders under tests/sample_load_cases/ (a schema/ with its
sample_data/, and an expected.json: the load's answer to a query, or its error), and the rules that
decide what is put off until the rows are in and which files load together."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from introspect.console import Console
from introspect.postgres.bulk_load import DeferredForeignKey, LoadScan, deferrable_foreign_keys, scan_statements
from introspect.postgres.deploy import DeployError, deploy_schema, sample_groups

CASES = Path(__file__).resolve().parent / "sample_load_cases"


@pytest.mark.parametrize("case", sorted(path.name for path in CASES.iterdir() if path.is_dir()))
def test_a_sample_load_case(case: str, make_database: Callable[..., str]) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text())
    progress = io.StringIO()
    dsn = make_database("load")

    def deploy() -> str:
        console = Console(err=progress)
        deployment = deploy_schema(
            dsn,
            folder / "schema",
            sample_data=True,
            console=console,
            own_server=True,
            sample_data_jobs=expected.get("jobs", 1),
        )
        return deployment.dsn

    if "error" in expected:
        with pytest.raises(DeployError) as raised:
            deploy()
        for part in expected["error"]:
            assert part in str(raised.value)
        return
    deployed = deploy()
    assert expected["progress"] in progress.getvalue()
    with psycopg.connect(deployed) as conn:
        row = conn.execute(expected["query"]).fetchone()
    assert row is not None and str(row[0]) == expected["answer"]


def _touch(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in names]
    for path in paths:
        path.write_text("SELECT 1;\n")
    return paths


def test_files_of_one_number_form_a_group_only_with_several_jobs(tmp_path: Path) -> None:
    paths = _touch(tmp_path, "10_a.sql", "10_b.sql", "015_c.sql", "15_d.sql", "20_e.sql", "notes.sql", "other.sql")
    names = [[path.name for path in group] for group in sample_groups(paths, 2)]
    assert names == [["10_a.sql", "10_b.sql"], ["015_c.sql", "15_d.sql"], ["20_e.sql"], ["notes.sql"], ["other.sql"]]
    assert all(len(group) == 1 for group in sample_groups(paths, 1))


def test_files_in_different_directories_do_not_share_a_group(tmp_path: Path) -> None:
    paths = _touch(tmp_path / "one", "10_a.sql") + _touch(tmp_path / "two", "10_b.sql")
    assert len(sample_groups(paths, 2)) == 2


def test_the_scan_sees_deletes_truncates_merges_and_updates() -> None:
    scan = scan_statements(
        [
            'DELETE FROM ONLY shop."Customers" WHERE id = 1',
            "truncate table a, public.b RESTART IDENTITY",
            "MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN DELETE",
            "WITH x AS (SELECT 1) UPDATE Orders SET status = 'paid'",
            "SELECT * FROM prices FOR UPDATE",
        ],
        ["orders_customer_fkey"],
    )
    assert {"Customers", "a", "b", "stock"} <= scan.deleted_from
    assert "orders" in scan.updated
    assert not scan.mentioned


def _key(table: str, referenced: str, name: str = "", on_update: str = "a", on_delete: str = "a") -> DeferredForeignKey:
    return DeferredForeignKey("public", table, name or f"{table}_fkey", "", None, referenced, on_update, on_delete)


def test_keys_whose_actions_the_load_could_fire_keep_their_checks() -> None:
    keys = [
        _key("orders", "customers", on_delete="c"),
        _key("order_items", "orders", on_delete="c"),  # reached by the cascade from customers
        _key("reviews", "products"),
        _key("payments", "invoices", on_update="c"),
        _key("refunds", "payments"),
        _key("notes", "authors", name="notes_author_fkey"),
    ]
    scan = LoadScan(mentioned={"notes_author_fkey"}, deleted_from={"customers"}, updated={"invoices", "products"})
    deferred = {key.table for key in deferrable_foreign_keys(keys, scan)}
    # products is updated, but a NO ACTION key fails either way when a referenced key changes
    assert deferred == {"reviews", "refunds"}
