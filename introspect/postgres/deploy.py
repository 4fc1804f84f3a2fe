"""Deploy a schema's sources into a database the way psql and pg_restore would, reporting the
first failure as ``path:line:col: ERROR: …``.

Scripts run through psql (``psql.run_script``), archives through pg_restore. Before anything runs,
the scripts are read once (``scripts.read_scripts``) for what they need: on a throwaway server
(``own_server``), roles they refer to but nobody creates are created as NOLOGIN roles, and a
script may create its own database and switch to it (``CREATE DATABASE x; \\c x``), which is then
the database deployed into and documented. On a user's database (``--dsn``) neither happens.
"""

from __future__ import annotations

import functools
import io
import os
import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.postgres.binaries import client_program
from introspect.postgres.bulk_load import ForeignKeyCheckFailed, deferred_work, workers, write_pattern
from introspect.postgres.dsn import database_name, mask_password
from introspect.postgres.psql import ScriptError, run_script
from introspect.postgres.scripts import ScriptFacts, read_scripts, read_statements_into
from introspect.postgres.sources import SourceError, archive_format, display_path, source_files
from introspect.postgres.sqlsplit import SplitError, iter_statements

LARGE_FILE_BYTES = 64 << 20  # progress is shown while files at least this big are applied
_PROGRESS_STEPS = 10
# Index builds and VACUUM FULL in the sample data get more memory (nothing loaded depends on it). A
# larger work_mem was tried and left out: it changes which of two tied rows a DISTINCT ON keeps.
SAMPLE_DATA_OPTIONS = "-c maintenance_work_mem=256MB"
_LEADING_NUMBER = re.compile(r"^(\d+)")


class DeployError(SchemadocError):
    """A schema file could not be applied; the message names the file, line and column."""


def schema_files(
    schema_dir: Path, *, sample_data: bool = False, sample_data_dir: Path | None = None, order: str = "lexical"
) -> list[Path]:
    """The sources deploying ``schema_dir`` runs, in order (see ``sources.source_files``)."""
    try:
        return source_files(Path(schema_dir), sample_data=sample_data, sample_data_dir=sample_data_dir, order=order)
    except SourceError as exc:
        raise DeployError(str(exc)) from exc


# The database scripts start in, as far as reading them goes: no real database has this name, so a
# \connect to any database is seen; the deploy then ignores those to the database it deploys into.
_STARTING_DATABASE = "\0starting database"


def read_sources(files: list[Path], *, sample_data: bool = False) -> ScriptFacts:
    """What the sources need, read without running them (archives through ``pg_restore -f -``);
    remembered while no file changes, as a command asks more than once (extensions, then roles)."""
    stamps = tuple((path, path.stat().st_size, path.stat().st_mtime_ns) for path in files)
    return _read_sources(stamps, sample_data and any(archive_format(path) for path in files))


@functools.lru_cache(maxsize=16)
def _read_sources(stamps: tuple[tuple[Path, int, int], ...], sample_data: bool) -> ScriptFacts:
    files = [path for path, _, _ in stamps]
    scripts = [path for path in files if archive_format(path) is None]
    facts = read_scripts(scripts, database=_STARTING_DATABASE)
    for archive in (path for path in files if archive_format(path) is not None):
        _read_archive(archive, facts, sample_data=sample_data)
    return facts


