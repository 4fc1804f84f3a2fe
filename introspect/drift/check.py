"""``check(dsn, …)``: both halves of the drift check against a database that holds the schema."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.console import Console
from introspect.drift import claims as claims_module
from introspect.drift.checks.perf import QueryTiming, time_queries
from introspect.drift.generated import GeneratedDrift, compare_reference
from introspect.drift.output import CheckReport
from introspect.drift.overview import read_statements, read_text
from introspect.drift.probe import Probe
from introspect.lint import LintSettings
from introspect.render.layers import Layer


def check(
    dsn: str,
    *,
    overview: Path,
    reference_dir: Path | None,
    queries_dir: Path,
    perf: bool = False,
    console: Console | None = None,
    catalog: Catalog | None = None,
    extra_layers: Sequence[Layer] = (),
    lint_settings: LintSettings | None = None,
    previous: tuple[str, Catalog] | None = None,
) -> CheckReport:
    """Both halves of the check against a database that already holds the schema and sample data
    (``catalog`` is its introspection when the caller already has it)."""
    console = console or Console(quiet=True)
    readings = read_statements(read_text(overview))
    claims = [c for r in readings for c in r.claims]
    if catalog is None:
        with console.step("introspecting the database"):
            catalog = load_catalog(dsn)
    generated = _generated(catalog, reference_dir, overview, console, extra_layers, lint_settings, previous)
    timings: dict[str, QueryTiming] | None = None
    if perf:
        with console.step("timing the target queries"):
            timings = time_queries(dsn, queries_dir, claims_module.query_slugs(claims))
    with Probe(dsn) as probe:
        results = claims_module.evaluate(readings, catalog, queries_dir=queries_dir, timings=timings, probe=probe)
    return CheckReport(
        overview=str(overview),
        reference_dir=str(reference_dir) if reference_dir is not None else "",
        generated=generated,
        claims=tuple(results),
        perf=perf,
    )


def _generated(
    catalog: Catalog,
    reference_dir: Path | None,
    overview: Path,
    console: Console,
    extra_layers: Sequence[Layer],
    lint_settings: LintSettings | None,
    previous: tuple[str, Catalog] | None,
) -> GeneratedDrift | None:
    if reference_dir is None:
        return None
    with console.step("rendering the reference pages"):
        return compare_reference(
            catalog,
            reference_dir,
            overview=overview,
            extra_layers=extra_layers,
            lint_settings=lint_settings,
            previous=previous,
        )
