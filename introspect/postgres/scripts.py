"""What a set of SQL scripts needs before it runs, read without running it: the extensions it
creates, the roles it refers to and those it creates, the databases it switches to, and the files
it includes (followed, as psql would: ``\\i`` from the working directory, ``\\ir`` from the file's).

Scripts are read as a stream of statements (``sqlsplit.iter_statements``), so a dump of any size
is read in bounded memory; COPY data is skipped.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from introspect.postgres.sqlsplit import LocatedStatement, SplitError, iter_statements

_CREATE_EXTENSION = re.compile(
    r"\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_-]*)", re.IGNORECASE
)
# Statements that may name a role; only these are parsed.
_MAY_NAME_ROLE = re.compile(r"\b(OWNER|GRANT|REVOKE|AUTHORIZATION|ROLE|USER|POLICY|OWNED|MAPPING)\b", re.IGNORECASE)
_IDENTIFIER = r'("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
# When a statement does not parse (psql variables in it, a newer server's syntax), these still find roles.
_ROLE_FALLBACKS = (
    re.compile(rf"\bOWNER\s+TO\s+{_IDENTIFIER}", re.IGNORECASE),
    re.compile(rf"\bAUTHORIZATION\s+{_IDENTIFIER}", re.IGNORECASE),
    re.compile(rf"^\s*SET\s+(?:SESSION\s+|LOCAL\s+)?ROLE\s+(?:TO\s+|=\s*)?{_IDENTIFIER}", re.IGNORECASE),
)
_CREATE_ROLE = re.compile(rf"\bCREATE\s+(?:ROLE|USER|GROUP)\s+(?!MAPPING\b){_IDENTIFIER}", re.IGNORECASE)
_NOT_ROLES = {"public", "current_user", "session_user", "current_role", "none", "default"}
_INCLUDES = {"i": "cwd", "include": "cwd", "ir": "file", "include_relative": "file"}
MAX_INCLUDE_DEPTH = 16


@dataclass
class ScriptFacts:
    """What the scripts read so far need and do."""

    extensions: set[str] = field(default_factory=set)
    referenced_roles: set[str] = field(default_factory=set)
    created_roles: set[str] = field(default_factory=set)
    database_switches: list[tuple[Path, int, str]] = field(default_factory=list)  # file, line, target
    files: list[Path] = field(default_factory=list)  # every file read, includes too

    def missing_roles(self, existing: set[str]) -> list[str]:
        """Roles referred to that neither the scripts create nor the server has, sorted."""
        return sorted(self.referenced_roles - self.created_roles - existing - _NOT_ROLES)


def meta_words(text: str) -> list[str]:
    """A psql meta-command's words, quotes removed (``\\c -reuse-previous=on "dbname='x'"``)."""
    try:
        return shlex.split(text.strip()[1:], posix=True) or [""]
    except ValueError:
        return text.strip()[1:].split() or [""]


def connect_target(arguments: list[str], current: str) -> str:
    """The database a psql ``\\connect`` switches to (``-`` or none: the current one)."""
    positional = [word for word in arguments if word == "-" or not word.startswith("-")]
    target = positional[0] if positional else "-"
    if "=" in target or "://" in target:
        try:
            return str(conninfo_to_dict(target).get("dbname") or current)
        except psycopg.Error:
            return target
    return current if target == "-" else target


def _unquote(identifier: str) -> str:
    if identifier.startswith('"'):
        return identifier[1:-1].replace('""', '"')
    return identifier.lower()


