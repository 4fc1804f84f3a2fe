"""The `schemadoc` command line: help, `deploy`, exit codes, progress and --quiet, SIGTERM cleanup."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psutil
import psycopg
import pytest
from fixtures.processes import wait_until_sleeping
from fixtures.reliability import guarantees

from introspect.cli import SUBCOMMANDS, main
from introspect.console import Console
from introspect.postgres.cluster import cluster_root
from introspect.postgres.dsn import mask_password
from introspect.postgres.reaper import DIR_PREFIX

REPO_DIR = Path(__file__).resolve().parents[1]
GOOD_CASE = Path(__file__).resolve().parent / "deploy_cases" / "good"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, Console(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def _with_password(dsn: str, password: str) -> str:
    return dsn.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")


@pytest.mark.parametrize("command", sorted(SUBCOMMANDS))
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert f"usage: schemadoc {command}" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_deploy_into_an_empty_database(make_database: Callable[..., str]) -> None:
    dsn = make_database("cli")
    code, out, err = _run(["deploy", "--dsn", dsn, "--schema-dir", str(GOOD_CASE), "--sample-data"])
    assert code == 0, err
    assert "deployed 7 SQL files" in out
    assert "applying" in err and "10_transaction.sql" in err  # progress on stderr
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM shop.customer").fetchone() == (2,)


@pytest.mark.parametrize("where", ["after", "before"])
def test_quiet_prints_no_progress(make_database: Callable[..., str], where: str) -> None:
    options = ["--dsn", make_database("cli"), "--schema-dir", str(GOOD_CASE)]
    argv = ["deploy", "--quiet", *options] if where == "after" else ["--quiet", "deploy", *options]
    code, out, err = _run(argv)
    assert (code, err) == (0, "")
    assert out.startswith("deployed 6 SQL files")


@guarantees(
    "Live databases",
    "`deploy --dsn` into a database that already holds tables is refused, before anything runs",
)
def test_deploy_refuses_a_database_with_tables_and_never_shows_the_password(make_database: Callable[..., str]) -> None:
    dsn = make_database("full")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE already_here (id integer)")
    secret_dsn = _with_password(dsn, "s3cret-pw")
    code, out, err = _run(["deploy", "--dsn", secret_dsn, "--schema-dir", str(GOOD_CASE)])
    assert code == 2
    assert "not empty" in err and "public.already_here" in err
    assert "s3cret-pw" not in out + err and "postgres:********@" in err


def test_deploy_error_names_file_and_line(make_database: Callable[..., str]) -> None:
    code, _out, err = _run(
        ["deploy", "--dsn", make_database("cli"), "--schema-dir", str(GOOD_CASE.parent / "syntax_error")]
    )
    assert code == 2
    assert "syntax_error/10_tables.sql:6:5: ERROR: syntax error" in err


def test_deploy_without_dsn_checks_the_schema_on_a_throwaway_server() -> None:
    before = set(cluster_root().glob(f"{DIR_PREFIX}*"))
    code, out, err = _run(["deploy", "--schema-dir", str(GOOD_CASE)])
    assert code == 0, err
    assert "throwaway PostgreSQL (now removed)" in out
    assert set(cluster_root().glob(f"{DIR_PREFIX}*")) <= before


def test_missing_schema_dir_exits_2() -> None:
    code, _out, err = _run(["deploy", "--schema-dir", "/nonexistent/schema"])
    assert code == 2 and "does not exist" in err


def test_password_masking_covers_urls_and_keywords() -> None:
    assert mask_password("postgresql://me:pa:ss@host/db") == "postgresql://me:********@host/db"
    assert mask_password("host=x password='a b' user=me") == "host=x password=******** user=me"
    assert (
        mask_password("postgresql://me@host/db?password=abc&port=1")
        == "postgresql://me@host/db?password=********&port=1"
    )


@pytest.mark.parametrize(
    ("signum", "exit_code", "said"),
    [(signal.SIGTERM, 143, "terminated by signal"), (signal.SIGINT, 130, "interrupted")],
)
@guarantees(
    "Faults and signals",
    "SIGTERM or Ctrl-C during a deploy: exit 143 or 130, the server stopped and its directory removed",
)
def test_a_signal_to_a_running_schemadoc_leaves_nothing_behind(
    tmp_path: Path, signum: int, exit_code: int, said: str
) -> None:
    (tmp_path / "10_slow.sql").write_text("CREATE TABLE t (id integer);\nSELECT pg_sleep(120);\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "introspect.cli", "deploy", "--schema-dir", str(tmp_path)],
        cwd=REPO_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        root = wait_until_sleeping(child)
        postmaster = int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
        child.send_signal(signum)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == exit_code, err
    assert said in err
    assert not root.exists()
    assert not psutil.pid_exists(postmaster) or psutil.Process(postmaster).status() == psutil.STATUS_ZOMBIE
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(root) in " ".join(p.info["cmdline"] or [])]


def test_python_dash_m_entry_point_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "introspect.cli", "--help"], cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "usage: schemadoc" in result.stdout
