"""Case folders: each `tests/cases/<case>/schema.sql` deployed into a fresh database on PostgreSQL 15
(system) and 18 (embedded) must introspect to exactly `expected.json` (statistics excluded).

Regenerate the expectations deliberately with `SCHEMADOC_REGEN_GOLDEN=1 pytest tests/test_catalog_cases.py`
(written from the system-binaries run; the embedded run then checks against them). Review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import psycopg
import pytest
from fixtures.server_text import catalog_defaults, catalog_definitions, server_defaults, server_definitions

from introspect.catalog import index_definition, serialize
from introspect.catalog import jsonschema as catalog_jsonschema
from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.catalog.queries import ALL_KINDS, Selection, run_catalog_queries
from introspect.postgres.cluster import Cluster, throwaway_cluster
from introspect.postgres.deploy import deploy_schema

CASES_DIR = Path(__file__).with_name("cases")
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "schema.sql").is_file())
REGENERATE = os.environ.get("SCHEMADOC_REGEN_GOLDEN") == "1"
# Fields that name the server rather than describe the schema.
SERVER_FIELDS = ("database", "server_version", "server_version_num", "statistics")


def structure(catalog: Catalog) -> dict[str, Any]:
    """The catalog as JSON data without statistics and server identity: what expected.json holds."""
    data = serialize.to_dict(catalog)
    for name in SERVER_FIELDS:
        data.pop(name)
    return data


@pytest.fixture(scope="module", params=["system", "embedded"])
def case_cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    """PostgreSQL 15 (the session cluster when it runs system binaries) and the embedded PostgreSQL 18."""
    if request.param == "system":
        shared: Cluster = request.getfixturevalue("pg_cluster")
        if shared.installation.kind == "system":
            yield shared
            return
    with throwaway_cluster(binaries=request.param) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def case_dsn(case_cluster: Cluster) -> Callable[[str], str]:
    """Factory: the DSN of a database holding one case's schema (deployed once per cluster)."""
    deployed: dict[str, str] = {}

    def get(case: str) -> str:
        if case not in deployed:
            dsn = case_cluster.create_database(f"case_{case}_{case_cluster.version_num}")
            deploy_schema(dsn, CASES_DIR / case)
            deployed[case] = dsn
        return deployed[case]

    return get


@pytest.mark.parametrize("case", CASES)
def test_case_matches_expected(case: str, case_dsn: Callable[[str], str], case_cluster: Cluster) -> None:
    catalog = load_catalog(case_dsn(case))
    assert catalog.server_version_num // 10000 == case_cluster.version_num // 10000
    actual = structure(catalog)
    expected_path = CASES_DIR / case / "expected.json"
    if REGENERATE and case_cluster.installation.kind == "system":
        expected_path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not expected_path.is_file():
        pytest.fail(f"{expected_path} is missing: run with SCHEMADOC_REGEN_GOLDEN=1 and review it")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.mark.parametrize("case", CASES)
def test_index_definitions_are_what_the_server_prints(case: str, case_dsn: Callable[[str], str]) -> None:
    dsn = case_dsn(case)
    catalog = load_catalog(dsn)
    assert catalog_definitions(catalog) == server_definitions(dsn, catalog)


@pytest.mark.parametrize("case", CASES)
def test_column_defaults_are_what_the_server_prints_given_the_table(case: str, case_dsn: Callable[[str], str]) -> None:
    dsn = case_dsn(case)
    assert catalog_defaults(load_catalog(dsn)) == server_defaults(dsn)


def test_canonical_index_definitions_and_defaults_are_what_the_server_prints(canonical_dsn: str) -> None:
    catalog = load_catalog(canonical_dsn)
    assert catalog_definitions(catalog) == server_definitions(canonical_dsn, catalog)
    assert catalog_defaults(catalog) == server_defaults(canonical_dsn)


def test_the_loader_writes_plain_index_definitions_and_leaves_the_rest_to_the_server(
    case_dsn: Callable[[str], str],
) -> None:
    with psycopg.connect(case_dsn("indexes")) as conn:
        rows = run_catalog_queries(conn, ALL_KINDS, Selection())
    by_name = {row["name"]: row for row in rows["indexes"]}
    printed_by_query = {name for name, row in by_name.items() if row["definition"] is not None}
    keywords = {row["word"] for row in rows["keywords"]}
    left = index_definition.fill_in(rows["indexes"], rows["columns"], rows["opclasses"], keywords)
    left_names = {row["name"] for row in rows["indexes"] if row["oid"] in left}
    # expressions, storage parameters, operator class options, unique indexes outside a primary key: in the query
    assert {"items_lower", "items_brin", "items_trigrams", "items_unique_name"} <= printed_by_query
    # a coercible type's, a domain's, an enum's, an array's or a named class; another collation
    assert {"items_title", "items_code", "items_mood", "items_tags", "items_name_pattern", "items_name_c"} <= left_names
    written = set(by_name) - printed_by_query - left_names
    assert {"items_multi", "items_partial", "select", "items_keywords", "When idx", "events_at"} <= written
    assert by_name["items_keywords"]["definition"] == (
        'CREATE INDEX items_keywords ON public.items USING btree ("left", "between", "order")'
    )
    assert by_name["events_at"]["definition"] == "CREATE INDEX events_at ON ONLY public.events USING btree (at DESC)"


