"""Progress on stderr (silenced by --quiet), results on stdout."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Console:
    """Where a command reports progress and prints its result."""

    def __init__(self, *, quiet: bool = False, out: TextIO | None = None, err: TextIO | None = None):
        self.quiet = quiet
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def progress(self, message: str) -> None:
        """One line of progress, unless quiet."""
        if not self.quiet:
            print(f"schemadoc: {message}", file=self.err, flush=True)

    def error(self, message: str) -> None:
        """An error message; always shown."""
        print(f"schemadoc: error: {message}", file=self.err, flush=True)

    def print(self, text: str = "") -> None:
        """Part of the command's result."""
        print(text, file=self.out)

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        """Report a long step and how long it took."""
        started = time.perf_counter()
        self.progress(f"{message} …")
        yield
        self.progress(f"{message}: done in {time.perf_counter() - started:.2f} s")
