"""The overview's "Schema Layers" section as the ER page reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from introspect.render.layers import load_layers, parse_layers

OVERVIEW = """\
# Overview

## Schema Layers

### 1. Core Transactional Layer

**Tables:**
- `customers` - accounts
- `orders` - orders, see also `order_items`

**Characteristics:**
- Highly normalized

### 2. Junction/Relationship Layer

- `order_promotions` - links

## Data Flow

### 3. Not A Layer

- `ignored`
"""


def test_layers_are_headings_and_code_spans_in_bullets() -> None:
    layers = parse_layers(OVERVIEW)
    assert [(item.number, item.name, item.objects, item.line) for item in layers] == [
        (1, "Core Transactional Layer", ("customers", "orders", "order_items"), 5),
        (2, "Junction/Relationship Layer", ("order_promotions",), 14),
    ]
    assert [item.slug for item in layers] == ["layer-1-core-transactional", "layer-2-junction-relationship"]


def test_missing_overview_or_section_gives_no_layers(tmp_path: Path) -> None:
    assert load_layers(tmp_path / "absent.md") == ()
    assert parse_layers("# Overview\n\nNo layers here.\n") == ()


def test_project_overview_has_the_five_layers() -> None:
    overview = Path(__file__).resolve().parents[1] / "docs_src" / "overview.md"
    layers = load_layers(overview)
    if not overview.is_file():
        pytest.skip(f"{overview} not written yet")
    assert len(layers) == 5
    assert all(item.objects for item in layers)
