"""What the drift check works with: claims read from the overview, quantities, and verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass

PASS = "pass"
FAIL = "fail"
UNCHECKED = "unchecked"  # a statement the checker cannot interpret: listed, never passed silently
SKIPPED = "skipped"  # interpretable but not measured in this run (timings without --perf)

APPROX_TOLERANCE = 0.10  # "~130" means within ±10%


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the overview, with the line it is written on."""

    line: int
    text: str  # the statement as the reader sees it (Markdown markers removed)
    topic: str  # which checker verifies it: "count", "object", "index_kind", "grant", …
    subject: str  # what it is about: a metric, an object name, a role, a table row label
    stated: str = ""  # the stated value as written: "60+", "BRIN", "cascade", "< 50 ms"
    context: str = ""  # extra detail the checker needs: an object kind, a target list, the bullet text
    negated: bool = False  # "not", "no", "cannot", "never", "without" governs this assertion
    params: tuple[tuple[str, str], ...] = ()  # further named details: a scope, index columns, …

    def param(self, name: str, default: str = "") -> str:
        """One named detail of the assertion."""
        return dict(self.params).get(name, default)


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim and what the database actually has."""

    claim: Claim
    status: str  # PASS | FAIL | UNCHECKED | SKIPPED
    measured: str  # what the database has, phrased to follow "the database has …"
    missing: bool = False  # failed because the object it is about exists nowhere (so no negation holds)

    def message(self, overview: str) -> str:
        """The one-line report of a failed or unchecked claim: ``file:LINE: claim "…" — …``."""
        tail = f"the database has {self.measured}" if self.status == FAIL else f"{self.status}: {self.measured}"
        return f'{overview}:{self.claim.line}: claim "{self.claim.text}" — {tail}'


_QUANTITY = re.compile(
    r"(?P<approx>~|≈|about\s+|approximately\s+|around\s+)?(?P<lt><\s*|under\s+|below\s+)?"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>[KkM](?![A-Za-z]))?(?P<plus>\+)?"
    r"\s*(?P<unit>kB|KB|MB|GB|TB|bytes|ms|milliseconds?|seconds?|s\b|%)?",
    re.IGNORECASE,
)
_SCALES = {"k": 1_000, "m": 1_000_000}
_BYTE_UNITS = {"bytes": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4}
_TIME_UNITS = {"ms": 1, "millisecond": 1, "milliseconds": 1, "s": 1000, "second": 1000, "seconds": 1000}


@dataclass(frozen=True)
class Quantity:
    """A stated figure with its qualifier, in base units (bytes, milliseconds, or a plain count)."""

    value: float
    qualifier: str  # "exact" | "at_least" | "at_most" | "above" | "below" | "approx"
    unit: str  # "" | "bytes" | "ms" | "%"
    written: str  # as written: "~130", "60+", "< 2 seconds"

    def accepts(self, measured: float, *, tolerance: float = APPROX_TOLERANCE) -> bool:
        """Whether a measured figure satisfies the stated one."""
        if self.qualifier == "at_least":
            return measured >= self.value
        if self.qualifier == "at_most":
            return measured <= self.value
        if self.qualifier == "above":
            return measured > self.value
        if self.qualifier == "below":
            return measured < self.value
        if self.qualifier == "approx":
            return abs(measured - self.value) <= tolerance * self.value
        return measured == self.value

    def describe(self, tolerance: float = APPROX_TOLERANCE) -> str:
        """How the figure is read: "exactly 12", "at least 60", "118–143 (±10%)"."""
        if self.qualifier == "at_least":
            return f"at least {_fmt(self.value)}"
        if self.qualifier == "at_most":
            return f"at most {_fmt(self.value)}"
        if self.qualifier == "above":
            return f"more than {_fmt(self.value)}"
        if self.qualifier == "below":
            return f"below {_fmt(self.value)}"
        if self.qualifier == "approx":
            low, high = self.value * (1 - tolerance), self.value * (1 + tolerance)
            return f"{_fmt(low)}–{_fmt(high)} (±{tolerance:.0%})"
        return f"exactly {_fmt(self.value)}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"


def parse_quantity(text: str) -> Quantity | None:
    """The first figure in a piece of text, e.g. "~130 columns", "60+", "< 2 seconds", "10,000"."""
    match = _QUANTITY.search(text)
    if not match:
        return None
    value = float(match.group("number").replace(",", ""))
    if match.group("scale"):
        value *= _SCALES[match.group("scale").lower()]
    unit_word = (match.group("unit") or "").lower()
    unit = ""
    if unit_word in _BYTE_UNITS:
        value, unit = value * _BYTE_UNITS[unit_word], "bytes"
    elif unit_word in _TIME_UNITS:
        value, unit = value * _TIME_UNITS[unit_word], "ms"
    elif unit_word == "%":
        unit = "%"
    if match.group("lt"):
        qualifier = "below"
    elif match.group("plus"):
        qualifier = "at_least"
    elif match.group("approx"):
        qualifier = "approx"
    else:
        qualifier = "exact"
    return Quantity(value, qualifier, unit, match.group(0).strip())


def format_bytes(size: float) -> str:
    """A byte count for people: "12.3 MB"."""
    for unit in ("bytes", "kB", "MB", "GB"):
        if abs(size) < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover - loop always returns


def format_ms(value: float) -> str:
    """A duration in milliseconds for people."""
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
