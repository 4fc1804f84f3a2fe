"""Live databases (--dsn): only read, with the least privilege, and never showing a password."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from fixtures.reliability import guarantees

from introspect.cli.main import main
from introspect.console import Console
from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import deploy_schema

CASE = Path(__file__).resolve().parents[1] / "drift_cases" / "library"
SECRET = "s3cret-Pa55word"


@pytest.fixture(scope="module")
def reader_dsn(pg_cluster: Cluster) -> str:
    """The library case in a read-only database, reached as a role that may only SELECT, with a password."""
    dsn = pg_cluster.create_database("reliability_live")
    deploy_schema(dsn, CASE, console=Console(err=io.StringIO()))
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reliability_reader")
        conn.execute(f"CREATE ROLE reliability_reader LOGIN PASSWORD '{SECRET}'")
        for (schema,) in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname = 'lending'").fetchall():
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO reliability_reader")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO reliability_reader")
        conn.execute("ALTER DATABASE reliability_live SET default_transaction_read_only = on")
    socket = quote(str(pg_cluster.socket_dir), safe="")
    return f"postgresql://reliability_reader:{SECRET}@/reliability_live?host={socket}&port={pg_cluster.port}"


@guarantees(
    "Live databases",
    "A database with `default_transaction_read_only = on`, read as a role that may only SELECT: `inspect`, "
    "`lint` and `build` work, and nothing is written to it",
)
def test_read_only_database_and_select_only_role(
    reader_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-q", "inspect", "--dsn", reader_dsn, "--summary"]) == 0
    assert main(["-q", "lint", "--dsn", reader_dsn]) in (0, 1)
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "init", "--title", "Library"]) == 0
    assert main(["-q", "build", "--dsn", reader_dsn]) == 0
    capsys.readouterr()


@guarantees(
    "Live databases",
    "A password in the DSN or in `PGPASSWORD` never appears in the output, the error messages, "
    "`catalog.json` or the site",
)
def test_passwords_never_appear(
    reader_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--title", "Library"]) == 0
    assert main(["build", "--dsn", reader_dsn]) == 0
    assert main(["deploy", "--dsn", reader_dsn]) == 2  # not empty: refused, and the refusal names the DSN
    broken = reader_dsn.replace("reliability_live", "no_such_database")
    assert main(["inspect", "--dsn", broken]) == 2
    said = capsys.readouterr()
    assert SECRET not in said.out + said.err
    assert "********" in said.err
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@guarantees(
    "Live databases",
    "`inspect`, `lint` and `check` on a `--dsn` database run every query in a READ ONLY transaction and "
    "create nothing there, not even a temporary object (read from the server's statement log)",
)
def test_nothing_is_created_in_a_live_database(pg_cluster: Cluster, reader_dsn: str, tmp_path: Path) -> None:
    with psycopg.connect(pg_cluster.database_dsn("reliability_live"), autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = off")  # the database's default applies to us too
        conn.execute("ALTER ROLE reliability_reader SET log_statement = 'all'")
    log = pg_cluster.root / "server.log"
    start = log.stat().st_size
    try:
        assert main(["-q", "inspect", "--dsn", reader_dsn, "-o", str(tmp_path / "catalog.json")]) == 0
        assert main(["-q", "lint", "--dsn", reader_dsn]) in (0, 1)
    finally:
        with psycopg.connect(pg_cluster.database_dsn("reliability_live"), autocommit=True) as conn:
            conn.execute("SET default_transaction_read_only = off")
            conn.execute("ALTER ROLE reliability_reader RESET log_statement")
    with log.open("rb") as reader:
        reader.seek(start)
        logged = reader.read().decode("utf-8", errors="replace")
    statements = [line.split("statement: ", 1)[1].strip() for line in logged.splitlines() if "statement: " in line]
    assert statements, "the statement log recorded nothing"
    writes = [s for s in statements if s.split(None, 1)[0].upper() in ("CREATE", "INSERT", "UPDATE", "DELETE", "ALTER")]
    assert writes == []
    assert any("READ ONLY" in s.upper() or "read_only" in s for s in statements)
