"""Per-object differences between two catalogs, keyed by qualified name: each a ``Change`` with
the object's kind, its name, added / removed / changed, and a sentence —
"index public.idx_orders_date_brin was removed", "public.orders.status: type changed from text to
order_status", "comment on public.customers.email changed". Statistics are never a change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from introspect.catalog.model import Catalog, Grant, IndexKey, Table, View

# Catalog collections and the noun for their objects (tables and views name their own kind).
COLLECTIONS = (
    ("schemas", "schema"),
    ("extensions", "extension"),
    ("enums", "enum"),
    ("domains", "domain"),
    ("tables", None),
    ("views", None),
    ("indexes", "index"),
    ("sequences", "sequence"),
    ("functions", None),
    ("triggers", "trigger"),
    ("roles", "role"),
)
# Nested collections of a table or view (not of a constraint, whose columns are plain names).
NESTED = {"columns": ("column", "name"), "constraints": ("constraint", "name")}
FIELD_WORDS = {"data_type": "type", "definition": "definition", "on_delete": "on delete", "on_update": "on update"}
MAX_VALUE = 80
ACTIONS = ("added", "removed", "changed")


@dataclasses.dataclass(frozen=True)
class Change:
    """One difference: what kind of object, which one, what happened, in a sentence."""

    kind: str  # "table", "column", "index", "constraint", "grant", …
    object: str  # qualified name (a grant: its privilege, object and grantee)
    action: str  # one of ACTIONS
    sentence: str


def _noun(obj: Any, fallback: str | None) -> str:
    if fallback:
        return fallback
    return str(getattr(obj, "kind", "object")).replace("_", " ")


def _text(value: Any) -> str:
    if isinstance(value, IndexKey):
        return (value.column or value.expression or "?") + (" DESC" if value.descending else "")
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value) or "()"
    return " ".join(str(value).split()) if value is not None else "none"


def _shown_pair(before: Any, after: Any) -> tuple[str, str]:
    """Both values as text; long ones cut to a window around where they first differ."""
    old, new = _text(before), _text(after)
    if len(old) <= MAX_VALUE and len(new) <= MAX_VALUE:
        return old, new
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    start = max(0, common - 20)

    def window(text: str) -> str:
        cut = ("…" if start else "") + text[start : start + MAX_VALUE]
        return cut + ("…" if start + MAX_VALUE < len(text) else "")

    return window(old), window(new)


def _field_changes(label: str, old: Any, new: Any, noun: str = "", kind: str = "") -> list[Change]:
    """A change for each changed field; ``noun`` ("index", "view", …) prefixes top-level objects."""
    messages: list[Change] = []
    subject = f"{noun} {label}" if noun else label
    kind = kind or noun or "object"
    for f in dataclasses.fields(old):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before == after:
            continue
        if f.name in NESTED and isinstance(old, Table | View):
            nested_noun, attr = NESTED[f.name]
            messages += _keyed_changes(nested_noun, label, before, after, attr)
        elif f.name == "comment":
            messages.append(Change(kind, label, "changed", f"comment on {label} changed"))
        else:
            word = FIELD_WORDS.get(f.name, f.name.replace("_", " "))
            shown_before, shown_after = _shown_pair(before, after)
            sentence = f"{subject}: {word} changed from {shown_before} to {shown_after}"
            messages.append(Change(kind, label, "changed", sentence))
    return messages


def _keyed_changes(noun: str, parent: str, old: Sequence[Any], new: Sequence[Any], attr: str) -> list[Change]:
    before = {getattr(o, attr): o for o in old}
    after = {getattr(o, attr): o for o in new}
    messages = [
        Change(noun, f"{parent}.{name}", "removed", f"{noun} {parent}.{name} was removed")
        for name in before
        if name not in after
    ]
    messages += [
        Change(noun, f"{parent}.{name}", "added", f"{noun} {parent}.{name} was added")
        for name in after
        if name not in before
    ]
    common = [name for name in after if name in before]
    if noun == "column":
        # Positions shift whenever a column is added or dropped: report the order once, not each shift.
        if [n for n in before if n in after] != common:
            messages.append(Change("column", parent, "changed", f"{parent}: column order changed"))
        before = {n: dataclasses.replace(c, position=0) for n, c in before.items()}
        after = {n: dataclasses.replace(c, position=0) for n, c in after.items()}
    for name in common:
        if before[name] != after[name]:
            # "public.orders.status: type changed …" for columns; constraints say what they are.
            label = f"{parent}.{name}"
            messages += _field_changes(label, before[name], after[name], "" if noun == "column" else noun, noun)
    return messages


def _grant_text(grant: Grant) -> str:
    return f"grant {grant.privilege} on {grant.object} to {grant.grantee}"


def _collection_changes(noun: str | None, old: Iterable[Any], new: Iterable[Any]) -> list[Change]:
    before = {o.key: o for o in old}
    after = {o.key: o for o in new}
    messages = [
        Change(_noun(before[k], noun), k, "removed", f"{_noun(before[k], noun)} {k} was removed")
        for k in before
        if k not in after
    ]
    messages += [
        Change(_noun(after[k], noun), k, "added", f"{_noun(after[k], noun)} {k} was added")
        for k in after
        if k not in before
    ]
    for key in sorted(before.keys() & after.keys()):
        old_obj, new_obj = before[key], after[key]
        if old_obj == new_obj:
            continue
        if getattr(old_obj, "kind", None) != getattr(new_obj, "kind", None):
            sentence = f"{key}: changed from {_noun(old_obj, noun)} to {_noun(new_obj, noun)}"
            messages.append(Change(_noun(new_obj, noun), key, "changed", sentence))
        else:
            messages += _field_changes(key, old_obj, new_obj, _noun(old_obj, noun))
    return messages


def catalog_changes(old: Catalog, new: Catalog) -> list[Change]:
    """What changed from ``old`` to ``new``, collection by collection (statistics never count)."""
    messages: list[Change] = []
    for name, noun in COLLECTIONS:
        messages += _collection_changes(noun, getattr(old, name), getattr(new, name))
    old_grants = {g.key: g for g in old.grants}
    new_grants = {g.key: g for g in new.grants}
    messages += [
        Change("grant", _grant_text(g).removeprefix("grant "), "removed", f"{_grant_text(g)} was removed")
        for k, g in old_grants.items()
        if k not in new_grants
    ]
    messages += [
        Change("grant", _grant_text(g).removeprefix("grant "), "added", f"{_grant_text(g)} was added")
        for k, g in new_grants.items()
        if k not in old_grants
    ]
    for key in sorted(old_grants.keys() & new_grants.keys()):
        if old_grants[key] != new_grants[key]:
            label = _grant_text(old_grants[key])
            messages += _field_changes(label, old_grants[key], new_grants[key], kind="grant")
    return messages


def diff_catalogs(old: Catalog, new: Catalog) -> list[str]:
    """What changed from ``old`` (the committed snapshot) to ``new`` (the schema now), one sentence each."""
    return [change.sentence for change in catalog_changes(old, new)]
