"""Schema directory -> throwaway PostgreSQL -> deployed schema -> Catalog, as one step.

``catalog_session`` keeps the database alive while the caller still needs it (the claims page
times the schema's queries on it); ``build_catalog`` is the same without the live database.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.postgres.binaries import BinariesChoice, find_installation
from introspect.postgres.cache import ClusterCache, deployment_key
from introspect.postgres.cluster import throwaway_cluster
from introspect.postgres.deploy import deploy_schema, required_extensions, schema_files
from introspect.postgres.dsn import database_name

# A fixed database name: it is recorded in catalog.json, which must not change between builds.
DATABASE_NAME = "schemadoc"
# Beside the cluster's files, the name of the database deployed into (PostgreSQL ignores the file).
DOCUMENTED_DATABASE_FILE = "schemadoc-database"


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


@dataclass
class Release:
    """Lets a caller give the throwaway server back before it leaves ``catalog_session``: ``now()``
    stops it (caching a fresh deployment first) in the background while the caller goes on; leaving
    the session waits for that. With a database that is only read, ``now()`` does nothing."""

    _stop: Callable[[], None] | None = None

    def now(self) -> None:
        if self._stop is not None:
            self._stop()


@contextmanager
def catalog_session(
    schema_dir: Path,
    *,
    sample_data: bool = True,
    binaries: BinariesChoice = "auto",
    console: Console | None = None,
    timings: Timings | None = None,
    cache: ClusterCache | None = None,
    schemas: Sequence[str] | None = None,
    exclude_schemas: Sequence[str] | None = None,
    sample_data_dir: Path | None = None,
    file_order: str = "lexical",
    sample_data_jobs: int = 1,
    release: Release | None = None,
    on_server_starting: Callable[[], None] | None = None,
) -> Iterator[tuple[Catalog, str]]:
    """Deploy ``schema_dir`` into a throwaway cluster and yield (catalog, dsn) while it runs.

    With a ``cache``, a cluster deployed from exactly the same inputs before is started from its
    cached data directory instead, and a fresh deployment is cached once it stopped cleanly. With a
    ``release``, the caller may stop the server early (``release.now()``) and keep the session open.
    ``on_server_starting`` is called once the sources are read, as the server starts (initdb or the
    copy of a cached deployment): from then on the session mostly waits on other processes.
    """
    console = console or Console(quiet=True)
    timings = timings or Timings()
    if not schema_files(schema_dir, order=file_order):
        raise SchemadocError(f"{schema_dir}: no .sql files to deploy")
    extensions = required_extensions(schema_dir, sample_data_dir, order=file_order)
    restore: Callable[[Path], bool] | None = None
    keep: Callable[[Path], None] | None = None
    installation = None
    if cache is not None:  # the key names the binaries, so they are found here, once
        installation = find_installation(binaries, extensions)
        key = deployment_key(
            schema_dir,
            sample_data=sample_data,
            installation=installation,
            database=DATABASE_NAME,
            sample_data_dir=sample_data_dir,
            order=file_order,
            sample_data_jobs=sample_data_jobs,
        )

        def restore(data_dir: Path) -> bool:
            return cache.restore(key, data_dir)

        def keep(data_dir: Path) -> None:
            if cache.store(key, data_dir):
                console.progress(f"cached this deployment in {cache.entry(key)}")

    stack = ExitStack()
    if on_server_starting is not None:
        on_server_starting()
    with timings.stage("start PostgreSQL"):
        cluster = stack.enter_context(
            throwaway_cluster(
                binaries=binaries, needs_extensions=extensions, restore=restore, keep=keep, installation=installation
            )
        )
    if release is not None:
        release._stop = cluster.stop_in_background
    with stack:
        console.progress(f"PostgreSQL {cluster.version_num} from {cluster.bindir}")
        documented = cluster.root / "data" / DOCUMENTED_DATABASE_FILE
        if cluster.restored:
            console.progress("reusing the cached deployment of this schema (nothing that feeds it changed)")
            database = documented.read_text(encoding="utf-8") if documented.is_file() else DATABASE_NAME
            dsn = cluster.database_dsn(database)
        else:
            stage = "deploy schema + sample data" if sample_data else "deploy schema"
            with timings.stage(stage):
                dsn = deploy_schema(
                    cluster.create_database(DATABASE_NAME),
                    schema_dir,
                    sample_data=sample_data,
                    console=console,
                    sample_data_dir=sample_data_dir,
                    order=file_order,
                    own_server=True,
                    sample_data_jobs=sample_data_jobs,
                ).dsn
            # A script may have moved to a database of its own; a cached copy must document that one too.
            documented.write_text(database_name(dsn), encoding="utf-8")
        with timings.stage("introspect"):
            # Imported here, not before the server starts (a build imports it meanwhile).
            from introspect.catalog.load import load_catalog

            loaded = [load_catalog(dsn, exact_row_counts=True, schemas=schemas, exclude_schemas=exclude_schemas)]
        # Yielded without a name of its own here: a caller that drops the catalog while the session
        # is still open gets its memory back.
        yield loaded.pop(), dsn
        with timings.stage("stop PostgreSQL"):
            stack.close()


def build_catalog(
    schema_dir: Path, *, sample_data: bool = True, binaries: BinariesChoice = "auto", console: Console | None = None
) -> Catalog:
    """The catalog of ``schema_dir`` deployed into a throwaway cluster (stopped before returning)."""
    with catalog_session(schema_dir, sample_data=sample_data, binaries=binaries, console=console) as (catalog, _):
        return catalog
