"""The site built end to end: the canonical schema's pages, mkdocs --strict, and escaping in HTML."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from fixtures.reliability import guarantees
from test_render_sample import HOSTILE_COMMENT, ODD_TABLE, sample_catalog

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog
from introspect.errors import SchemadocError
from introspect.render import links
from introspect.render.layers import load_layers
from introspect.render.mkdocs_plugin import compact_html
from introspect.render.pages import render_reference
from introspect.render.site import (
    Drawings,
    _worker_dies_with_us,
    copy_docs,
    diagram_sources,
    run_mkdocs,
    stage_docs,
    write_tree,
)
from introspect.render.text import anchor

REPO_DIR = Path(__file__).resolve().parents[1]
MKDOCS_YML = REPO_DIR / "mkdocs.yml"
OVERVIEW = REPO_DIR / "docs_src" / "overview.md"


def visible(page: str) -> str:
    """The text a reader sees: tags removed, then character references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _staged_drawing_meanwhile(docs: Path, stage: Path, extra: dict[str, str]) -> Drawings:
    """The docs staged, their diagrams being drawn in the background into the stage (as a build draws them)."""
    copy_docs(docs, stage, extra)
    drawings = Drawings(stage)
    drawings.draw(diagram_sources(stage, "reference"))
    return drawings


def build_site(catalog: Catalog, docs_src: Path, work: Path, *, dsn: str | None = None) -> tuple[Path, Path]:
    """Render ``catalog`` into a copy of ``docs_src`` and build it; returns (docs dir, site dir)."""
    docs = work / "docs"
    shutil.copytree(docs_src, docs, ignore=shutil.ignore_patterns("reference"))
    files = render_reference(catalog, layers=load_layers(docs / "overview.md"))
    write_tree(files, docs / "reference")
    extra: dict[str, str] = {}
    if dsn is not None and (docs / "overview.md").is_file():
        from introspect.drift.report import render_claims_page

        extra["claims.md"] = render_claims_page(
            catalog, docs / "overview.md", dsn, queries_dir=REPO_DIR / "schema" / "queries"
        )
    stage = work / "stage"
    stage_docs(docs, stage, extra)
    site = work / "site"
    run_mkdocs(MKDOCS_YML, stage, site)
    return docs, site


@pytest.fixture(scope="module")
def canonical_site(sample_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Path, Path]:
    if not OVERVIEW.is_file():
        pytest.skip(f"{OVERVIEW} not written yet")
    catalog = load_catalog(sample_dsn, exact_row_counts=True)
    docs, site = build_site(catalog, REPO_DIR / "docs_src", tmp_path_factory.mktemp("canonical"), dsn=sample_dsn)
    return catalog, docs, site


@pytest.mark.slow
def test_each_table_page_lists_exactly_the_catalogs_columns(canonical_site: tuple[Catalog, Path, Path]) -> None:
    catalog, docs, _site = canonical_site
    tables = catalog.top_level_tables()
    assert len(tables) >= 12
    for table in tables:
        page = (docs / "reference" / links.table_page(table.key)).read_text(encoding="utf-8")
        listed = re.findall(r'<a id="(column-[^"]+)"></a>', page)
        assert listed == [anchor("column", c.name) for c in table.columns], table.key
    pages = {p.name for p in (docs / "reference" / "dictionary").glob("*.md")} - {"index.md"}
    assert pages == {Path(links.table_page(t.key)).name for t in tables}  # no page per partition