def _roles_in_tree(node: Any, referenced: set[str], created: set[str]) -> None:
    """Collect role names from a pglast JSON parse tree."""
    if isinstance(node, list):
        for item in node:
            _roles_in_tree(item, referenced, created)
        return
    if not isinstance(node, dict):
        return
    if node.get("roletype") == "ROLESPEC_CSTRING" and "rolename" in node:
        referenced.add(node["rolename"])
    for key, value in node.items():
        if key == "DropRoleStmt":
            continue  # DROP ROLE [IF EXISTS] names roles that need not exist
        if key == "CreateRoleStmt" and isinstance(value, dict):
            created.add(value.get("role", ""))
        if key == "GrantRoleStmt" and isinstance(value, dict):
            for granted in value.get("granted_roles", []):
                name = granted.get("AccessPriv", {}).get("priv_name")
                if name:
                    referenced.add(name)
        setting = value.get("name") if key == "VariableSetStmt" and isinstance(value, dict) else None
        if setting in ("role", "session_authorization"):
            for arg in value.get("args", []):
                name = arg.get("A_Const", {}).get("sval", {}).get("sval")
                if name:
                    referenced.add(name)
        _roles_in_tree(value, referenced, created)


def _read_roles(text: str, facts: ScriptFacts) -> None:
    from pglast.parser import ParseError, parse_sql_json  # a C extension: loaded only when needed

    # Roles are often created inside DO blocks ("IF NOT EXISTS … THEN CREATE ROLE"): a body is text
    # to the parser, so creation is also looked for in the words themselves.
    facts.created_roles.update(_unquote(match.group(1)) for match in _CREATE_ROLE.finditer(text))
    try:
        tree = json.loads(parse_sql_json(text))
    except ParseError:
        for pattern in _ROLE_FALLBACKS:
            facts.referenced_roles.update(_unquote(match.group(1)) for match in pattern.finditer(text))
        return
    _roles_in_tree(tree, facts.referenced_roles, facts.created_roles)


def located_statements(path: Path) -> Iterator[LocatedStatement]:
    """The statements of one file, streamed (a UTF-8 BOM is ignored, undecodable bytes replaced)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as reader:
        yield from iter_statements(reader)


def read_scripts(paths: list[Path], *, database: str) -> ScriptFacts:
    """Read the scripts in order (each run from its own directory, as schemadoc runs them)."""
    facts = ScriptFacts()
    for path in paths:
        _read_one(path, path.parent, facts, database, depth=0, seen=set())
    return facts


def _read_one(path: Path, cwd: Path, facts: ScriptFacts, database: str, *, depth: int, seen: set[Path]) -> str:
    """Read one script (and what it includes); returns the database it ends in."""
    resolved = path.resolve()
    if resolved in seen or depth > MAX_INCLUDE_DEPTH or not path.is_file():
        return database  # psql itself reports a missing file, or recursion, when it gets there
    seen = seen | {resolved}
    facts.files.append(path)
    try:
        for located in located_statements(path):
            if located.statement.kind == "meta":
                database = _read_meta(located.statement.text, path, located.line, cwd, facts, database, depth, seen)
            else:
                _read_statement(located.statement.text, facts)
    except SplitError:
        pass  # running the file reports the broken statement with its position
    return database


def _read_statement(text: str, facts: ScriptFacts) -> None:
    extension = _CREATE_EXTENSION.match(text)
    if extension:
        facts.extensions.add(extension.group(1).strip('"'))
    if _MAY_NAME_ROLE.search(text):
        _read_roles(text, facts)


def read_statements_into(statements: Iterable[LocatedStatement], facts: ScriptFacts) -> None:
    """Read statements that come from elsewhere (pg_restore's script of an archive): no meta-commands there."""
    for located in statements:
        if located.statement.kind != "meta":
            _read_statement(located.statement.text, facts)


def _read_meta(
    text: str, path: Path, line: int, cwd: Path, facts: ScriptFacts, database: str, depth: int, seen: set[Path]
) -> str:
    words = meta_words(text)
    command = words[0]
    if command in ("c", "connect"):
        target = connect_target(words[1:], database)
        if target != database:
            facts.database_switches.append((path, line, target))
        return target
    if command in _INCLUDES and len(words) > 1 and ":" not in words[1]:  # ":var" is only known to psql
        base = cwd if _INCLUDES[command] == "cwd" else path.parent
        return _read_one(base / words[1], cwd, facts, database, depth=depth + 1, seen=seen)
    return database
