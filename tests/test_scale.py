"""The synthetic schema of bench/scale_benchmark.py, at 100 tables: it deploys, and its site builds
strict with one dictionary page per table, no diagram over the budget, and a sidebar that does not
list every table."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from introspect.cli.main import main
from introspect.erd.mermaid import MERMAID_TEXT_BUDGET
from introspect.erd.select import DIAGRAM_TABLE_BUDGET

REPO = Path(__file__).resolve().parents[1]


def _generate(tables: int) -> str:
    spec = importlib.util.spec_from_file_location("synthetic_schema", REPO / "bench" / "synthetic_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.generate(tables))


def test_the_generator_is_deterministic() -> None:
    assert _generate(30) == _generate(30)


def test_a_100_table_schema_builds_a_strict_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "10_schema.sql").write_text(_generate(100), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "init", "--title", "Synthetic"]) == 0
    # pages left out of the navigation on purpose must not fail a strict build that warns of omissions
    with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nvalidation:\n  omitted_files: warn\n")
    assert main(["-q", "build", "--no-cache"]) == 0
    catalog = json.loads((tmp_path / "docs_src" / "reference" / "catalog.json").read_text())
    top_level = [t for t in catalog["tables"] if t["kind"] != "partition"]
    assert len(top_level) == 100
    pages = [p for p in (tmp_path / "site" / "reference" / "dictionary").glob("*.html") if p.name != "index.html"]
    assert len(pages) == len(top_level)
    # the sidebar links the dictionary's index, not all 100 tables on every page; the index lists them
    page = pages[0].read_text(encoding="utf-8")
    linked = {p.name for p in pages if f'href="{p.name}"' in page}
    assert len(linked) < 20, f"{len(linked)} table pages linked from {pages[0].name}"  # its neighbours only
    index = (tmp_path / "site" / "reference" / "dictionary" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.name}"' in index for p in pages)
    assert "Schema sales" in index  # grouped per schema
    # no diagram over the budget: the whole schema is drawn in parts, neighbourhoods are capped
    reference = tmp_path / "docs_src" / "reference"
    boxes = {path: path.read_text(encoding="utf-8").count("[label=<") for path in reference.rglob("*.dot")}
    assert max(boxes.values()) <= DIAGRAM_TABLE_BUDGET
    assert len(list(reference.glob("erd/part-*/index.md"))) >= 6  # one part per schema at least
    overview = (reference / "erd" / "schema.dot").read_text(encoding="utf-8")
    assert 'URL="part-sales/index.html"' in overview
    mermaid_blocks = re.findall(r"```text\n(.*?)```", "".join(p.read_text() for p in reference.rglob("*.md")), re.S)
    assert max(len(block) for block in mermaid_blocks) <= MERMAID_TEXT_BUDGET
    assert main(["-q", "check", "--no-cache"]) == 0
    capsys.readouterr()
