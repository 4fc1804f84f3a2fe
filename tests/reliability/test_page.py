"""The Reliability page is made from the tests that prove it."""

from __future__ import annotations

import os
from pathlib import Path

from fixtures.reliability import AREAS, reliability_page

PAGE = Path(__file__).resolve().parents[2] / "docs_src" / "guide" / "reliability.md"


def test_the_reliability_page_lists_exactly_the_marked_tests() -> None:
    page = reliability_page()
    if os.environ.get("SCHEMADOC_REGEN_GOLDEN") == "1":
        PAGE.write_text(page, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == page, "regenerate with SCHEMADOC_REGEN_GOLDEN=1"
    assert all(f"## {area}" in page for area in AREAS)
