"""Golden pages: the reference pages rendered from the hand-built catalog.

Regenerate with ``SCHEMADOC_REGEN_GOLDEN=1 pytest tests/test_render_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_render_sample import ODD_TABLE, sample_catalog

from introspect.render.layers import Layer
from introspect.render.pages import render_reference

GOLDEN_DIR = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("SCHEMADOC_REGEN_GOLDEN") == "1"
LAYERS = (
    Layer(1, "Core Transactional Layer", ("customers", "orders", "order_items", "not_a_table"), 1),
    Layer(2, "Analytics Layer", ("mv_customer_totals",), 2),
)


def _rendered() -> dict[str, str | bytes]:
    return render_reference(sample_catalog(), layers=LAYERS)


# SVG bytes depend on the Graphviz build, so the golden set is the text pages; SVGs are checked
# for determinism and content instead.
TEXT_PAGES = sorted(path for path, content in _rendered().items() if isinstance(content, str))


@pytest.mark.parametrize("page", TEXT_PAGES)
def test_page_matches_golden(page: str) -> None:
    content = _rendered()[page]
    assert isinstance(content, str)
    golden = GOLDEN_DIR / page
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(content, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: run with SCHEMADOC_REGEN_GOLDEN=1"
    assert content == golden.read_text(encoding="utf-8"), f"{page} differs from {golden}"


def test_no_stale_golden_files() -> None:
    expected = set(TEXT_PAGES)
    present = {p.relative_to(GOLDEN_DIR).as_posix() for p in GOLDEN_DIR.rglob("*") if p.is_file()}
    assert present == expected


def test_rendering_is_deterministic_including_diagram_sources() -> None:
    first, second = _rendered(), _rendered()
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert any(k.endswith(".dot") for k in first)
    assert not any(k.endswith((".svg", ".png")) for k in first)  # drawings are made at site build time


def test_expected_page_set() -> None:
    paths = set(_rendered())
    for page in (
        "dictionary/index.md",
        "dictionary/public.customers.md",
        "dictionary/public.orders.md",
        "dictionary/public.order_items.md",
        "erd/index.md",
        "erd/schema.dot",
        "erd/layer-1-core-transactional.dot",
        "erd/layer-2-analytics.dot",
        "erd/tables/public.orders.dot",
        "indexes.md",
        "partitions.md",
        "views.md",
        "functions.md",
        "roles.md",
        "statistics.md",
        "lint.md",
        "catalog.json",
    ):
        assert page in paths
    # Partitions are listed on their parent's page, never given pages of their own.
    assert not any("orders_2024q1" in p or "orders_default" in p for p in paths)


def _table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|")]


def test_hostile_names_and_comments_cannot_break_tables_or_inject_html() -> None:
    files = _rendered()
    for path, content in files.items():
        if not isinstance(content, str) or not path.endswith(".md"):
            continue
        # Fenced code is shown verbatim (and HTML-escaped by the highlighter); everything else is
        # Markdown, where raw data must never appear.
        prose = re.sub(r"^( *)(`{3,})[^\n]*\n.*?^\1\2$", "", content, flags=re.S | re.M)
        assert "<script>" not in prose, path
        assert "{{" not in prose and "{%" not in prose, path
        # Every table row has as many cell separators as its header: nothing broke a table.
        blocks: list[list[str]] = []
        previous = False
        for line in content.splitlines():
            is_row = line.startswith("|")
            if is_row and not previous:
                blocks.append([])
            if is_row:
                blocks[-1].append(line)
            previous = is_row
        for block in blocks:
            widths = {row.count("|") for row in block}
            assert len(widths) == 1, f"{path}: ragged table {block}"
    odd_page = next(p for p in files if p.startswith("dictionary/") and "odd" in p)
    assert "Odd&#124;Name &lt;b&gt;" in str(files[odd_page])
    assert ODD_TABLE not in str(files[odd_page])


def test_table_page_lists_exactly_its_columns() -> None:
    catalog = sample_catalog()
    page = str(_rendered()["dictionary/public.customers.md"])
    customers = catalog.table("public.customers")
    assert customers is not None
    for column in customers.columns:
        assert f'<a id="column-{column.name}"></a>{column.name} |' in page
    assert page.count('<a id="column-') == len(customers.columns)
