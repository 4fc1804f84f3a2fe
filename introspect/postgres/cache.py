"""A cache of deployed clusters: the data directory of a throwaway server after its schema (and
sample data) went in, reused by the next run that would deploy exactly the same thing.

An entry is keyed by a hash of every file under the schema directory (but ``queries/``, which
is never deployed), whether the sample data was loaded, the PostgreSQL binaries (their
``postgres --version`` and location) and schemadoc's own deploy code; any change misses. An entry
is written beside its final place and renamed into it, so concurrent runs never see half an
entry; it carries a manifest (size and SHA-256 of every file) that each reuse checks while
copying, and an entry that does not match is removed, never used. The cache keeps at most
``SCHEMADOC_CACHE_MAX_BYTES`` (default 2 GiB), dropping the least recently used entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from introspect.postgres.binaries import Installation

CACHE_DIR_ENV = "SCHEMADOC_CACHE_DIR"
MAX_BYTES_ENV = "SCHEMADOC_CACHE_MAX_BYTES"
DEFAULT_MAX_BYTES = 2 * 1024**3
FORMAT = 1  # bump when the entry layout changes
NOT_DEPLOYED = ("queries",)
_CHUNK = 1024 * 1024


def default_root() -> Path:
    """``$SCHEMADOC_CACHE_DIR``, else ``$XDG_CACHE_HOME/schemadoc``, else ``~/.cache/schemadoc``."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemadoc"


def _binaries_identity(installation: Installation) -> str:
    postgres = installation.bindir / "postgres"
    try:
        version = subprocess.run(
            [str(postgres), "--version"], capture_output=True, text=True, check=False, timeout=30
        ).stdout.strip()
    except OSError:
        version = "unknown"
    return f"{installation.kind} {installation.bindir} {version}"


def _schemadoc_identity() -> str:
    """The package version and a digest of the deploy code: a change to either misses the cache."""
    try:
        version = importlib.metadata.version("schemadoc")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return f"{version} {digest.hexdigest()}"


