"""Read the hand-written overview into statements, each with what it asserts and the line it is on.

The Markdown is parsed into sentences, list items and table rows (``markdown``); the claim grammar
(``grammar``) turns each into assertions and sets aside what it did not read. SQL code blocks are
read as SQL: ``CREATE ROLE``, ``GRANT`` and ``REVOKE`` statements, over as many lines as they take.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from introspect.drift import markdown
from introspect.drift.grammar import Reading, read_statement
from introspect.drift.markdown import CodeBlock, Context, Span, Statement
from introspect.drift.model import Claim
from introspect.errors import SchemadocError

SQL_LANGUAGES = ("sql", "postgresql", "psql", "pgsql", "plpgsql")
_CREATE_ROLE = re.compile(r"^CREATE\s+(?:ROLE|USER)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|[\w$]+)", re.IGNORECASE)
_GRANT = re.compile(
    r"^(?P<verb>GRANT|REVOKE)\s+(?:GRANT\s+OPTION\s+FOR\s+)?(?P<privileges>.+?)\s+ON\s+(?P<target>.+?)\s+(?:TO|FROM)\s+"
    r"(?P<grantees>.+?)(?:\s+WITH\s+GRANT\s+OPTION|\s+GRANTED\s+BY\s+\S+|\s+CASCADE|\s+RESTRICT)*\s*$",
    re.IGNORECASE | re.DOTALL,
)


def read_text(path: Path) -> str:
    """An overview's text; a missing, unreadable or non-UTF-8 file is a clear error."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemadocError(f"{path}: cannot read the overview: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SchemadocError(f"{path}: the overview is not UTF-8: {exc}") from exc


def read_statements(text: str) -> list[Reading]:
    """Every statement of an overview that asserts, names or states something, in line order."""
    return list(_read_statements(text))


@functools.lru_cache(maxsize=4)
def _read_statements(text: str) -> tuple[Reading, ...]:
    # Remembered (the readings are frozen): a check reads the overview before deploying and again
    # after, and a build has it read while the database is deployed.
    doc = markdown.parse(text)
    readings = [read_statement(s) for s in doc.statements]
    for block in doc.code_blocks:
        readings += _sql_readings(block)
    return tuple(sorted((r for r in readings if r.reported), key=lambda r: r.statement.line))


def read_overview(path: Path) -> list[Claim]:
    """Every assertion of an overview file, in line order."""
    return extract_claims(read_text(path))


def extract_claims(text: str) -> list[Claim]:
    """Every assertion of an overview's Markdown text, in line order."""
    return [claim for reading in read_statements(text) for claim in reading.claims]


def _sql_statements(block: CodeBlock) -> list[tuple[int, str]]:
    """The statements of a SQL block, each with its first line, comments dropped."""
    statements: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    for number, line in block.lines:
        code = re.sub(r"--.*$", "", line).strip()
        if not code:
            continue
        if not current:
            first = number
        current.append(code)
        if code.endswith(";"):
            statements.append((first, " ".join(current).rstrip(";").strip()))
            current = []
    if current:
        statements.append((first, " ".join(current).strip()))
    return statements


def _sql_readings(block: CodeBlock) -> list[Reading]:
    is_sql = block.language in SQL_LANGUAGES or (
        block.language == ""
        and any(_GRANT.match(line.strip()) or _CREATE_ROLE.match(line.strip()) for _, line in block.lines)
    )
    if not is_sql:
        return []
    readings: list[Reading] = []
    for line, sql in _sql_statements(block):
        statement = Statement(line, "sql", (Span(sql),), Context(block.context.headings))
        role = _CREATE_ROLE.match(sql)
        grant = _GRANT.match(sql)
        claims: list[Claim] = []
        leftover: tuple[str, ...] = ()
        if role:
            claims.append(Claim(line, sql, "object", role.group(1).strip('"'), "", "role"))
        elif grant:
            privileges = " ".join(grant.group("privileges").split())
            target = " ".join(grant.group("target").split())
            negated = grant.group("verb").upper() == "REVOKE"
            for grantee in (g.strip().strip('"') for g in grant.group("grantees").split(",")):
                claims.append(Claim(line, sql, "grant", grantee, privileges, target, negated))
        elif re.match(r"^(GRANT|REVOKE)\b", sql, re.IGNORECASE):
            leftover = (sql,)  # role membership or column privileges: not read
        else:
            continue
        readings.append(Reading(statement, tuple(claims), leftover, ()))
    return readings
