"""The deployed-cluster cache: a hit on unchanged inputs, a miss on any change, safe when runs
overlap, and a damaged entry discarded rather than trusted."""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import psycopg
import pytest
from fixtures.reliability import guarantees
from psycopg.conninfo import conninfo_to_dict

from introspect import pipeline as pipeline_module
from introspect.catalog import serialize
from introspect.console import Console
from introspect.pipeline import Release, catalog_session
from introspect.postgres import cache as cache_module
from introspect.postgres.cache import ClusterCache

SCHEMA = """CREATE TABLE shelf (shelf_id integer PRIMARY KEY, label text NOT NULL);
CREATE TABLE book (book_id integer PRIMARY KEY, shelf_id integer REFERENCES shelf ON DELETE CASCADE);
"""
SAMPLE = "INSERT INTO shelf SELECT g, 'shelf ' || g FROM generate_series(1, 50) g;\n"

pytestmark = pytest.mark.slow


def project(tmp_path: Path) -> Path:
    schema = tmp_path / "schema"
    (schema / "sample_data").mkdir(parents=True)
    (schema / "queries").mkdir()
    (schema / "10_tables.sql").write_text(SCHEMA, encoding="utf-8")
    (schema / "sample_data" / "10_rows.sql").write_text(SAMPLE, encoding="utf-8")
    return schema


def session(schema: Path, cache: ClusterCache | None) -> tuple[str, bool]:
    """(catalog JSON, whether the deployment came from the cache) of one run."""
    messages = io.StringIO()
    console = Console(quiet=False, err=messages)
    with catalog_session(schema, sample_data=True, binaries="auto", console=console, cache=cache) as (catalog, _):
        text = serialize.dumps(catalog, include_statistics=False)
    return text, "reusing the cached deployment" in messages.getvalue()


def test_hit_on_unchanged_inputs_and_miss_on_any_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = project(tmp_path)
    cache = ClusterCache(tmp_path / "cache")
    cold, reused = session(schema, cache)
    assert not reused and len(list(cache.root.iterdir())) == 1
    warm, reused = session(schema, cache)
    assert reused and warm == cold

    (schema / "queries" / "q.sql").write_text("SELECT 1;\n", encoding="utf-8")  # never deployed
    assert session(schema, cache)[1]

    (schema / "10_tables.sql").write_text(SCHEMA + " ", encoding="utf-8")  # one byte
    assert not session(schema, cache)[1]
    (schema / "sample_data" / "10_rows.sql").write_text(SAMPLE + "\n", encoding="utf-8")
    assert not session(schema, cache)[1]
    assert session(schema, cache)[1]

    real_binaries = cache_module._binaries_identity
    monkeypatch.setattr(cache_module, "_binaries_identity", lambda inst: real_binaries(inst) + " (a minor update)")
    assert not session(schema, cache)[1]
    monkeypatch.setattr(cache_module, "_schemadoc_identity", lambda: "schemadoc 9.9.9")
    assert not session(schema, cache)[1]
    assert session(schema, cache)[1]


def test_no_cache_always_deploys(tmp_path: Path) -> None:
    schema = project(tmp_path)
    assert not session(schema, None)[1]
    assert not session(schema, None)[1]


@guarantees("Faults and signals", "A damaged or truncated cache entry is discarded and deployed afresh, never trusted")
def test_a_damaged_entry_is_discarded_not_trusted(tmp_path: Path) -> None:
    schema = project(tmp_path)
    cache = ClusterCache(tmp_path / "cache")
    cold, _ = session(schema, cache)
    (entry,) = list(cache.root.iterdir())
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    biggest = max(manifest["files"], key=lambda name: manifest["files"][name][0])
    with (entry / "data" / biggest).open("r+b") as handle:
        handle.truncate(100)
    again, reused = session(schema, cache)
    assert not reused and again == cold  # deployed afresh …
    assert session(schema, cache)[1]  # … and cached again, whole
    (entry,) = list(cache.root.iterdir())
    (entry / "manifest.json").write_text("{not json", encoding="utf-8")
    assert not session(schema, cache)[1]


