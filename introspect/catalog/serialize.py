"""Catalog <-> JSON: the ``catalog.json`` snapshot, a lossless round trip of the model."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

from introspect.catalog import model

FORMAT_VERSION = 1


def to_dict(catalog: model.Catalog) -> dict[str, Any]:
    """The catalog as plain JSON-ready data (tuples become lists, field order kept)."""
    return {"format_version": FORMAT_VERSION, **_encode(catalog)}


def from_dict(data: dict[str, Any]) -> model.Catalog:
    """Rebuild a catalog from ``to_dict`` output; unknown keys are an error, not ignored."""
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ValueError(f"catalog format_version {version!r} is not {FORMAT_VERSION}")
    body = {k: v for k, v in data.items() if k != "format_version"}
    result = _decode(model.Catalog, body)
    assert isinstance(result, model.Catalog)
    return result


def dumps(catalog: model.Catalog, *, include_statistics: bool = True) -> str:
    """Deterministic JSON text: stable key order, two-space indent, trailing newline."""
    data = to_dict(catalog)
    if not include_statistics:
        data["statistics"] = _encode(model.Statistics())
    # json.dumps with an indent joins millions of small pieces at the end (a 40 MB catalog held
    # 170 MB of them); gathered as UTF-8 bytes piece by piece, the peak stays near the result's size.
    text = bytearray()
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        text += piece.encode("utf-8", "surrogatepass")
    text += b"\n"
    return text.decode("utf-8", "surrogatepass")


def loads(text: str) -> model.Catalog:
    """Parse ``dumps`` output back into a catalog."""
    return from_dict(json.loads(text))


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A model class's field names in declaration order; None for anything that is not a dataclass."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _encode(value: Any) -> Any:
    # One dictionary lookup per value instead of inspecting it: a thousand-table catalog has millions.
    names = _field_names(type(value))  # type: ignore[arg-type]  # classes are hashable
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


@cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _decode(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner, value)
    if origin is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        return tuple(_decode(item_type, v) for v in value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValueError(f"{tp.__name__}: expected an object, got {type(value).__name__}")
        hints = _field_types(tp)
        unknown = set(value) - set(hints)
        if unknown:
            raise ValueError(f"{tp.__name__}: unknown fields {sorted(unknown)}")
        return tp(**{name: _decode(hints[name], v) for name, v in value.items()})
    return value