@pytest.mark.slow
def test_canonical_site_builds_strict_with_overview_as_home(canonical_site: tuple[Catalog, Path, Path]) -> None:
    catalog, _docs, site = canonical_site
    home = (site / "index.html").read_text(encoding="utf-8")
    first_heading = next(line for line in OVERVIEW.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert html.escape(first_heading[2:].strip(), quote=False) in home
    assert not (site / "overview.html").exists()
    for page in ("reference/erd/index.html", "reference/indexes.html", "reference/lint.html", "claims.html"):
        assert (site / page).is_file(), page
    erd = (site / "reference/erd/index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+\.svg)"', erd)
    assert len(images) >= 1 + len(load_layers(OVERVIEW))
    assert all((site / "reference/erd" / src).is_file() for src in images)
    orders = catalog.table("public.orders")
    if orders is not None:
        page = (site / "reference" / links.table_page(orders.key).replace(".md", ".html")).read_text(encoding="utf-8")
        assert re.search(r'<img[^>]+src="\.\./erd/tables/public\.orders\.svg"', page)


@pytest.mark.slow
def test_the_published_reference_leaves_out_what_only_the_repository_needs(
    canonical_site: tuple[Catalog, Path, Path],
) -> None:
    _catalog, docs, site = canonical_site
    assert list((docs / "reference" / "erd").rglob("*.dot")) and not list(site.rglob("*.dot"))
    published = (site / "reference" / links.CATALOG_JSON).read_text(encoding="utf-8")
    committed = (docs / "reference" / links.CATALOG_JSON).read_text(encoding="utf-8")
    assert json.loads(published) == json.loads(committed) and len(published) < 0.7 * len(committed)
    page = (site / "reference" / "views.html").read_text(encoding="utf-8")
    assert "\n  " not in re.sub(r"<(pre|script|style|textarea|code|kbd)\b.*?</\1>", "", page, flags=re.S)


@pytest.mark.slow
def test_drawing_while_mkdocs_converts_gives_the_same_site(
    canonical_site: tuple[Catalog, Path, Path], tmp_path: Path
) -> None:
    _catalog, docs, site = canonical_site
    drawings = _staged_drawing_meanwhile(docs, tmp_path / "stage", {"claims.md": "# Claims\n"})
    assert len(drawings.sources) >= 8  # drawn by background processes, not in this one
    run_mkdocs(MKDOCS_YML, tmp_path / "stage", tmp_path / "site", drawings=drawings)
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.svg")}
    again = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.svg")}
    assert built == again and len(built) == len(drawings.sources)
    for name in sorted(built)[:5]:
        assert (site / name).read_bytes() == (tmp_path / "site" / name).read_bytes()


def test_staging_never_writes_through_to_the_docs_directory(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "reference" / "erd").mkdir(parents=True)
    (docs / "claims.md").write_text("# committed claims\n", encoding="utf-8")
    for number in range(9):
        (docs / "reference" / "erd" / f"d{number}.dot").write_text(f"digraph {{ n{number} }}\n", encoding="utf-8")
        (docs / "reference" / "erd" / f"d{number}.svg").write_text("committed drawing", encoding="utf-8")
    drawings = _staged_drawing_meanwhile(docs, tmp_path / "stage", {"claims.md": "# this build's claims\n"})
    assert drawings.wait() == 9
    assert (docs / "claims.md").read_text(encoding="utf-8") == "# committed claims\n"
    assert (tmp_path / "stage" / "claims.md").read_text(encoding="utf-8") == "# this build's claims\n"
    for number in range(9):
        assert (docs / "reference" / "erd" / f"d{number}.svg").read_text(encoding="utf-8") == "committed drawing"
        assert (tmp_path / "stage" / "reference" / "erd" / f"d{number}.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("plugin", [True, False])
def test_drawings_made_apart_from_the_docs_are_the_ones_the_site_shows(tmp_path: Path, plugin: bool) -> None:
    docs = tmp_path / "docs"
    (docs / "reference" / "erd").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n![first](reference/erd/d0.svg)\n", encoding="utf-8")
    (docs / "reference" / "erd" / "d0.svg").write_text("committed drawing", encoding="utf-8")
    plugins = "plugins:\n  - schemadoc\n" if plugin else "plugins: []\n"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\n{plugins}", encoding="utf-8")
    stage = tmp_path / "stage"
    copy_docs(docs, stage, {})
    drawings = Drawings(tmp_path / "drawn")
    drawings.draw({f"reference/erd/d{number}.dot": f"digraph {{ n{number} }}\n" for number in range(9)})
    run_mkdocs(tmp_path / "mkdocs.yml", stage, tmp_path / "site", drawings=drawings)
    for number in range(9):
        drawn = (tmp_path / "drawn" / "reference" / "erd" / f"d{number}.svg").read_bytes()
        assert drawn.startswith(b"<?xml")
        assert (tmp_path / "site" / "reference" / "erd" / f"d{number}.svg").read_bytes() == drawn
    assert (docs / "reference" / "erd" / "d0.svg").read_text(encoding="utf-8") == "committed drawing"


def test_a_failed_background_drawing_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "reference" / "erd").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for number in range(9):
        text = "digraph { broken [label=<unclosed> }\n" if number == 4 else f"digraph {{ n{number} }}\n"
        (docs / "reference" / "erd" / f"d{number}.dot").write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - schemadoc\n", encoding="utf-8")
    drawings = _staged_drawing_meanwhile(docs, tmp_path / "stage", {})
    with pytest.raises(SchemadocError, match="drawing the diagrams failed"):
        run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "stage", tmp_path / "site", drawings=drawings)
    assert not (tmp_path / "site").exists()


def test_compact_html_keeps_verbatim_elements_and_drops_indentation() -> None:
    page = (
        "<div>\n    <p>a  b</p>\n\n    <pre><code>x\n    y</code></pre>\n  <TEXTAREA>\n  t</TEXTAREA>\n"
        "  <script>\n  var s = `\n  `;\n</script>\n  <td><code>CHECK (\n    a)</code></td>\n</div>"
    )
    assert compact_html(page) == (
        "<div>\n<p>a  b</p>\n<pre><code>x\n    y</code></pre>\n<TEXTAREA>\n  t</TEXTAREA>\n"
        "<script>\n  var s = `\n  `;\n</script>\n<td><code>CHECK (\n    a)</code></td>\n</div>"
    )


@guarantees(
    "Hostile text",
    "A table named with HTML, Jinja and Markdown metacharacters builds a strict site whose HTML gains "
    "no element from it",
)
def test_hostile_names_render_literally_in_html(tmp_path: Path) -> None:
    docs_src = tmp_path / "docs_src"
    docs_src.mkdir()
    (docs_src / "overview.md").write_text(
        "# Shop\n\nSee the [data dictionary](reference/dictionary/index.md).\n\n## Schema Layers\n\n"
        "### 1. Core Layer\n\n- `customers` - people\n- `orders` - what they buy\n",
        encoding="utf-8",
    )
    catalog = sample_catalog()
    docs, site = build_site(catalog, docs_src, tmp_path / "work")
    odd_page = next((docs / "reference" / "dictionary").glob("n-code-*.md"))
    text = (site / "reference" / "dictionary" / odd_page.name.replace(".md", ".html")).read_text(encoding="utf-8")
    assert '<b>"x"</b>' not in text and "<i>literal</i>" not in text  # no markup got through
    shown = visible(text)
    assert f"Ünïcode.{ODD_TABLE}" in shown and "weird`col|x" in shown
    assert "{{ not a template }} <i>literal</i>" in shown
    assert "* not emphasis * _nor this_" in shown
    for built in site.rglob("*.html"):  # titles, navigation, headings, tables, table of contents
        assert "<script>alert(" not in built.read_text(encoding="utf-8"), built
    views = (site / "reference" / "views.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in views
    assert HOSTILE_COMMENT.replace("\n", "") in visible(views)  # one paragraph, a <br> for the newline
    # The column table of the odd page still has one row per column, each with every cell.
    table = text.split('id="columns"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    odd = catalog.table(f"Ünïcode.{ODD_TABLE}")
    assert odd is not None and len(rows) == 1 + len(odd.columns)
    assert {len(re.findall(r"<t[dh][ >]", row)) for row in rows} == {7}


def _pid() -> int:
    return os.getpid()


def test_a_drawing_worker_ends_on_a_signal_whatever_the_parent_installed() -> None:
    # The build turns SIGTERM into an exception; a worker deep in a Graphviz layout would never see it.
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_dies_with_us) as pool:
            worker = pool.submit(_pid).result(timeout=30)
            os.kill(worker, signal.SIGTERM)
            with pytest.raises(BrokenProcessPool):
                pool.submit(time.sleep, 30).result(timeout=30)
    finally:
        signal.signal(signal.SIGTERM, previous)
