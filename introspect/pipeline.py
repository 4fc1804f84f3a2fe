"""Schema directory -> throwaway PostgreSQL -> deployed schema -> Catalog, as one step.

``catalog_session`` keeps the database alive while the caller still needs it (the claims page
times the schema's queries on it); ``build_catalog`` is the same without the live database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.postgres.binaries import BinariesChoice
from introspect.postgres.cluster import throwaway_cluster
from introspect.postgres.deploy import deploy_schema, required_extensions, schema_files

# A fixed database name: it is recorded in catalog.json, which must not change between builds.
DATABASE_NAME = "schemadoc"


@dataclass
class Timings:
    """Wall-clock seconds per named stage, in the order the stages ran."""

    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage (added to any earlier time under the same name)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def lines(self) -> list[str]:
        """One aligned line per stage, then the total."""
        width = max((len(name) for name in self.stages), default=5)
        rows = [f"{name:<{width}}  {seconds:6.2f} s" for name, seconds in self.stages.items()]
        rows.append(f"{'total':<{width}}  {sum(self.stages.values()):6.2f} s")
        return rows


@contextmanager
def catalog_session(
    schema_dir: Path,
    *,
    sample_data: bool = True,
    binaries: BinariesChoice = "auto",
    console: Console | None = None,
    timings: Timings | None = None,
) -> Iterator[tuple[Catalog, str]]:
    """Deploy ``schema_dir`` into a throwaway cluster and yield (catalog, dsn) while it runs."""
    console = console or Console(quiet=True)
    timings = timings or Timings()
    if not schema_files(schema_dir):
        raise SchemadocError(f"{schema_dir}: no .sql files to deploy")
    stack = ExitStack()
    with timings.stage("start PostgreSQL"):
        cluster = stack.enter_context(
            throwaway_cluster(binaries=binaries, needs_extensions=required_extensions(schema_dir))
        )
    with stack:
        console.progress(f"PostgreSQL {cluster.version_num} from {cluster.bindir}")
        dsn = cluster.create_database(DATABASE_NAME)
        stage = "deploy schema + sample data" if sample_data else "deploy schema"
        with timings.stage(stage):
            deploy_schema(dsn, schema_dir, sample_data=sample_data, console=console)
        with timings.stage("introspect"):
            catalog = load_catalog(dsn, exact_row_counts=True)
        yield catalog, dsn
        with timings.stage("stop PostgreSQL"):
            stack.close()


def build_catalog(
    schema_dir: Path, *, sample_data: bool = True, binaries: BinariesChoice = "auto", console: Console | None = None
) -> Catalog:
    """The catalog of ``schema_dir`` deployed into a throwaway cluster (stopped before returning)."""
    with catalog_session(schema_dir, sample_data=sample_data, binaries=binaries, console=console) as (catalog, _):
        return catalog
