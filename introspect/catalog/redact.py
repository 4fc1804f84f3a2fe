"""Connection strings as they may appear in messages: the password is never shown."""

from __future__ import annotations

import re

# user:password@ in a URL, and password=… in a key/value connection string
_URL_PASSWORD = re.compile(r"(?P<head>^[a-z][a-z0-9+.-]*://[^/@:]*:)(?P<secret>[^@/]*)(?=@)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<secret>[^&]*)", re.IGNORECASE)
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def mask_dsn(dsn: str) -> str:
    """The DSN with any password replaced by ``***``."""
    masked = _URL_PASSWORD.sub(r"\g<head>***", dsn)
    masked = _QUERY_PASSWORD.sub(r"\g<head>***", masked)
    if "://" not in masked:
        masked = _KEYWORD_PASSWORD.sub(r"\g<head>***", masked)
    return masked
