"""Exit codes and the one exception type that the CLI turns into a clean error message."""

from __future__ import annotations

EXIT_OK = 0
EXIT_DRIFT = 1  # drift or findings: the docs and the schema disagree
EXIT_ERROR = 2  # bad input, a failed deploy, an unusable server


class SchemadocError(Exception):
    """An error the user can act on; printed without a traceback, exit code 2."""


class TerminatedBySignal(KeyboardInterrupt):
    """SIGTERM (or SIGHUP) arrived while a throwaway server was up: unwind so that cleanup runs."""

    def __init__(self, signum: int):
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum
