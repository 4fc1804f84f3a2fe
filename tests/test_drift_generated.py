"""Generated-docs drift and the report formats, on a hand-built catalog (no database)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from fixtures.shop import shop_catalog

from introspect.catalog.diff import diff_catalogs
from introspect.catalog.model import Catalog
from introspect.drift import claims as claims_module
from introspect.drift.generated import compare_reference, figures_close
from introspect.drift.output import CheckReport, as_github, as_json, as_text
from introspect.drift.overview import read_statements
from introspect.render.pages import render_reference

replace = dataclasses.replace
CASES = Path(__file__).parent / "drift_cases"


def write_reference(catalog: Catalog, directory: Path) -> Path:
    for relative, content in render_reference(catalog, layers=()).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def test_object_changes_are_named_by_qualified_name() -> None:
    old = shop_catalog()
    customers = old.table("public.customers")
    items = old.table("public.order_items")
    assert customers is not None and items is not None
    new_customers = replace(
        customers,
        columns=tuple(
            replace(c, comment="changed")
            if c.name == "email"
            else replace(c, data_type="bigint")
            if c.name == "id"
            else c
            for c in customers.columns
        ),
    )
    new_items = replace(
        items,
        constraints=tuple(
            replace(c, on_delete="restrict")
            if c.kind == "foreign_key"
            else replace(c, columns=("rating", "unit_price"))
            if c.name == "chk_rating"
            else c
            for c in items.constraints
        ),
    )
    new = replace(
        old,
        tables=tuple(new_customers if t is customers else new_items if t is items else t for t in old.tables),
        indexes=tuple(i for i in old.indexes if i.name != "idx_orders_date_brin"),
        grants=tuple(g for g in old.grants if not (g.object == "public.orders" and g.privilege == "INSERT")),
    )
    messages = diff_catalogs(old, new)
    assert "index public.idx_orders_date_brin was removed" in messages
    assert "comment on public.customers.email changed" in messages
    assert "public.customers.id: type changed from integer to bigint" in messages
    assert "constraint public.order_items.items_order_fk: on delete changed from cascade to restrict" in messages
    assert "grant INSERT on public.orders to analyst was removed" in messages
    assert "constraint public.order_items.chk_rating: columns changed from rating to rating, unit_price" in messages
    assert len(messages) == 6
    assert diff_catalogs(old, old) == []


def test_statistics_figures_have_a_tolerance() -> None:
    committed = "| public.orders | 50,000 | 10 MB | 2.0 MB |"
    assert figures_close(committed, "| public.orders | 50,400 | 10.5 MB | 2.1 MB |")
    assert not figures_close(committed, "| public.orders | 80,000 | 10 MB | 2.0 MB |")
    assert not figures_close(committed, "| public.customers | 50,000 | 10 MB | 2.0 MB |")
    assert figures_close("| t | 8.0 kB |", "| t | 48 kB |")  # tiny sizes: 128 kB of slack


def test_reference_pages_drift_per_object_and_per_page(tmp_path: Path) -> None:
    catalog = shop_catalog()
    reference = write_reference(catalog, tmp_path / "reference")
    assert not compare_reference(catalog, reference).drifted

    stats = catalog.statistics
    wobble = replace(stats, relations=tuple(replace(r, heap_bytes=r.heap_bytes + 20_000) for r in stats.relations))
    assert not compare_reference(replace(catalog, statistics=wobble), reference).drifted
    renamed_run = replace(catalog, database="elsewhere", server_version="15.9", server_version_num=150009)
    assert not compare_reference(renamed_run, reference).drifted

    without_brin = replace(catalog, indexes=tuple(i for i in catalog.indexes if i.name != "idx_orders_date_brin"))
    drift = compare_reference(without_brin, reference)
    assert drift.objects == ("index public.idx_orders_date_brin was removed",)
    changed = {p.path for p in drift.pages}
    assert "indexes.md" in changed and "catalog.json" in changed
    assert all(p.diff for p in drift.pages if p.path.endswith(".md"))

    (reference / "indexes.md").write_text("edited by hand\n", encoding="utf-8")
    (reference / "old_page.md").write_text("left over\n", encoding="utf-8")
    pages = {p.path: p.status for p in compare_reference(catalog, reference).pages}
    assert pages == {"indexes.md": "changed", "old_page.md": "stale"}


def test_report_formats(tmp_path: Path) -> None:
    catalog = replace(shop_catalog(), indexes=())
    text = (CASES / "small_overview.md").read_text(encoding="utf-8")
    results = claims_module.evaluate(read_statements(text), catalog, queries_dir=CASES)
    reference = write_reference(shop_catalog(), tmp_path / "reference")
    report = CheckReport(
        "docs/overview.md", "docs/reference", compare_reference(catalog, reference), tuple(results), False
    )
    assert report.drifted

    plain = as_text(report)
    assert (
        'docs/overview.md:32: claim "BRIN | Time series | `idx_orders_date_brin`" — the database has no index named'
        in plain
    )
    assert "docs/reference: index public.idx_orders_date_brin was removed" in plain
    assert plain.splitlines()[-1].startswith("check: drift: ")

    github = as_github(report)
    assert "::error file=docs/overview.md,line=32::docs/overview.md%3A32" not in github  # message data keeps ':'
    assert "::error file=docs/overview.md,line=32::docs/overview.md:32: claim" in github
    assert "::notice file=docs/overview.md,line=67::" in github  # unchecked capacity figure
    assert all("\n" not in line for line in github.splitlines())

    data = json.loads(as_json(report, exit_code=1))
    assert data["exit_code"] == 1 and data["drift"] is True
    assert {c["line"] for c in data["claims"] if c["status"] == "fail"} >= {6, 32, 33, 34}
    assert "index public.idx_orders_date_brin was removed" in data["generated"]["objects"]
