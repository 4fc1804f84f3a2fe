"""The overview parser and each claim checker, on a small overview and a hand-built catalog (no database)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fixtures.shop import col, index, shop_catalog, table

from introspect.catalog.model import Catalog, Index, IndexKey
from introspect.drift import claims as claims_module
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, Claim, parse_quantity
from introspect.drift.overview import extract_claims, read_statements
from introspect.drift.report import cell, claims_page

CASES = Path(__file__).parent / "drift_cases"
SMALL = (CASES / "small_overview.md").read_text(encoding="utf-8")
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_068e17dcbff14ccb.txt"


def verdicts(catalog: Catalog, text: str = SMALL) -> dict[int, str]:
    """Statement line -> verdict."""
    results = claims_module.evaluate(read_statements(text), catalog, queries_dir=CASES / "queries")
    return {r.line: r.status for r in results}


def test_quantities_keep_their_qualifier() -> None:
    assert parse_quantity("12 primary tables") == parse_quantity("12")
    q = parse_quantity("~130 columns")
    assert q is not None and q.qualifier == "approx" and q.accepts(143) and not q.accepts(144)
    q = parse_quantity("60+ indexes")
    assert q is not None and q.qualifier == "at_least" and q.accepts(60) and not q.accepts(59)
    q = parse_quantity("< 2 seconds")
    assert q is not None and (q.value, q.unit, q.qualifier) == (2000, "ms", "below")
    q = parse_quantity("~50 MB")
    assert q is not None and (q.value, q.unit) == (50 * 1024**2, "bytes")
    q = parse_quantity("100K+ customers")
    assert q is not None and q.value == 100_000


def test_parser_finds_each_claim_on_its_line() -> None:
    found = {(c.line, c.topic, c.subject) for c in extract_claims(SMALL)}
    expected = {
        (4, "count", "tables"),
        (5, "count", "columns"),
        (6, "count", "indexes"),
        (7, "count", "views"),
        (8, "count", "database_size"),
        (15, "object", "customers"),
        (21, "object", "mv_sales"),
        (26, "soft_delete", "customers.is_active"),
        (32, "index_kind", "idx_orders_date_brin"),
        (39, "partition", "orders_partitioned"),
        (44, "delete_rule", "order → order_items"),
        (47, "delete_rule", "customer → orders"),
        (51, "check", "unit_price >= cost_price"),
        (53, "check_topic", "Email format validation"),
        (58, "object", "analyst"),
        (59, "grant", "analyst"),
        (64, "audit_trigger", "orders"),
        (73, "table_rows", "orders"),
        (73, "table_size", "orders"),
        (79, "query_target", "Simple SELECT by PK"),
        (81, "server_version", "PostgreSQL"),
        (83, "object", "pgcrypto"),
        (86, "self_reference", "product_categories.parent_category_id"),
    }
    assert expected <= found
    kinds = {c.subject: c.context for c in extract_claims(SMALL) if c.topic == "object"}
    assert kinds["customers"] == "table" and kinds["mv_sales"] == "materialized_view"
    assert kinds["analyst"] == "role" and kinds["pgcrypto"] == "extension"


def test_every_statement_of_the_small_overview_holds_on_the_matching_catalog() -> None:
    results = verdicts(shop_catalog())
    assert {line for line, status in results.items() if status == FAIL} == {79}  # no query file in drift_cases
    # A figure no checker measures, a growth rate beside checked rows, and CHECKs without a database.
    assert {line for line, status in results.items() if status == UNCHECKED} == {51, 52, 67, 73}
    assert results[64] == PASS and results[86] == PASS


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ("drop_brin", 32),
        ("cascade_to_restrict", 44),
        ("drop_mv", 21),
        ("revoke", 59),
        ("boolean_to_int", 26),
        ("drop_audit_trigger", 64),
        ("monthly_partitions", 39),
        ("add_table", 4),
        ("shrink_rows", 73),
        ("old_server", 81),
        ("no_self_reference", 86),
    ],
)
def test_each_broken_fact_fails_on_its_line(change: str, line: int) -> None:
    catalog = shop_catalog()
    replace = dataclasses.replace
    if change == "drop_brin":
        catalog = replace(catalog, indexes=tuple(i for i in catalog.indexes if i.name != "idx_orders_date_brin"))
    elif change == "cascade_to_restrict":
        items = catalog.table("public.order_items")
        assert items is not None
        constraints = tuple(
            replace(c, on_delete="restrict") if c.kind == "foreign_key" else c for c in items.constraints
        )
        catalog = replace(
            catalog, tables=tuple(replace(t, constraints=constraints) if t is items else t for t in catalog.tables)
        )
    elif change == "drop_mv":
        catalog = replace(catalog, views=tuple(v for v in catalog.views if v.name != "mv_sales"))
    elif change == "revoke":
        catalog = replace(catalog, grants=tuple(g for g in catalog.grants if g.object != "public.v_open_orders"))
    elif change == "boolean_to_int":
        customers = catalog.table("public.customers")
        assert customers is not None
        columns = tuple(replace(c, data_type="integer") if c.name == "is_active" else c for c in customers.columns)
        catalog = replace(
            catalog, tables=tuple(replace(t, columns=columns) if t is customers else t for t in catalog.tables)
        )
    elif change == "drop_audit_trigger":
        catalog = replace(catalog, triggers=catalog.triggers[:2])
    elif change == "monthly_partitions":
        catalog = replace(
            catalog,
            tables=tuple(
                replace(t, partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')") if t.is_partition else t
                for t in catalog.tables
            ),
        )
    elif change == "add_table":
        catalog = replace(catalog, tables=(*catalog.tables, table("zz_extra", [col("id", 1)])))
    elif change == "shrink_rows":
        stats = catalog.statistics
        rows = tuple(replace(r, rows=500) for r in stats.relations)
        catalog = replace(catalog, statistics=replace(stats, relations=rows))
    elif change == "no_self_reference":
        catalog = replace(
            catalog,
            tables=tuple(replace(t, constraints=()) if t.name == "product_categories" else t for t in catalog.tables),
        )
    elif change == "old_server":
        catalog = replace(catalog, server_version="14.9", server_version_num=140009)
    failing = {key for key, status in verdicts(catalog).items() if status == FAIL}
    assert line in failing


def test_changing_a_stated_figure_fails_it() -> None:
    text = SMALL.replace("**Indexes**: 2+ indexes", "**Indexes**: 9+ indexes")
    results = claims_module.evaluate(read_statements(text), shop_catalog(), queries_dir=CASES)
    failed = [r for r in results if r.status == FAIL and r.results[0].claim.topic == "count"]
    assert [r.line for r in failed] == [6]
    assert (
        failed[0]
        .message("docs_src/overview.md")
        .startswith('docs_src/overview.md:6: claim "Indexes: 9+ indexes" — the database has 4 declared indexes')
    )


def test_query_targets_are_skipped_without_timings_and_judged_with_them(tmp_path: Path) -> None:
    from introspect.drift.checks.perf import QueryTiming, check_query_target

    (tmp_path / "simple_select_by_pk.sql").write_text("SELECT 1;\n")
    claim = Claim(79, "Simple SELECT by PK | < 1 ms", "query_target", "Simple SELECT by PK", "< 1 ms")
    assert check_query_target(claim, tmp_path, None).status == SKIPPED
    fast = {"simple_select_by_pk": QueryTiming("simple_select_by_pk", (0.2, 0.3, 0.25), 1)}
    slow = {"simple_select_by_pk": QueryTiming("simple_select_by_pk", (5.0, 6.0, 5.5), 1)}
    assert check_query_target(claim, tmp_path, fast).status == PASS
    assert check_query_target(claim, tmp_path, slow).status == FAIL


def test_claims_page_escapes_cells_and_lists_every_claim() -> None:
    assert cell("a | b <script>`x`</script>\nnext") == "a &#124; b &lt;script&gt;&#96;x&#96;&lt;/script&gt; next"
    results = claims_module.evaluate(read_statements(SMALL), shop_catalog(), queries_dir=CASES)
    page = claims_page(results, "overview.md", timed=False)
    rows = [line for line in page.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == len(results)
    assert all(line.count(" | ") == 4 for line in rows)  # no cell broke the table


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")
def test_the_seed_overview_yields_assertions_of_the_main_kinds() -> None:
    topics = {c.topic for c in extract_claims(SEED.read_text(encoding="utf-8"))}
    main = {"count", "object", "index_kind", "partition", "delete_rule", "check", "grant", "audit_trigger"}
    assert main | {"table_rows", "table_size", "query_target", "server_version", "mv_unique_index"} <= topics


def test_a_full_text_example_needs_a_tsvector_key() -> None:
    from introspect.drift.checks.objects import check_index_kind

    claim = Claim(5, "GIN | Full-text search | idx_notes", "index_kind", "idx_notes", "GIN", "Full-text search")
    on_tags = index("idx_notes", "orders", "gin", ("status",))
    on_text = replace_index_keys(on_tags, "to_tsvector('english'::regconfig, note)")
    assert check_index_kind(claim, dataclasses.replace(shop_catalog(), indexes=(on_tags,))).status == FAIL
    assert check_index_kind(claim, dataclasses.replace(shop_catalog(), indexes=(on_text,))).status == PASS


def replace_index_keys(item: Index, expression: str) -> Index:
    return dataclasses.replace(item, keys=(IndexKey(column=None, expression=expression),))


def test_rewording_keeps_the_claims() -> None:
    """Prose, bullet markers and label spelling may change; the meaning carries the claims."""
    reworded = (
        SMALL.replace("- **Tables**: 5 primary tables", "* **Tables:** exactly 5 core tables")
        .replace(
            "**Tables:**\n- `customers` - people who buy", "**Tables**\n\n* `customers` — everyone with an account"
        )
        .replace("- Deleting order → cascades to order_items", "- Removing an order also removes its order items")
        .replace("### Check Constraints", "### Check constraints enforced by the database")
    )
    before = {(c.topic, c.subject) for c in extract_claims(SMALL) if c.topic != "delete_rule"}
    after = {(c.topic, c.subject) for c in extract_claims(reworded) if c.topic != "delete_rule"}
    assert before == after
    results = verdicts(shop_catalog(), reworded)
    rules = [r for r in read_statements(reworded) if any(c.topic == "delete_rule" for c in r.claims)]
    assert [r.claims[0].stated for r in rules] == ["cascade", "restrict"]
    assert [results[r.statement.line] for r in rules] == [PASS, PASS]


def test_names_in_paragraphs_are_claims_too() -> None:
    text = "# Flow\n\nThe nightly job calls `refresh_sales()` and reads `orders.total`; see `schema/queries/`.\n"
    found = {(c.line, c.topic, c.subject, c.context) for c in extract_claims(text)}
    assert found == {(3, "object", "refresh_sales()", "function"), (3, "column", "orders.total", "")}
    figures = read_statements("Runs `refresh_sales()` 24 times a day.\n")
    assert len(figures) == 1 and "24 times a day" in figures[0].leftover


def test_a_statement_that_says_more_than_its_names_is_unchecked_never_passed() -> None:
    catalog = shop_catalog()
    text = "`orders` is replicated to the warehouse nightly.\n\n`orders` is a table that is replicated nightly.\n"
    assert verdicts(catalog, text) == {1: UNCHECKED, 3: UNCHECKED}
    assert verdicts(catalog, "`orders` is a table.\n\n`orders` is a view.\n") == {1: PASS, 3: FAIL}


def test_negation_flips_the_assertion_it_governs() -> None:
    catalog = shop_catalog()
    text = "`mv_sales` is not a view.\n\n`mv_sales` is not a materialized view.\n\n`nothing_here` is not a view.\n"
    assert verdicts(catalog, text) == {1: PASS, 3: FAIL, 5: FAIL}  # a name found nowhere never passes


def test_names_the_schema_lacks_are_unchecked_without_a_database() -> None:
    """Built-ins such as now() are looked up in pg_catalog; with no database that is not possible."""
    assert verdicts(shop_catalog(), "Rows carry `now()` as their time.\n") == {1: UNCHECKED}


def test_names_resolve_like_postgresql_resolves_them() -> None:
    catalog = shop_catalog()
    text = '`Public."orders"` is a table.\n\n`ORDERS` is a table.\n\n`public.orders.status` is not null.\n'
    assert verdicts(catalog, text) == {1: PASS, 3: PASS, 5: FAIL}  # the hand-built status column is nullable


def test_an_overview_read_twice_is_read_once_and_each_caller_gets_its_own_list() -> None:
    text = "The database has 3 tables.\n\nIt has 2 views.\n"
    first, second = read_statements(text), read_statements(text)
    assert first == second and first is not second
    assert [reading.statement.line for reading in first] == [1, 3]
    first.clear()
    assert read_statements(text) == second
