"""Generate the JSON Schema of catalog.json from the model's dataclasses.

``python -m introspect.catalog.jsonschema`` rewrites ``catalog.schema.json`` beside this module;
a test checks that the committed file is what this module generates.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from introspect.catalog import assemble_objects as objects
from introspect.catalog import assemble_stats as stats
from introspect.catalog import assemble_tables as tables
from introspect.catalog import model
from introspect.catalog.serialize import FORMAT_VERSION

SCHEMA_PATH = Path(__file__).with_name("catalog.schema.json")
SCHEMA_ID = "https://schemadoc.invalid/catalog.schema.json"
_SCALARS = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}

# The closed vocabularies of string fields, (class, field) -> allowed values; taken from the
# loaders' own code -> word maps where there is one, so the schema and the loader cannot disagree.
ALLOWED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Table", "kind"): ("table", "partitioned_table", "partition"),
    ("Table", "persistence"): tuple(tables.PERSISTENCE.values()),
    ("PartitionKey", "strategy"): tuple(tables.STRATEGY.values()),
    ("Column", "identity"): tuple(tables.IDENTITY.values()),
    ("Column", "generated"): tuple(tables.GENERATED.values()),
    ("Constraint", "kind"): tuple(tables.CONSTRAINT_KIND.values()),
    ("Constraint", "on_delete"): tuple(tables.FK_ACTION.values()),
    ("Constraint", "on_update"): tuple(tables.FK_ACTION.values()),
    ("Constraint", "match_type"): tuple(tables.FK_MATCH.values()),
    ("View", "kind"): ("view", "materialized_view"),
    ("Function", "kind"): ("function", "procedure"),
    ("Function", "volatility"): tuple(objects.VOLATILITY.values()),
    ("Trigger", "timing"): ("before", "after", "instead of"),
    ("Trigger", "events"): ("insert", "update", "delete", "truncate"),
    ("Trigger", "level"): ("row", "statement"),
    ("Trigger", "enabled"): tuple(objects.TRIGGER_ENABLED.values()),
    ("Grant", "object_kind"): (
        "schema",
        "table",
        "partitioned_table",
        "view",
        "materialized_view",
        "sequence",
        "function",
    ),
    ("RelationStats", "kind"): (*dict.fromkeys(stats.STATS_KIND.values()), "partition"),
}


def _type_schema(tp: Any, defs: dict[str, Any], allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"unsupported union {tp}")
        return {"anyOf": [_type_schema(options[0], defs, allowed), {"type": "null"}]}
    if origin is tuple:
        item_type, _ellipsis = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item_type, defs, allowed)}
    if tp is str and allowed is not None:
        return {"type": "string", "enum": list(allowed)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _add_definition(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    raise TypeError(f"no JSON Schema for {tp!r}")


def _has_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    fields = dataclasses.fields(cls)
    return {
        "type": "object",
        "description": (inspect.getdoc(cls) or "").splitlines()[0],
        "properties": {
            f.name: _type_schema(hints[f.name], defs, ALLOWED_VALUES.get((cls.__name__, f.name))) for f in fields
        },
        "required": [f.name for f in fields if not _has_default(f)],
        "additionalProperties": False,
    }


def _add_definition(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder first: stops recursion on self-references
        defs[cls.__name__] = _object_schema(cls, defs)


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every catalog.json satisfies."""
    defs: dict[str, Any] = {}
    root = _object_schema(model.Catalog, defs)
    root["properties"] = {"format_version": {"const": FORMAT_VERSION}, **root["properties"]}
    root["required"] = ["format_version", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "schemadoc catalog.json",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(catalog_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write catalog.schema.json (or the path given) and report where."""
    target = Path(argv[0]) if argv else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
