"""The site's claims page: every claim of the overview, its line, what it states, what was measured.

Query timings are measured here on the live database, so the page depends on the run: the site
build writes it to a staging directory, never into the committed ``docs_src/reference``.
"""

from __future__ import annotations

from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.drift import claims as claims_module
from introspect.drift.checks.objects import KIND_NAMES
from introspect.drift.checks.perf import time_queries
from introspect.drift.claims import StatementResult
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, ClaimResult
from introspect.drift.overview import read_statements, read_text
from introspect.drift.probe import Probe
from introspect.render.text import inline

# Plain-text markers: they render in any font, with no emoji font installed.
VERDICT_WORDS = {PASS: "✓ pass", FAIL: "✗ fail", UNCHECKED: "? unchecked", SKIPPED: "– skipped"}


def cell(text: str) -> str:
    """Text shown literally inside a Markdown table cell: one line, no markup, no HTML."""
    return inline(" ".join(text.split()))


def _assertion(result: ClaimResult) -> str:
    """What one assertion states, in words: "`orders` is a table", "indexes: 60+"."""
    claim = result.claim
    negation = "not " if claim.negated else ""
    if claim.topic == "object":
        return f"{claim.subject}: {negation}{KIND_NAMES.get(claim.context, claim.context)}"
    stated = f" {claim.stated}" if claim.stated else ""
    return f"{claim.topic.replace('_', ' ')} {claim.subject}:{' not' if claim.negated else ''}{stated}"


def _row(result: StatementResult) -> str:
    stated = "; ".join(_assertion(r) for r in result.results)
    cells = (str(result.line), cell(result.text), cell(stated), cell(result.measured), VERDICT_WORDS[result.status])
    return "| " + " | ".join(cells) + " |"


def claims_page(results: list[StatementResult], overview_name: str, *, timed: bool) -> str:
    """The Markdown of the claims page for these verdicts."""
    counts = claims_module.tally(results)
    lines = [
        "# Overview claims",
        "",
        f"Every statement of `{overview_name}` that `schemadoc check` reads, checked against the database this",
        "site was built from (schema and sample data). A statement *passes* only when every assertion in it",
        "was checked and holds; *unchecked* statements say something no checker read (the words are quoted),",
        "so that none is taken as verified. The grammar is described in the guide *Writing checkable statements*.",
        "",
        "Query timings are medians of several runs on the sample data, measured during this build."
        if timed
        else "Query timings were not measured in this build.",
        "",
        "| Verdict | Claims |",
        "|---|---|",
        *[f"| {VERDICT_WORDS[status]} | {n} |" for status, n in counts.items()],
        "",
        "| Line | Statement | Assertions | Measured | Verdict |",
        "|---:|---|---|---|---|",
        *[_row(r) for r in results],
        "",
    ]
    return "\n".join(lines)


def render_claims_page(
    catalog: Catalog, overview_path: Path, dsn: str | None, *, queries_dir: Path, timed: bool = True
) -> str:
    """The claims page for an overview, checked on ``dsn`` (names, conditions, explicit checks) and
    with the query targets of ``queries_dir`` timed there unless ``timed`` is false (or no ``dsn``)."""
    readings = read_statements(read_text(overview_path))
    claims = [c for r in readings for c in r.claims]
    timings = time_queries(dsn, queries_dir, claims_module.query_slugs(claims)) if dsn and timed else None
    with Probe(dsn) as probe:
        results = claims_module.evaluate(readings, catalog, queries_dir=queries_dir, timings=timings, probe=probe)
    return claims_page(results, overview_path.name, timed=timings is not None)
