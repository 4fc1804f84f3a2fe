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
