"""The overview's schema layers: each ``### N. <Name> Layer`` heading under "Schema Layers" and the
object names written in code spans in its bullets. The ER page draws one diagram per layer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_SECTION = re.compile(r"^##\s+Schema Layers\s*$", re.IGNORECASE)
_NEXT_SECTION = re.compile(r"^##\s")
_LAYER = re.compile(r"^###\s+(?P<number>\d+)\.\s+(?P<name>.+?)\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(?P<text>.*)$")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Layer:
    """One layer of the overview: its number, heading text, objects and heading line."""

    number: int
    name: str
    objects: tuple[str, ...]
    line: int

    @property
    def slug(self) -> str:
        words = _NON_WORD.sub("-", self.name.lower()).strip("-").removesuffix("-layer")
        return f"layer-{self.number}-{words}" if words else f"layer-{self.number}"


def parse_layers(text: str) -> tuple[Layer, ...]:
    """Layers in the order the overview lists them; no "Schema Layers" section gives none."""
    layers: list[Layer] = []
    in_section = False
    current: tuple[int, str, int] | None = None
    objects: list[str] = []

    def close() -> None:
        if current is not None:
            layers.append(Layer(current[0], current[1], tuple(dict.fromkeys(objects)), current[2]))

    for line_number, line in enumerate(text.splitlines(), start=1):
        if _SECTION.match(line):
            in_section = True
            continue
        if not in_section:
            continue
        if _NEXT_SECTION.match(line):
            break
        heading = _LAYER.match(line)
        if heading:
            close()
            current = (int(heading.group("number")), heading.group("name"), line_number)
            objects = []
            continue
        bullet = _BULLET.match(line)
        if bullet and current is not None:
            objects.extend(_CODE_SPAN.findall(bullet.group("text")))
    close()
    return tuple(layers)


def load_layers(overview: Path) -> tuple[Layer, ...]:
    """Layers of an overview file; a missing file has none."""
    if not overview.is_file():
        return ()
    return parse_layers(overview.read_text(encoding="utf-8"))


def configured_layers(items: Sequence[Mapping[str, object]], *, after: int = 0) -> tuple[Layer, ...]:
    """Layers given in the settings (``layers = [{name = "Billing", objects = ["invoices"]}]``),
    numbered after the overview's ``after`` layers."""
    layers = []
    for offset, item in enumerate(items, start=1):
        objects = item.get("objects", ())
        names = tuple(str(o) for o in objects) if isinstance(objects, (list, tuple)) else ()
        layers.append(Layer(after + offset, str(item.get("name", f"Layer {after + offset}")), names, 0))
    return tuple(layers)
