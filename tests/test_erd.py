"""ER diagrams from the catalog model: selection rules, real type names, escaping, the CLI."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from test_render_sample import ODD_TABLE, sample_catalog

from introspect.catalog import serialize
from introspect.cli import main
from introspect.erd import dot
from introspect.erd.mermaid import to_mermaid
from introspect.erd.select import layer, neighbourhood, whole_schema

CHROMIUM = Path("/usr/bin/chromium")


def test_whole_schema_folds_partitions_and_draws_each_fk_once() -> None:
    diagram = whole_schema(sample_catalog())
    keys = [e.key for e in diagram.entities]
    assert "public.orders" in keys
    assert not any("orders_2024q1" in k or "orders_default" in k for k in keys)
    fks = [(lk.source, lk.target) for lk in diagram.links]
    assert len(fks) == len(set(fks)) == 3
    composite = [lk for lk in diagram.links if lk.source == "public.order_items"]
    assert len(composite) == 1 and composite[0].source_columns == ("order_id", "order_date")


def test_neighbourhood_is_one_hop_by_default() -> None:
    catalog = sample_catalog()
    one = {e.key for e in neighbourhood(catalog, "public.order_items").entities}
    assert one == {"public.order_items", "public.orders"}
    two = {e.key for e in neighbourhood(catalog, "public.order_items", depth=2).entities}
    assert "public.customers" in two


def test_layer_draws_its_objects_with_neighbours_as_context() -> None:
    diagram = layer(sample_catalog(), "Analytics", ["mv_customer_totals"])
    by_key = {e.key: e for e in diagram.entities}
    assert not by_key["public.mv_customer_totals"].context
    assert by_key["public.orders"].context and by_key["public.orders"].attributes == ()
    assert [lk.kind for lk in diagram.links] == ["depends_on"]


def test_svg_keeps_real_type_names_and_escapes_hostile_names() -> None:
    svg = dot.render(whole_schema(sample_catalog()), "svg").decode("utf-8")
    assert svg.startswith("<?xml")
    assert "customer_tier" in svg and "timestamp with time zone" in svg and "public.email_address" in svg
    assert "<b>" not in svg and "<script>" not in svg and "&lt;b&gt;" in svg  # names are text, not markup
    assert "Odd|Name" in svg


def test_svg_is_byte_identical_across_renders() -> None:
    catalog = sample_catalog()
    assert dot.render(whole_schema(catalog), "svg") == dot.render(whole_schema(catalog), "svg")


def _drawn_by_graphviz(diagram_dot: str) -> bytes:
    """Graphviz's own SVG, before compact_svg."""
    import pygraphviz

    data = pygraphviz.AGraph(string=diagram_dot).draw(format="svg", prog="dot")
    assert isinstance(data, bytes)
    return data


def test_compact_svg_keeps_every_text_and_gives_the_fonts_once() -> None:
    raw = _drawn_by_graphviz(dot.to_dot(whole_schema(sample_catalog())))
    compact = dot.compact_svg(raw)
    assert len(compact) < 0.85 * len(raw)
    assert b"<!--" not in compact and b"<title>" not in compact
    texts = re.compile(rb"<text[^>]*>(.*?)</text>", re.S)
    assert texts.findall(compact) == texts.findall(raw)
    assert compact.count(b'xml:space="preserve"') == raw.count(b'xml:space="preserve"')
    root = ElementTree.fromstring(compact)
    group = root.find("{http://www.w3.org/2000/svg}g")
    assert group is not None and group.get("font-family") and group.get("font-size")


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing (the Makefile installs Debian's chromium)")
def test_compact_svg_looks_exactly_like_graphviz_svg(tmp_path: Path) -> None:
    raw = _drawn_by_graphviz(dot.to_dot(whole_schema(sample_catalog())))
    shots = []
    for name, data in (("raw", raw), ("compact", dot.compact_svg(raw))):
        (tmp_path / f"{name}.svg").write_bytes(data)
        shot = tmp_path / f"{name}.png"
        command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   f"--screenshot={shot}", "--window-size=1600,1200", (tmp_path / f"{name}.svg").as_uri()]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=120, check=True)
        shots.append(shot.read_bytes())
    assert shots[0] == shots[1]


def test_mermaid_uses_safe_ids_and_keeps_real_names() -> None:
    text = to_mermaid(whole_schema(sample_catalog()))
    assert text.startswith("erDiagram\n")
    assert "public__orders ||--o{ public__order_items" in text
    assert f'["Ünïcode.{ODD_TABLE.replace(chr(34), chr(39))}"]' in text
    assert "weird_col_x" in text and "column weird`col|x" in text
    assert to_mermaid(whole_schema(sample_catalog())) == text


@pytest.mark.parametrize("fmt", ["svg", "png", "mermaid", "dot"])
def test_erd_command_from_a_snapshot(tmp_path: Path, fmt: str) -> None:
    snapshot = tmp_path / "catalog.json"
    snapshot.write_text(serialize.dumps(sample_catalog()), encoding="utf-8")
    output = tmp_path / f"orders.{fmt}"
    code = main(["-q", "erd", "--catalog", str(snapshot), "--table", "orders", "--format", fmt, "-o", str(output)])
    assert code == 0
    data = output.read_bytes()
    expected_start = {"svg": b"<?xml", "png": b"\x89PNG", "mermaid": b"erDiagram", "dot": b"graph {"}[fmt]
    assert data.startswith(expected_start)


def test_erd_command_errors_name_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = tmp_path / "catalog.json"
    snapshot.write_text(serialize.dumps(sample_catalog()), encoding="utf-8")
    assert main(["erd", "--catalog", str(snapshot), "--table", "nope"]) == 2
    assert "--table 'nope'" in capsys.readouterr().err
    overview = tmp_path / "overview.md"
    overview.write_text("## Schema Layers\n\n### 1. Core Layer\n\n- `customers` - people\n", encoding="utf-8")
    assert main(["erd", "--catalog", str(snapshot), "--overview", str(overview), "--layer", "zzz"]) == 2
    assert "1. Core Layer" in capsys.readouterr().err
    output = tmp_path / "core.mermaid"
    args = ["-q", "erd", "--catalog", str(snapshot), "--overview", str(overview), "--layer", "core"]
    assert main([*args, "--format", "mermaid", "-o", str(output)]) == 0
    assert "public__customers" in output.read_text(encoding="utf-8")
