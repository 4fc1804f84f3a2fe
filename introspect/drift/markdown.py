"""A small line-based Markdown reader: headings, bold labels, bullets, tables and fenced code.

It only knows the structure the overview uses, and every element keeps its 1-based line number,
so a claim found in it can point back at ``overview.md:LINE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
_LABEL_ONLY = re.compile(r"^\*\*(.+?)\*\*\s*:?\s*$")
_BULLET_LABEL = re.compile(r"^\*\*(.+?)\*\*\s*:?\s*(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


@dataclass(frozen=True)
class Context:
    """Where an element sits: the heading path and the bold label paragraph above it."""

    headings: tuple[str, ...] = ()
    label: str = ""  # e.g. "Tables" from a "**Tables:**" paragraph; reset by each heading
    parent_bullet: str = ""  # the bold label of the enclosing bullet of a nested list

    def mentions(self, *words: str) -> bool:
        """True when a heading or the label contains one of these words (case-insensitive)."""
        haystack = " / ".join((*self.headings, self.label, self.parent_bullet)).lower()
        return any(w.lower() in haystack for w in words)


@dataclass(frozen=True)
class Bullet:
    """One list item (possibly nested), with its bold label split off when it has one."""

    line: int
    text: str  # the item's Markdown text, without the list marker
    label: str  # "Tables" for "- **Tables**: 12 …", else ""
    value: str  # the text after the label, or the whole text
    indent: int
    context: Context

    @property
    def code_spans(self) -> tuple[str, ...]:
        return code_spans(self.text)


@dataclass(frozen=True)
class TableRow:
    """One body row of a pipe table, cells keyed by the header text."""

    line: int
    cells: dict[str, str]
    context: Context


@dataclass(frozen=True)
class Table:
    """A pipe table: its header cells and its body rows."""

    line: int
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]
    context: Context

    def column(self, *words: str) -> str | None:
        """The first header containing all of these words (case-insensitive), if any."""
        for header in self.headers:
            if all(w.lower() in header.lower() for w in words):
                return header
        return None


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block: its info string and each content line with its number."""

    line: int
    language: str
    lines: tuple[tuple[int, str], ...]
    context: Context


@dataclass(frozen=True)
class Prose:
    """A paragraph line that is neither a heading, a bullet, a table nor code."""

    line: int
    text: str
    context: Context


@dataclass
class Document:
    """Every element of a Markdown file, in source order by kind."""

    bullets: list[Bullet] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    prose: list[Prose] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


def code_spans(text: str) -> tuple[str, ...]:
    """The contents of the inline code spans of a line, in order."""
    return tuple(m.group(2).strip() for m in _CODE_SPAN.finditer(text))


def plain(text: str) -> str:
    """Markdown inline text without emphasis and code markers, whitespace collapsed."""
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.split())


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def parse(text: str) -> Document:
    """Read Markdown text into a Document."""
    doc = Document()
    lines = text.splitlines()
    headings: list[tuple[int, str]] = []  # (level, text) stack
    label = ""
    bullet_labels: list[tuple[int, str]] = []  # (indent, label) of open list items
    i = 0
    while i < len(lines):
        raw = lines[i]
        number = i + 1

        def context(parent: str = "", headings: list[tuple[int, str]] = headings, label: str = label) -> Context:
            return Context(tuple(h for _, h in headings), label, parent)

        fence = _FENCE.match(raw)
        if fence:
            marker = fence.group(1)
            body: list[tuple[int, str]] = []
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(marker):
                body.append((j + 1, lines[j]))
                j += 1
            doc.code_blocks.append(CodeBlock(number, fence.group(2).lower(), tuple(body), context()))
            i = j + 1
            continue
        heading = _HEADING.match(raw)
        if heading:
            level = len(heading.group(1))
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, plain(heading.group(2)))]
            doc.headings.append((number, plain(heading.group(2))))
            label, bullet_labels = "", []
            i += 1
            continue
        if raw.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[i + 1]):
            headers = tuple(_split_row(raw))
            rows: list[TableRow] = []
            j = i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                cells = _split_row(lines[j])
                rows.append(TableRow(j + 1, dict(zip(headers, cells, strict=False)), context()))
                j += 1
            doc.tables.append(Table(number, headers, tuple(rows), context()))
            i = j
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            indent = len(bullet.group(1).expandtabs(4))
            item = bullet.group(2).strip()
            bullet_labels = [(ind, lab) for ind, lab in bullet_labels if ind < indent]
            parent = bullet_labels[-1][1] if bullet_labels else ""
            labelled = _BULLET_LABEL.match(item)
            item_label = plain(labelled.group(1)).rstrip(":") if labelled else ""
            value = labelled.group(2).strip() if labelled else item
            doc.bullets.append(Bullet(number, item, item_label, value, indent, context(parent)))
            bullet_labels.append((indent, item_label or plain(item)))
            i += 1
            continue
        stripped = raw.strip()
        only_label = _LABEL_ONLY.match(stripped)
        if only_label:
            label = plain(only_label.group(1)).rstrip(":").strip()
            bullet_labels = []
        elif stripped and not re.fullmatch(r"[-*_]{3,}", stripped):
            doc.prose.append(Prose(number, stripped, context()))
        i += 1
    return doc
