"""Mutation suite: copies of the project, each with one change, must fail `schemadoc check`.

Each full check deploys the schema with its sample data, which is the expensive part. So the
sample database is deployed once (the shared ``sample_dsn`` fixture) and serves as a template:
every mutation writes its DDL into its copy of the project (``schema/99_mutation.sql``) and applies
the same DDL to a clone of the template (``CREATE DATABASE … TEMPLATE`` takes well under a
second), then runs the real ``schemadoc check --dsn <clone>`` code path on the copy. Overview-only
mutations run against the template itself. The copy's ``docs_src/reference`` is regenerated from
the template first, so the baseline is the project as ``schemadoc build`` would leave it.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.cli import main
from introspect.console import Console
from introspect.drift.overview import read_overview, read_statements, read_text
from introspect.postgres.cluster import Cluster
from introspect.postgres.dsn import database_name
from introspect.render.layers import load_layers
from introspect.render.pages import render_reference

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
_clone_numbers = itertools.count(1)


@dataclass(frozen=True)
class Project:
    """A copy of the project: its schema dir, overview and reference dir."""

    root: Path

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def overview(self) -> Path:
        return self.root / "docs_src" / "overview.md"

    @property
    def reference_dir(self) -> Path:
        return self.root / "docs_src" / "reference"

    def claim_line(self, topic: str, subject: str, stated: str = "") -> int:
        """The overview line of the first claim of this topic about ``subject`` (for delete rules:
        whose sentence mentions it) that states ``stated``, found by the overview parser itself."""
        for claim in read_overview(self.overview):
            about = subject in claim.subject if topic == "delete_rule" else claim.subject == subject
            if claim.topic == topic and about and stated in claim.stated:
                return claim.line
        raise AssertionError(f"the overview has no {topic} claim about {subject!r} stating {stated!r}")


def copy_project(destination: Path, reference_from: Catalog) -> Project:
    """Copy schema/ and docs_src/ and regenerate the copy's reference pages from ``reference_from``."""
    shutil.copytree(REPO / "schema", destination / "schema")
    shutil.copytree(REPO / "docs_src", destination / "docs_src")
    project = Project(destination)
    shutil.rmtree(project.reference_dir, ignore_errors=True)
    for relative, content in render_reference(reference_from, layers=load_layers(project.overview)).items():
        path = project.reference_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def template_catalog(sample_dsn: str) -> Catalog:
    return load_catalog(sample_dsn)


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory, template_catalog: Catalog) -> Project:
    """The unmodified project, with reference pages as a build from the template would write them."""
    return copy_project(tmp_path_factory.mktemp("baseline"), template_catalog)


@pytest.fixture
def mutant(tmp_path: Path, baseline: Project) -> Project:
    """A fresh copy of the baseline project to change."""
    shutil.copytree(baseline.root, tmp_path / "project")
    return Project(tmp_path / "project")


@pytest.fixture
def clone(pg_cluster: Cluster, sample_dsn: str) -> Iterator[Callable[[], str]]:
    """Factory: a new database cloned from the sample database (schema + sample data), dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"drift_mutant_{next(_clone_numbers)}"
        with psycopg.connect(pg_cluster.dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database_name(sample_dsn)}"')
        made.append(name)
        return pg_cluster.database_dsn(name)

    yield make
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_check(project: Project, dsn: str, *extra: str) -> tuple[int, dict[str, Any]]:
    """`schemadoc check --dsn … --format json` on a project copy; the exit code and the JSON report."""
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "check",
        "--dsn",
        dsn,
        "--schema-dir",
        str(project.schema_dir),
        "--overview",
        str(project.overview),
        "--reference-dir",
        str(project.reference_dir),
        "--format",
        "json",
        "--exact-row-counts",  # the committed pages were built on a throwaway server, which counts rows
        *extra,
    ]
    code = main(argv, Console(quiet=True, out=out, err=err))
    assert code in (0, 1), err.getvalue()
    return code, json.loads(out.getvalue())


def failed_claims(report: dict[str, Any]) -> dict[int, list[str]]:
    """Overview line -> messages of the claims that failed on it."""
    failures: dict[int, list[str]] = {}
    for claim in report["claims"]:
        if claim["status"] == "fail":
            failures.setdefault(claim["line"], []).append(claim["message"])
    return failures


def mutate(project: Project, clone_dsn: str, ddl: str) -> None:
    """Record the change in the project copy's schema and apply it to its database clone."""
    (project.schema_dir / "99_mutation.sql").write_text(ddl + "\n", encoding="utf-8")
    with psycopg.connect(clone_dsn, autocommit=True) as conn:
        conn.execute(ddl.encode())


def test_the_unmodified_project_passes(baseline: Project, sample_dsn: str) -> None:
    code, report = run_check(baseline, sample_dsn)
    assert failed_claims(report) == {}
    assert report["generated"]["objects"] == [] and report["generated"]["pages"] == []
    assert code == 0


