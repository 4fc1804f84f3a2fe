"""Shared fixtures: one throwaway PostgreSQL per test session, fresh databases, the deployed canonical schema."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from introspect.postgres.cache import CACHE_DIR_ENV
from introspect.postgres.cluster import Cluster, throwaway_cluster
from introspect.postgres.deploy import deploy_schema, schema_files

REPO_DIR = Path(__file__).resolve().parents[1]
SCHEMA_DIR = REPO_DIR / "schema"
# Reference material beside the repo; a user's clone does not have it, so tests using it skip.
SHARED_DIR = REPO_DIR.parent / "shared"
CANONICAL_EXTENSIONS = ("pgcrypto", "uuid-ossp")


@pytest.fixture(scope="session", autouse=True)
def private_cluster_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The deployment cache of every command the tests run: a fresh directory, never the user's."""
    root = tmp_path_factory.mktemp("schemadoc-cache")
    previous = os.environ.get(CACHE_DIR_ENV)
    os.environ[CACHE_DIR_ENV] = str(root)
    yield root
    if previous is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = previous


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (corpus, seed), or skip the test when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is absent (reference corpus only exists beside the project's own checkout)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway cluster for the whole session, with binaries that have pgcrypto and uuid-ossp."""
    with throwaway_cluster(binaries="auto", needs_extensions=CANONICAL_EXTENSIONS) as cluster:
        yield cluster


_database_numbers = itertools.count(1)


@pytest.fixture
def make_database(pg_cluster: Cluster) -> Callable[..., str]:
    """Factory: `make_database(prefix="t")` creates a fresh empty database and returns its DSN."""

    def make(prefix: str = "t") -> str:
        return pg_cluster.create_database(f"{prefix}_{next(_database_numbers)}")

    return make


def _schema_dir_or_skip() -> Path:
    if not schema_files(SCHEMA_DIR):
        pytest.skip(f"{SCHEMA_DIR} has no SQL files yet")
    return SCHEMA_DIR


@pytest.fixture(scope="session")
def canonical_dsn(pg_cluster: Cluster) -> str:
    """`schema/` deployed without sample data. Do not modify it (or only inside a rolled-back transaction)."""
    schema_dir = _schema_dir_or_skip()
    dsn = pg_cluster.create_database("canonical")
    deploy_schema(dsn, schema_dir, sample_data=False)
    return dsn


@pytest.fixture(scope="session")
def sample_dsn(pg_cluster: Cluster) -> str:
    """`schema/` deployed with its sample data. Do not modify it."""
    schema_dir = _schema_dir_or_skip()
    dsn = pg_cluster.create_database("sample")
    # as `schemadoc build` loads it: on a server of its own, the project's files of one number together
    deploy_schema(dsn, schema_dir, sample_data=True, own_server=True, sample_data_jobs=2)
    return dsn
