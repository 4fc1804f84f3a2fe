"""A hand-built catalog for the renderer tests: a small shop plus deliberately hostile names."""

from __future__ import annotations

from introspect.catalog import model as m

HOSTILE_COMMENT = "pipe | <script>alert(1)</script> `tick` {{ jinja }} {% raw %}\nsecond line: naïve café ü"
ODD_TABLE = 'Odd|Name <b>"x"</b></title><script>alert(2)</script>'


def _col(name: str, position: int, data_type: str, nullable: bool = True, **extra: object) -> m.Column:
    return m.Column(name=name, position=position, data_type=data_type, nullable=nullable, **extra)  # type: ignore[arg-type]


def sample_catalog() -> m.Catalog:
    """A catalog touching every object kind the pages render."""
    customers = m.Table(
        schema="public",
        name="customers",
        kind="table",
        owner="postgres",
        comment="Customer accounts",
        columns=(
            _col("customer_id", 1, "bigint", False, identity="always", comment="Surrogate key"),
            _col("email", 2, "public.email_address", False, comment=HOSTILE_COMMENT),
            _col("tier", 3, "customer_tier", False, default="'bronze'::customer_tier", comment="Loyalty tier"),
            _col("created_at", 4, "timestamp with time zone", False, default="now()", comment="When signed up"),
        ),
        constraints=(
            m.Constraint(
                "public.customers",
                "customers_email_key",
                "unique",
                ("email",),
                "UNIQUE (email)",
                index="public.customers_email_key",
            ),
            m.Constraint(
                "public.customers",
                "customers_pkey",
                "primary_key",
                ("customer_id",),
                "PRIMARY KEY (customer_id)",
                index="public.customers_pkey",
            ),
        ),
    )
    orders = m.Table(
        schema="public",
        name="orders",
        kind="partitioned_table",
        owner="postgres",
        comment="Orders, partitioned by quarter",
        columns=(
            _col(
                "order_id",
                1,
                "bigint",
                False,
                default="nextval('orders_order_id_seq'::regclass)",
                is_serial=True,
                comment="Order number",
            ),
            _col("customer_id", 2, "bigint", False, comment="Who ordered"),
            _col("order_date", 3, "date", False, comment="Order day"),
            _col(
                "total",
                4,
                "numeric(12,2)",
                True,
                generated="stored",
                generation_expression="(0)::numeric",
                comment="Order total",
            ),
        ),
        constraints=(
            m.Constraint(
                "public.orders",
                "orders_customer_id_fkey",
                "foreign_key",
                ("customer_id",),
                "FOREIGN KEY (customer_id) REFERENCES customers(customer_id) ON DELETE RESTRICT",
                referenced_table="public.customers",
                referenced_columns=("customer_id",),
                on_delete="restrict",
                on_update="no action",
                match_type="simple",
                partition_copies=("public.orders_2024q1", "public.orders_default"),
            ),
            m.Constraint(
                "public.orders",
                "orders_pkey",
                "primary_key",
                ("order_id", "order_date"),
                "PRIMARY KEY (order_id, order_date)",
                index="public.orders_pkey",
            ),
        ),
        partition_key=m.PartitionKey("range", ("order_date",), "RANGE (order_date)"),
        partitions=("public.orders_2024q1", "public.orders_default"),
    )
    q1 = m.Table(
        schema="public",
        name="orders_2024q1",
        kind="partition",
        owner="postgres",
        columns=orders.columns,
        parent="public.orders",
        partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2024-04-01')",
    )
    default = m.Table(
        schema="public",
        name="orders_default",
        kind="partition",
        owner="postgres",
        columns=orders.columns,
        parent="public.orders",
        partition_bound="DEFAULT",
        is_default_partition=True,
    )
    items = m.Table(
        schema="public",
        name="order_items",
        kind="table",
        owner="postgres",
        comment="Order lines",
        columns=(
            _col("order_id", 1, "bigint", False, comment="Order"),
            _col("order_date", 2, "date", False, comment="Order day (part of the order key)"),
            _col("line_no", 3, "integer", False, comment="Line number"),
            _col("quantity", 4, "integer", False, comment="How many"),
        ),
        constraints=(
            m.Constraint(
                "public.order_items",
                "order_items_order_fkey",
                "foreign_key",
                ("order_id", "order_date"),
                "FOREIGN KEY (order_id, order_date) REFERENCES orders(order_id, order_date) ON DELETE CASCADE",
                referenced_table="public.orders",
                referenced_columns=("order_id", "order_date"),
                on_delete="cascade",
                on_update="no action",
                match_type="simple",
            ),
            m.Constraint(
                "public.order_items", "order_items_quantity_check", "check", ("quantity",), "CHECK (quantity > 0)"
            ),
        ),
    )
    odd = m.Table(
        schema="Ünïcode",
        name=ODD_TABLE,
        kind="table",
        owner="postgres",
        comment=None,
        columns=(
            _col("weird`col|x", 1, "text", True, comment="{{ not a template }} <i>literal</i>"),
            _col("customer_id", 2, "bigint", True, comment="* not emphasis * _nor this_"),
        ),
        constraints=(
            m.Constraint(
                f"Ünïcode.{ODD_TABLE}",
                "odd_customer_fk",
                "foreign_key",
                ("customer_id",),
                "FOREIGN KEY (customer_id) REFERENCES customers(customer_id) ON DELETE SET NULL",
                referenced_table="public.customers",
                referenced_columns=("customer_id",),
                on_delete="set null",
                on_update="no action",
                match_type="simple",
            ),
        ),
    )
    indexes = (
        m.Index(
            "public",
            "customers_email_key",
            "public.customers",
            "btree",
            (m.IndexKey("email"),),
            is_unique=True,
            constraint="public.customers.customers_email_key",
            definition="CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email)",
        ),
        m.Index(
            "public",
            "customers_pkey",
            "public.customers",
            "btree",
            (m.IndexKey("customer_id"),),
            is_unique=True,
            is_primary=True,
            constraint="public.customers.customers_pkey",
            definition="CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (customer_id)",
        ),
        m.Index(
            "public",
            "idx_customers_lower_email",
            "public.customers",
            "btree",
            (m.IndexKey(None, expression="lower(email::text)"),),
            predicate="(tier <> 'bronze'::customer_tier)",
            definition="CREATE INDEX idx_customers_lower_email ON public.customers USING btree (lower(email))",
        ),
        m.Index(
            "public",
            "idx_orders_customer",
            "public.orders",
            "btree",
            (m.IndexKey("customer_id"),),
            include_columns=("total",),
            partition_copies=("public.orders_2024q1_customer_id_idx", "public.orders_default_customer_id_idx"),
            definition="CREATE INDEX idx_orders_customer ON ONLY public.orders USING btree (customer_id)",
        ),
        m.Index(
            "public",
            "idx_orders_date_brin",
            "public.orders",
            "brin",
            (m.IndexKey("order_date"),),
            definition="CREATE INDEX idx_orders_date_brin ON ONLY public.orders USING brin (order_date)",
        ),
        m.Index(
            "public",
            "mv_customer_totals_customer_id_idx",
            "public.mv_customer_totals",
            "btree",
            (m.IndexKey("customer_id"),),
            is_unique=True,
            definition="CREATE UNIQUE INDEX mv_customer_totals_customer_id_idx ON public.mv_customer_totals",
        ),
        m.Index(
            "public",
            "orders_pkey",
            "public.orders",
            "btree",
            (m.IndexKey("order_id"), m.IndexKey("order_date")),
            is_unique=True,
            is_primary=True,
            constraint="public.orders.orders_pkey",
            definition="CREATE UNIQUE INDEX orders_pkey ON ONLY public.orders USING btree (order_id, order_date)",
        ),
    )
    views = (
        m.View(
            "public",
            "mv_customer_totals",
            "materialized_view",
            "postgres",
            "SELECT customer_id, count(*) AS orders\n   FROM orders\n  GROUP BY customer_id;",
            (_col("customer_id", 1, "bigint"), _col("orders", 2, "bigint", comment="Orders placed")),
            depends_on=("public.orders",),
            populated=True,
            comment="Orders per customer",
        ),
        m.View(
            "public",
            "v_odd",
            "view",
            "postgres",
            'SELECT 1 AS "```";  -- ``` fence inside',
            (_col("```", 1, "integer"),),
            depends_on=(f"Ünïcode.{ODD_TABLE}",),
            comment=HOSTILE_COMMENT,
        ),
    )
    functions = (
        m.Function(
            "public",
            "place_order",
            "function",
            "p_customer bigint",
            "bigint",
            "plpgsql",
            "volatile",
            owner="postgres",
            source="\nBEGIN\n  RETURN 1;\nEND;\n",
            comment="Step 2 of the order flow",
        ),
        m.Function(
            "public",
            "touch_updated_at",
            "function",
            "",
            "trigger",
            "plpgsql",
            "volatile",
            owner="postgres",
            source="BEGIN NEW.updated_at := now(); RETURN NEW; END;",
        ),
    )
    triggers = (
        m.Trigger(
            "public.customers",
            "trg_customers_touch",
            "before",
            ("update",),
            "row",
            "public.touch_updated_at()",
            "CREATE TRIGGER trg_customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION "
            "touch_updated_at()",
        ),
    )
    stats = m.Statistics(
        database_bytes=9_876_543,
        relations=(
            m.RelationStats("public.customers", "table", 10000, True, 1_064_960, 8192, 458_752, 1_531_904),
            m.RelationStats("public.customers_email_key", "index", 10000, True, 245_760),
            m.RelationStats("public.customers_pkey", "index", 10000, True, 229_376),
            m.RelationStats("public.mv_customer_totals", "materialized_view", 9000, True, 401_408, 0, 221_184, 622_592),
            m.RelationStats("public.order_items", "table", 150000, True, 7_757_824, 0, 0, 7_757_824),
            m.RelationStats("public.orders", "partitioned_table", 50000, True, 0, 0, 2_000_000, 5_000_000),
            m.RelationStats("public.orders_2024q1", "partition", 30000, True, 1_900_000, 0, 1_200_000, 3_100_000),
            # The loader gives a partitioned index the sum of its partitions' indexes.
            m.RelationStats("public.idx_orders_customer", "index", 50000, True, 1_150_000),
            m.RelationStats("public.orders_2024q1_customer_id_idx", "index", 30000, True, 700_000),
            m.RelationStats("public.orders_default", "partition", 20000, True, 1_100_000, 0, 800_000, 1_900_000),
            m.RelationStats("public.orders_default_customer_id_idx", "index", 20000, True, 450_000),
            m.RelationStats(f"Ünïcode.{ODD_TABLE}", "table", 3, True, 8192, 0, 0, 8192),
        ),
    )
    return m.Catalog(
        database="shop",
        server_version="15.14",
        server_version_num=150014,
        schemas=(m.Schema("public", "pg_database_owner", "standard public schema"), m.Schema("Ünïcode", "postgres")),
        extensions=(m.Extension("pgcrypto", "1.3", "public", "cryptographic functions"),),
        tables=tuple(sorted((customers, orders, q1, default, items, odd), key=lambda t: t.key)),
        indexes=tuple(sorted(indexes, key=lambda i: i.key)),
        views=views,
        sequences=(
            m.Sequence(
                "public",
                "orders_order_id_seq",
                "bigint",
                1,
                1,
                1,
                9223372036854775807,
                False,
                owned_by="public.orders.order_id",
            ),
        ),
        enums=(m.Enum("public", "customer_tier", ("bronze", "silver", "gold"), "Loyalty tiers"),),
        domains=(m.Domain("public", "email_address", "text", checks=("CHECK (VALUE ~ '^[^@]+@[^@]+$')",)),),
        functions=functions,
        triggers=triggers,
        roles=(
            m.Role("analyst", comment="Reads everything"),
            m.Role("order_manager"),
            m.Role("readonly_user", member_of=("analyst",)),
        ),
        grants=(
            m.Grant("function", "public.place_order(p_customer bigint)", "order_manager", "EXECUTE", "postgres"),
            m.Grant("materialized_view", "public.mv_customer_totals", "analyst", "SELECT", "postgres"),
            m.Grant("table", "public.customers", "PUBLIC", "SELECT", "postgres"),
            m.Grant("table", "public.customers", "readonly_user", "SELECT", "postgres", grantable=True),
            m.Grant("table", "public.order_items", "order_manager", "INSERT", "postgres"),
            m.Grant("table", "public.order_items", "order_manager", "SELECT", "postgres"),
            m.Grant("table", "public.order_items", "order_manager", "UPDATE", "postgres"),
        ),
        statistics=stats,
    )


def test_sample_catalog_is_a_valid_snapshot_covering_every_kind() -> None:
    from introspect.catalog import serialize

    catalog = sample_catalog()
    assert serialize.loads(serialize.dumps(catalog)) == catalog
    for kind in ("schemas", "extensions", "tables", "indexes", "views", "sequences", "enums", "domains"):
        assert getattr(catalog, kind), kind
    assert catalog.functions and catalog.triggers and catalog.roles and catalog.grants
    assert {t.kind for t in catalog.tables} == {"table", "partitioned_table", "partition"}
    assert {v.kind for v in catalog.views} == {"view", "materialized_view"}
    assert all(list(items) == sorted(items, key=lambda o: o.key) for items in (catalog.tables, catalog.indexes))