def test_a_changed_overview_figure_fails_on_its_line(mutant: Project, baseline: Project, sample_dsn: str) -> None:
    text = mutant.overview.read_text(encoding="utf-8")
    assert "60+ indexes" in text
    mutant.overview.write_text(text.replace("60+ indexes", "90+ indexes", 1), encoding="utf-8")
    code, report = run_check(mutant, sample_dsn)
    line = mutant.claim_line("count", "indexes", "90+")
    assert code == 1
    _, baseline_report = run_check(baseline, sample_dsn)
    new_failures = {n: m for n, m in failed_claims(report).items() if n not in failed_claims(baseline_report)}
    assert list(new_failures) == [line]
    (message,) = new_failures[line]
    assert (
        message.startswith(f"{mutant.overview}:{line}: claim ") and "declared indexes (stated at least 90)" in message
    )


def _fk(catalog: Catalog, child: str, parent: str) -> tuple[str, str, str]:
    """Name, columns and referenced columns of the foreign key from ``child`` to ``parent``."""
    fk = next(
        c for c in catalog.foreign_keys() if c.table == f"public.{child}" and c.referenced_table == f"public.{parent}"
    )
    return fk.name, ", ".join(fk.columns), ", ".join(fk.referenced_columns)


def _leaf_view(catalog: Catalog) -> str:
    """A plain view that no other view depends on (so DROP VIEW needs no CASCADE)."""
    used = {dep for v in catalog.views for dep in v.depends_on}
    return next(v.name for v in catalog.views if v.kind == "view" and v.key not in used)


Selector = tuple[str, str, str]  # (topic, subject, stated) of an overview claim: see Project.claim_line
MUTATIONS: dict[str, Callable[[Catalog], tuple[str, str, list[Selector]]]] = {
    # name -> (DDL, expected object message, the overview claims that must fail)
    "drop_brin_index": lambda c: (
        "DROP INDEX idx_orders_date_brin;",
        "index public.idx_orders_date_brin was removed",
        [("index_kind", "idx_orders_date_brin", "")],
    ),
    "drop_materialized_view": lambda c: (
        "DROP MATERIALIZED VIEW mv_inventory_status;",
        "materialized view public.mv_inventory_status was removed",
        [("object", "mv_inventory_status", ""), ("count", "materialized_views", "")],
    ),
    "cascade_to_restrict": lambda c: (
        "ALTER TABLE addresses DROP CONSTRAINT {0}, ADD CONSTRAINT {0} FOREIGN KEY ({1}) "
        "REFERENCES customers ({2}) ON DELETE RESTRICT;".format(*_fk(c, "addresses", "customers")),
        "constraint public.addresses.{}: on delete changed from cascade to restrict".format(
            _fk(c, "addresses", "customers")[0]
        ),
        [("delete_rule", "addresses", "cascade")],
    ),
    "drop_view": lambda c: (
        f"DROP VIEW {_leaf_view(c)};",
        f"view public.{_leaf_view(c)} was removed",
        [("count", "views", "")],
    ),
    "add_table": lambda c: (
        "CREATE TABLE public.gift_cards (gift_card_id bigint PRIMARY KEY, balance numeric(12,2) NOT NULL);",
        "table public.gift_cards was added",
        [("count", "tables", "")],
    ),
    "change_column_comment": lambda c: (
        "COMMENT ON COLUMN customers.email IS 'Where we send receipts (changed behind the docs'' back)';",
        "comment on public.customers.email changed",
        [],
    ),
    "revoke_grant": lambda c: (
        "REVOKE INSERT ON orders FROM order_manager;",
        "grant INSERT on public.orders to order_manager was removed",
        [("grant", "order_manager", "INSERT")],
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_schema_mutation_fails_the_check(
    name: str, mutant: Project, clone: Callable[[], str], template_catalog: Catalog
) -> None:
    ddl, object_message, claim_selectors = MUTATIONS[name](template_catalog)
    dsn = clone()
    mutate(mutant, dsn, ddl)
    code, report = run_check(mutant, dsn)
    assert code == 1
    assert object_message in report["generated"]["objects"]
    assert report["generated"]["pages"], "some generated page must be out of date"
    failures = failed_claims(report)
    for selector in claim_selectors:
        line = mutant.claim_line(*selector)
        assert line in failures, f"no failed claim on overview line {line} {selector}; failures: {failures}"
        assert all(m.startswith(f"{mutant.overview}:{line}: claim ") for m in failures[line])


def test_a_slowed_down_target_query_fails_with_perf(mutant: Project, sample_dsn: str) -> None:
    query = mutant.schema_dir / "queries" / "simple_select_by_pk.sql"
    assert query.is_file()
    query.write_text("SELECT pg_sleep(0.02);\n" + query.read_text(encoding="utf-8"), encoding="utf-8")
    code, report = run_check(mutant, sample_dsn, "--perf")
    line = mutant.claim_line("query_target", "Simple SELECT by PK")
    assert code == 1
    (message,) = failed_claims(report)[line]
    assert "simple_select_by_pk.sql median" in message
    timed = [a for c in report["claims"] for a in c["assertions"] if a["topic"] == "query_target"]
    assert len(timed) == 6 and all(a["status"] in ("pass", "fail") for a in timed)


def test_claims_page_times_the_queries_on_the_live_database(baseline: Project, sample_dsn: str) -> None:
    from introspect.drift.report import render_claims_page

    page = render_claims_page(
        load_catalog(sample_dsn), baseline.overview, sample_dsn, queries_dir=baseline.schema_dir / "queries"
    )
    rows = [line for line in page.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == len(read_statements(read_text(baseline.overview)))
    timed = [row for row in rows if ".sql median " in row]
    assert len(timed) == 6
