"""`schemadoc build` and `schemadoc serve` on a small schema: stages, atomic output, errors."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

import pytest

from introspect.cli import main
from introspect.cli.serve import make_server
from introspect.errors import SchemadocError

REPO_DIR = Path(__file__).resolve().parents[1]
SMALL_SCHEMA = """\
CREATE TYPE tier AS ENUM ('bronze', 'gold');
CREATE TABLE customers (customer_id integer PRIMARY KEY, tier tier NOT NULL);
COMMENT ON TABLE customers IS 'People who buy';
CREATE TABLE orders (
    order_id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers ON DELETE CASCADE
);
"""
OVERVIEW = """\
# Tiny shop

The [data dictionary](reference/dictionary/index.md) and the [ER diagrams](reference/erd/index.md).

## Schema Layers

### 1. Core Layer

- `customers` - people
- `orders` - what they buy
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "10_tables.sql").write_text(SMALL_SCHEMA, encoding="utf-8")
    docs = tmp_path / "docs_src"
    (docs / "reference").mkdir(parents=True)
    (docs / "overview.md").write_text(OVERVIEW, encoding="utf-8")
    (docs / "reference" / "stale.md").write_text("# A page the schema no longer produces\n", encoding="utf-8")
    return tmp_path


def _build(project: Path, *extra: str) -> int:
    return main(
        [
            "-q",
            "build",
            "--schema-dir",
            str(project / "schema"),
            "--docs-dir",
            str(project / "docs_src"),
            "--config",
            str(REPO_DIR / "mkdocs.yml"),
            "--site-dir",
            str(project / "site"),
            *extra,
        ]
    )


@pytest.mark.slow
def test_build_writes_reference_and_site_and_reports_timings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(project, "--timings", "--no-sample-data") == 0
    reference = project / "docs_src" / "reference"
    assert not (reference / "stale.md").exists()  # stale generated pages disappear
    assert (reference / "dictionary" / "public.orders.md").is_file()
    assert (reference / "erd" / "layer-1-core.dot").is_file()  # the diagram's source is committed …
    assert not list(reference.rglob("*.svg"))
    assert (project / "site" / "reference" / "erd" / "layer-1-core.svg").is_file()  # … and drawn in the site
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "reference" / "dictionary" / "public.customers.html").is_file()
    out = capsys.readouterr().out
    for stage in ("start PostgreSQL", "deploy schema", "introspect", "render pages", "mkdocs build", "total"):
        assert stage in out
    assert not list(project.glob("docs_src/.reference*")) and not list(project.glob(".site*"))
    before = {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()}
    # A broken schema fails with exit 2 and leaves the generated pages exactly as they were.
    (project / "schema" / "20_broken.sql").write_text("CREATE TABLE broken (id integr);\n", encoding="utf-8")
    assert _build(project, "--no-sample-data") == 2
    assert "20_broken.sql:1:" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()} == before


def test_serve_binds_loopback_and_serves_the_site(tmp_path: Path) -> None:
    with pytest.raises(SchemadocError, match="no built site"):
        make_server(tmp_path, 0)
    (tmp_path / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    server = make_server(tmp_path, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert b"<h1>home</h1>" in response.read()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
