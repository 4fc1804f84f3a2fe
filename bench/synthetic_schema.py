"""A synthetic schema shaped like the large ones people document: several schemas, a comment on every
table and column, about 1.8 foreign keys and 2.9 indexes per table (primary keys included), composite
keys, views, functions, triggers and a few partitioned tables. Deterministic: the same size gives
the same SQL.

    .venv/bin/python bench/synthetic_schema.py --tables 1000 --out /tmp/schema_1000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SCHEMAS = ("sales", "catalog", "billing", "logistics", "hr", "audit")
COLUMN_TYPES = ("text", "integer", "numeric(12,2)", "timestamptz", "boolean", "date", "jsonb", "varchar(80)")


def generate(tables: int, seed: int = 20261201) -> str:
    """The whole schema as one SQL script."""
    rng = random.Random(seed)
    out = [f"CREATE SCHEMA {schema};\nCOMMENT ON SCHEMA {schema} IS 'Synthetic {schema} area';\n" for schema in SCHEMAS]
    out.append(
        "CREATE FUNCTION audit.touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND $$;\n"
        "COMMENT ON FUNCTION audit.touch() IS 'Keeps updated_at current';\n"
    )
    names: list[str] = []
    for number in range(tables):
        schema = SCHEMAS[number % len(SCHEMAS)]
        name = f"{schema}.t{number:05d}"
        composite = number % 17 == 5
        partitioned = number % 97 == 3
        columns = ["    id bigint NOT NULL", "    updated_at timestamptz NOT NULL DEFAULT now()"]
        if composite:
            columns.append("    line_no integer NOT NULL")
        for extra in range(rng.randint(3, 9)):
            columns.append(f"    c{extra} {rng.choice(COLUMN_TYPES)}")
        parents = rng.sample(names, k=min(len(names), rng.choice((1, 1, 2, 2, 2, 3)))) if names else []
        columns += [f"    ref{index}_id bigint" for index in range(len(parents))]
        key = "(id, line_no)" if composite else "(id)"
        if partitioned:
            columns.append("    happened_on date NOT NULL")
            key = "(id, happened_on)" if not composite else "(id, line_no, happened_on)"
        body = ",\n".join([*columns, f"    PRIMARY KEY {key}"])
        tail = " PARTITION BY RANGE (happened_on)" if partitioned else ""
        out.append(f"CREATE TABLE {name} (\n{body}\n){tail};\n")
        out.append(f"COMMENT ON TABLE {name} IS 'Synthetic table {number} of {schema}';\n")
        for column in columns:
            column_name = column.split()[0]
            out.append(f"COMMENT ON COLUMN {name}.{column_name} IS 'Column {column_name} of table {number}';\n")
        if partitioned:
            for year in (2024, 2025):
                out.append(
                    f"CREATE TABLE {name}_{year} PARTITION OF {name} "
                    f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01');\n"
                )
            out.append(f"CREATE TABLE {name}_default PARTITION OF {name} DEFAULT;\n")
        for index, parent in enumerate(parents):
            parent_composite = int(parent.rsplit("t", 1)[1]) % 17 == 5
            parent_partitioned = int(parent.rsplit("t", 1)[1]) % 97 == 3
            if parent_composite or parent_partitioned:
                continue  # their keys have more columns: no single-column reference to them
            out.append(f"ALTER TABLE {name} ADD FOREIGN KEY (ref{index}_id) REFERENCES {parent} (id);\n")
            out.append(f"CREATE INDEX ON {name} (ref{index}_id);\n")
        if rng.random() < 0.1:
            out.append(f"CREATE INDEX ON {name} USING brin (updated_at);\n")
        if not partitioned and rng.random() < 0.5:
            trigger = f"CREATE TRIGGER touch BEFORE UPDATE ON {name} FOR EACH ROW EXECUTE FUNCTION audit.touch();\n"
            out.append(trigger)
        if number % 10 == 0:
            out.append(
                f"CREATE VIEW {name}_recent AS SELECT * FROM {name} WHERE updated_at > now() - interval '7 days';\n"
            )
            out.append(f"COMMENT ON VIEW {name}_recent IS 'Rows of the last week';\n")
        if number % 2 == 0:
            out.append(
                f"CREATE FUNCTION {schema}.count_t{number:05d}() RETURNS bigint LANGUAGE sql STABLE "
                f"AS $$ SELECT count(*) FROM {name} $$;\n"
            )
        if not composite and not partitioned:
            names.append(name)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True, help="schema directory to write")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "10_schema.sql").write_text(generate(args.tables), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
