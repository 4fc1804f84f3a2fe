"""The fast sample-data load (indexes and foreign keys added after it, files of one number loaded
together, statistics gathered on every core) loads the same rows and leaves the same schema as
applying the files one after the other; and the rows are the ones recorded in
tests/fixtures/sample_data_checksums.json (regenerated only with SCHEMADOC_REGEN_GOLDEN=1)."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import psycopg
import pytest
from conftest import SCHEMA_DIR

from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.catalog.model import Statistics
from introspect.postgres.bulk_load import scan_statements
from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import apply_file, schema_files

_COLUMNS = """
SELECT c.oid::regclass::text, array_agg(quote_ident(a.attname) ORDER BY a.attnum)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'm') AND n.nspname = 'public'
GROUP BY 1 ORDER BY 1
"""
# Filled by the schema's own triggers at load time (now(), the transaction id): they differ between
# any two loads of the sample data, however they are loaded.
LOAD_TIME_COLUMNS = {
    "audit_log": {"changed_at", "transaction_id"},
    "orders": {"updated_at"},
    "promotions": {"updated_at"},
}


def checksums(dsn: str) -> dict[str, str]:
    """md5 of every table's rows (sorted), load-time columns left out."""
    with psycopg.connect(dsn) as conn:
        found = {}
        for table, columns in conn.execute(_COLUMNS).fetchall():
            kept = [c for c in columns if c not in LOAD_TIME_COLUMNS.get(table, set())]
            row = f"ROW({', '.join(kept)})::text"
            query = f"SELECT md5(string_agg(r, '|' ORDER BY r)) FROM (SELECT {row} AS r FROM {table}) s"
            found[table] = conn.execute(query).fetchone()[0]
        return found


def structure(dsn: str) -> str:
    catalog = dataclasses.replace(load_catalog(dsn), database="db", statistics=Statistics())
    return serialize.dumps(catalog, include_statistics=False)


@pytest.mark.slow
def test_the_fast_load_gives_the_same_rows_and_schema(sample_dsn: str, pg_cluster: Cluster) -> None:
    plain = pg_cluster.create_database("plain_load")
    for path in schema_files(SCHEMA_DIR, sample_data=True):
        apply_file(plain, path)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("ANALYZE")
    assert checksums(sample_dsn) == checksums(plain)
    assert structure(sample_dsn) == structure(plain)


RECORDED_CHECKSUMS = Path(__file__).resolve().parent / "fixtures" / "sample_data_checksums.json"


@pytest.mark.slow
def test_the_sample_rows_are_the_recorded_ones(sample_dsn: str) -> None:
    found = checksums(sample_dsn)
    if os.environ.get("SCHEMADOC_REGEN_GOLDEN") == "1":
        RECORDED_CHECKSUMS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert found == json.loads(RECORDED_CHECKSUMS.read_text(encoding="utf-8"))


def test_an_index_the_sample_data_names_is_not_deferred() -> None:
    texts = ["REINDEX INDEX idx_orders_date;", "SELECT * FROM orders;  -- idx_orders_status_x is fine"]
    found = scan_statements(texts, ["idx_orders_date", "idx_orders_status", "orders"]).mentioned
    assert found == {"idx_orders_date", "orders"}
