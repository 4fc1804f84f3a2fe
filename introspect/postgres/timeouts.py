"""Statement and lock timeouts carried by every connection schemadoc opens, so that nothing waits
without end: a deploy statement, a catalog read of a live database, a probe or a timed query."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_STATEMENT_SECONDS = 600.0
DEFAULT_LOCK_SECONDS = 60.0


@dataclass(frozen=True)
class Timeouts:
    """Limits in seconds; 0 means no limit, as in PostgreSQL."""

    statement_seconds: float = DEFAULT_STATEMENT_SECONDS
    lock_seconds: float = DEFAULT_LOCK_SECONDS

    def options(self) -> str:
        """The limits as libpq server options."""
        statement, lock = round(self.statement_seconds * 1000), round(self.lock_seconds * 1000)
        return f"-c statement_timeout={statement} -c lock_timeout={lock}"


@contextlib.contextmanager
def every_connection(timeouts: Timeouts) -> Iterator[None]:
    """Meanwhile, every libpq connection this process opens starts with these limits (``PGOPTIONS``,
    which libpq reads; a script's own ``SET statement_timeout`` still applies to its own session, as
    under psql). The throwaway server itself never sees the variable."""
    previous = os.environ.get("PGOPTIONS")
    os.environ["PGOPTIONS"] = f"{previous} {timeouts.options()}".strip() if previous else timeouts.options()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PGOPTIONS", None)
        else:
            os.environ["PGOPTIONS"] = previous
