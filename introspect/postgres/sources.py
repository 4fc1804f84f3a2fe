"""Which files a schema directory deploys, and in which order.

A source is a SQL script (``*.sql``, or any file that starts like a plain pg_dump) or a pg_dump
archive — custom, directory or tar format, recognised by its header, not its name. Scripts that
another script includes (``\\i``, ``\\ir``) run where they are included, not again on their own.

Orders: ``lexical`` (path by path, character by character), ``natural`` (runs of digits compared
as numbers: ``2_x`` before ``10_x``), ``flyway`` (``V<version>__*.sql`` by version, then
``R__*.sql`` by name), or the path of a list file naming the files one per line.
"""

from __future__ import annotations

import functools
import os
import re
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from introspect.errors import SchemadocError

ArchiveFormat = Literal["custom", "directory", "tar"]
FILE_ORDERS = ("lexical", "natural", "flyway")
EXCLUDED_DIRS = ("sample_data", "queries")
_CUSTOM_MAGIC = b"PGDMP"
_PLAIN_DUMP_START = b"--\n-- PostgreSQL database dump"
_INCLUDE = re.compile(rb"(?m)^[ \t]*\\(?:i|ir|include|include_relative)[ \t]+(\"[^\"\n]+\"|'[^'\n]+'|[^\s]+)")
_FLYWAY_VERSIONED = re.compile(r"^V(?P<version>\d+(?:[._]\d+)*)__(?P<description>.+)\.sql$", re.IGNORECASE)
_FLYWAY_REPEATABLE = re.compile(r"^R__(?P<description>.+)\.sql$", re.IGNORECASE)
_FLYWAY_UNDO = re.compile(r"^U\d+(?:[._]\d+)*__.+\.sql$", re.IGNORECASE)
_READ_CHUNK = 1 << 20


class SourceError(SchemadocError):
    """The schema's files cannot be listed (a missing directory, a bad list file, a duplicate version)."""


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, else as given."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def archive_format(path: Path) -> ArchiveFormat | None:
    """The pg_dump archive format of ``path``, read from its header; None for anything else."""
    if path.is_dir():
        toc = path / "toc.dat"
        return "directory" if toc.is_file() and _starts_with(toc, _CUSTOM_MAGIC) else None
    if _starts_with(path, _CUSTOM_MAGIC):
        return "custom"
    try:
        with path.open("rb") as reader:
            header = reader.read(512)
        if header[257:262] != b"ustar":
            return None
        with tarfile.open(path) as archive:  # pg_dump writes toc.dat first
            first = archive.next()
            return "tar" if first is not None and first.name == "toc.dat" else None
    except (OSError, tarfile.TarError):
        return None


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as reader:
            return reader.read(len(prefix)) == prefix
    except OSError:
        return False


def is_source(path: Path) -> bool:
    """A script or an archive schemadoc deploys when it finds it in a schema directory."""
    if path.is_dir():
        return archive_format(path) == "directory"
    return path.suffix.lower() == ".sql" or _starts_with(path, _PLAIN_DUMP_START) or archive_format(path) is not None


def _found_under(base: Path, excluded: tuple[str, ...]) -> list[Path]:
    """Sources below ``base``; a directory archive counts as one, and is not looked into."""
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(base):
        here = Path(directory)
        if here != base and here.relative_to(base).parts[0] in excluded:
            subdirectories[:] = []
            continue
        if here != base and archive_format(here) == "directory":
            found.append(here)
            subdirectories[:] = []
            continue
        subdirectories.sort()
        for name in files:
            path = here / name
            if path.is_symlink() and not path.exists():
                raise SourceError(
                    f"{display_path(path)}: a symbolic link that leads nowhere (a loop, or a missing file)"
                )
            if is_source(path):
                found.append(path)
    return found


def _included_by(paths: list[Path]) -> set[Path]:
    """Files that one of ``paths`` includes with ``\\i``/``\\ir``."""
    included: set[Path] = set()
    for path in paths:
        if not path.is_dir() and archive_format(path) is None:
            stat = path.stat()
            included |= _includes_of(path, stat.st_size, stat.st_mtime_ns)
    return included


@functools.lru_cache(maxsize=1024)
def _includes_of(path: Path, size: int, mtime_ns: int) -> frozenset[Path]:
    """What one file includes, read as bytes (fast at any size); remembered while the file is unchanged."""
    del size, mtime_ns  # the cache key: a changed file is read again
    included: set[Path] = set()
    with path.open("rb") as reader:
        tail = b""
        while True:
            chunk = reader.read(_READ_CHUNK)
            text = tail + chunk
            cut = text.rfind(b"\n") + 1 if chunk else len(text)  # whole lines only, but the last
            for match in _INCLUDE.finditer(text, 0, cut):
                name = match.group(1).strip(b"'\"").decode("utf-8", errors="replace")
                if ":" not in name:  # ":var" only psql knows
                    included.add((path.parent / name).resolve())
            tail = text[cut:]
            if not chunk:
                break
    return frozenset(included)