def deployment_key(
    schema_dir: Path,
    *,
    sample_data: bool,
    installation: Installation,
    database: str,
    sample_data_dir: Path | None = None,
    order: str = "lexical",
    sample_data_jobs: int = 1,
) -> str:
    """The cache key of deploying ``schema_dir`` (and ``sample_data_dir``) with these binaries, in
    this file order: every file beside the scripts counts (``\\i`` includes, ``\\copy`` data)."""
    digest = hashlib.sha256(
        f"format {FORMAT}\0sample {sample_data}\0db {database}\0order {order}\0jobs {sample_data_jobs}\0".encode()
    )
    digest.update(_binaries_identity(installation).encode() + b"\0")
    digest.update(_schemadoc_identity().encode() + b"\0")
    if Path(order).is_file():
        digest.update(b"order list\0" + Path(order).read_bytes() + b"\0")
    if not schema_dir.is_dir():
        digest.update(f"{schema_dir.name}\0{_hashed_tree(schema_dir)}\0".encode())
    for path in sorted(p for p in schema_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(schema_dir)
        own_samples = relative.parts[0] == "sample_data"
        if relative.parts[0] in NOT_DEPLOYED or (own_samples and (not sample_data or sample_data_dir is not None)):
            continue
        digest.update(f"{relative.as_posix()}\0{_hashed(path)[1]}\0".encode())
    if sample_data and sample_data_dir is not None and sample_data_dir.is_dir():
        for path in sorted(p for p in sample_data_dir.rglob("*") if p.is_file()):
            digest.update(f"sample/{path.relative_to(sample_data_dir).as_posix()}\0{_hashed(path)[1]}\0".encode())
    return digest.hexdigest()[:32]


def _hashed_tree(path: Path) -> str:
    """SHA-256 of a file, or of a directory's files (a directory-format dump given as the schema)."""
    if path.is_file():
        return _hashed(path)[1]
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(f"{file.relative_to(path).as_posix()}\0{_hashed(file)[1]}\0".encode())
    return digest.hexdigest()


def _hashed(path: Path) -> tuple[int, str]:
    """A file's size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    """Copy one file, returning its size and SHA-256 (read once)."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


@dataclass(frozen=True)
class ClusterCache:
    """Deployed data directories under ``root``, at most ``max_bytes`` of them."""

    root: Path
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def default(cls) -> ClusterCache:
        limit = os.environ.get(MAX_BYTES_ENV)
        return cls(default_root() / "clusters", int(limit) if limit else DEFAULT_MAX_BYTES)

    def entry(self, key: str) -> Path:
        return self.root / key

    def restore(self, key: str, data_dir: Path) -> bool:
        """Fill the empty ``data_dir`` from the entry; False (and the entry removed) when it is
        absent or does not match its manifest."""
        entry = self.entry(key)
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("key") != key or manifest.get("format") != FORMAT:
                raise ValueError("manifest of another entry")
            files: dict[str, list[object]] = manifest["files"]
            for relative, (size, sha) in files.items():
                target = data_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                if _copy_hashed(entry / "data" / relative, target) != (size, sha):
                    raise ValueError(f"{relative} does not match the manifest")
            for relative in manifest.get("dirs", ()):
                (data_dir / relative).mkdir(parents=True, exist_ok=True)
        except FileNotFoundError:
            self._empty(data_dir)
            return False
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._empty(data_dir)
            self.discard(key, reason=str(exc))
            return False
        with contextlib.suppress(OSError):
            os.utime(entry / "manifest.json")  # most recently used
        return True

    def store(self, key: str, data_dir: Path) -> bool:
        """Move (or, across file systems, copy) a cleanly stopped data directory into the cache;
        False when another run was first or it could not be written."""
        if (self.entry(key) / "manifest.json").is_file():
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.root / f".new-{key}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            staging.mkdir()
            files: dict[str, tuple[int, str]] = {}
            dirs: list[str] = []
            for path in sorted(data_dir.rglob("*")):
                relative = path.relative_to(data_dir).as_posix()
                if path.is_dir():
                    dirs.append(relative)
                elif path.is_file():
                    files[relative] = _hashed(path)
            try:
                os.rename(data_dir, staging / "data")  # the cluster is being removed: no copy needed
            except OSError:
                shutil.copytree(data_dir, staging / "data")
            manifest = {"format": FORMAT, "key": key, "files": files, "dirs": dirs}
            (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            os.rename(staging, self.entry(key))
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return False
        self.evict()
        return True

    def discard(self, key: str, *, reason: str = "") -> None:
        """Remove an entry (renamed away first, so no reader sees it half removed)."""
        entry = self.entry(key)
        doomed = self.root / f".old-{key}-{os.getpid()}-{time.monotonic_ns()}"
        with contextlib.suppress(OSError):
            os.rename(entry, doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file()) if self.root.is_dir() else 0

    def evict(self) -> None:
        """Drop the least recently used entries until the cache fits its limit; clear leftovers of
        runs that died while writing."""
        if not self.root.is_dir():
            return
        hour_ago = time.time() - 3600
        for leftover in self.root.glob(".*-*"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < hour_ago:
                    shutil.rmtree(leftover, ignore_errors=True)
        entries = []
        for entry in self.root.iterdir():
            manifest = entry / "manifest.json"
            if entry.name.startswith(".") or not manifest.is_file():
                continue
            size = sum(p.stat().st_size for p in entry.rglob("*") if p.is_file())
            entries.append((manifest.stat().st_mtime, size, entry.name))
        total = sum(size for _, size, _ in entries)
        for _, size, name in sorted(entries):
            if total <= self.max_bytes:
                break
            self.discard(name, reason="cache over its size limit")
            total -= size

    @staticmethod
    def _empty(data_dir: Path) -> None:
        for leftover in data_dir.iterdir():
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
