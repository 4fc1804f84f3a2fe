"""``signals_unwind``: SIGTERM and SIGHUP as an exception, so that cleanup code runs.

A module of its own so that every command can use it without importing the cluster machinery."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from introspect.errors import TerminatedBySignal


def _raise_terminated(signum: int, _frame: FrameType | None) -> None:
    raise TerminatedBySignal(signum)


@contextlib.contextmanager
def signals_unwind() -> Iterator[None]:
    """Meanwhile, turn SIGTERM/SIGHUP into an exception so that `finally` blocks run (a cluster is
    stopped, temporary directories removed, half-built trees dropped)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
