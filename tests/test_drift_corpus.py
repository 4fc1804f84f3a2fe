"""The claim corpus: overviews in six styles, each statement's expected verdict, and generated negations.

Every folder of tests/drift_cases/ holds an overview, an optional case schema and ``expected.txt``
(line, truth, verdict). The confusion matrix over the corpus is printed; the targets are zero
false passes, zero false alarms and nine in ten checkable (true or false) statements judged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.drift import claims as claims_module
from introspect.drift.claims import StatementResult
from introspect.drift.model import FAIL, PASS
from introspect.drift.overview import read_statements
from introspect.drift.probe import Probe
from introspect.drift.vocabulary import number_value
from introspect.postgres.cluster import Cluster
from introspect.postgres.deploy import deploy_schema

CORPUS = Path(__file__).parent / "drift_cases"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
NEGATABLE = {"count", "index_kind", "index_fact", "partition", "delete_rule", "grant", "object"}


@dataclass(frozen=True)
class Expected:
    line: int
    truth: str  # "true" | "false" | "neutral"
    verdict: str


def expected_rows(case: str) -> list[Expected]:
    rows = []
    for raw in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        body = raw.split("#", 1)[0].split()
        if body:
            rows.append(Expected(int(body[0]), body[1], body[2]))
    return rows


@pytest.fixture(scope="module")
def case_database(canonical_dsn: str, pg_cluster: Cluster) -> Iterator[Callable[[str], str]]:
    """Factory: the DSN holding a case's schema (the canonical one when the case has no schema.sql)."""
    made: dict[str, str] = {}

    def get(case: str) -> str:
        if not (CORPUS / case / "schema.sql").is_file():
            return canonical_dsn
        if case not in made:
            dsn = pg_cluster.create_database(f"claims_{case}")
            deploy_schema(dsn, CORPUS / case)
            made[case] = dsn
        return made[case]

    yield get


_catalogs: dict[str, Catalog] = {}


def judge(text: str, dsn: str) -> list[StatementResult]:
    if dsn not in _catalogs:
        _catalogs[dsn] = load_catalog(dsn)
    with Probe(dsn) as probe:
        return claims_module.evaluate(read_statements(text), _catalogs[dsn], queries_dir=CORPUS, probe=probe)


def overview(case: str) -> str:
    return (CORPUS / case / "overview.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_each_statement_gets_its_expected_verdict(case: str, case_database: Callable[[str], str]) -> None:
    results = judge(overview(case), case_database(case))
    got = [(r.line, r.status) for r in results]
    want = [(e.line, e.verdict) for e in expected_rows(case)]
    assert got == want, "\n".join(f"{r.line} {r.status}: {r.text} => {r.measured}" for r in results)


def test_confusion_matrix_has_no_false_pass_and_no_false_alarm(case_database: Callable[[str], str]) -> None:
    matrix: Counter[tuple[str, str]] = Counter()
    for case in CASES:
        results = judge(overview(case), case_database(case))
        for expected, result in zip(expected_rows(case), results, strict=True):
            matrix[(expected.truth, result.status)] += 1
    checkable = sum(n for (truth, _), n in matrix.items() if truth != "neutral")
    judged = matrix[("true", PASS)] + matrix[("false", FAIL)]
    print("\nconfusion matrix (truth, verdict): count")
    for (truth, status), n in sorted(matrix.items()):
        print(f"  {truth:7s} {status:9s} {n}")
    print(f"  judged: {judged} of {checkable} checkable statements ({judged / checkable:.0%})")
    assert matrix[("false", PASS)] == 0 and matrix[("neutral", PASS)] == 0, "a false or neutral statement passed"
    assert matrix[("true", FAIL)] == 0 and matrix[("neutral", FAIL)] == 0, "a true or neutral statement failed"
    assert judged >= 0.9 * checkable


# --- generated negations -----------------------------------------------------------------------

_UPPER_BOUND = re.compile(r"(at most|up to|no more than|fewer than|less than|under|below|<=?)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.`])(\d[\d,]*|twenty-one|seven|nine|sixty|one|none)(?![\w`])", re.IGNORECASE)
_SWAPS: tuple[tuple[str, str], ...] = (
    (r"\bcannot\b", "can"),
    (r"\bcan\b(?! be)", "cannot"),
    (r"\bis not\b", "is"),
    (r"\bdoes not delete\b", "deletes"),
    (r"\b(?:also )?deletes\b", "does not delete"),
    (r"\bcascades to\b", "does not cascade to"),
    (r"\brange(?=[- ]partitioned)", "list"),
    (r"\blist(?=[- ]partitioned)", "hash"),
    (r"\bhash(?=[- ]partitioned)", "range"),
    (r"\bmaterialized views?\b", "view"),
    (r"\bviews?\b", "materialized view"),
    (r"(?<=: )table\b|(?<=is a )table\b", "view"),
    (r"\bBRIN\b", "GIN"),
    (r"\bGIN\b", "BRIN"),
    (r"\bB-?tree\b", "hash"),
    (r"\bhash\b", "BRIN"),
    (r"\b(?:partial|covering|composite|expression)\b", "unique"),
    (r"\brange\b", "list"),
    (r"\blist\b", "hash"),
)


def alter(line: str) -> str | None:
    """A false variant of a true statement's line: a flipped verb, a swapped kind, method,
    strategy or action, or a changed figure; None when nothing in it can be altered."""
    code = re.sub(r"`[^`]*`", lambda m: "\0" * len(m.group(0)), line)  # never alter inside code spans
    for pattern, replacement in _SWAPS:
        found = re.search(pattern, code, re.IGNORECASE)
        if found:
            return line[: found.start()] + replacement + line[found.end() :]
    for found in _NUMBER.finditer(code):
        value = number_value(found.group(1))
        if value is None:
            continue
        new = "0" if _UPPER_BOUND.search(code[: found.start()]) else str(int(value) * 3 + 7)
        return line[: found.start()] + new + line[found.end() :]
    return None


def negatable(result: StatementResult) -> bool:
    topics = {r.claim.topic for r in result.results}
    kinds = {r.claim.context for r in result.results if r.claim.topic == "object"}
    return bool(topics & NEGATABLE) and not (topics == {"object"} and kinds <= {"any", "function", ""})


def test_every_true_statement_altered_fails(case_database: Callable[[str], str]) -> None:
    altered_count = 0
    survivors: list[str] = []
    for case in CASES:
        text, dsn = overview(case), case_database(case)
        lines = text.splitlines()
        results = judge(text, dsn)
        for expected, result in zip(expected_rows(case), results, strict=True):
            if expected.truth != "true" or result.status != PASS or not negatable(result):
                continue
            changed = alter(lines[result.line - 1])
            if changed is None:
                continue
            mutant = "\n".join([*lines[: result.line - 1], changed, *lines[result.line :]]) + "\n"
            verdicts = [r for r in judge(mutant, dsn) if r.line == result.line]
            altered_count += 1
            if not any(r.status == FAIL for r in verdicts):
                survivors.append(f"{case}:{result.line}: {changed.strip()} => {[r.status for r in verdicts]}")
    print(f"\n{altered_count} true statements altered; {len(survivors)} still not failing")
    assert not survivors, "\n".join(survivors)
    assert altered_count >= 60