def _read_archive(archive: Path, facts: ScriptFacts, *, sample_data: bool) -> None:
    """Read the script pg_restore would run for ``archive``, for its extensions and roles."""
    command = [str(client_program("pg_restore")), "-f", "-", *(() if sample_data else ("--schema-only",)), str(archive)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    reader = io.TextIOWrapper(process.stdout, encoding="utf-8", errors="replace", newline="")
    read_statements_into(iter_statements(reader), facts)
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    if process.wait() != 0:
        raise DeployError(f"{display_path(archive)}: pg_restore cannot read it: {_pg_restore_message(stderr)}")


def required_extensions(
    schema_dir: Path, sample_data_dir: Path | None = None, order: str = "lexical"
) -> tuple[str, ...]:
    """Extensions the schema creates (``CREATE EXTENSION name``), sorted, without duplicates."""
    with_samples = sample_data_dir is None or sample_data_dir.is_dir()
    files = schema_files(schema_dir, sample_data=with_samples, sample_data_dir=sample_data_dir, order=order)
    return tuple(sorted(read_sources(files).extensions))


def _with_database(dsn: str, database: str) -> str:
    return dsn if database in ("", database_name(dsn)) else make_conninfo(dsn, dbname=database)


def _existing_roles(dsn: str) -> set[str]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT rolname FROM pg_roles").fetchall()}


def create_missing_roles(dsn: str, facts: ScriptFacts, console: Console) -> list[str]:
    """Create, as NOLOGIN roles, the roles the sources refer to that neither they nor the server create."""
    missing = facts.missing_roles(_existing_roles(dsn))
    if missing:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for role in missing:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        console.progress(f"  created {len(missing)} role(s) the files refer to, as NOLOGIN: {', '.join(missing)}")
    return missing


class _Progress:
    """Progress of one large file, every tenth of it."""

    def __init__(self, console: Console, path: Path):
        self.console, self.path, self.shown = console, path, 0

    def __call__(self, sent: int, total: int) -> None:
        step = sent * _PROGRESS_STEPS // max(total, 1)
        if total >= LARGE_FILE_BYTES and step > self.shown:
            self.shown = step
            self.console.progress(f"    {display_path(self.path)}: {sent >> 20} of {total >> 20} MB sent")


def apply_file(
    dsn: str,
    path: Path,
    *,
    console: Console | None = None,
    own_server: bool = True,
    sample_data: bool = True,
    env: dict[str, str] | None = None,
) -> str:
    """Apply one script (with psql) or archive (with pg_restore); returns the DSN of the database
    it ended in (a script may ``\\connect`` to a database it created)."""
    console = console or Console(quiet=True)
    if archive_format(path) is not None:
        _restore_archive(dsn, path, sample_data=sample_data)
        return dsn
    try:
        run = run_script(client_program("psql"), dsn, path, progress=_Progress(console, path), env=env)
    except ScriptError as exc:
        message = str(exc)
        if not own_server and "role " in message and "does not exist" in message:
            message += "\nHINT: schemadoc creates no roles in a database given with --dsn: create the role first"
        raise DeployError(message) from exc
    for error in run.ignored_errors:
        console.progress(f"  psql went on past an error, the script having turned ON_ERROR_STOP off: {error}")
    if run.ignored_count > len(run.ignored_errors):
        console.progress(f"  … and {run.ignored_count - len(run.ignored_errors)} more such error(s)")
    if run.database and run.database != database_name(dsn):
        if not own_server:
            raise DeployError(
                f"{display_path(path)} switched to database {run.database!r}; "
                f"with --dsn schemadoc deploys into {database_name(dsn)!r} only"
            )
        console.progress(f"  {display_path(path)} continues in database {run.database!r}: that one is documented")
    return _with_database(dsn, run.database)


def _pg_restore_message(stderr: str) -> str:
    lines = [line.removeprefix("pg_restore: ").removeprefix("error: ") for line in stderr.splitlines()]
    return mask_password("\n".join(line for line in lines if line.strip()) or "pg_restore failed")


def _restore_archive(dsn: str, archive: Path, *, sample_data: bool) -> None:
    """Restore a pg_dump archive with pg_restore, stopping at the first error."""
    command = [str(client_program("pg_restore")), "--exit-on-error", "--no-password", "-d", dsn]
    command += [] if sample_data else ["--schema-only"]
    if archive_format(archive) in ("custom", "directory") and workers() > 1:
        command += ["--jobs", str(workers())]
    result = subprocess.run([*command, str(archive)], capture_output=True, check=False)
    if result.returncode != 0:
        message = _pg_restore_message(result.stderr.decode("utf-8", errors="replace"))
        raise DeployError(f"{display_path(archive)}: ERROR: {message.removeprefix('could not execute query: ')}")


def _sample_statements(paths: list[Path]) -> Iterator[tuple[Path, int, int, str]]:
    """Every statement of the sample-data scripts, with where it starts, read piece by piece."""
    for path in paths:
        if archive_format(path) is None:
            with path.open(encoding="utf-8", errors="replace", newline="") as reader:
                try:
                    for located in iter_statements(reader):
                        yield path, located.line, located.column, located.statement.text
                except SplitError:
                    continue  # psql reports the broken statement, with its position, when it runs the file


def sample_groups(paths: list[Path], jobs: int) -> list[list[Path]]:
    """The sample-data files in the groups they run in: one by one, or with ``jobs`` > 1, files next
    to each other whose names start with the same number (``30_reviews.sql``, ``30_stock.sql``) together."""
    groups: list[list[Path]] = []
    for path in paths:
        number = _LEADING_NUMBER.match(path.name)
        previous = _LEADING_NUMBER.match(groups[-1][-1].name) if groups else None
        same = jobs > 1 and number and previous and int(number[1]) == int(previous[1])
        if same and path.parent == groups[-1][-1].parent and archive_format(path) is None:
            groups[-1].append(path)
        else:
            groups.append([path])
    return groups


def _sample_environment() -> dict[str, str]:
    return {"PGOPTIONS": f"{os.environ.get('PGOPTIONS', '')} {SAMPLE_DATA_OPTIONS}".strip()}


def _apply_sample_group(dsn: str, group: list[Path], jobs: int, console: Console, own_server: bool) -> str:
    """Apply one group of sample-data files, at the same time on up to ``jobs`` connections; the
    first failure in file order is the one reported, once every file of the group has finished."""
    env = _sample_environment()
    for path in group:
        console.progress(
            f"  applying {display_path(path)}" + (" (at the same time as its group)" if len(group) > 1 else "")
        )
    if len(group) == 1:
        return apply_file(dsn, group[0], console=console, own_server=own_server, env=env)

    def apply(path: Path) -> str:
        return apply_file(dsn, path, console=console, own_server=own_server, env=env)

    with ThreadPoolExecutor(max_workers=min(jobs, len(group))) as pool:
        futures = [pool.submit(apply, path) for path in group]
    ended = dsn
    for future in futures:
        ended = future.result()  # raises the first failure in file order
    return ended


def _foreign_key_error(failure: ForeignKeyCheckFailed, sample: list[Path]) -> DeployError:
    """The failed check as an error at the first sample statement that writes the table."""
    pattern = write_pattern(failure.schema, failure.table)
    where = "sample data"
    for path, line, column, text in _sample_statements(sample):
        if pattern.search(text):
            where = f"{display_path(path)}:{line}:{column}"
            break
    return DeployError(
        f"{where}: {failure}\n(foreign keys are checked once the sample data has loaded; the location is the "
        f"first statement that writes {failure.table!r})"
    )


@dataclass(frozen=True)
class Deployment:
    """Where a deployment ended: the DSN of the database documented, and the roles created for it."""

    dsn: str
    created_roles: tuple[str, ...] = ()


def deploy_schema(
    dsn: str,
    schema_dir: Path,
    *,
    sample_data: bool = False,
    console: Console | None = None,
    sample_data_dir: Path | None = None,
    order: str = "lexical",
    own_server: bool = False,
    sample_data_jobs: int = 1,
) -> Deployment:
    """Apply ``schema_dir``'s sources in order, then the sample data; see the module's docstring."""
    files = schema_files(Path(schema_dir), sample_data=sample_data, sample_data_dir=sample_data_dir, order=order)
    if not files:
        raise DeployError(f"no .sql files in {display_path(Path(schema_dir))}")
    console = console or Console(quiet=True)
    schema_count = len(schema_files(Path(schema_dir), order=order))
    schema, sample = files[:schema_count], files[schema_count:]
    facts = read_sources(files, sample_data=sample_data)
    switches = [switch for switch in facts.database_switches if switch[2] != database_name(dsn)]
    if switches and not own_server:
        path, line, target = switches[0]
        raise DeployError(
            f"{display_path(path)}:{line}:1: ERROR: switches to database {target!r}; with --dsn "
            f"schemadoc deploys into {database_name(dsn)!r} only (without --dsn it follows the script)"
        )
    with console.step(f"deploying {len(files)} file(s) from {display_path(Path(schema_dir))}"):
        created = create_missing_roles(dsn, facts, console) if own_server else []
        for path in schema:
            console.progress(f"  applying {display_path(path)}")
            dsn = apply_file(dsn, path, console=console, own_server=own_server, sample_data=sample_data)
        if sample:
            texts = (text for _, _, _, text in _sample_statements(sample))
            try:
                with deferred_work(dsn, texts, foreign_keys=own_server) as deferred:
                    if deferred.indexes or deferred.foreign_keys:
                        console.progress(
                            f"  {len(deferred.indexes)} secondary indexes and {len(deferred.foreign_keys)} foreign "
                            "keys are added after the sample data"
                        )
                    for group in sample_groups(sample, sample_data_jobs):
                        dsn = _apply_sample_group(dsn, group, sample_data_jobs, console, own_server)
                    console.progress("  adding them and analyzing the loaded tables")
            except ForeignKeyCheckFailed as failure:
                raise _foreign_key_error(failure, sample) from failure
    return Deployment(dsn=dsn, created_roles=tuple(created))
