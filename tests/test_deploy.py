"""Deploy: real schema files apply unchanged, failures name the file, line and column."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import DeployError, apply_file, deploy_schema, required_extensions, schema_files
from introspect.postgres.sqlsplit import SplitError, split_statements

CASES = Path(__file__).resolve().parent / "deploy_cases"


def _fetch_one(dsn: str, query: str) -> tuple[object, ...]:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return tuple(row)


def test_files_apply_in_lexical_path_order_without_queries() -> None:
    names = [path.relative_to(CASES / "good").as_posix() for path in schema_files(CASES / "good")]
    assert names == [
        "10_transaction.sql",
        "20_more/10_functions.sql",
        "20_more/20_do_block.sql",
        "30_index_concurrently.sql",
        "40_search_path.sql",
        "50_next_file.sql",
    ]
    with_sample = schema_files(CASES / "good", sample_data=True)
    assert with_sample[-1] == CASES / "good" / "sample_data" / "10_rows.sql"


def test_real_world_constructs_deploy_unchanged(make_database: Callable[..., str]) -> None:
    dsn = make_database("good")
    deploy_schema(dsn, CASES / "good", sample_data=True)
    row = _fetch_one(
        dsn,
        """SELECT (SELECT count(*) FROM shop.customer),
                  (SELECT sum(amount) FROM shop.order_line),
                  (SELECT id FROM public.after_search_path),
                  shop.greeting('you'),
                  (SELECT note FROM shop.customer LIMIT 1),
                  (SELECT indisvalid FROM pg_index WHERE indexrelid = 'shop.customer_name_idx'::regclass),
                  (SELECT count(*) FROM pg_class WHERE relname = 'table_that_does_not_exist')""",
    )
    assert row == (2, pytest.approx(13.75), 42, "hello; you!", "it's; fine", True, 0)


def test_sample_data_only_when_asked(make_database: Callable[..., str]) -> None:
    dsn = make_database("nosample")
    deploy_schema(dsn, CASES / "good")
    assert _fetch_one(dsn, "SELECT count(*) FROM shop.customer") == (0,)


@pytest.mark.parametrize(
    ("case", "location", "message", "also"),
    [
        ("syntax_error", "10_tables.sql:6:5", 'syntax error at or near "created_at"', "    created_at timestamptz"),
        ("missing_table", "20_views.sql:4:10", 'relation "order_lines" does not exist', "    FROM order_lines;"),
        # raised inside a function body, called at deploy time: the line of the calling statement
        ("function_body", "10_functions.sql:8:1", "setup check failed: 0 rows", "HINT: load the reference data"),
        # raised inside a DO block: the line inside the block
        ("do_block_raise", "10_do.sql:8:5", "division by zero", "inline_code_block line 6"),
        ("other_database", "10_dump.sql:2:1", "switches to database 'some_other_database'", ""),
        ("missing_include", "10_include.sql:2:1", "other_file.sql: No such file or directory", ""),
        ("unterminated_dollar", "10_function.sql:1:53", 'unterminated dollar-quoted string at or near "$body$', ""),
    ],
)
def test_a_failing_statement_names_file_line_and_column(
    make_database: Callable[..., str], case: str, location: str, message: str, also: str
) -> None:
    dsn = make_database("broken")
    with pytest.raises(DeployError) as raised:
        deploy_schema(dsn, CASES / case)
    text = str(raised.value)
    first_line = text.splitlines()[0]
    assert re.fullmatch(rf".*{re.escape(case)}/{re.escape(location)}: ERROR: .*", first_line), first_line
    assert message in first_line
    assert also in text


def test_the_caret_points_at_the_reported_column(make_database: Callable[..., str]) -> None:
    with pytest.raises(DeployError) as raised:
        deploy_schema(make_database("caret"), CASES / "missing_table")
    lines = str(raised.value).splitlines()
    source_line = next(index for index, line in enumerate(lines) if line.startswith("  4 | "))
    assert lines[source_line + 1].index("^") == lines[source_line].index("order_lines")


def test_psql_lines_of_a_dump_into_the_same_database_are_accepted(pg_cluster: Cluster, tmp_path: Path) -> None:
    dump = tmp_path / "dump.sql"
    dump.write_text(
        "\\set ON_ERROR_STOP on\n"
        "\\connect -reuse-previous=on \"dbname='same_db'\"\n"
        "CREATE TABLE one (id integer);\n"
        "\\connect same_db\n"
        "CREATE TABLE two (id integer);\n"
    )
    dsn = pg_cluster.create_database("same_db")
    assert apply_file(dsn, dump) == dsn
    assert _fetch_one(dsn, "SELECT count(*) FROM pg_tables WHERE tablename IN ('one', 'two')") == (2,)


def test_required_extensions_are_read_from_create_extension(tmp_path: Path) -> None:
    (tmp_path / "00_ext.sql").write_text(
        'CREATE EXTENSION IF NOT EXISTS pgcrypto;\n-- CREATE EXTENSION not_this_one;\ncreate extension "uuid-ossp";\n'
    )
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "q.sql").write_text("CREATE EXTENSION ignored_in_queries;")
    assert required_extensions(tmp_path) == ("pgcrypto", "uuid-ossp")


def test_missing_schema_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DeployError, match="does not exist"):
        schema_files(tmp_path / "nope")


def test_statement_offsets_are_exact() -> None:
    source = (CASES / "good" / "20_more" / "10_functions.sql").read_text()
    statements = split_statements(source)
    assert len(statements) == 3
    for statement in statements:
        assert source[statement.start : statement.start + len(statement.text)] == statement.text
    assert statements[1].text.rstrip().endswith("END;")  # BEGIN ATOMIC ... END kept whole


def test_split_handles_quotes_comments_and_copy() -> None:
    source = "SELECT 'a;b', \"c;d\", E'\\';' /* x; /* y; */ z; */; -- tail;\nCOPY t FROM stdin;\n1\t2\n\\.\nSELECT $1;"
    statements = split_statements(source)
    assert [statement.kind for statement in statements] == ["sql", "copy", "sql"]
    assert statements[1].copy_data == "1\t2\n"
    with pytest.raises(SplitError, match="unterminated /\\* comment"):
        split_statements("SELECT 1; /* open")


def test_pagila_dump_deploys_unchanged_with_the_expected_objects(pg_cluster: Cluster, shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    dsn = pg_cluster.create_database("pagila")
    apply_file(dsn, corpus / "pagila" / "pagila-schema.sql")
    counts_query = (corpus / "corpus_counts.sql").read_text()
    with psycopg.connect(dsn) as conn:
        row = conn.execute(counts_query.strip().rstrip(";")).fetchone()  # type: ignore[arg-type]
    assert row is not None
    measured = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    expected = json.loads((corpus / "pagila" / "COUNTS.json").read_text())
    for key in ("database", "server_version"):
        measured.pop(key, None)
        expected.pop(key, None)
    assert measured == expected


def test_tbls_ddl_deploys_unchanged(pg_cluster: Cluster, shared_dir: Path) -> None:
    # the DDL alters a role "in database testdb", so it must be deployed into a database of that name
    dsn = pg_cluster.create_database("testdb")
    apply_file(dsn, shared_dir / "corpus" / "tbls-postgres" / "testdata" / "ddl" / "postgres.sql")
    tables = _fetch_one(
        dsn, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    assert int(tables[0]) >= 10  # type: ignore[call-overload]


# Pieces that each hide a semicolon from a naive splitter.
_TRICKY_PIECES = [
    "'a;b'",
    "'it''s;'",
    "E'\\';'",
    '"odd;name"',
    "$$ x; y $$",
    "$fn$ BEGIN; $$ inner; $$ END; $fn$",
    "/* c; /* nested; */ still; */",
    "-- line; comment\n",
    "col$1",
    "1.5e3",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_TRICKY_PIECES), max_size=5), min_size=1, max_size=6))
def test_split_never_breaks_inside_quotes_or_comments(pieces_per_statement: list[list[str]]) -> None:
    texts = ["SELECT " + " ".join(pieces) + "\n;" for pieces in pieces_per_statement]
    source = "\n".join(texts)
    statements = split_statements(source)
    assert [statement.text for statement in statements] == texts
    for statement in statements:
        assert source[statement.start : statement.start + len(statement.text)] == statement.text
