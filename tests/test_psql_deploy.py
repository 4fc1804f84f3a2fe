"""Scripts deploy with psql's meaning, archives with pg_restore's: case folders under
tests/deploy_cases/ with an expected.json each, and pg_dump round trips."""

from __future__ import annotations

import io
import json
import subprocess
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from introspect.cli.main import main
from introspect.console import Console
from introspect.postgres.cluster import throwaway_cluster
from introspect.postgres.deploy import DeployError, deploy_schema, schema_files
from introspect.postgres.dsn import database_name
from introspect.postgres.sources import FILE_ORDERS, archive_format
from introspect.postgres.sqlsplit import iter_statements, split_statements

CASES = Path(__file__).resolve().parent / "deploy_cases"
FEATURE_CASES = sorted(path.name for path in CASES.iterdir() if (path / "expected.json").is_file())

_RELATIONS = """
SELECT n.nspname || '.' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY 1
"""


def _one(dsn: str, query: str) -> object:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]


def _relations(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        return [row[0] for row in conn.execute(_RELATIONS).fetchall()]


def _order(case: Path, expected: dict[str, object]) -> str:
    order = str(expected.get("order", "lexical"))
    return order if order in FILE_ORDERS else str(case / order)


@pytest.mark.parametrize("case", FEATURE_CASES)
def test_a_psql_script_deploys_with_psqls_meaning(case: str, make_database: Callable[..., str]) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text())
    order = _order(folder, expected)
    if "files" in expected:
        assert [path.relative_to(folder).as_posix() for path in schema_files(folder, order=order)] == expected["files"]
    dsn = make_database(case)
    progress = io.StringIO()
    deployment = deploy_schema(dsn, folder, order=order, own_server=True, console=Console(err=progress))
    assert database_name(deployment.dsn) == expected.get("database", database_name(dsn))
    assert _relations(deployment.dsn) == expected["relations"]
    if "roles" in expected:
        assert sorted(deployment.created_roles) == expected["roles"]
        assert "as NOLOGIN: " + ", ".join(expected["roles"]) in progress.getvalue()
    if "query" in expected:
        assert _one(deployment.dsn, expected["query"]) == expected["answer"]
    if "progress" in expected:
        assert expected["progress"] in progress.getvalue()


def test_included_files_run_where_they_are_included_not_again() -> None:
    names = [path.name for path in schema_files(CASES / "psql_includes")]
    assert names == ["install.sql"]


def test_an_error_in_an_included_file_names_that_file_and_line(make_database: Callable[..., str]) -> None:
    with pytest.raises(DeployError) as raised:
        deploy_schema(make_database("include_error"), CASES / "include_error", own_server=True)
    lines = str(raised.value).splitlines()
    broken = (CASES / "include_error" / "parts" / "broken.sql").read_text().splitlines()
    column = broken[2].index("no_such_function") + 1
    assert lines[0].endswith(
        f"include_error/parts/broken.sql:3:{column}: ERROR: function no_such_function() does not exist"
    ), lines[0]
    assert any(line.strip().startswith("3 | ") for line in lines[1:])


