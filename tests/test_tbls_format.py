"""`inspect --format tbls` on the hand-built catalog: the document shape tools reading tbls output expect."""

from __future__ import annotations

import json

from fixtures.shop import shop_catalog

from introspect.catalog.tbls import to_tbls


def test_a_tbls_document_of_every_kind() -> None:
    doc = json.loads(json.dumps(to_tbls(shop_catalog())))
    assert set(doc) == {"name", "tables", "relations", "functions", "enums", "driver"}
    kinds = {t["name"]: t["type"] for t in doc["tables"]}
    assert kinds["public.orders"] == "BASE TABLE" and kinds["public.orders_partitioned"] == "BASE TABLE"
    assert kinds["public.mv_sales"] == "MATERIALIZED VIEW" and kinds["public.v_open_orders"] == "VIEW"
    assert "public.op_2024q1" not in kinds  # partitions are part of their table
    orders = next(t for t in doc["tables"] if t["name"] == "public.orders")
    assert {"name", "type", "nullable"} <= set(orders["columns"][0])
    assert {c["type"] for c in orders["constraints"]} == {"FOREIGN KEY"}
    assert [t["name"] for t in orders["triggers"]] == ["trg_audit_delete", "trg_audit_insert", "trg_audit_update"]
    relation = next(r for r in doc["relations"] if r["table"] == "public.order_items")
    assert relation["parent_table"] == "public.orders" and relation["cardinality"] == "zero_or_more"
    assert relation["parent_cardinality"] == "zero_or_one"  # the hand-built order_id column is nullable
    assert doc["enums"] == [{"name": "public.order_status", "values": ["open", "shipped"]}]
    assert doc["driver"]["name"] == "postgres" and doc["functions"][0]["type"] == "FUNCTION"
