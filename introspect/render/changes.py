"""The differences between two catalogs as text, Markdown (release notes, a PR comment, the site's
Changes page) or JSON, grouped by the kind of object."""

from __future__ import annotations

import json
from collections.abc import Sequence

from introspect.catalog.diff import ACTIONS, Change
from introspect.render.text import inline

FORMATS = ("text", "markdown", "json")
_TITLES = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def _kinds(changes: Sequence[Change]) -> list[str]:
    """The kinds that changed, in the order they first appear (the catalog's collection order)."""
    return list(dict.fromkeys(change.kind for change in changes))


def as_text(changes: Sequence[Change]) -> str:
    """One line per change, ``+`` added, ``-`` removed, ``~`` changed, then a count."""
    marks = {"added": "+", "removed": "-", "changed": "~"}
    lines = [f"{marks[change.action]} {change.sentence}" for change in changes]
    lines.append(f"{len(changes)} change(s)" if changes else "no changes")
    return "\n".join(lines) + "\n"


def _heading(kind: str) -> str:
    return kind[0].upper() + kind[1:] + ("es" if kind.endswith("x") else "s")


def as_markdown(changes: Sequence[Change], *, title: str = "Schema changes", level: int = 2) -> str:
    """A section per kind of object, with Added / Removed / Changed lists."""
    if not changes:
        return f"{'#' * (level - 1)} {title}\n\nNo changes.\n" if level > 1 else "No changes.\n"
    out = [f"{'#' * (level - 1)} {title}", ""] if level > 1 else []
    counts = {action: sum(1 for change in changes if change.action == action) for action in ACTIONS}
    out += [", ".join(f"{count} {action}" for action, count in counts.items() if count) + ".", ""]
    for kind in _kinds(changes):
        out += [f"{'#' * level} {_heading(kind)}", ""]
        for action in ACTIONS:
            items = [change for change in changes if change.kind == kind and change.action == action]
            if items:
                out += [f"**{_TITLES[action]}**", ""]
                out += [f"- {inline(change.sentence)}" for change in items]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def as_json(changes: Sequence[Change]) -> str:
    """``{"changes": [{"kind", "object", "action", "sentence"}], "counts": {...}}``."""
    document = {
        "changes": [
            {"kind": change.kind, "object": change.object, "action": change.action, "sentence": change.sentence}
            for change in changes
        ],
        "counts": {action: sum(1 for change in changes if change.action == action) for action in ACTIONS},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(changes: Sequence[Change], fmt: str) -> str:
    """The changes in one of FORMATS."""
    if fmt == "markdown":
        return as_markdown(changes)
    if fmt == "json":
        return as_json(changes)
    return as_text(changes)