def test_the_cache_stays_within_its_size_limit(tmp_path: Path) -> None:
    schema = project(tmp_path)
    cache = ClusterCache(tmp_path / "cache")
    session(schema, cache)
    one_entry = cache.size()
    small = ClusterCache(cache.root, max_bytes=one_entry + one_entry // 2)
    (schema / "10_tables.sql").write_text(SCHEMA + "\n-- another deployment\n", encoding="utf-8")
    session(schema, small)
    entries = [p for p in small.root.iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1 and small.size() <= small.max_bytes


@guarantees(
    "Load",
    "Two checks of one project at once share the deployment cache safely: each gets a whole deployment, never a mix",
)
def test_two_runs_at_once_share_the_cache_safely(tmp_path: Path) -> None:
    schema = project(tmp_path)
    script = (
        "import sys\nfrom pathlib import Path\nfrom introspect.pipeline import catalog_session\n"
        "from introspect.postgres.cache import ClusterCache\n"
        "with catalog_session(Path(sys.argv[1]), cache=ClusterCache(Path(sys.argv[2]))) as (c, _):\n"
        "    print(len(c.tables))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(schema), str(tmp_path / "cache")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["2", "2"]
    entries = [p for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1
    assert session(schema, ClusterCache(tmp_path / "cache"))[1]


def test_a_mutated_schema_still_fails_the_check_with_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from introspect.cli import main
    from introspect.pipeline import build_catalog
    from introspect.render.pages import render_reference
    from introspect.render.site import write_tree

    monkeypatch.setenv(cache_module.CACHE_DIR_ENV, str(tmp_path / "cache"))
    schema = project(tmp_path)
    overview = tmp_path / "overview.md"
    overview.write_text("# Shelves\n\nDeleting a shelf cascades to books.\n\nThere are 2 tables.\n", encoding="utf-8")
    reference = tmp_path / "reference"
    write_tree(render_reference(build_catalog(schema), layers=()), reference)
    arguments = ["-q", "check", "--schema-dir", str(schema), "--overview", str(overview)]
    arguments += ["--reference-dir", str(reference)]
    assert main(arguments) == 0  # cold: deploys and caches
    assert main(arguments) == 0  # warm
    (schema / "10_tables.sql").write_text(SCHEMA.replace("ON DELETE CASCADE", "ON DELETE RESTRICT"), encoding="utf-8")
    assert main(arguments) == 1
    assert main([*arguments, "--no-cache"]) == 1


def test_sample_data_kept_outside_the_schema_directory(tmp_path: Path) -> None:
    schema = project(tmp_path)
    elsewhere = tmp_path / "fixtures"
    elsewhere.mkdir()
    (elsewhere / "10_more.sql").write_text("INSERT INTO shelf VALUES (999, 'from elsewhere');\n", encoding="utf-8")
    cache = ClusterCache(tmp_path / "cache")
    with catalog_session(schema, cache=cache, sample_data_dir=elsewhere) as (_, dsn), psycopg.connect(dsn) as conn:
        labels = [row[0] for row in conn.execute("SELECT label FROM shelf ORDER BY shelf_id").fetchall()]
    assert labels == ["from elsewhere"]  # schema/sample_data was not applied, the other directory was
    (elsewhere / "10_more.sql").write_text("INSERT INTO shelf VALUES (998, 'changed');\n", encoding="utf-8")
    with catalog_session(schema, cache=cache, sample_data_dir=elsewhere) as (_, dsn), psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT label FROM shelf").fetchall() == [("changed",)]  # a cache miss


def test_a_released_session_caches_its_deployment_and_lets_go_of_the_catalog(tmp_path: Path) -> None:
    schema = project(tmp_path)
    cache = ClusterCache(tmp_path / "cache")
    release = Release()
    with catalog_session(schema, sample_data=True, cache=cache, release=release) as (catalog, dsn):
        alive = weakref.ref(catalog)
        release.now()  # stopped (and cached) in the background from here on
        del catalog
        gc.collect()
        assert alive() is None  # the session kept no reference of its own
    assert not Path(str(conninfo_to_dict(dsn)["host"])).exists()  # the server and its files are gone
    assert session(schema, cache)[1]  # the next run starts from what was cached


def test_the_caller_hears_once_when_the_server_starts_cached_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = project(tmp_path)
    cache = ClusterCache(tmp_path / "cache")
    events: list[str] = []
    real_cluster = pipeline_module.throwaway_cluster

    def watched_cluster(*args: object, **kwargs: object) -> object:
        events.append("server")
        return real_cluster(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline_module, "throwaway_cluster", watched_cluster)
    for _ in range(2):  # deployed, then from the cache
        with catalog_session(schema, sample_data=True, cache=cache, on_server_starting=lambda: events.append("hook")):
            events.append("body")
    assert events == ["hook", "server", "body"] * 2