def _natural_key(relative: Path) -> list[list[str | int]]:
    """Path parts as runs of text and numbers: ``V10`` after ``V2``."""
    key: list[list[str | int]] = []
    for part in relative.parts:
        runs = re.split(r"(\d+)", part)
        key.append([int(run) if index % 2 else run.lower() for index, run in enumerate(runs)])
    return key


def _flyway_order(base: Path, paths: list[Path]) -> list[Path]:
    versioned: dict[tuple[int, ...], Path] = {}
    repeatable: list[tuple[str, Path]] = []
    for path in paths:
        name = path.name
        match = _FLYWAY_VERSIONED.match(name)
        if match:
            version = tuple(int(part) for part in re.split(r"[._]", match["version"]))
            while len(version) > 1 and version[-1] == 0:
                version = version[:-1]  # 1.0 and 1 are the same version to Flyway
            if version in versioned:
                raise SourceError(
                    f"{display_path(path)} and {display_path(versioned[version])} have the same version "
                    f"{match['version']}: Flyway refuses that too"
                )
            versioned[version] = path
        elif (repeated := _FLYWAY_REPEATABLE.match(name)) is not None:
            repeatable.append((repeated["description"].lower(), path))
        elif _FLYWAY_UNDO.match(name) or path.suffix.lower() != ".sql":
            continue  # undo migrations do not run on migrate
        else:
            raise SourceError(
                f"{display_path(path)}: not a Flyway migration name (V<version>__<description>.sql or "
                "R__<description>.sql); use --file-order natural or a list file for other names"
            )
    return [versioned[version] for version in sorted(versioned)] + [path for _, path in sorted(repeatable)]


def _listed_order(list_file: Path) -> list[Path]:
    """The files a list file names, one per line (blank lines and ``#`` comments skipped)."""
    try:
        lines = list_file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SourceError(f"file order list {display_path(list_file)}: cannot read: {exc.strerror}") from exc
    paths: list[Path] = []
    for number, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        path = list_file.parent / entry
        if not path.exists():
            raise SourceError(f"{display_path(list_file)}:{number}: {entry}: no such file")
        paths.append(path)
    return paths


def ordered(base: Path, paths: list[Path], order: str) -> list[Path]:
    """``paths`` (below ``base``) in the given order."""
    keys: dict[str, Callable[[Path], object]] = {
        "lexical": lambda path: path.relative_to(base).as_posix(),
        "natural": lambda path: _natural_key(path.relative_to(base)),
    }
    if order in keys:
        return sorted(paths, key=keys[order])  # type: ignore[arg-type, return-value]
    if order == "flyway":
        return _flyway_order(base, paths)
    raise SourceError(f"unknown file order {order!r}: use {', '.join(FILE_ORDERS)} or the path of a list file")


def _deployed_under(base: Path, excluded: tuple[str, ...], order: str) -> list[Path]:
    found = _found_under(base, excluded)
    included = _included_by(found)
    return ordered(base, [path for path in found if path.resolve() not in included], order)


def source_files(
    schema_dir: Path,
    *,
    sample_data: bool = False,
    sample_data_dir: Path | None = None,
    order: str = "lexical",
) -> list[Path]:
    """What deploying ``schema_dir`` runs, in order: the schema proper, then (optionally) the sample
    data (``schema_dir/sample_data`` unless ``sample_data_dir`` names another directory).

    ``schema_dir`` may also be one script or one archive. ``order`` is one of FILE_ORDERS or the
    path of a list file (whose files are then the schema, whatever the directory holds)."""
    if schema_dir.is_file() or archive_format(schema_dir) == "directory":
        return [schema_dir]
    if not schema_dir.is_dir():
        raise SourceError(f"schema directory {display_path(schema_dir)} does not exist")

    listed = order not in FILE_ORDERS
    files = _listed_order(Path(order)) if listed else _deployed_under(schema_dir, EXCLUDED_DIRS, order)
    samples = sample_data_dir if sample_data_dir is not None else schema_dir / "sample_data"
    if sample_data and sample_data_dir is not None and not samples.is_dir():
        raise SourceError(f"sample data directory {display_path(samples)} does not exist")
    if sample_data and samples.is_dir():
        files += _deployed_under(samples, (), "lexical" if listed else order)
    return files
