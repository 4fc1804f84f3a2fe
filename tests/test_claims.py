"""The overview parser and each claim checker, on a small overview and a hand-built catalog (no database)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from introspect.catalog.model import (
    Catalog,
    Column,
    Constraint,
    Enum,
    Extension,
    Function,
    Grant,
    Index,
    IndexKey,
    PartitionKey,
    RelationStats,
    Role,
    Statistics,
    Table,
    Trigger,
    View,
)
from introspect.drift import claims as claims_module
from introspect.drift.checks.integrity import normalize_check
from introspect.drift.model import FAIL, PASS, SKIPPED, UNCHECKED, Claim, parse_quantity
from introspect.drift.overview import extract_claims
from introspect.drift.report import cell, claims_page

CASES = Path(__file__).parent / "drift_cases"
SMALL = (CASES / "small_overview.md").read_text(encoding="utf-8")
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_068e17dcbff14ccb.txt"


def col(name: str, position: int, data_type: str = "integer", comment: str | None = None) -> Column:
    return Column(name=name, position=position, data_type=data_type, nullable=True, comment=comment)


def table(name: str, columns: list[Column], constraints: tuple[Constraint, ...] = (), **extra: object) -> Table:
    return Table(
        schema="public",
        name=name,
        kind=str(extra.pop("kind", "table")),
        owner="postgres",
        columns=tuple(columns),
        constraints=constraints,
        **extra,
    )  # type: ignore[arg-type]


def fk(child: str, name: str, column: str, parent: str, on_delete: str) -> Constraint:
    return Constraint(
        table=f"public.{child}",
        name=name,
        kind="foreign_key",
        columns=(column,),
        definition=f"FOREIGN KEY ({column}) REFERENCES {parent}",
        referenced_table=f"public.{parent}",
        referenced_columns=("id",),
        on_delete=on_delete,
    )


def check(owner: str, name: str, columns: tuple[str, ...], definition: str) -> Constraint:
    return Constraint(table=f"public.{owner}", name=name, kind="check", columns=columns, definition=definition)


def index(name: str, on: str, method: str, keys: tuple[str, ...], **extra: object) -> Index:
    return Index(
        schema="public",
        name=name,
        table=f"public.{on}",
        method=method,
        keys=tuple(IndexKey(column=k) for k in keys),
        **extra,
    )  # type: ignore[arg-type]


def quarter(parent: str, name: str, start: str, end: str) -> Table:
    return table(
        name,
        [col("order_date", 1, "date")],
        kind="partition",
        parent=f"public.{parent}",
        partition_bound=f"FOR VALUES FROM ('{start}') TO ('{end}')",
    )


def shop_catalog() -> Catalog:
    """A catalog that makes every claim of small_overview.md true."""
    customers = table(
        "customers",
        [col("id", 1), col("email", 2, "text"), col("is_active", 3, "boolean")],
        (check("customers", "chk_email", ("email",), "CHECK ((email ~* '^[^@]+@[^@]+$'::text))"),),
    )
    orders = table(
        "orders",
        [col("id", 1), col("customer_id", 2), col("status", 3, "order_status"), col("order_date", 4, "date")],
        (fk("orders", "orders_customer_fk", "customer_id", "customers", "restrict"),),
    )
    items = table(
        "order_items",
        [col("order_id", 1), col("unit_price", 2, "numeric"), col("cost_price", 3, "numeric"), col("rating", 4)],
        (
            fk("order_items", "items_order_fk", "order_id", "orders", "cascade"),
            check("order_items", "chk_price", ("unit_price", "cost_price"), "CHECK ((unit_price >= cost_price))"),
            check("order_items", "chk_rating", ("rating",), "CHECK (((rating >= 1) AND (rating <= 5)))"),
        ),
    )
    parted = table(
        "orders_partitioned",
        [col("order_date", 1, "date")],
        kind="partitioned_table",
        partition_key=PartitionKey("range", ("order_date",), "RANGE (order_date)"),
        partitions=("public.op_2024q1", "public.op_2024q2"),
    )
    parts = [
        quarter("orders_partitioned", "op_2024q1", "2024-01-01", "2024-04-01"),
        quarter("orders_partitioned", "op_2024q2", "2024-04-01", "2024-07-01"),
    ]
    audit_fn = Function(
        schema="public",
        name="audit_orders",
        kind="function",
        arguments="",
        result="trigger",
        language="plpgsql",
        volatility="volatile",
        source="BEGIN INSERT INTO audit_log VALUES (1); END",
    )
    audit_log = table("audit_log", [col("id", 1)])
    categories = table(
        "product_categories",
        [col("id", 1), col("parent_category_id", 2)],
        (fk("product_categories", "categories_parent_fk", "parent_category_id", "product_categories", "set null"),),
    )
    triggers = tuple(
        Trigger(
            table="public.orders",
            name=f"trg_audit_{event}",
            timing="after",
            events=(event,),
            level="row",
            function="public.audit_orders()",
            definition=f"CREATE TRIGGER trg_audit_{event} …",
        )
        for event in ("delete", "insert", "update")
    )
    mv = View(
        schema="public",
        name="mv_sales",
        kind="materialized_view",
        owner="postgres",
        definition="SELECT 1",
        columns=(col("day", 1, "date"),),
        populated=True,
    )
    view = View(
        schema="public",
        name="v_open_orders",
        kind="view",
        owner="postgres",
        definition="SELECT 1",
        columns=(col("id", 1),),
    )
    relations = [
        "public.audit_log",
        "public.customers",
        "public.mv_sales",
        "public.order_items",
        "public.orders",
        "public.orders_partitioned",
        "public.product_categories",
        "public.v_open_orders",
    ]
    kinds = {
        "public.mv_sales": "materialized_view",
        "public.v_open_orders": "view",
        "public.orders_partitioned": "partitioned_table",
    }
    grants = [Grant(kinds.get(r, "table"), r, "analyst", "SELECT", "postgres") for r in relations]
    grants.append(Grant("table", "public.orders", "analyst", "INSERT", "postgres"))
    return Catalog(
        database="shop",
        server_version="15.4",
        server_version_num=150004,
        extensions=(Extension("pgcrypto", "1.3", "public"),),
        tables=tuple(sorted([customers, orders, items, parted, audit_log, categories, *parts], key=lambda t: t.key)),
        indexes=(
            index("idx_orders_customer_cov", "orders", "btree", ("customer_id",), include_columns=("status",)),
            index("idx_orders_date_brin", "orders", "brin", ("order_date",)),
            index("idx_orders_open", "orders", "btree", ("order_date",), predicate="(status = 'open'::order_status)"),
            index("mv_sales_day", "mv_sales", "btree", ("day",), is_unique=True),
        ),
        views=(mv, view),
        enums=(Enum("public", "order_status", ("open", "shipped")),),
        functions=(audit_fn,),
        triggers=triggers,
        roles=(Role("analyst"),),
        grants=tuple(sorted(grants, key=lambda g: g.key)),
        statistics=Statistics(
            database_bytes=1_100_000,
            relations=(RelationStats("public.orders", "table", 1_050, True, 900_000, 0, 300_000, 1_200_000),),
        ),
    )


def verdicts(catalog: Catalog, text: str = SMALL) -> dict[tuple[int, str, str], str]:
    results = claims_module.evaluate(extract_claims(text), catalog, queries_dir=CASES / "queries")
    return {(r.claim.line, r.claim.topic, r.claim.subject): r.status for r in results}


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
        (44, "delete_rule", "Deleting order → cascades to order_items"),
        (47, "delete_rule", "Cannot delete customer with orders"),
        (51, "check", "unit_price >= cost_price"),
        (53, "check_topic", "Email format validation"),
        (58, "object", "analyst"),
        (59, "grant", "analyst"),
        (64, "audit_trigger", "orders"),
        (67, "unchecked", "Designed for 100K+ customers"),
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


def test_every_claim_of_the_small_overview_holds_on_the_matching_catalog() -> None:
    results = verdicts(shop_catalog())
    failing = {key: status for key, status in results.items() if status == FAIL}
    assert failing == {(79, "query_target", "Simple SELECT by PK"): FAIL}  # no query file in drift_cases/queries
    assert results[(67, "unchecked", "Designed for 100K+ customers")] == UNCHECKED


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ("drop_brin", 32),
        ("cascade_to_restrict", 44),
        ("drop_mv", 21),
        ("revoke", 59),
        ("boolean_to_int", 26),
        ("drop_check", 52),
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
    elif change == "drop_check":
        catalog = replace(
            catalog,
            tables=tuple(
                replace(t, constraints=tuple(c for c in t.constraints if c.name != "chk_rating"))
                for t in catalog.tables
            ),
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
    failing = {key[0] for key, status in verdicts(catalog).items() if status == FAIL}
    assert line in failing


def test_changing_a_stated_figure_fails_it() -> None:
    text = SMALL.replace("**Indexes**: 2+ indexes", "**Indexes**: 9+ indexes")
    results = claims_module.evaluate(extract_claims(text), shop_catalog(), queries_dir=CASES)
    failed = [r for r in results if r.status == FAIL and r.claim.topic == "count"]
    assert [r.claim.line for r in failed] == [6]
    assert (
        failed[0]
        .message("docs_src/overview.md")
        .startswith('docs_src/overview.md:6: claim "Indexes: 9+ indexes" — the database has 4 declared indexes')
    )


def test_check_expressions_are_normalised() -> None:
    assert normalize_check("CHECK (((rating >= 1) AND (rating <= 5)))") == normalize_check("rating BETWEEN 1 AND 5")
    stored = "CHECK ((total_amount = ((((subtotal + tax) + shipping) - discount))::numeric(12,2)))"
    assert normalize_check(stored) == normalize_check("total_amount = subtotal + tax + shipping - discount")
    assert normalize_check("CHECK ((status)::text = 'x'::character varying)") == "status = 'x'"


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
    results = claims_module.evaluate(extract_claims(SMALL), shop_catalog(), queries_dir=CASES)
    page = claims_page(results, "overview.md", timed=False)
    rows = [line for line in page.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == len(results)
    assert all(line.count(" | ") == 4 for line in rows)  # no cell broke the table


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")
def test_the_seed_overview_yields_claims_of_every_topic() -> None:
    topics = {c.topic for c in extract_claims(SEED.read_text(encoding="utf-8"))}
    assert set(claims_module.CHECKERS) | {"query_target"} <= topics | {"column"} | {"check_topic"}


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
    """Prose, bullet markers and label spelling may change; the structure carries the claims."""
    reworded = (
        SMALL.replace("- **Tables**: 5 primary tables", "* **Tables:** exactly 5 core tables")
        .replace("**Tables:**\n- `customers` - people who buy", "**Tables**\n* `customers` — everyone with an account")
        .replace("- Deleting order → cascades to order_items", "- Removing an order also removes its order_items")
        .replace("### Check Constraints", "### Check constraints enforced by the database")
    )
    before = {(c.topic, c.subject, c.stated, c.context) for c in extract_claims(SMALL) if c.topic != "delete_rule"}
    after = {(c.topic, c.subject, c.stated, c.context) for c in extract_claims(reworded) if c.topic != "delete_rule"}
    assert {(t, s) for t, s, _, _ in before} == {(t, s) for t, s, _, _ in after}
    rules = [c for c in extract_claims(reworded) if c.topic == "delete_rule"]
    assert [r.stated for r in rules] == ["cascade", "restrict"]
    results = claims_module.evaluate(rules, shop_catalog(), queries_dir=CASES)
    assert [r.status for r in results] == [PASS, PASS]


def test_names_in_paragraphs_are_claims_too() -> None:
    text = "# Flow\n\nThe nightly job calls `refresh_sales()` and reads `orders.total`; see `schema/queries/`.\n"
    found = {(c.line, c.topic, c.subject, c.context) for c in extract_claims(text)}
    assert found == {(3, "object", "refresh_sales", "function"), (3, "column", "orders.total", "")}
    figures = extract_claims("Runs `refresh_sales()` 24 times a day.\n")
    assert [c.topic for c in figures] == ["object", "unchecked"]
