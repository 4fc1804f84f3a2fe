"""Apply a schema directory's SQL files to a database, reporting failures as `path:line:col: ERROR: …`."""

from __future__ import annotations

import bisect
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.postgres.bulk_load import analyze_everything, deferred_indexes
from introspect.postgres.dsn import database_name, mask_password
from introspect.postgres.sqlsplit import SplitError, Statement, split_statements

EXCLUDED_DIRS = ("sample_data", "queries")
SKIPPED_META_COMMANDS = ("restrict", "unrestrict")  # pg_dump's guards against malicious dump content
EXCERPT_CONTEXT_LINES = 2
_CREATE_EXTENSION = re.compile(
    r"\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_-]*)", re.IGNORECASE
)
_INLINE_CODE_LINE = re.compile(r"inline_code_block line (\d+)")


class DeployError(SchemadocError):
    """A schema file could not be applied; the message names the file, line and column."""


@dataclass(frozen=True)
class SourceFile:
    """A SQL file's text with a line index, to turn offsets into line:col."""

    path: Path
    display: str
    text: str

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        """Read a UTF-8 SQL file (a BOM is ignored)."""
        display = _display_path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DeployError(f"{display}: not valid UTF-8 at byte {exc.start}") from exc
        except OSError as exc:
            raise DeployError(f"{display}: cannot read: {exc.strerror}") from exc
        return cls(path=path, display=display, text=text)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        starts = self._line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _line_starts(self) -> list[int]:
        return [0] + [match.end() for match in re.finditer("\n", self.text)]

    def excerpt(self, statement: Statement, offset: int) -> str:
        """A few numbered lines of the statement around `offset`, with a caret under it."""
        lines = self.text.splitlines()
        first_line, _ = self.line_col(statement.start)
        last_line, _ = self.line_col(statement.start + max(len(statement.text) - 1, 0))
        line, col = self.line_col(offset)
        shown = range(max(first_line, line - EXCERPT_CONTEXT_LINES), min(last_line, line + EXCERPT_CONTEXT_LINES) + 1)
        width = len(str(shown.stop))
        out = []
        for number in shown:
            out.append(f"  {number:>{width}} | {lines[number - 1] if number <= len(lines) else ''}")
            if number == line:
                out.append(f"  {'':>{width}} | {' ' * (col - 1)}^")
        return "\n".join(out)


def _display_path(path: Path) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def schema_files(schema_dir: Path, *, sample_data: bool = False, sample_data_dir: Path | None = None) -> list[Path]:
    """The schema's SQL files in apply order: the schema proper, then (optionally) the sample data
    (``schema_dir/sample_data`` unless ``sample_data_dir`` names another directory)."""
    if not schema_dir.is_dir():
        raise DeployError(f"schema directory {_display_path(schema_dir)} does not exist")

    def under(base: Path, excluded: tuple[str, ...]) -> list[Path]:
        found = [path for path in base.rglob("*.sql") if path.is_file()]
        kept = [path for path in found if path.relative_to(base).parts[0] not in excluded]
        return sorted(kept, key=lambda path: path.relative_to(base).as_posix())

    files = under(schema_dir, EXCLUDED_DIRS)
    samples = sample_data_dir if sample_data_dir is not None else schema_dir / "sample_data"
    if sample_data and sample_data_dir is not None and not samples.is_dir():
        raise DeployError(f"sample data directory {_display_path(samples)} does not exist")
    if sample_data and samples.is_dir():
        files += under(samples, ())
    return files


def required_extensions(schema_dir: Path, sample_data_dir: Path | None = None) -> tuple[str, ...]:
    """Extensions the schema creates (`CREATE EXTENSION name`), sorted, without duplicates."""
    names: set[str] = set()
    for path in schema_files(
        schema_dir, sample_data=sample_data_dir is None or sample_data_dir.is_dir(), sample_data_dir=sample_data_dir
    ):
        source = SourceFile.read(path)
        try:
            statements = split_statements(source.text)
        except SplitError:
            continue  # the deploy itself reports the broken file with its position
        for statement in statements:
            match = _CREATE_EXTENSION.match(statement.text)
            if statement.kind == "sql" and match:
                names.add(match.group(1).strip('"'))
    return tuple(sorted(names))


def _error_message(source: SourceFile, statement: Statement, exc: psycopg.Error) -> str:
    diag = exc.diag
    offset = statement.start
    if diag.statement_position and diag.statement_position.isdigit():
        offset = statement.start + int(diag.statement_position) - 1
    elif diag.context and statement.text.lstrip().upper().startswith("DO"):
        # An error inside a DO block: PL/pgSQL names the line within the body, so point at it.
        offset = _inline_code_offset(statement, diag.context) or offset
    line, col = source.line_col(offset)
    primary = diag.message_primary or str(exc).strip()
    parts = [f"{source.display}:{line}:{col}: ERROR: {primary}", source.excerpt(statement, offset)]
    for label, value in (("DETAIL", diag.message_detail), ("HINT", diag.message_hint), ("CONTEXT", diag.context)):
        if value:
            parts.append(f"{label}: {value.strip()}")
    return mask_password("\n".join(parts))


