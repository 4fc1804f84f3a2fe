"""`schemadoc build`: deploy the schema with sample data, introspect, render and build the site."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from introspect.catalog.model import Catalog
from introspect.cli.options import (
    add_cache_option,
    add_previous_catalog_option,
    add_queries_option,
    add_sample_data_option,
    add_schema_filter_options,
    add_timeout_options,
    catalog_session_from_args,
    dsn_argument,
    previous_from_args,
)
from introspect.console import Console
from introspect.errors import EXIT_OK, SchemadocError
from introspect.pipeline import Release, Timings
from introspect.postgres.binaries import BINARIES_CHOICES
from introspect.postgres.dsn import mask_password
from introspect.render.mkdocs_preload import preload_mkdocs
from introspect.render.site import Drawings, copy_docs, run_mkdocs, write_tree

HELP = "Deploy the schema with sample data, introspect, render the pages, build the site"
DESCRIPTION = """\
Deploy the schema (with its sample data) into a throwaway PostgreSQL, introspect it, write the
generated pages to DOCS_DIR/reference/ (replaced as a whole: stale pages disappear), add the
overview's claims page (measured on the live database) to a staging copy of DOCS_DIR, and run
`mkdocs build --strict` into SITE_DIR."""
CLAIMS_PAGE = "claims.md"
# Needed once the database is there: imported meanwhile, with MkDocs (the server starts sooner).
_AFTER_THE_DATABASE = (
    "introspect.catalog.load",
    "introspect.render.pages",
    "introspect.drift.report",
    "introspect.render.layers",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc build`."""
    parser.add_argument(
        "--schema-dir",
        type=Path,
        default=Path("schema"),
        help="the schema: a directory of SQL scripts and pg_dump archives, or one of them (default: schema)",
    )
    parser.add_argument(
        "--postgres",
        choices=BINARIES_CHOICES,
        default="auto",
        help="binaries of the throwaway server (default: auto: embedded unless an extension needs the system's)",
    )
    parser.add_argument("--no-sample-data", action="store_true", help="deploy the schema without its sample data")
    add_sample_data_option(parser)
    add_previous_catalog_option(parser)
    parser.add_argument("--docs-dir", type=Path, default=Path("docs_src"), help="MkDocs sources (default: docs_src)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes (default: site)")
    parser.add_argument("--timings", action="store_true", help="print how long each stage took")
    parser.add_argument(
        "--dsn",
        metavar="URL",
        type=dsn_argument,
        help="document this existing database instead of deploying --schema-dir (it is only read, in READ ONLY "
        "transactions; query targets are not timed there)",
    )
    parser.add_argument(
        "--exact-row-counts", action="store_true", help="with --dsn: count rows (default: the planner's estimates)"
    )
    add_schema_filter_options(parser)
    add_queries_option(parser)
    add_timeout_options(parser)
    add_cache_option(parser)


def _claims_page(
    catalog: Catalog, overview: Path, dsn: str, queries_dir: Path, console: Console, *, timed: bool = True
) -> str | None:
    """The drift check's claims page (query targets timed on ``dsn``), or None without an overview."""
    if not overview.is_file():
        console.progress(f"claims page skipped: {overview} does not exist")
        return None
    from introspect.drift.report import render_claims_page

    return render_claims_page(catalog, overview, dsn, queries_dir=queries_dir, timed=timed)


@contextlib.contextmanager
def _live_database(args: argparse.Namespace, console: Console, timings: Timings) -> Iterator[tuple[Catalog, str]]:
    """An existing database, only read: its catalog (planner row estimates unless exact counts)."""
    from introspect.catalog.load import load_catalog

    with timings.stage("introspect"), console.step(f"introspecting {mask_password(args.dsn)}"):
        loaded = [
            load_catalog(
                args.dsn,
                exact_row_counts=args.exact_row_counts,
                schemas=args.schemas,
                exclude_schemas=args.exclude_schemas,
            )
        ]
    dsn: str = args.dsn
    yield loaded.pop(), dsn  # not kept here: the build drops the catalog before MkDocs runs


def _read_overview_ahead(overview: Path) -> None:
    """Read the overview's statements (remembered for the claims page) while the database is deployed."""
    from introspect.drift.overview import read_statements, read_text

    if overview.is_file():
        read_statements(read_text(overview))


