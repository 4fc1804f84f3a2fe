"""schemadoc: documentation of a PostgreSQL schema, made from the schema and checked against it.

The stages, one subpackage each, imported in this order only (nothing imports upwards):

- ``introspect.postgres`` — a throwaway PostgreSQL server, deploying schema SQL into it, the cache of
  deployed clusters;
- ``introspect.catalog`` — the typed model of a database and its loader (``load_catalog``), one
  ``.sql`` query per object kind, ``catalog.json``;
- ``introspect.erd`` and ``introspect.render`` — ER diagrams and the generated pages
  (``render_reference``), the MkDocs plugin;
- ``introspect.drift`` — the drift check (``check``): generated pages against the committed ones,
  and the overview's statements against the database;
- ``introspect.cli`` — the ``schemadoc`` command on top.

The names below are imported on first use, so ``import introspect`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "load_catalog": "introspect.catalog.load",
    "render_reference": "introspect.render.pages",
    "check": "introspect.drift.check",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'introspect' has no attribute {name!r}")