def _inline_code_offset(statement: Statement, context: str) -> int | None:
    match = _INLINE_CODE_LINE.search(context)
    body = re.search(r"\$[A-Za-z0-9_]*\$", statement.text)
    if match is None or body is None:
        return None
    offset = body.end()
    for _ in range(int(match.group(1)) - 1):
        newline = statement.text.find("\n", offset)
        if newline < 0:
            return None
        offset = newline + 1
    skipped = len(statement.text[offset:]) - len(statement.text[offset:].lstrip(" \t"))
    return statement.start + offset + skipped


def _connect_target(arguments: list[str], current: str) -> str:
    """The database a psql `\\connect` switches to (pg_dump writes `-reuse-previous=on "dbname='x'"`)."""
    positional = [word for word in arguments if word == "-" or not word.startswith("-")]
    target = positional[0] if positional else "-"
    if "=" in target or "://" in target:
        try:
            return str(conninfo_to_dict(target).get("dbname") or current)
        except psycopg.Error:
            return target
    return current if target == "-" else target


def _run_meta_command(source: SourceFile, statement: Statement, dbname: str) -> None:
    line, _ = source.line_col(statement.start)
    text = statement.text.strip()
    try:
        words = shlex.split(text[1:], posix=True) or [""]
    except ValueError:
        words = text[1:].split() or [""]
    command = words[0]
    if command in SKIPPED_META_COMMANDS:
        return
    if command == "set" and words[1:2] == ["ON_ERROR_STOP"]:
        return  # deploy always stops at the first error
    if command in ("connect", "c"):
        target = _connect_target(words[1:], dbname)
        if target == dbname:
            return  # same database: nothing to do
        raise DeployError(
            f"{source.display}:{line}:1: ERROR: {text} switches to database {target!r}; "
            f"schemadoc deploys everything into one database ({dbname})"
        )
    raise DeployError(
        f"{source.display}:{line}:1: ERROR: psql meta-command '{text}' is not supported "
        "(only \\connect to the same database, \\set ON_ERROR_STOP, \\restrict and \\unrestrict are)"
    )


def apply_file(dsn: str, path: Path) -> int:
    """Apply one SQL file on its own autocommit connection, like `psql -f`; returns the statement count."""
    source = SourceFile.read(path)
    try:
        statements = split_statements(source.text)
    except SplitError as exc:
        line, col = source.line_col(exc.offset)
        raise DeployError(f"{source.display}:{line}:{col}: ERROR: {exc}") from exc
    dbname = database_name(dsn)
    try:
        connection = psycopg.connect(dsn, autocommit=True)
    except psycopg.Error as exc:
        raise DeployError(f"cannot connect to {mask_password(dsn)}: {mask_password(str(exc).strip())}") from exc
    with connection, connection.cursor() as cursor:
        for statement in statements:
            if statement.kind == "meta":
                _run_meta_command(source, statement, dbname)
                continue
            try:
                if statement.kind == "copy":
                    with cursor.copy(statement.text) as copy:
                        copy.write(statement.copy_data)
                else:
                    cursor.execute(statement.text, prepare=False)
            except psycopg.Error as exc:
                raise DeployError(_error_message(source, statement, exc)) from exc
    return len(statements)


def deploy_schema(
    dsn: str,
    schema_dir: Path,
    *,
    sample_data: bool = False,
    console: Console | None = None,
    sample_data_dir: Path | None = None,
) -> None:
    """Apply `schema_dir/**/*.sql` (not sample_data/ or queries/) in lexical path order, then the sample data."""
    files = schema_files(Path(schema_dir), sample_data=sample_data, sample_data_dir=sample_data_dir)
    if not files:
        raise DeployError(f"no .sql files in {_display_path(Path(schema_dir))}")
    console = console or Console(quiet=True)
    schema = schema_files(Path(schema_dir))
    sample = files[len(schema) :]
    with console.step(f"deploying {len(files)} SQL files from {_display_path(Path(schema_dir))}"):
        for path in schema:
            console.progress(f"  applying {_display_path(path)}")
            apply_file(dsn, path)
        if sample:
            texts = [path.read_text(encoding="utf-8", errors="replace") for path in sample]
            with deferred_indexes(dsn, texts) as deferred:
                if deferred:
                    console.progress(f"  {len(deferred)} secondary indexes are built after the sample data")
                for path in sample:
                    console.progress(f"  applying {_display_path(path)}")
                    apply_file(dsn, path)
            console.progress("  analyzing the loaded tables")
            analyze_everything(dsn)
