"""Owner files and the reaping of clusters whose owning process is gone (e.g. after `kill -9`)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil

DIR_PREFIX = "schemadoc-pg-"
OWNER_FILE = "owner.json"
# A dir without an owner file may be a cluster that is being created right now: leave young ones alone.
UNOWNED_GRACE_SECONDS = 300.0
STOP_TIMEOUT_SECONDS = 15.0


def write_owner_file(root: Path) -> None:
    """Record which process owns the cluster in `root` (pid + start time, so pid reuse is detected)."""
    me = psutil.Process()
    (root / OWNER_FILE).write_text(json.dumps({"pid": me.pid, "create_time": me.create_time()}))


def _owner_alive(root: Path) -> bool | None:
    """True/False when the owner file says; None when there is no readable owner file."""
    try:
        owner = json.loads((root / OWNER_FILE).read_text())
        pid, create_time = int(owner["pid"]), float(owner["create_time"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        return bool(abs(psutil.Process(pid).create_time() - create_time) < 0.01)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def stop_process(pid: int, *, popen: subprocess.Popen[bytes] | None = None) -> None:
    """Fast shutdown of a postmaster (SIGINT), SIGKILL if it does not stop in time."""
    try:
        process = psutil.Process(pid)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except psutil.TimeoutExpired:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except psutil.NoSuchProcess:
        pass
    if popen is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(timeout=STOP_TIMEOUT_SECONDS)  # reap the zombie


def _stop_postmaster_of(root: Path) -> None:
    data_dir = root / "data"
    try:
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        cmdline = psutil.Process(pid).cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return
    if str(data_dir) in cmdline:  # the pid may have been reused by an unrelated process
        stop_process(pid)


def reap_stale_clusters(temp_root: Path) -> list[Path]:
    """Stop and remove our clusters in `temp_root` whose owner process has exited; returns what was removed."""
    reaped: list[Path] = []
    for root in sorted(temp_root.glob(f"{DIR_PREFIX}*")):
        try:
            info = root.lstat()
        except OSError:
            continue
        if not root.is_dir() or root.is_symlink() or info.st_uid != os.geteuid():
            continue
        alive = _owner_alive(root)
        if alive or (alive is None and time.time() - info.st_mtime < UNOWNED_GRACE_SECONDS):
            continue
        _stop_postmaster_of(root)
        shutil.rmtree(root, ignore_errors=True)
        reaped.append(root)
    return reaped
