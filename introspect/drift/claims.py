"""Verify the overview's statements: one checker per assertion, one verdict per statement.

A statement passes only when every assertion in it was checked and holds and nothing else in it
was left unread; it fails when any assertion is false; otherwise it is unchecked, with the words
no checker read. Existence of the names in a statement is never, alone, a pass for a sentence
that says more about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.drift.checks import access, counts, facts, integrity, objects, partitions, perf, sizes
from introspect.drift.grammar import Reading
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, Claim, ClaimResult
from introspect.drift.probe import Probe

Checker = Callable[[Claim, Catalog], ClaimResult]
ProbeChecker = Callable[[Claim, Catalog, Probe], ClaimResult]

CHECKERS: dict[str, Checker] = {
    "count": counts.check_count,
    "server_version": counts.check_server_version,
    "column": objects.check_column,
    "soft_delete": objects.check_soft_delete,
    "self_reference": objects.check_self_reference,
    "index_kind": objects.check_index_kind,
    "index_fact": facts.check_index_fact,
    "column_fact": facts.check_column_fact,
    "references": facts.check_references,
    "trigger_fact": facts.check_trigger_fact,
    "mv_unique_index": facts.check_concurrent_refresh,
    "partition": partitions.check_partition,
    "delete_rule": integrity.check_delete_rule,
    "check_topic": integrity.check_topic,
    "audit_trigger": integrity.check_audit_trigger,
    "grant": access.check_grant,
    "table_rows": sizes.check_table_rows,
    "table_size": sizes.check_table_size,
    "index_ratio": sizes.check_index_ratio,
}
PROBE_CHECKERS: dict[str, ProbeChecker] = {
    "check": facts.check_condition,
    "explicit": facts.check_explicit,
}
SELF_NEGATING = frozenset({"grant"})  # checkers that read "cannot" themselves ("holds none of")
EXISTENCE_TOPICS = frozenset({"object", "column"})
BUILT_IN_KINDS = frozenset({"any", "function"})  # kinds a name may have in pg_catalog rather than the schema

STATUS_ORDER = (FAIL, UNCHECKED, SKIPPED, PASS)


@dataclass(frozen=True)
class StatementResult:
    """The verdict on one statement, with the verdict on each of its assertions."""

    reading: Reading
    results: tuple[ClaimResult, ...]
    status: str
    measured: str  # what was verified and found, or what was not checked

    @property
    def line(self) -> int:
        return self.reading.statement.line

    @property
    def text(self) -> str:
        return self.reading.statement.text

    def message(self, overview: str) -> str:
        """The one-line report: ``file:LINE: claim "…" — …``."""
        tail = f"the database has {self.measured}" if self.status == FAIL else f"{self.status}: {self.measured}"
        return f'{overview}:{self.line}: claim "{self.text}" — {tail}'


def query_slugs(claims: Iterable[Claim]) -> list[str]:
    """The query files the overview's performance targets refer to."""
    return [perf.query_slug(c.subject) for c in claims if c.topic == "query_target"]


def check_claim(
    claim: Claim,
    catalog: Catalog,
    probe: Probe,
    *,
    queries_dir: Path,
    timings: Mapping[str, perf.QueryTiming] | None,
) -> ClaimResult:
    """The verdict on one assertion, negation applied."""
    if claim.topic == "query_target":
        return perf.check_query_target(claim, queries_dir, timings)
    if claim.topic == "object":
        result = _check_name(claim, catalog, probe)
    elif claim.topic in PROBE_CHECKERS:
        result = PROBE_CHECKERS[claim.topic](claim, catalog, probe)
    else:
        result = CHECKERS[claim.topic](claim, catalog)
    if not claim.negated or claim.topic in SELF_NEGATING or result.status not in (PASS, FAIL) or result.missing:
        return result
    if result.status == PASS:
        return ClaimResult(claim, FAIL, f"{result.measured} (the statement says it is not so)")
    return ClaimResult(claim, PASS, result.measured)


def _check_name(claim: Claim, catalog: Catalog, probe: Probe) -> ClaimResult:
    """A name of the model, or — for a name of no stated kind — one pg_catalog knows."""
    result = objects.check_object(claim, catalog)
    if result.status != FAIL or (claim.context or "any") not in BUILT_IN_KINDS:
        return result
    bare = objects.bare_name(claim.subject)
    candidates = {bare, bare.lower()}
    known = probe.known_names(candidates)
    if known is None:
        return ClaimResult(claim, UNCHECKED, f"{claim.subject} is not in the schema; pg_catalog was not asked")
    if known:
        return ClaimResult(claim, PASS, f"{claim.subject}: known to PostgreSQL (pg_catalog)")
    return ClaimResult(claim, FAIL, f"nothing named {claim.subject} in the schema or pg_catalog", missing=True)


def _statement_status(reading: Reading, results: list[ClaimResult]) -> tuple[str, str]:
    failed = [r for r in results if r.status == FAIL]
    if failed:
        return FAIL, "; ".join(r.measured for r in failed)
    only_names = bool(results) and all(
        r.claim.topic in EXISTENCE_TOPICS and r.claim.context in ("", "any") for r in results
    )
    vouched = any(r.claim.topic == "explicit" for r in results)  # the author's query covers the rest
    not_read = [] if vouched else [*reading.leftover, *(reading.description if only_names else ())]
    if not_read:
        prefix = "names exist; " if only_names else ""
        checked = "" if only_names or not results else "; ".join(r.measured for r in results if r.status == PASS) + "; "
        return UNCHECKED, f"{prefix}{checked}not checked: " + "; ".join(repr(w) for w in not_read)
    for status in (UNCHECKED, SKIPPED):
        found = [r for r in results if r.status == status]
        if found:
            return status, "; ".join(r.measured for r in found)
    measured = "; ".join(r.measured for r in results)
    if reading.description:
        measured += "; description not checked: " + "; ".join(repr(d) for d in reading.description)
    return PASS, measured


def evaluate(
    readings: Iterable[Reading],
    catalog: Catalog,
    *,
    queries_dir: Path,
    timings: Mapping[str, perf.QueryTiming] | None = None,
    probe: Probe | None = None,
) -> list[StatementResult]:
    """A verdict for every statement, in overview order; ``timings`` None means perf was not measured."""
    probe = probe or Probe(None)
    verdicts = []
    for reading in readings:
        results = [check_claim(c, catalog, probe, queries_dir=queries_dir, timings=timings) for c in reading.claims]
        status, measured = _statement_status(reading, results)
        verdicts.append(StatementResult(reading, tuple(results), status, measured))
    return verdicts


def tally(results: Iterable[StatementResult]) -> dict[str, int]:
    """How many statements got each verdict, failures first."""
    counts_by_status = dict.fromkeys(STATUS_ORDER, 0)
    for result in results:
        counts_by_status[result.status] += 1
    return counts_by_status