def test_extension_members_are_left_out(case_dsn: Callable[[str], str]) -> None:
    catalog = load_catalog(case_dsn("tables"))
    assert [e.name for e in catalog.extensions] == ["hstore", "pg_trgm"]
    # hstore and pg_trgm install functions, operators and a type into public: none may show up.
    assert [f.key for f in catalog.functions if f.schema == "public"] == []
    assert catalog.table("shop.customers") is not None
    assert {c.data_type for c in catalog.table("shop.customers").columns} >= {"hstore"}  # type: ignore[union-attr]


def test_schema_selection_with_globs(case_dsn: Callable[[str], str]) -> None:
    dsn = case_dsn("tables")
    only_shop = load_catalog(dsn, schemas=["sh*"])
    assert [s.name for s in only_shop.schemas] == ["shop"]
    assert {t.schema for t in only_shop.tables} == {"shop"}
    # The FK into an unselected schema is still described, pointing at the other schema's table.
    fk = next(c for c in only_shop.foreign_keys() if c.table == "shop.customers")
    assert fk.referenced_table == "Référence.Pays"
    without = load_catalog(dsn, exclude_schemas=["R?f*", "public"])
    assert [s.name for s in without.schemas] == ["shop"]
    none = load_catalog(dsn, schemas=["no_such_schema"])
    assert none.tables == () and none.functions == () and none.schemas == ()


def test_partition_clones_are_recorded_once(case_dsn: Callable[[str], str]) -> None:
    catalog = load_catalog(case_dsn("partitions"))
    events = catalog.table("public.events")
    assert events is not None and events.partition_key is not None
    assert events.partition_key.strategy == "range"
    assert events.partitions == ("public.events_2024_q1", "public.events_2024_q2", "public.events_default")
    sub = catalog.table("public.events_2024_q2")
    assert sub is not None and sub.kind == "partition" and sub.partition_key is not None
    assert sub.partition_key.strategy == "list"
    assert catalog.table("public.events_2024_q2_other").is_default_partition  # type: ignore[union-attr]
    assert all(t.constraints == () for t in catalog.tables if t.is_partition)
    fk = next(c for c in events.constraints if c.kind == "foreign_key")
    assert len(fk.partition_copies) == 5
    assert [i.key for i in catalog.indexes_on("public.events")] == ["public.events_pkey", "public.events_region"]
    assert len(catalog.triggers) == 1 and len(catalog.triggers[0].partition_copies) == 5
    strategies = sorted(t.partition_key.strategy for t in catalog.tables if t.partition_key)
    assert strategies == ["hash", "list", "list", "range", "range"]


def test_real_catalog_json_satisfies_the_committed_schema(case_dsn: Callable[[str], str]) -> None:
    schema = json.loads(catalog_jsonschema.SCHEMA_PATH.read_text(encoding="utf-8"))
    for case in CASES:
        jsonschema.validate(json.loads(serialize.dumps(load_catalog(case_dsn(case)))), schema)


def test_postgresql_18_virtual_generated_columns(case_cluster: Cluster) -> None:
    if case_cluster.version_num < 180000:
        pytest.skip("virtual generated columns arrived in PostgreSQL 18")
    dsn = case_cluster.create_database("case_virtual_columns")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE boxes (width integer NOT NULL, height integer NOT NULL,"
            " area integer GENERATED ALWAYS AS (width * height) VIRTUAL,"
            " volume integer GENERATED ALWAYS AS (width * height * 2) STORED)"
        )
    table = load_catalog(dsn).table("public.boxes")
    assert table is not None
    area, volume = table.columns[2], table.columns[3]
    assert (area.generated, area.generation_expression, area.default) == ("virtual", "(width * height)", None)
    assert volume.generated == "stored"
    assert table.constraints == ()  # PostgreSQL 18's NOT NULL rows in pg_constraint are not constraints here


class CountingCursor(psycopg.Cursor[Any]):
    """A cursor that counts the statements it sends."""

    executed = 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingCursor.executed += 1
        return super().execute(*args, **kwargs)


def _statements_for(dsn: str) -> int:
    CountingCursor.executed = 0
    with psycopg.connect(dsn, cursor_factory=CountingCursor) as conn:
        run_catalog_queries(conn, ALL_KINDS, Selection(), exact_row_counts=True)
    return CountingCursor.executed


def test_statement_count_does_not_grow_with_the_schema(case_dsn: Callable[[str], str]) -> None:
    small, large = load_catalog(case_dsn("routines")), load_catalog(case_dsn("partitions"))
    assert len(large.tables) > 3 * len(small.tables)
    assert _statements_for(case_dsn("routines")) == _statements_for(case_dsn("partitions"))
