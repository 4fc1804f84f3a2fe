"""Large schemas in readable diagrams: parts of at most the budget, the overview linking them, and
neighbourhoods that cap their neighbours and name the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.shop import col, fk, table

from introspect.catalog import serialize
from introspect.catalog.model import Catalog, Table
from introspect.cli import main
from introspect.erd import dot
from introspect.erd.select import (
    OVERVIEW_LINKS_PER_PART,
    neighbourhood,
    part_diagram,
    parts_overview,
    schema_parts,
)


def _catalog(tables: list[Table]) -> Catalog:
    return Catalog(database="big", server_version="15", server_version_num=150000, tables=tuple(tables))


def _star(children: int, chains: int = 0) -> Catalog:
    """One hub referenced by ``children`` tables, plus ``chains`` unrelated pairs."""
    tables = [table("hub", [col("id", 1)])]
    tables += [
        table(
            f"spoke_{n:03}",
            [col("id", 1), col("hub_id", 2)],
            (fk(f"spoke_{n:03}", f"spoke_{n:03}_fk", "hub_id", "hub", "a"),),
        )
        for n in range(children)
    ]
    for n in range(chains):
        tables.append(table(f"pair_{n:03}_a", [col("id", 1)]))
        tables.append(
            table(
                f"pair_{n:03}_b",
                [col("id", 1), col("a_id", 2)],
                (fk(f"pair_{n:03}_b", f"pair_{n:03}_fk", "a_id", f"pair_{n:03}_a", "a"),),
            )
        )
    return _catalog(tables)


def test_a_small_schema_is_one_part() -> None:
    parts = schema_parts(_star(10))
    assert [(p.name, len(p.keys)) for p in parts] == [("public", 11)]


def test_a_large_schema_is_split_without_separating_connected_pieces_needlessly() -> None:
    catalog = _star(70, chains=20)  # 71 connected tables and 20 pairs: 111 in all
    parts = schema_parts(catalog, budget=50)
    assert all(len(p.keys) <= 50 for p in parts)
    assert sorted(key for p in parts for key in p.keys) == sorted(t.key for t in catalog.tables)
    assert [p.name for p in parts] == [f"public {n} of {len(parts)}" for n in range(1, len(parts) + 1)]
    for n in range(20):  # a pair is never cut in two
        (holder,) = [p for p in parts if f"public.pair_{n:03}_a" in p.keys]
        assert f"public.pair_{n:03}_b" in holder.keys
    assert len(parts) == 3


def test_the_overview_links_each_part_and_counts_the_keys_between_them() -> None:
    catalog = _star(70)
    parts = schema_parts(catalog, budget=50)
    overview = parts_overview(catalog, parts, {p.name: f"part-{p.slug}/index.html" for p in parts})
    assert len(overview.entities) == len(parts)
    assert all(link.name.endswith("foreign keys") for link in overview.links)
    assert sum(int(link.name.split()[0]) for link in overview.links) == sum(
        1 for p in parts for key in p.keys if key != "public.hub" and "public.hub" not in p.keys
    )
    source = dot.to_dot(overview)
    assert 'URL="part-public-1-of-2/index.html", target="_top"' in source
    assert all(len(part_diagram(catalog, p).entities) <= 50 for p in parts)


def test_a_neighbourhood_caps_its_neighbours_and_names_the_others() -> None:
    diagram = neighbourhood(_star(40), "public.hub", budget=30)
    assert len(diagram.entities) == 31
    assert diagram.left_out == tuple(f"public.spoke_{n:03}" for n in range(30, 40))
    assert neighbourhood(_star(5), "public.hub", budget=30).left_out == ()


def test_the_erd_command_draws_a_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = tmp_path / "catalog.json"
    snapshot.write_text(serialize.dumps(_star(70)), encoding="utf-8")
    out = tmp_path / "part.dot"
    assert (
        main(["-q", "erd", "--catalog", str(snapshot), "--part", "public-2-of-2", "--format", "dot", "-o", str(out)])
        == 0
    )
    assert 0 < out.read_text(encoding="utf-8").count("[label=<") <= 50
    assert main(["-q", "erd", "--catalog", str(snapshot), "--part", "nowhere", "--format", "dot"]) == 2
    assert "--part 'nowhere': no such part (parts: 'public 1 of 2', 'public 2 of 2')" in capsys.readouterr().err


def test_the_overview_draws_only_each_parts_strongest_connections() -> None:
    catalog = _star(400)  # the hub's part is linked to every other part
    parts = schema_parts(catalog, budget=50)
    overview = parts_overview(catalog, parts)
    assert len(parts) == 9
    assert len(overview.links) <= OVERVIEW_LINKS_PER_PART * len(parts)
    assert [e.key.split(" (")[0] for e in overview.entities] == [p.name for p in parts]  # part order, 2 before 10


def test_the_erd_command_writes_to_its_file_or_to_stdout_and_names_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "catalog.json"
    snapshot.write_text(serialize.dumps(_star(40)), encoding="utf-8")
    out = tmp_path / "hub.dot"
    assert main(["erd", "--catalog", str(snapshot), "--table", "hub", "--format", "dot", "-o", str(out)]) == 0
    written = capsys.readouterr()
    assert written.out == "" and out.read_text(encoding="utf-8").startswith("graph {")
    assert "10 more neighbours not drawn: public.spoke_030" in written.err
    assert main(["erd", "--catalog", str(snapshot), "--table", "hub", "--format", "dot"]) == 0
    printed = capsys.readouterr()
    assert printed.out == out.read_text(encoding="utf-8")
    assert "10 more neighbours not drawn" in printed.err


def test_a_neighbourhood_too_wide_for_mermaid_is_given_without_its_columns() -> None:
    from introspect.erd.mermaid import MERMAID_TEXT_BUDGET
    from introspect.render import links
    from introspect.render.pages import render_reference

    wide = [col("id", 1), *(col(f"measurement_with_a_long_name_{n:03}", n + 2, "numeric(12,2)") for n in range(80))]
    tables = [table("hub", wide)]
    tables += [
        table(
            f"spoke_{n:02}",
            [*wide, col("hub_id", 90)],
            (fk(f"spoke_{n:02}", f"spoke_{n:02}_fk", "hub_id", "hub", "a"),),
        )
        for n in range(25)
    ]
    page = render_reference(_catalog(tables), layers=())[links.table_page("public.hub")]
    (block,) = re.findall(r"```text\n(.*?)```", page, re.S)
    assert len(block) <= MERMAID_TEXT_BUDGET and "public__spoke_24" in block
    assert "Columns left out: with them the text would exceed Mermaid's 50,000-character limit." in page


def test_the_diagram_sources_are_handed_over_as_they_are_made_tables_first() -> None:
    from introspect.render.links import DIAGRAM_SOURCE
    from introspect.render.pages import render_reference

    batches: list[dict[str, str]] = []
    files = render_reference(_star(70, chains=20), on_diagrams=batches.append)
    assert len(batches) == 2
    tables, erd_page = batches
    assert tables and all(path.startswith("erd/tables/") for path in tables)
    assert any(path.startswith("erd/part-") for path in erd_page) and "erd/schema.dot" in erd_page
    handed = {**tables, **erd_page}
    assert len(handed) == len(tables) + len(erd_page)  # each source once
    assert handed == {path: text for path, text in files.items() if path.endswith(DIAGRAM_SOURCE)}
    assert render_reference(_star(70, chains=20)) == files
