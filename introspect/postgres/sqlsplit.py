"""Split a SQL file into statements the way psql does, keeping each statement's exact offset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal, TextIO

StatementKind = Literal["sql", "copy", "meta"]

_IDENT_START = re.compile(r"[A-Za-z_\u0080-\uffff]")
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_$\u0080-\uffff]")
_WORD = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*")
_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$")
_COPY_FROM_STDIN = re.compile(r"^\s*COPY\b.*\bFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)
_COPY_END = re.compile(r"^\\\.\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Statement:
    """One statement: its text as sent to the server, where it starts in the file, and COPY data if any."""

    kind: StatementKind
    text: str
    start: int  # offset of text[0] in the file
    copy_data: str = ""
    copy_data_start: int = 0


class SplitError(ValueError):
    """The file cannot be split (an unterminated string, comment or dollar quote)."""

    def __init__(self, message: str, offset: int, statement_start: int | None = None):
        super().__init__(message)
        self.offset = offset
        self.statement_start = offset if statement_start is None else statement_start
        self.unfinished: LocatedStatement | None = None  # set by iter_statements: the statement cut off


class _Incomplete(Exception):
    """The text read so far ends inside the statement (or comment) that starts at `offset`."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


class _CopyDataFollows(Exception):
    """A COPY FROM STDIN whose data goes on past the text read so far."""

    def __init__(self, statement: Statement):
        super().__init__(statement.start)
        self.statement = statement


def _skip_quoted(source: str, i: int, quote: str, *, backslash_escapes: bool) -> int:
    """Index just past the closing quote of the literal whose opening quote is at i."""
    j = i + 1
    while j < len(source):
        char = source[j]
        if backslash_escapes and char == "\\":
            j += 2
            continue
        if char == quote:
            if source.startswith(quote, j + 1):  # doubled quote: an escaped quote
                j += 2
                continue
            return j + 1
        j += 1
    kind = "identifier" if quote == '"' else "string"
    raise SplitError(f"unterminated quoted {kind}", i)


def _skip_block_comment(source: str, i: int) -> int:
    depth, j = 0, i
    while j < len(source):
        if source.startswith("/*", j):
            depth, j = depth + 1, j + 2
        elif source.startswith("*/", j):
            depth, j = depth - 1, j + 2
            if depth == 0:
                return j
        else:
            j += 1
    raise SplitError("unterminated /* comment", i)


class _Scanner:
    """Walks the source once; `split()` yields the statements."""

    def __init__(self, source: str, *, final: bool = True):
        self.source = source
        self.final = final  # False: more text follows, so running off the end means "incomplete"
        self.statements: list[Statement] = []

    def split(self) -> list[Statement]:
        source, i = self.source, 0
        while i < len(source):
            unit_start = i
            try:
                i = self._skip_blank(i)
            except SplitError:
                if self.final:
                    raise
                raise _Incomplete(unit_start) from None
            if i >= len(source):
                if not self.final and source.rfind("--", unit_start) > source.rfind("\n", unit_start):
                    raise _Incomplete(unit_start)  # a -- comment may go on in the next piece
                break
            if source[i] == "\\":
                end = source.find("\n", i)
                if end < 0 and not self.final:
                    raise _Incomplete(i)
                end = len(source) if end < 0 else end
                self.statements.append(Statement("meta", source[i:end].rstrip("\r"), i))
                i = end
                continue
            try:
                i = self._statement(i)
            except SplitError as exc:
                if self.final:
                    raise SplitError(str(exc), exc.offset, i) from None
                raise _Incomplete(unit_start) from None
        return self.statements

    def _skip_blank(self, i: int) -> int:
        """Skip whitespace, comments and empty statements (lone semicolons)."""
        source = self.source
        while i < len(source):
            if source[i].isspace() or source[i] == ";":
                i += 1
            elif source.startswith("--", i):
                end = source.find("\n", i)
                i = len(source) if end < 0 else end
            elif source.startswith("/*", i):
                i = _skip_block_comment(source, i)
            else:
                break
        return i

    def _statement(self, start: int) -> int:
        """Scan one statement from `start`; returns the index after it (and after COPY data)."""
        source, i = self.source, start
        words: list[str] = []  # upper-cased leading words, to recognise CREATE FUNCTION/PROCEDURE
        in_routine = False
        block_depth = 0  # BEGIN ATOMIC ... END nesting (CASE ... END counts too), as psql does
        while i < len(source):
            char = source[i]
            if source.startswith("--", i):
                end = source.find("\n", i)
                i = len(source) if end < 0 else end
            elif source.startswith("/*", i):
                i = _skip_block_comment(source, i)
            elif char == "'":
                escapes = i > start and source[i - 1] in "eE" and not self._ident_char_before(i - 1, start)
                i = _skip_quoted(source, i, "'", backslash_escapes=escapes)
            elif char == '"':
                i = _skip_quoted(source, i, '"', backslash_escapes=False)
            elif char == "$" and not self._ident_char_before(i, start):
                tag = _DOLLAR_TAG.match(source, i)
                if tag is None:
                    i += 1
                    continue
                close = source.find(tag.group(0), tag.end())
                if close < 0:
                    raise SplitError(f"unterminated dollar-quoted string {tag.group(0)}", i)
                i = close + len(tag.group(0))
            elif _IDENT_START.match(char) and not self._ident_char_before(i, start):
                word_match = _WORD.match(source, i)
                assert word_match is not None
                word = word_match.group(0).upper()
                if len(words) < 4:
                    words.append(word)
                    in_routine = in_routine or (words[0] == "CREATE" and word in ("FUNCTION", "PROCEDURE"))
                if in_routine and word in ("BEGIN", "CASE"):
                    block_depth += 1
                elif in_routine and word == "END" and block_depth > 0:
                    block_depth -= 1
                i = word_match.end()
            elif char == ";" and block_depth == 0:
                return self._finish(start, i + 1)
            else:
                i += 1
        if not self.final:
            raise _Incomplete(start)
        return self._finish(start, len(source))

    def _ident_char_before(self, i: int, start: int) -> bool:
        return i > start and bool(_IDENT_CHAR.match(self.source[i - 1]))

    def _finish(self, start: int, end: int) -> int:
        text = self.source[start:end]
        if not _COPY_FROM_STDIN.match(text):
            self.statements.append(Statement("sql", text, start))
            return end
        # psql reads COPY data from the line after the command up to a line holding only "\."
        newline = self.source.find("\n", end)
        data_start = len(self.source) if newline < 0 else newline + 1
        terminator = _COPY_END.search(self.source, data_start)
        if terminator is None and not self.final:
            raise _CopyDataFollows(Statement("copy", text, start, "", data_start))
        data_end = len(self.source) if terminator is None else terminator.start()
        after = len(self.source) if terminator is None else terminator.end()
        self.statements.append(Statement("copy", text, start, self.source[data_start:data_end], data_start))
        return after


