"""Faults: a server that dies under the tool, a tool killed outright, an output that cannot be written."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from fixtures.processes import wait_until_sleeping
from fixtures.reliability import guarantees

from introspect.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def _slow_deploy(schema: Path) -> subprocess.Popen[str]:
    (schema / "10_slow.sql").write_text("CREATE TABLE t (id integer);\nSELECT pg_sleep(120);\n", encoding="utf-8")
    command = [sys.executable, "-m", "introspect.cli", "deploy", "--schema-dir", str(schema)]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _left_running(root: Path) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["cmdline"]) if str(root) in " ".join(p.info["cmdline"] or [])]


@guarantees(
    "Faults and signals",
    "The PostgreSQL server killed under a running deploy: exit 2 naming the file and line it was at, and "
    "nothing left running or on disk",
)
def test_the_server_dies_under_the_tool(tmp_path: Path) -> None:
    child = _slow_deploy(tmp_path)
    try:
        root = wait_until_sleeping(child)
        postmaster = int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
        psutil.Process(postmaster).send_signal(signal.SIGKILL)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 2, err
    assert "10_slow.sql:2:1: ERROR: connection to server was lost" in err, err
    assert "Traceback" not in err
    assert not root.exists()
    assert not _left_running(root)


@guarantees(
    "Faults and signals",
    "schemadoc killed with SIGKILL in the middle of a deploy: its server stops with it, and the next run "
    "removes what it left on disk",
)
def test_a_killed_run_is_cleaned_up_by_the_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "slow").mkdir()
    child = _slow_deploy(tmp_path / "slow")
    try:
        root = wait_until_sleeping(child)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    (tmp_path / "quick").mkdir()
    (tmp_path / "quick" / "10_a.sql").write_text("CREATE TABLE a (id integer);\n", encoding="utf-8")
    psutil.wait_procs(_left_running(root), timeout=30)
    assert main(["-q", "deploy", "--schema-dir", str(tmp_path / "quick")]) == 0
    assert not root.exists()
    assert not _left_running(root)


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@guarantees(
    "Faults and signals",
    "A site directory that cannot be written: exit 2 with the reason, and the generated pages and the "
    "previous site untouched",
)
def test_an_output_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "10_a.sql").write_text("CREATE TABLE a (id integer PRIMARY KEY);\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["-q", "init", "--title", "Unwritable"]) == 0
    assert main(["-q", "build"]) == 0
    before = (_tree_digest(project / "docs_src"), _tree_digest(project / "site"))
    (project / "not_a_directory").write_text("a file where the site would go\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-q", "build", "--site-dir", "not_a_directory/site"]) == 2
    assert "not_a_directory" in capsys.readouterr().err
    assert (_tree_digest(project / "docs_src"), _tree_digest(project / "site")) == before