def test_with_a_users_database_no_role_is_created() -> None:
    with throwaway_cluster() as cluster:  # of its own: the shared one has the case's roles by now
        dsn = cluster.create_database("users_own")
        with pytest.raises(DeployError) as raised:
            deploy_schema(dsn, CASES / "dump_owners_grants", own_server=False)
        assert _one(dsn, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'case\\_%'") == 0
    message = str(raised.value)
    assert "dump_owners_grants/10_dump.sql:" in message.splitlines()[0]
    assert "does not exist" in message and "schemadoc creates no roles" in message


def test_with_a_users_database_switching_database_is_a_clear_error(make_database: Callable[..., str]) -> None:
    dsn = make_database("dsn_switch")
    with pytest.raises(DeployError, match=r"10_create\.sql:3:1: ERROR: switches to database 'psql_case_own_shop'"):
        deploy_schema(dsn, CASES / "psql_own_database", own_server=False)
    assert _relations(dsn) == []  # refused before anything ran


def test_natural_order_puts_2_before_10(tmp_path: Path) -> None:
    for name in ("10_b.sql", "2_a.sql", "V1__x.sql", "sub/1_c.sql"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("SELECT 1;\n")
    natural = [path.relative_to(tmp_path).as_posix() for path in schema_files(tmp_path, order="natural")]
    lexical = [path.relative_to(tmp_path).as_posix() for path in schema_files(tmp_path)]
    assert natural == ["2_a.sql", "10_b.sql", "sub/1_c.sql", "V1__x.sql"]
    assert lexical == ["10_b.sql", "2_a.sql", "V1__x.sql", "sub/1_c.sql"]


def test_flyway_order_refuses_names_it_cannot_place(tmp_path: Path) -> None:
    (tmp_path / "V1__a.sql").write_text("SELECT 1;\n")
    (tmp_path / "V1.0__again.sql").write_text("SELECT 1;\n")
    with pytest.raises(DeployError, match="same version"):
        schema_files(tmp_path, order="flyway")
    (tmp_path / "V1.0__again.sql").unlink()
    (tmp_path / "setup.sql").write_text("SELECT 1;\n")
    with pytest.raises(DeployError, match=r"setup\.sql: not a Flyway migration name"):
        schema_files(tmp_path, order="flyway")


def test_a_list_file_naming_a_missing_file_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1;\n")
    (tmp_path / "order.txt").write_text("a.sql\n\n# comment\nb.sql\n")
    with pytest.raises(DeployError, match=r"order\.txt:4: b\.sql: no such file"):
        schema_files(tmp_path, order=str(tmp_path / "order.txt"))


def _streamed(text: str, chunk_size: int) -> list[tuple[str, int, int]]:
    located = iter_statements(io.StringIO(text), chunk_size)
    return [(item.statement.text, item.line, item.column) for item in located]


@pytest.mark.parametrize("chunk_size", [1, 5, 64, 1 << 20])
def test_streamed_statements_match_the_whole_file_split(chunk_size: int) -> None:
    text = (
        "SELECT 1; SELECT 'a;\nb';\n  COPY t FROM stdin;\n1\t2\n\\.\nCREATE FUNCTION f() RETURNS int\n"
        "BEGIN ATOMIC SELECT 1; END;\n\\echo hi\n-- tail comment\nSELECT $x$ ; $x$ /* ; */;\n"
    )
    starts = [statement.start for statement in split_statements(text)]
    lines_and_columns = [(text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)) for at in starts]
    texts = [statement.text for statement in split_statements(text)]
    whole = [(body, line, column) for body, (line, column) in zip(texts, lines_and_columns, strict=True)]
    assert _streamed(text, chunk_size) == whole


def _copy_dump(rows: int) -> Iterator[str]:
    yield "CREATE TABLE big (id integer, payload text);\nCOPY big (id, payload) FROM stdin;\n"
    for number in range(rows):
        yield f"{number}\t{'x' * 200}\n"
    yield "\\.\nCREATE INDEX big_id ON big (id);\n"


class _Stream(io.TextIOBase):
    """A text stream made on the fly, so that the test itself holds none of it."""

    def __init__(self, pieces: Iterator[str]):
        self.pieces, self.pending = pieces, ""

    def read(self, size: int | None = -1) -> str:
        want = size if size is not None and size >= 0 else 1 << 30
        while len(self.pending) < want:
            piece = next(self.pieces, None)
            if piece is None:
                break
            self.pending += piece
        out, self.pending = self.pending[:want], self.pending[want:]
        return out


def test_a_large_dump_is_read_in_bounded_memory() -> None:
    rows = 250_000  # about 50 MB of COPY data
    tracemalloc.start()
    located = list(iter_statements(_Stream(_copy_dump(rows)), chunk_size=1 << 20))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [item.statement.kind for item in located] == ["sql", "copy", "sql"]
    assert located[2].line == rows + 4
    assert peak < 12 << 20, f"peak {peak >> 20} MB while reading 50 MB"


# -- pg_dump round trips ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Path], dict[str, object]]]:
    """The dump_source case deployed, its catalog read, and pg_dump's four formats of it."""
    out = tmp_path_factory.mktemp("dumps")
    with throwaway_cluster() as origin:
        dsn = origin.create_database("schemadoc")
        deploy_schema(dsn, CASES / "dump_source", own_server=True)
        catalog = out / "origin.json"
        assert main(["inspect", "-q", "--dsn", dsn, "--exact-row-counts", "-o", str(catalog)]) == 0
        files = {}
        for fmt, name in (("p", "plain.sql"), ("c", "custom.dump"), ("d", "directory"), ("t", "archive.tar")):
            target = out / name
            subprocess.run([str(origin.bindir / "pg_dump"), "-F", fmt, "-f", str(target), dsn], check=True)
            files[fmt] = target
        yield files, json.loads(catalog.read_text())


def _comparable(catalog: dict[str, object]) -> dict[str, object]:
    """What a restore must reproduce: everything but when and from where it was read."""
    return {key: value for key, value in catalog.items() if key not in ("generated_at", "source", "dsn")}


@pytest.mark.parametrize("fmt", ["p", "c", "d", "t"])
def test_a_pg_dump_restores_into_an_equal_catalog(
    fmt: str, dumps: tuple[dict[str, Path], dict[str, object]], tmp_path: Path
) -> None:
    files, origin = dumps
    dump = files[fmt]
    assert (archive_format(dump) is None) == (fmt == "p")
    restored = tmp_path / "restored.json"
    assert main(["inspect", "-q", "--schema-dir", str(dump), "--exact-row-counts", "-o", str(restored)]) == 0
    assert _comparable(json.loads(restored.read_text())) == _comparable(origin)


def test_a_dump_in_a_schema_directory_is_found_by_its_header(
    dumps: tuple[dict[str, Path], dict[str, object]], tmp_path: Path
) -> None:
    files, _ = dumps
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "production.backup").write_bytes(files["c"].read_bytes())
    (schema / "notes.txt").write_text("not a source\n")
    assert [path.name for path in schema_files(schema)] == ["production.backup"]


def test_an_error_after_many_notices_is_still_the_one_reported(
    tmp_path: Path, make_database: Callable[..., str]
) -> None:
    notices = "DO $$ BEGIN RAISE NOTICE 'step'; END $$;\n" * 400
    (tmp_path / "10_noisy.sql").write_text(notices + "SELECT * FROM missing_after_notices;\n", encoding="utf-8")
    with pytest.raises(DeployError) as raised:
        deploy_schema(make_database("noisy"), tmp_path)
    first = str(raised.value).splitlines()[0]
    assert first.endswith('10_noisy.sql:401:15: ERROR: relation "missing_after_notices" does not exist'), first
