"""Build, inspect and mask PostgreSQL connection strings."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from psycopg.conninfo import conninfo_to_dict

from introspect.errors import SchemadocError

MASK = "********"
# password in a URL (scheme://user:PASSWORD@host), as a key=value pair, or as a URL query parameter
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@?#\s]*:)(?P<secret>[^@\s]*)(?=@)", re.IGNORECASE)
_KEY_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s&]+)", re.IGNORECASE)


_SQLALCHEMY_SCHEME = re.compile(r"^[a-z][a-z0-9.-]*\+[a-z0-9_.-]+://", re.IGNORECASE)


def normalize_dsn(text: str) -> str:
    """A connection string libpq reads: a libpq URI or keyword string as it is, a SQLAlchemy URL
    (``postgresql+psycopg://…``) parsed by SQLAlchemy's URL parser into libpq keywords."""
    if not _SQLALCHEMY_SCHEME.match(text):
        dsn_parts(text)  # a malformed string is an error now, not at the first connection
        return text
    from psycopg.conninfo import make_conninfo
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise SchemadocError(f"invalid SQLAlchemy URL {mask_password(text)!r}: {mask_password(str(exc))}") from exc
    if url.get_backend_name() != "postgresql":
        raise SchemadocError(f"{mask_password(text)!r} is a {url.get_backend_name()} URL, not a PostgreSQL one")
    keywords: dict[str, str | int | None] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
    }
    for key, value in url.query.items():
        keywords[key] = str(value[-1] if isinstance(value, tuple) else value)
    return make_conninfo("", **{key: value for key, value in keywords.items() if value not in (None, "")})


def socket_dsn(socket_dir: Path, port: int, dbname: str) -> str:
    """A URL for database `dbname` as user postgres through the unix socket in `socket_dir`."""
    return f"postgresql://postgres@/{quote(dbname, safe='')}?host={quote(str(socket_dir), safe='/')}&port={port}"


def mask_password(text: str) -> str:
    """`text` with every password of a DSN in it replaced by asterisks."""
    text = _URL_PASSWORD.sub(lambda match: match.group("head") + MASK, text)
    return _KEY_PASSWORD.sub(lambda match: match.group("head") + MASK, text)


def dsn_parts(dsn: str) -> dict[str, str]:
    """The connection parameters of a DSN (URL or key=value form)."""
    try:
        return {key: str(value) for key, value in conninfo_to_dict(dsn).items() if value is not None}
    except Exception as exc:  # psycopg raises ProgrammingError for malformed strings
        raise SchemadocError(f"invalid --dsn {mask_password(dsn)!r}: {mask_password(str(exc))}") from exc


def database_name(dsn: str) -> str:
    """The database a DSN connects to (libpq's default: the user name)."""
    parts = dsn_parts(dsn)
    return parts.get("dbname") or parts.get("user") or ""
