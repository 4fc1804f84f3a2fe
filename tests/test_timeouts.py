"""--statement-timeout and --lock-timeout: a statement over the limit stops the run, naming its file and line."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import psycopg
import pytest
from fixtures.reliability import guarantees

from introspect.cli import main
from introspect.console import Console
from introspect.postgres.cluster import Cluster

pytestmark = pytest.mark.slow


@guarantees(
    "Time limits",
    "A deploy statement running past `--statement-timeout` stops the run with exit 2 naming its `file:line`",
)
def test_a_statement_over_the_limit_stops_the_deploy_at_its_line(tmp_path: Path) -> None:
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "10_slow.sql").write_text("CREATE TABLE t (id integer);\nSELECT pg_sleep(5);\n", encoding="utf-8")
    err = io.StringIO()
    code = main(["deploy", "--schema-dir", str(schema), "--statement-timeout", "0.5"], Console(quiet=True, err=err))
    assert code == 2
    assert "10_slow.sql:2:1: ERROR:" in err.getvalue() and "statement timeout" in err.getvalue()
    assert "PGOPTIONS" not in os.environ or "statement_timeout=500" not in os.environ["PGOPTIONS"]


@guarantees(
    "Time limits",
    "A `--dsn` session waits for a lock no longer than `--lock-timeout`",
)
def test_a_dsn_session_does_not_wait_for_a_lock_beyond_the_limit(pg_cluster: Cluster) -> None:
    dsn = pg_cluster.create_database("timeouts_dsn")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE locked (id integer)")
    holder = psycopg.connect(dsn)
    try:
        holder.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE")  # the catalog read has to wait for it
        err = io.StringIO()
        started = time.monotonic()
        code = main(["inspect", "--dsn", dsn, "--summary", "--lock-timeout", "1"], Console(quiet=True, err=err))
        assert time.monotonic() - started < 30
        assert code == 2 and "lock timeout" in err.getvalue()
    finally:
        holder.close()
