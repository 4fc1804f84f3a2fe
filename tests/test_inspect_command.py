"""`schemadoc inspect`: JSON on stdout or in a file, --summary, never a password in the output,
and the canonical schema's counts against the overview's key statistics."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from introspect.catalog import jsonschema as catalog_jsonschema
from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.catalog.summary import SUMMARY_KEYS, summarize
from introspect.cli import main
from introspect.console import Console

CASES_DIR = Path(__file__).with_name("cases")


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, Console(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def _with_password(dsn: str, password: str) -> str:
    assert dsn.startswith("postgresql://postgres@")
    return dsn.replace("postgresql://postgres@", f"postgresql://postgres:{password}@", 1)


def test_summary_of_an_existing_database(canonical_dsn: str) -> None:
    code, out, err = _run(["inspect", "--dsn", _with_password(canonical_dsn, "s3cret-pw"), "--summary"])
    assert code == 0, err
    assert tuple(json.loads(out)) == SUMMARY_KEYS
    assert "s3cret-pw" not in out + err


def test_output_file_holds_catalog_json(canonical_dsn: str, tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    code, out, err = _run(["inspect", "--dsn", canonical_dsn, "-o", str(target), "--schema", "public"])
    assert code == 0, err
    assert out == ""
    text = target.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), json.loads(catalog_jsonschema.SCHEMA_PATH.read_text(encoding="utf-8")))
    written = serialize.loads(text)
    direct = load_catalog(canonical_dsn, schemas=["public"], exact_row_counts=False)
    assert written.tables == direct.tables and written.indexes == direct.indexes
    assert not any(r.rows_exact for r in written.statistics.relations)  # --dsn: estimates unless asked
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_errors_mask_the_password(tmp_path: Path) -> None:
    dsn = f"postgresql://someone:hunter2@/nowhere?host={tmp_path}&port=1"
    code, out, err = _run(["inspect", "--dsn", dsn, "--summary"])
    assert code == 2
    assert "hunter2" not in out + err and "nowhere" in err


def test_without_dsn_deploys_the_schema_dir_first() -> None:
    code, out, err = _run(
        ["inspect", "--summary", "--schema-dir", str(CASES_DIR / "partitions"), "--postgres", "embedded"]
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["partitioned_tables"] == 4 and summary["partitions"] == 10 and summary["triggers"] == 1


def test_canonical_schema_meets_the_overview_key_statistics(canonical_dsn: str) -> None:
    """docs_src/overview.md "Key Statistics": 12 tables, ~130 columns, 20+ FKs, 60+ indexes, 9 views,
    7 materialized views, 15+ functions/procedures (the drift check verifies the same claims)."""
    catalog = load_catalog(canonical_dsn)
    summary = summarize(catalog)
    if summary["tables"] == 0:
        pytest.skip("schema/ has no tables yet")
    assert summary["tables"] == 12
    # "~130 columns across all tables": the columns of the 12 primary tables, within ±10%.
    primary_columns = sum(len(t.columns) for t in catalog.top_level_tables() if t.kind == "table")
    assert 117 <= primary_columns <= 143
    assert summary["foreign_keys"] >= 20
    assert summary["indexes"] >= 60
    assert summary["views"] == 9
    assert summary["materialized_views"] == 7
    assert summary["functions"] >= 15
    assert {e.name for e in catalog.extensions} >= {"uuid-ossp", "pgcrypto"}
