"""The loader against outside references: pagila's counts (COUNTS.json, computed straight from
pg_catalog) and the tbls peer tool's view of its own test DDL (schema.json). Both live in
../shared/corpus and are skipped when it is absent."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fixtures.server_text import catalog_defaults, catalog_definitions, server_defaults, server_definitions

from introspect.catalog.load import load_catalog
from introspect.catalog.summary import summarize
from introspect.postgres.deploy import apply_file

# summary key -> path into COUNTS.json
PAGILA_COUNTS = {
    "tables": ("tables", "ordinary"),
    "partitioned_tables": ("tables", "partitioned"),
    "partitions": ("tables", "partitions"),
    "columns": ("columns", "on_tables"),
    "foreign_keys": ("constraints", "foreign_keys_declared"),
    "indexes": ("indexes", "declared"),
    "views": ("views",),
    "materialized_views": ("materialized_views",),
    "triggers": ("triggers", "declared"),
    "sequences": ("sequences", "total"),
    "enums": ("types", "enums"),
    "domains": ("types", "domains"),
    "check_constraints": ("constraints", "check_declared"),
}


def _dig(data: dict[str, object], path: tuple[str, ...]) -> object:
    value: object = data
    for part in path:
        assert isinstance(value, dict)
        value = value[part]
    return value


def test_pagila_summary_matches_counts(shared_dir: Path, make_database: Callable[..., str]) -> None:
    corpus = shared_dir / "corpus" / "pagila"
    dsn = make_database("pagila")
    apply_file(dsn, corpus / "pagila-schema.sql")
    counts = json.loads((corpus / "COUNTS.json").read_text(encoding="utf-8"))
    expected = {key: _dig(counts, path) for key, path in PAGILA_COUNTS.items()}
    expected["functions"] = counts["routines"]["functions"] + counts["routines"]["procedures"]
    expected["extensions"] = len(counts["extensions"])
    summary = summarize(load_catalog(dsn))
    assert {key: summary[key] for key in expected} == expected


def test_pagila_index_definitions_and_defaults_are_what_the_server_prints(
    shared_dir: Path, make_database: Callable[..., str]
) -> None:
    dsn = make_database("pagila")
    apply_file(dsn, shared_dir / "corpus" / "pagila" / "pagila-schema.sql")
    catalog = load_catalog(dsn)
    assert len(catalog.indexes) > 20
    assert catalog_definitions(catalog) == server_definitions(dsn, catalog)
    assert len(catalog_defaults(catalog)) > 20
    assert catalog_defaults(catalog) == server_defaults(dsn)


def tbls_database(shared_dir: Path, make_database: Callable[..., str], tmp_path: Path) -> tuple[Path, str]:
    """The tbls corpus folder, and a database holding its test DDL."""
    corpus = shared_dir / "corpus" / "tbls-postgres"
    ddl = (corpus / "testdata" / "ddl" / "postgres.sql").read_text(encoding="utf-8")
    # This statement names tbls' own database (testdb); it only sets a search_path for later sessions.
    statement = 'ALTER ROLE postgres in DATABASE testdb SET search_path TO "$user",public,backup;\n'
    assert statement in ddl
    prepared = tmp_path / "postgres.sql"
    prepared.write_text(ddl.replace(statement, ""), encoding="utf-8")
    dsn = make_database("tbls")
    apply_file(dsn, prepared)
    return corpus, dsn


def test_tbls_ddl_agrees_with_the_peer_tool(
    shared_dir: Path, make_database: Callable[..., str], tmp_path: Path
) -> None:
    corpus, dsn = tbls_database(shared_dir, make_database, tmp_path)
    catalog = load_catalog(dsn)
    peer = json.loads((corpus / "sample" / "postgres" / "schema.json").read_text(encoding="utf-8"))
    # The peer's config excludes user_access_logs and adds virtual relations (see SOURCE.txt).
    excluded = {"public.user_access_logs"}

    peer_tables = {t["name"]: t for t in peer["tables"] if t["type"] == "BASE TABLE"}
    ours = {t.key: t for t in catalog.top_level_tables() if t.key not in excluded}
    assert sorted(ours) == sorted(peer_tables)
    for key, table in ours.items():
        peer_columns = [(c["name"], c["nullable"]) for c in peer_tables[key]["columns"]]
        assert [(c.name, c.nullable) for c in table.columns] == peer_columns, key
        peer_indexes = sorted(i["name"] for i in peer_tables[key].get("indexes") or [])
        assert sorted(i.name for i in catalog.indexes_on(key)) == peer_indexes, key

    peer_fks = sorted(
        (r["table"], tuple(r["columns"]), r["parent_table"], tuple(r["parent_columns"]))
        for r in peer["relations"]
        if not r.get("virtual")
    )
    our_fks = sorted(
        (c.table, c.columns, c.referenced_table or "", c.referenced_columns)
        for c in catalog.foreign_keys()
        if c.table not in excluded
    )
    assert our_fks == peer_fks

    peer_views = sorted(t["name"] for t in peer["tables"] if t["type"] in ("VIEW", "MATERIALIZED VIEW"))
    assert sorted(v.key for v in catalog.views) == peer_views
    # uuid-ossp's functions are in the peer's list; they belong to the extension, so not in ours.
    assert sorted(f.name for f in catalog.functions) == ["reset_comment", "update_updated"]


def test_tbls_index_definitions_and_defaults_are_what_the_server_prints(
    shared_dir: Path, make_database: Callable[..., str], tmp_path: Path
) -> None:
    _, dsn = tbls_database(shared_dir, make_database, tmp_path)
    catalog = load_catalog(dsn)
    assert catalog_definitions(catalog) == server_definitions(dsn, catalog)
    assert catalog_defaults(catalog) == server_defaults(dsn)


def test_tbls_format_matches_the_peer_tools_own_schema_json(
    shared_dir: Path, make_database: Callable[..., str], tmp_path: Path
) -> None:
    """`inspect --format tbls` on tbls' test DDL: the same tables, columns, relations and enums as tbls' own file."""
    from introspect.catalog.tbls import to_tbls

    corpus, dsn = tbls_database(shared_dir, make_database, tmp_path)
    ours = json.loads(json.dumps(to_tbls(load_catalog(dsn))))
    peer = json.loads((corpus / "sample" / "postgres" / "schema.json").read_text(encoding="utf-8"))
    excluded = {"public.user_access_logs"}  # left out by the peer's configuration

    def tables(doc: dict[str, object]) -> dict[tuple[str, str], list[tuple[str, bool]]]:
        return {
            (t["name"], t["type"]): [(c["name"], c["nullable"]) for c in t["columns"]]
            for t in doc["tables"]  # type: ignore[attr-defined]
            if t["name"] not in excluded
        }

    assert tables(ours) == tables(peer)

    def relations(doc: dict[str, object]) -> set[tuple[object, ...]]:
        return {
            (r["table"], tuple(r["columns"]), r["parent_table"], tuple(r["parent_columns"]), r["cardinality"])
            for r in doc["relations"]  # type: ignore[attr-defined]
            if not r.get("virtual") and r["table"] not in excluded
        }

    assert relations(ours) == relations(peer)
    # tbls sorts enum labels alphabetically; ours keep their declared order.
    assert {(e["name"], tuple(sorted(e["values"]))) for e in ours["enums"]} == {
        (e["name"], tuple(sorted(e["values"]))) for e in peer["enums"]
    }
    peer_table_keys = {key for t in peer["tables"] for key in t}
    our_table_keys = {key for t in ours["tables"] for key in t}
    assert our_table_keys <= peer_table_keys | {"comment"}
