"""The statistics part of the catalog: sizes and row counts, partitioned relations summed."""

from __future__ import annotations

from collections import defaultdict

from introspect.catalog.model import RelationStats, Statistics, qualified
from introspect.catalog.queries import Row

STATS_KIND = {"r": "table", "p": "partitioned_table", "m": "materialized_view", "i": "index", "I": "index"}


def build_statistics(rows: list[Row], database_bytes: int, exact_counts: list[Row] | None) -> Statistics:
    """Per-relation statistics; a partitioned table or index adds up its partitions' figures.

    ``exact_counts`` (oid, n), when rows were counted, replace the reltuples estimates; a counted
    kind of relation missing from them has an empty main fork, hence exactly 0 rows.
    """
    exact = {row["oid"]: row["n"] for row in exact_counts or ()}
    counted = exact_counts is not None
    rows = [_with_exact_rows(row, exact, counted) for row in _with_index_sizes(rows)]
    children: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row["parent_oid"]:
            children[row["parent_oid"]].append(row)

    def totals(row: Row) -> tuple[int, bool, int, int, int, int]:
        """rows, whether exact, heap, toast, index and total bytes, partitions included.

        A partitioned relation's rows are unknown (-1) when any partition's are."""
        if row["relkind"] not in ("p", "I"):
            sizes = (row["heap_bytes"], row["toast_bytes"], row["index_bytes"], row["total_bytes"])
            return (row["rows"], row["rows_exact"], *sizes)
        n_rows, exact_rows, sums = 0, row["relkind"] == "p", [0, 0, 0, 0]
        for child in children[row["oid"]]:
            child_rows, child_exact, *child_sizes = totals(child)
            n_rows = -1 if n_rows < 0 or child_rows < 0 else n_rows + child_rows
            exact_rows = exact_rows and child_exact
            sums = [a + b for a, b in zip(sums, child_sizes, strict=True)]
        return (n_rows, exact_rows, sums[0], sums[1], sums[2], sums[3])

    relations = []
    for row in rows:
        n_rows, rows_exact, heap, toast, index, total = totals(row)
        kind = "partition" if row["is_partition"] and row["relkind"] in ("r", "p") else STATS_KIND[row["relkind"]]
        relations.append(
            RelationStats(
                relation=qualified(row["schema"], row["name"]),
                kind=kind,
                rows=n_rows,
                rows_exact=rows_exact,
                heap_bytes=heap,
                toast_bytes=toast,
                index_bytes=index,
                total_bytes=total,
                index_scans=row["index_scans"],
            )
        )
    return Statistics(database_bytes=database_bytes, relations=tuple(sorted(relations, key=lambda r: r.key)))


def _with_index_sizes(rows: list[Row]) -> list[Row]:
    """index_bytes and total_bytes as pg_indexes_size and pg_total_relation_size give them: a table's
    indexes are rows of their own, so their sizes are summed here instead of read again."""
    index_bytes: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["index_table_oid"] is not None:
            index_bytes[row["index_table_oid"]] += row["all_forks_bytes"]
    for row in rows:  # the rows are this load's own: filled in place
        indexes = index_bytes.get(row["oid"], 0) if row["relkind"] in ("r", "m", "p") else 0
        row["index_bytes"] = indexes
        row["total_bytes"] = row["all_forks_bytes"] + indexes
    return rows


def _with_exact_rows(row: Row, exact: dict[int, int], counted: bool) -> Row:
    if not (counted and row["countable"]):
        return {**row, "rows_exact": False}
    if row["oid"] in exact:
        return {**row, "rows": exact[row["oid"]], "rows_exact": True}
    if row["heap_bytes"] == 0:
        return {**row, "rows": 0, "rows_exact": True}
    return {**row, "rows_exact": False}
