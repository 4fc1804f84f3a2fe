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
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, ClaimResult
from introspect.drift.overview import read_overview
from introspect.render.text import inline

VERDICT_WORDS = {PASS: "✅ pass", FAIL: "❌ fail", UNCHECKED: "❔ unchecked", SKIPPED: "⏭ skipped"}


def cell(text: str) -> str:
    """Text shown literally inside a Markdown table cell: one line, no markup, no HTML."""
    return inline(" ".join(text.split()))


def _row(result: ClaimResult) -> str:
    claim = result.claim
    if claim.topic == "object":
        stated = KIND_NAMES.get(claim.context, claim.context)
    else:
        stated = claim.stated if claim.topic != "unchecked" else ""
    cells = (str(claim.line), cell(claim.text), cell(stated), cell(result.measured), VERDICT_WORDS[result.status])
    return "| " + " | ".join(cells) + " |"


def claims_page(results: list[ClaimResult], overview_name: str, *, timed: bool) -> str:
    """The Markdown of the claims page for these verdicts."""
    counts = claims_module.tally(results)
    lines = [
        "# Overview claims",
        "",
        f"Every statement of `{overview_name}` that `schemadoc check` reads, checked against the database this",
        "site was built from (schema and sample data). *Unchecked* lists figures no checker can measure",
        "(design capacity, growth rates, dates); they are shown so that none is taken as verified.",
        "",
        "Query timings are medians of several runs on the sample data, measured during this build."
        if timed
        else "Query timings were not measured in this build.",
        "",
        "| Verdict | Claims |",
        "|---|---|",
        *[f"| {VERDICT_WORDS[status]} | {n} |" for status, n in counts.items()],
        "",
        "| Line | Claim | Stated | Measured | Verdict |",
        "|---:|---|---|---|---|",
        *[_row(r) for r in results],
        "",
    ]
    return "\n".join(lines)


def render_claims_page(
    catalog: Catalog, overview_path: Path, dsn: str | None, *, queries_dir: Path | None = None
) -> str:
    """The claims page for an overview, timing the query targets on ``dsn`` (skipped when None).

    ``queries_dir`` defaults to ``schema/queries`` under the current directory, as in
    ``schemadoc check`` (pass ``schema_dir / "queries"`` for another schema directory).
    """
    claims = read_overview(overview_path)
    if queries_dir is None:
        queries_dir = Path("schema") / "queries"
    timings = time_queries(dsn, queries_dir, claims_module.query_slugs(claims)) if dsn else None
    results = claims_module.evaluate(claims, catalog, queries_dir=queries_dir, timings=timings)
    return claims_page(results, overview_path.name, timed=timings is not None)
