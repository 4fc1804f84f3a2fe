"""Diagram -> Mermaid ``erDiagram`` text.

Mermaid identifiers allow only letters, digits, ``_`` and ``-``: each entity gets a safe id with
its real name as a quoted alias, each attribute a safe type/name with the real ones kept in the
attribute comment whenever they had to be changed.
"""

from __future__ import annotations

import dataclasses
import re

from introspect.erd.select import Attribute, Diagram
from introspect.erd.text import visible_controls

_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


def _word(text: str) -> str:
    word = _UNSAFE.sub("_", text).strip("_") or "x"
    return f"_{word}" if word[0].isdigit() else word


def _quoted(text: str) -> str:
    return visible_controls(text).replace('"', "'").replace("\n", " ").replace("\t", " ")


def _attribute(attr: Attribute) -> str:
    keys = [k for k, flag in (("PK", attr.primary_key), ("FK", attr.foreign_key)) if flag]
    type_word, name_word = _word(attr.data_type), _word(attr.name)
    notes = []
    if type_word != attr.data_type:
        notes.append(attr.data_type)
    if name_word != attr.name:
        notes.append(f"column {attr.name}")
    if not attr.nullable and not attr.primary_key:
        notes.append("not null")
    line = f"        {type_word} {name_word}"
    if keys:
        line += " " + ", ".join(keys)
    if notes:
        line += f' "{_quoted("; ".join(notes))}"'
    return line


def to_mermaid(diagram: Diagram) -> str:
    """The Mermaid erDiagram text of a diagram (deterministic: entities and links are sorted)."""
    ids: dict[str, str] = {}
    for entity in diagram.entities:
        base = _word(entity.key.replace(".", "__"))
        candidate, n = base, 1
        while candidate in ids.values():
            n += 1
            candidate = f"{base}_{n}"
        ids[entity.key] = candidate
    lines = ["erDiagram"]
    for entity in diagram.entities:
        head = f'    {ids[entity.key]}["{_quoted(entity.key)}"]'
        if not entity.attributes:
            lines.append(head)
            continue
        lines.append(head + " {")
        lines.extend(_attribute(a) for a in entity.attributes)
        lines.append("    }")
    for link in diagram.links:
        source, target = ids[link.source], ids[link.target]
        if link.kind == "depends_on":
            lines.append(f'    {source} }}o..o{{ {target} : "reads"')
        else:
            parent = "|o" if link.optional else "||"
            label = ", ".join(link.source_columns)
            lines.append(f'    {target} {parent}--o{{ {source} : "{_quoted(label)}"')
    return "\n".join(lines) + "\n"


# Mermaid refuses diagram text longer than this by default (its maxTextSize setting).
MERMAID_TEXT_BUDGET = 50_000


def to_mermaid_within_budget(diagram: Diagram) -> tuple[str, bool]:
    """The Mermaid text, and whether the columns had to be left out to keep it within the budget."""
    text = to_mermaid(diagram)
    if len(text) <= MERMAID_TEXT_BUDGET:
        return text, False
    bare = tuple(dataclasses.replace(entity, attributes=()) for entity in diagram.entities)
    return to_mermaid(dataclasses.replace(diagram, entities=bare)), True
