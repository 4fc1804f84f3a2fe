"""Run one SQL script with psql, exactly as ``psql -v ON_ERROR_STOP=1 -f FILE`` would, and turn
its first error into ``path:line:col: ERROR: …`` with the statement excerpt, DETAIL and HINT.

psql is the executor because only psql has psql's meaning: variables, ``\\if``, ``\\i``/``\\ir``,
``\\copy``, ``\\connect``, ``ON_ERROR_STOP`` and every output-only command. The file is fed on
psql's standard input from here, in pieces, so that progress can be shown for large files; psql
runs in the file's directory, so ``\\i``, ``\\ir`` and ``\\copy`` find what lies beside the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from introspect.postgres.dsn import mask_password
from introspect.postgres.scripts import located_statements
from introspect.postgres.sources import display_path
from introspect.postgres.sqlsplit import LocatedStatement, SplitError

FINAL_DATABASE_MARKER = "schemadoc-final-database:"
EXCERPT_CONTEXT_LINES = 2
MAX_KEPT_MESSAGES = 200
DESCRIBED_IGNORED_ERRORS = 5  # each description reads the file again to find the statement
_FEED_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"
# psql prefixes each message with where it read the statement: psql:FILE:LINE: SEVERITY:  text
_MESSAGE = re.compile(
    r"^psql:(?P<file>.+?):(?P<line>\d+): (?P<severity>ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|LOG|DEBUG|error|fatal"
    r"|warning):\s+(?P<text>.*)$"
)
_CARET_LINE = re.compile(r"^LINE (\d+): ")
_LABEL = re.compile(r"^(DETAIL|HINT|CONTEXT|QUERY|LOCATION|STATEMENT):")
_INLINE_CODE_LINE = re.compile(r"inline_code_block line (\d+)")
_ERROR_SEVERITIES = ("ERROR", "FATAL", "PANIC", "error", "fatal")


@dataclass
class PsqlMessage:
    """One message psql printed, with the lines that belong to it (LINE/caret, DETAIL, HINT, …)."""

    file: str
    line: int
    severity: str
    text: str
    more: list[str] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        """True for errors (psql's own, in lower case, too)."""
        return self.severity in _ERROR_SEVERITIES


@dataclass(frozen=True)
class ScriptRun:
    """How a script ended: the database psql was connected to at the end, and errors psql went
    past because the script turned ON_ERROR_STOP off."""

    database: str
    ignored_errors: tuple[str, ...]  # the first few, described
    ignored_count: int = 0


class ScriptError(Exception):
    """A script failed; the message names the file, line and column."""


def run_script(
    psql: Path,
    dsn: str,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    env: dict[str, str] | None = None,
) -> ScriptRun:
    """Run ``path`` with psql against ``dsn``; raises ScriptError at the first error psql stops on."""
    command = [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", "-"]
    command += ["-c", f"\\warn {FINAL_DATABASE_MARKER} :DBNAME"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,  # query results and \echo are output, not part of the deploy
        stderr=subprocess.PIPE,
        cwd=path.parent,
        env={**os.environ, **(env or {}), "PGCLIENTENCODING": os.environ.get("PGCLIENTENCODING", "UTF8")},
    )
    assert process.stdin is not None and process.stderr is not None
    feeder = threading.Thread(target=_feed, args=(path, process.stdin, progress), daemon=True)
    feeder.start()
    errors: list[PsqlMessage] = []  # the first MAX_KEPT_MESSAGES - 1, and always the latest
    error_count = 0
    current: PsqlMessage | None = None  # the message the next unprefixed lines belong to
    unprefixed: list[str] = []
    database = ""
    for raw in process.stderr:
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if text.startswith(FINAL_DATABASE_MARKER):
            database = text[len(FINAL_DATABASE_MARKER) :].strip()
            continue
        match = _MESSAGE.match(text)
        if match:
            current = PsqlMessage(match["file"], int(match["line"]), match["severity"], match["text"].strip())
            if current.is_error:  # notices and warnings are not part of a deploy's result
                error_count += 1
                if len(errors) >= MAX_KEPT_MESSAGES:
                    errors.pop()
                errors.append(current)
        elif current is not None:
            if current.is_error and len(current.more) < MAX_KEPT_MESSAGES:
                current.more.append(text)
        elif len(unprefixed) < MAX_KEPT_MESSAGES:
            unprefixed.append(text)
    returncode = process.wait()
    feeder.join()
    if returncode != 0:
        if errors:
            raise ScriptError(describe_error(errors[-1], path))
        detail = "\n".join(line for line in unprefixed if line.strip()) or f"psql exited with code {returncode}"
        raise ScriptError(mask_password(f"{display_path(path)}: {detail.removeprefix('psql: ')}"))
    described = tuple(describe_error(error, path) for error in errors[:DESCRIBED_IGNORED_ERRORS])
    return ScriptRun(database=database, ignored_errors=described, ignored_count=error_count)


def _feed(path: Path, stdin: object, progress: Callable[[int, int], None] | None) -> None:
    """Write the file to psql's standard input; stop quietly when psql stops reading."""
    total = path.stat().st_size
    sent = 0
    try:
        with path.open("rb") as reader:
            first = True
            while chunk := reader.read(_FEED_CHUNK):
                if first and chunk.startswith(_UTF8_BOM):  # psql would take the BOM for part of the first word
                    chunk = chunk[len(_UTF8_BOM) :]
                first = False
                stdin.write(chunk)  # type: ignore[attr-defined]
                sent += len(chunk)
                if progress is not None:
                    progress(sent, total)
    except (BrokenPipeError, OSError):
        pass  # psql stopped at an error; its message says which
    finally:
        with contextlib.suppress(OSError):
            stdin.close()  # type: ignore[attr-defined]


def describe_error(message: PsqlMessage, stdin_path: Path) -> str:
    """``path:line:col: ERROR: text`` with the statement excerpt, then DETAIL/HINT/CONTEXT."""
    source = stdin_path if message.file == "<stdin>" else stdin_path.parent / message.file
    severity = "ERROR" if message.severity.isupper() or message.is_error else message.severity.upper()
    statement = _statement_at(source, message.line) if source.is_file() else None
    line, col = message.line, 1
    excerpt = ""
    extras: list[str] = []
    caret: tuple[int, int, str] | None = None  # statement line, caret column in the display, shown text
    more = iter(message.more)
    in_primary = True  # lines before LINE/DETAIL/…: the rest of a message that spans lines
    for text in more:
        position = _CARET_LINE.match(text)
        if position:
            caret_text = next(more, "")
            caret = (int(position.group(1)), caret_text.find("^") - position.end(), text[position.end() :])
            in_primary = False
        elif _LABEL.match(text):
            extras.append(text.strip())
            in_primary = False
        elif text.strip() and not in_primary:
            extras.append(text.strip())
    if statement is not None:
        line, col = _located(statement, caret, "\n".join(extras))
        excerpt = _excerpt(statement, line, col)
    parts = [f"{display_path(source)}:{line}:{col}: {severity}: {message.text}"]
    parts += [excerpt] if excerpt else []
    parts += [re.sub(r"^([A-Z]+):\s+", r"\1: ", extra) for extra in extras]
    return mask_password("\n".join(parts))


def _statement_at(path: Path, line: int) -> LocatedStatement | None:
    """The statement psql was running when it reported ``line``: the last one starting at or before it."""
    found: LocatedStatement | None = None
    try:
        for located in located_statements(path):
            if located.line > line:
                break
            found = located
    except SplitError as exc:  # psql sent the unterminated rest of the file as one statement
        if exc.unfinished is not None and exc.unfinished.line <= line:
            found = exc.unfinished
    return found


def _located(statement: LocatedStatement, caret: tuple[int, int, str] | None, context: str) -> tuple[int, int]:
    """File line and column of an error inside ``statement``."""
    lines = statement.statement.text.split("\n")
    if caret is not None:
        number, shown_col, shown = caret
        if 1 <= number <= len(lines):
            actual = lines[number - 1].replace("\t", " ")
            col = shown_col
            if shown.startswith("..."):  # libpq cut the line's start off: find the shown part in it
                fragment = shown[3:].removesuffix("...")
                found = actual.find(fragment)
                col = shown_col - 3 + found if found >= 0 else shown_col
            # psql's "LINE 1:" begins where the statement does, other lines where the file's do
            return statement.line + number - 1, max(col, 0) + (statement.column if number == 1 else 1)
    inline = _INLINE_CODE_LINE.search(context)
    body = re.search(r"\$[A-Za-z0-9_]*\$", statement.statement.text)
    if inline and body and statement.statement.text.lstrip().upper().startswith("DO"):
        # An error inside a DO block: PL/pgSQL names the line within the body.
        body_line = statement.statement.text.count("\n", 0, body.end()) + int(inline.group(1)) - 1
        if body_line < len(lines):
            text = lines[body_line]
            return statement.line + body_line, len(text) - len(text.lstrip(" \t")) + 1
    return statement.line, statement.column


def _excerpt(statement: LocatedStatement, line: int, col: int) -> str:
    """A few numbered lines of the statement around ``line``, with a caret under ``col``."""
    lines = statement.statement.text.split("\n")
    first, last = statement.line, statement.line + len(lines) - 1
    shown = range(max(first, line - EXCERPT_CONTEXT_LINES), min(last, line + EXCERPT_CONTEXT_LINES) + 1)
    width = len(str(shown.stop))
    out = []
    for number in shown:
        out.append(f"  {number:>{width}} | {lines[number - first].rstrip()}")
        if number == line:
            out.append(f"  {'':>{width}} | {' ' * (col - 1)}^")
    return "\n".join(out)