def split_statements(source: str) -> list[Statement]:
    """The statements of a SQL file in order; raises SplitError on unterminated literals."""
    return _Scanner(source).split()


@dataclass(frozen=True)
class LocatedStatement:
    """A statement read from a stream, with the 1-based line and column it starts at (COPY data left out)."""

    statement: Statement
    line: int
    column: int = 1


class _Position:
    """Line bookkeeping for a text read piece by piece: ``buffer[0]`` is at file offset ``base``."""

    def __init__(self) -> None:
        self.base = 0
        self.line = 1
        self.line_start = 0  # file offset where `line` starts

    def advance(self, buffer: str, start: int, end: int) -> None:
        """Count the newlines of ``buffer[start:end]``."""
        newlines = buffer.count("\n", start, end)
        if newlines:
            self.line += newlines
            self.line_start = self.base + buffer.rfind("\n", start, end) + 1

    def drop(self, buffer: str, count: int, counted: int) -> str:
        """Forget the first ``count`` characters (``counted`` of them already advanced over)."""
        self.advance(buffer, counted, count)
        self.base += count
        return buffer[count:]


def iter_statements(reader: TextIO, chunk_size: int = 1 << 20) -> Iterator[LocatedStatement]:
    """The statements of a script read piece by piece, in memory bounded by the longest statement:
    COPY data is skipped, never held (``copy_data`` stays empty)."""
    buffer, position, eof = "", _Position(), False
    while not eof:
        piece = reader.read(chunk_size)
        eof = not piece
        buffer += piece
        scanner = _Scanner(buffer, final=eof)
        copy: Statement | None = None
        failure: SplitError | None = None
        try:
            scanner.split()
            consumed = len(buffer)
        except SplitError as exc:  # only at the end: before it, the scanner asks for more text instead
            failure, consumed = exc, len(buffer)
        except _Incomplete as exc:
            consumed = exc.offset
        except _CopyDataFollows as exc:
            copy = exc.statement
            consumed = copy.copy_data_start
        counted = 0
        for statement in [*scanner.statements, *([copy] if copy else [])]:
            position.advance(buffer, counted, statement.start)
            counted = statement.start
            start = position.base + statement.start
            located = replace(statement, start=start, copy_data_start=0)
            yield LocatedStatement(located, position.line, start - position.line_start + 1)
        if failure is not None:
            _locate_unfinished(failure, buffer, position, counted)
            raise failure
        buffer = position.drop(buffer, consumed, counted)
        if copy is not None:
            buffer, eof = _skip_copy_data(reader, buffer, position, chunk_size)


def _skip_copy_data(reader: TextIO, buffer: str, position: _Position, chunk_size: int) -> tuple[str, bool]:
    """Read past COPY data up to its ``\\.`` line; returns what follows it, and whether that is the end."""
    while True:
        terminator = _COPY_END.search(buffer)
        if terminator is not None:
            return position.drop(buffer, terminator.end(), 0), False
        buffer = position.drop(buffer, buffer.rfind("\n") + 1, 0)  # the unfinished last line may be "\\."
        piece = reader.read(chunk_size)
        if not piece:
            return position.drop(buffer, len(buffer), 0), True
        buffer += piece


def _locate_unfinished(error: SplitError, buffer: str, position: _Position, counted: int) -> None:
    """Tell where the statement an unterminated literal cut off starts (file offsets), and its text."""
    start = error.statement_start
    position.advance(buffer, counted, start)
    located = Statement("sql", buffer[start:], position.base + start)
    error.unfinished = LocatedStatement(located, position.line, located.start - position.line_start + 1)
    error.offset += position.base
    error.statement_start += position.base
