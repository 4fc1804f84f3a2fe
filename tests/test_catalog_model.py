"""The catalog model's JSON form: a lossless round trip, and a committed, up-to-date JSON Schema."""

from __future__ import annotations

import dataclasses
import inspect
import json
import types
import typing
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from introspect.catalog import jsonschema as catalog_jsonschema
from introspect.catalog import model, serialize
from introspect.catalog.queries import Selection, glob_to_like

_SCALARS: dict[Any, st.SearchStrategy[Any]] = {
    str: st.text(max_size=12),
    int: st.integers(min_value=-(2**63), max_value=2**63 - 1),
    bool: st.booleans(),
}


def strategy_for(tp: Any, allowed: tuple[str, ...] | None = None) -> st.SearchStrategy[Any]:
    """Values of a model type, every dataclass field filled in (not only the required ones);
    strings with a closed vocabulary (the JSON Schema's enums) take one of their allowed values."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.none() | strategy_for(inner, allowed)
    if origin is tuple:
        return st.lists(strategy_for(typing.get_args(tp)[0], allowed), max_size=2).map(tuple)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, vars(model))
        fields = {
            f.name: strategy_for(hints[f.name], catalog_jsonschema.ALLOWED_VALUES.get((tp.__name__, f.name)))
            for f in dataclasses.fields(tp)
        }
        return st.builds(tp, **fields)
    if allowed is not None:
        return st.sampled_from(allowed)
    return _SCALARS[tp]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy_for(model.Catalog))
def test_json_round_trip(catalog: model.Catalog) -> None:
    text = serialize.dumps(catalog)
    assert serialize.loads(text) == catalog
    assert serialize.dumps(serialize.loads(text)) == text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy_for(model.Catalog))
def test_generated_catalogs_satisfy_the_json_schema(catalog: model.Catalog) -> None:
    jsonschema.validate(json.loads(serialize.dumps(catalog)), catalog_jsonschema.catalog_schema())


def test_committed_json_schema_is_up_to_date() -> None:
    committed = catalog_jsonschema.SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == catalog_jsonschema.schema_text(), "run: python -m introspect.catalog.jsonschema"
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


def test_json_schema_rejects_unknown_fields_and_kinds() -> None:
    data = serialize.to_dict(model.Catalog(database="d", server_version="15", server_version_num=150000))
    schema = catalog_jsonschema.catalog_schema()
    jsonschema.validate(data, schema)
    table = {"schema": "s", "name": "t", "kind": "table", "owner": "o", "columns": []}
    data["tables"] = [table]
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(data)
    data["tables"] = [{**table, "colour": "red"}]
    assert not validator.is_valid(data)
    data["tables"] = [{**table, "kind": "spreadsheet"}]
    assert not validator.is_valid(data)


def test_schema_globs_become_like_patterns() -> None:
    assert glob_to_like("tenant_*") == "tenant\\_%"
    assert glob_to_like("r?f") == "r_f"
    assert glob_to_like("100%") == "100\\%"
    assert Selection.from_globs(None, None) == Selection(include=None, exclude=())
    assert Selection.from_globs(["a*"], ["a_b"]) == Selection(include=("a%",), exclude=("a\\_b",))


MODEL_CLASSES = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def test_every_model_class_takes_its_fields_with_their_defaults() -> None:
    """The one-step __init__ (model._fill_fields_at_once) keeps the dataclass's parameters."""
    assert model.Column.__init__.__doc__ == "Initialise a Column (all fields in one step)."  # installed
    for cls in MODEL_CLASSES:
        parameters = list(inspect.signature(cls).parameters.values())
        fields = dataclasses.fields(cls)
        assert [p.name for p in parameters] == [f.name for f in fields], cls
        for parameter, f in zip(parameters, fields, strict=True):
            if f.default_factory is not dataclasses.MISSING:
                continue
            expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
            assert parameter.default == expected, (cls, f.name)


def test_model_objects_stay_frozen_and_compare_by_fields() -> None:
    column = model.Column("id", 1, "bigint", False)
    assert column.default is None and column.is_serial is False and column.comment is None
    assert column == model.Column(name="id", position=1, data_type="bigint", nullable=False)
    assert hash(column) == hash(dataclasses.replace(column))
    assert dataclasses.replace(column, comment="key").comment == "key"
    assert list(vars(column)) == [f.name for f in dataclasses.fields(model.Column)]  # orjson writes this order
    with pytest.raises(dataclasses.FrozenInstanceError):
        column.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="data_type"):
        model.Column("id", 1)  # type: ignore[call-arg]