def run(args: argparse.Namespace, console: Console) -> int:
    """Build the site; with --timings, print the stage times on stdout."""
    docs_dir: Path = args.docs_dir
    if not args.config.is_file():
        raise SchemadocError(f"{args.config}: MkDocs config not found (run from the project directory)")
    if not docs_dir.is_dir():
        raise SchemadocError(
            f"{docs_dir}: docs directory not found (it holds overview.md and the generated reference/)"
        )
    with project_lock(docs_dir, console):
        return _build(args, console, docs_dir)


@contextlib.contextmanager
def project_lock(docs_dir: Path, console: Console) -> Iterator[None]:
    """One build of a project at a time: a second one waits for the first (an advisory lock on the
    docs directory itself, so no lock file is left in the project)."""
    descriptor = os.open(docs_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            console.progress(f"another build of {docs_dir} is running: waiting for it to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _build(args: argparse.Namespace, console: Console, docs_dir: Path) -> int:
    timings = Timings()
    overview = docs_dir / "overview.md"
    extra_pages: dict[str, str] = {}
    session: contextlib.AbstractContextManager[tuple[Catalog, str]]
    release = Release()
    # MkDocs is imported (and its theme's templates compiled) while the database is deployed or read
    # (that stage's time includes the thread's share of the cores); it has finished before the later
    # stages and the page workers' fork. A deploy starts it once the sources are read, as the server
    # starts: the sources are read sooner without it.
    preloading = preload_mkdocs(
        args.config, also=_AFTER_THE_DATABASE, then=lambda: _read_overview_ahead(overview), start=False
    )
    if args.dsn:
        session = _live_database(args, console, timings)
        preloading.start()
    else:
        session = catalog_session_from_args(
            args,
            console,
            sample_data=not args.no_sample_data,
            timings=timings,
            release=release,
            on_server_starting=preloading.start,
        )
    with contextlib.ExitStack() as scratch:
        work = Path(scratch.enter_context(tempfile.TemporaryDirectory(prefix="schemadoc-build-")))
        # The diagrams are drawn in background processes from the moment their sources exist: while
        # the pages are rendered and written, then behind MkDocs' conversion of the pages.
        drawings = Drawings(work / "drawings")
        scratch.callback(drawings.stop)
        with session as (catalog, dsn):
            preloading.join()
            with timings.stage("render pages + diagrams"):
                from introspect.lint import LintSettings
                from introspect.render.layers import configured_layers, load_layers
                from introspect.render.pages import render_reference

                layers = load_layers(overview)
                layers += configured_layers(getattr(args, "layers", []), after=len(layers))
                lint_settings = LintSettings.from_table(getattr(args, "lint_settings", None) or {})
                previous = previous_from_args(args)
                files = render_reference(
                    catalog,
                    layers=layers,
                    lint_settings=lint_settings,
                    previous=previous,
                    on_diagrams=lambda sources: drawings.draw({f"reference/{k}": v for k, v in sources.items()}),
                )
            with timings.stage("claims page (times queries)"):
                queries = args.queries_dir or Path(args.schema_dir) / "queries"
                claims = _claims_page(catalog, overview, dsn, queries, console, timed=not args.dsn)
                if claims is not None:
                    extra_pages[CLAIMS_PAGE] = claims
            # Nothing reads the database any more: the server stops (and a fresh deployment is cached)
            # behind the writing and MkDocs; leaving the session waits for that.
            release.now()
            with timings.stage("write docs_src/reference"):
                write_tree(files, docs_dir / "reference")
            console.progress(f"wrote {len(files)} files to {docs_dir / 'reference'}")
            # MkDocs holds every page of the site at once: the catalog and the rendered text are on
            # disk now, so their memory goes back before it starts (a lower peak on large schemas).
            del files, catalog
            stage = work / "stage"
            with timings.stage("stage docs"):
                copy_docs(docs_dir, stage, extra_pages)
            # The diagrams still being drawn share the cores with MkDocs converting the pages: one stage.
            with timings.stage("mkdocs build --strict + drawing"):
                run_mkdocs(args.config, stage, args.site_dir, drawings=drawings)
    console.progress(f"drew {len(drawings.sources)} diagrams; site built in {args.site_dir}")
    if args.timings:
        for line in timings.lines():
            console.print(line)
    return EXIT_OK
