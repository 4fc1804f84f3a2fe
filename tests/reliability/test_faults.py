"""Faults: a server that dies under the tool, a tool killed outright, an output that cannot be written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from fixtures.processes import child_cluster_root, wait_until_sleeping
from fixtures.reliability import guarantees
from fixtures.trees import tree_digest

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
    before = (tree_digest(project / "docs_src"), tree_digest(project / "site"))
    (project / "not_a_directory").write_text("a file where the site would go\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-q", "build", "--site-dir", "not_a_directory/site"]) == 2
    assert "not_a_directory" in capsys.readouterr().err
    assert (tree_digest(project / "docs_src"), tree_digest(project / "site")) == before


@pytest.mark.parametrize("stage", ["starting the server", "loading sample data"])
@guarantees(
    "Faults and signals",
    "SIGTERM while the server is starting or while the sample data loads during a build: exit 143, the "
    "server stopped, its directory removed, the previous docs untouched",
)
def test_sigterm_at_other_stages(stage: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "schema" / "sample_data").mkdir(parents=True)
    (project / "schema" / "10_a.sql").write_text("CREATE TABLE a (id integer PRIMARY KEY);\n", encoding="utf-8")
    (project / "schema" / "sample_data" / "10_rows.sql").write_text(
        "INSERT INTO a VALUES (1);\nSELECT pg_sleep(120);\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "introspect.cli", "-q", "init"], cwd=project, env=env, check=True)
    before = tree_digest(project / "docs_src")
    child = subprocess.Popen(
        [sys.executable, "-m", "introspect.cli", "build", "--no-cache"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        if stage == "starting the server":
            root = None
            while root is None and child.poll() is None:
                root = child_cluster_root(child.pid)
        else:
            root = wait_until_sleeping(child)
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert root is not None
    assert child.returncode == 143, err
    assert not root.exists()
    assert not _left_running(root)
    assert tree_digest(project / "docs_src") == before


@guarantees(
    "Faults and signals",
    "A full disk (a small tmpfs) while the generated pages are written: exit 2 with the reason, and the "
    "previous pages intact, never half-written",
)
def test_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "10_a.sql").write_text("CREATE TABLE a (id integer PRIMARY KEY);\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["-q", "init", "--title", "Full disk"]) == 0
    assert main(["-q", "build"]) == 0
    files = [path for path in (project / "docs_src").rglob("*") if path.is_file()]
    needed = sum((path.stat().st_size // 4096 + 1) * 4096 for path in files)  # tmpfs takes whole pages
    disk = tmp_path / "disk"
    disk.mkdir()
    # Room for one copy of the pages, not for the new one beside it.
    size = (needed * 3 // 2 // 4096 + 1) * 4096
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        shutil.copytree(project / "docs_src", disk / "docs_src")
        before = tree_digest(disk / "docs_src")
        (project / "schema" / "20_b.sql").write_text("CREATE TABLE b (id integer PRIMARY KEY);\n", encoding="utf-8")
        capsys.readouterr()
        assert main(["-q", "build", "--docs-dir", str(disk / "docs_src")]) == 2
        assert "No space left on device" in capsys.readouterr().err
        assert tree_digest(disk / "docs_src") == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _signal_build_when(project: Path, ready: Callable[[str], bool], env: dict[str, str]) -> tuple[int, str]:
    """Start a build, send SIGTERM when a progress line satisfies ``ready``; its exit code and stderr."""
    child = subprocess.Popen(
        [sys.executable, "-m", "introspect.cli", "build", "--no-cache"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stderr is not None
    said = []
    try:
        for line in child.stderr:
            said.append(line)
            if ready(line):
                child.send_signal(signal.SIGTERM)
                break
        said.append(child.stderr.read())
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, "".join(said)


@pytest.mark.parametrize("stage", ["introspecting and rendering", "mkdocs build"])
@guarantees(
    "Faults and signals",
    "SIGTERM after the deploy, while the catalog is read and the pages rendered, or during `mkdocs build`: "
    "exit 143, no server or temporary directory left, the previous docs and site untouched",
)
def test_sigterm_after_the_deploy(stage: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    tables = "".join(f"CREATE TABLE t{n} (id integer PRIMARY KEY, note text);\n" for n in range(150))
    (project / "schema" / "10_tables.sql").write_text(tables, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "introspect.cli", "-q", "init"], cwd=project, env=env, check=True)
    subprocess.run([sys.executable, "-m", "introspect.cli", "-q", "build"], cwd=project, env=env, check=True)
    before = (tree_digest(project / "docs_src"), tree_digest(project / "site"))
    if stage == "mkdocs build":
        # A hook that holds mkdocs at its start, so the signal arrives while mkdocs runs.
        (project / "hold.py").write_text(
            "import sys, time\n\ndef on_pre_build(config):\n"
            "    print('mkdocs is building', file=sys.stderr, flush=True)\n    time.sleep(120)\n",
            encoding="utf-8",
        )
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(config + "hooks:\n  - hold.py\n", encoding="utf-8")
        ready: Callable[[str], bool] = lambda line: "mkdocs is building" in line  # noqa: E731 - the hook holds it
    else:
        ready = lambda line: "deploying" in line and "done in" in line  # noqa: E731
    code, said = _signal_build_when(project, ready, env)
    assert code == 143, said
    assert "Traceback" not in said
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(("schemadoc-pg-", "schemadoc-stage-"))]
    assert leftovers == []
    assert not [p for p in project.rglob(".*.new-*")]
    if stage == "mkdocs build":
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert (tree_digest(project / "docs_src"), tree_digest(project / "site")) == before
