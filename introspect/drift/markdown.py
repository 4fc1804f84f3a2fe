"""The overview's Markdown as statements: each sentence, list item and table row with its line.

Parsing is markdown-it-py's (CommonMark plus pipe tables), so ATX and setext headings, wrapped
list items, nested lists, code spans and fences are read the way a Markdown renderer reads them.
mkdocs-material admonitions (``!!! note``) are opened up first, keeping every line number.

Each statement keeps its context — the heading path, the bold label above it, the label of the
list item it is nested in, the header of its table — which a reader may use to narrow meaning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+\w[\w-]*(?:\s+\"[^\"]*\")?\s*$")
_EXPLICIT_CHECK = re.compile(r"<!--\s*schemadoc:\s*(.*?)\s*-->", re.DOTALL)
# A sentence ends at . ! ? followed by a space and a capital, a backtick or a digit — but not
# after abbreviations such as "e.g." or a single initial.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\b[A-Za-z])[.!?](?=\s+[A-Z`\d(])")
_LABEL_ONLY = re.compile(r"^\s*(?P<label>[^:]+?)\s*:?\s*$")


@dataclass(frozen=True)
class Context:
    """Where a statement sits: headings above it, the bold label paragraph, the parent item's label."""

    headings: tuple[str, ...] = ()
    label: str = ""  # "Tables" from a "**Tables:**" paragraph; reset by each heading
    parent: str = ""  # the label (or text) of the list item this one is nested in
    table_header: tuple[str, ...] = ()

    def words(self) -> str:
        """Every context text, lower-cased, joined: headings, label and parent item."""
        return " / ".join((*self.headings, self.label, self.parent)).lower()

    def mentions(self, *words: str) -> bool:
        """True when a heading, the label or the parent item contains one of these words as a word."""
        haystack = self.words()
        return any(re.search(rf"\b{re.escape(w.lower())}", haystack) for w in words)


@dataclass(frozen=True)
class Span:
    """One piece of a statement's inline text: plain text, or the content of a code span."""

    text: str
    code: bool = False


@dataclass(frozen=True)
class Statement:
    """A sentence, list item or table row: its pieces, its first line and where it stands."""

    line: int
    block: str  # "paragraph" | "item" | "row"
    spans: tuple[Span, ...]
    context: Context
    label: str = ""  # the bold lead of a list item or paragraph ("Tables" in "**Tables**: 12 …")
    cells: tuple[tuple[str, tuple[Span, ...]], ...] = ()  # table rows: (header, pieces) per cell
    explicit_checks: tuple[str, ...] = ()  # queries of <!-- schemadoc: … --> comments on it

    @property
    def text(self) -> str:
        """The statement as a reader sees it: its label, code spans in backticks, whitespace collapsed."""
        body = " ".join("".join(f"`{s.text}`" if s.code else s.text for s in self.spans).split())
        return f"{self.label}: {body}" if self.label else body

    @property
    def plain(self) -> str:
        """The statement without code markers."""
        return " ".join("".join(s.text for s in self.spans).split())

    @property
    def code_spans(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.spans if s.code)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block: its info string and each content line with its number."""

    line: int
    language: str
    lines: tuple[tuple[int, str], ...]
    context: Context


@dataclass
class Document:
    """The statements and code blocks of a Markdown file, in source order."""

    statements: list[Statement] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


def open_admonitions(text: str) -> str:
    """mkdocs-material admonitions as plain Markdown: the marker line blanked, the body dedented."""
    out: list[str] = []
    body_indent: int | None = None
    for line in text.splitlines():
        if body_indent is not None:
            if not line.strip():
                out.append("")
                continue
            indent = len(line) - len(line.lstrip(" "))
            if indent >= body_indent:
                out.append(line[body_indent:])
                continue
            body_indent = None
        marker = _ADMONITION.match(line)
        if marker:
            body_indent = len(marker.group(1)) + 4
            out.append("")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _inline_spans(token: Token) -> tuple[list[tuple[int, Span]], list[str]]:
    """(line offset, piece) of an inline token's children, and the queries of inline check comments."""
    pieces: list[tuple[int, Span]] = []
    checks: list[str] = []
    offset = 0
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
            pieces.append((offset, Span(" ")))
        elif child.type == "code_inline":
            pieces.append((offset, Span(child.content, code=True)))
        elif child.type == "text":
            pieces.append((offset, Span(child.content)))
        elif child.type == "html_inline":
            found = _EXPLICIT_CHECK.search(child.content)
            if found:
                checks.append(found.group(1))
        elif child.type == "image":
            pieces.append((offset, Span(child.content)))
    return pieces, checks


def _bold_lead(token: Token) -> str:
    """The text of a leading ``**bold**`` run of an inline token ("Tables" in "**Tables**: 12")."""
    children = [c for c in token.children or () if not (c.type == "text" and not c.content)]
    if not children or children[0].type != "strong_open":
        return ""
    words = []
    for child in children[1:]:
        if child.type == "strong_close":
            break
        words.append(child.content)
    return " ".join("".join(words).split()).rstrip(":").strip()


def _strip_lead(pieces: list[tuple[int, Span]], lead: str) -> list[tuple[int, Span]]:
    """The pieces after a bold lead and its colon."""
    if not lead:
        return pieces
    joined = ""
    for index, (_, piece) in enumerate(pieces):
        joined += piece.text
        if " ".join(joined.split()).rstrip(":").strip() == lead:
            rest = pieces[index + 1 :]
            if rest and not rest[0][1].code:
                offset, first = rest[0]
                rest[0] = (offset, Span(re.sub(r"^\s*:\s*", "", first.text)))
            return rest
    return pieces


def _sentences(line: int, pieces: list[tuple[int, Span]]) -> Iterator[tuple[int, list[Span]]]:
    """Split pieces into sentences, each with its first line; code spans never end a sentence."""
    # The pieces as one string, code spans masked, so that a sentence end is found across pieces.
    flat = "".join("X" * len(p.text) if p.code else p.text for _, p in pieces)
    cuts = {m.end() for m in _SENTENCE_END.finditer(flat)}
    current: list[Span] = []
    start: int | None = None
    position = 0
    for offset, piece in pieces:
        if piece.code:
            start = line + offset if start is None else start
            current.append(piece)
            position += len(piece.text)
            continue
        text, begin = piece.text, position
        position += len(text)
        inner = sorted(c - begin for c in cuts if begin < c <= begin + len(text))
        last = 0
        for cut in inner:
            chunk = text[last:cut]
            if start is None and chunk.strip():
                start = line + offset
            current.append(Span(chunk))
            if any(s.code or s.text.strip() for s in current):
                yield start if start is not None else line + offset, current
            current, start, last = [], None, cut
        rest = text[last:]
        if rest:
            if start is None and rest.strip():
                start = line + offset
            current.append(Span(rest))
    if any(s.code or s.text.strip() for s in current):
        yield start if start is not None else line, current


def parse(text: str) -> Document:
    """Read Markdown text into statements and code blocks, every one with its 1-based line."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(open_admonitions(text))
    doc = Document()
    headings: list[tuple[int, str]] = []
    label = ""
    item_labels: list[str] = []  # labels of the open list items, outermost first
    item_first_paragraph: list[bool] = []
    header: list[str] = []
    row_cells: list[tuple[str, tuple[Span, ...]]] = []
    row_line = 0
    in_head = False
    cell_index = 0
    heading_level = 0

    def context() -> Context:
        # The first paragraph of an item belongs to the item: its parent is the enclosing item.
        own = bool(item_first_paragraph) and item_first_paragraph[-1]
        enclosing = item_labels[:-1] if own else item_labels
        return Context(tuple(h for _, h in headings), label, enclosing[-1] if enclosing else "", tuple(header))

    def attach(query: str, at_line: int) -> None:
        if doc.statements and doc.statements[-1].line <= at_line:
            last = doc.statements[-1]
            doc.statements[-1] = dataclasses.replace(last, explicit_checks=(*last.explicit_checks, query))

    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        line = token.map[0] + 1 if token.map else 0
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "inline" and tokens[index - 1].type == "heading_open":
            title = " ".join("".join(s.text for _, s in _inline_spans(token)[0]).split())
            headings = [(lv, h) for lv, h in headings if lv < heading_level] + [(heading_level, title)]
            doc.headings.append((line, title))
            label, item_labels = "", []
        elif kind == "list_item_open":
            item_labels.append("")
            item_first_paragraph.append(True)
        elif kind == "list_item_close":
            item_labels.pop()
            item_first_paragraph.pop()
        elif kind in ("fence", "code_block"):
            body = token.content.splitlines()
            first = line + (1 if kind == "fence" else 0)
            language = token.info.split()[0].lower() if token.info.split() else ""
            numbered = tuple((first + i, text) for i, text in enumerate(body))
            doc.code_blocks.append(CodeBlock(line, language, numbered, context()))
        elif kind == "html_block":
            for found in _EXPLICIT_CHECK.finditer(token.content):
                attach(found.group(1), line)
        elif kind == "thead_open":
            in_head, header = True, []
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row_cells, row_line, cell_index = [], line, 0
        elif kind == "tr_close" and not in_head and row_cells:
            spans: list[Span] = []
            for position, (_, cell) in enumerate(row_cells):
                if position:
                    spans.append(Span(" | "))
                spans.extend(cell)
            doc.statements.append(Statement(row_line, "row", tuple(spans), context(), cells=tuple(row_cells)))
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            pieces, checks = _inline_spans(token)
            if in_head:
                header.append(" ".join("".join(s.text for _, s in pieces).split()))
            else:
                name = header[cell_index] if cell_index < len(header) else f"column {cell_index + 1}"
                row_cells.append((name, tuple(s for _, s in pieces)))
                for query in checks:
                    attach(query, row_line)
            cell_index += 1
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            pieces, checks = _inline_spans(token)
            lead = _bold_lead(token)
            in_item = bool(item_first_paragraph) and item_first_paragraph[-1]
            rest = _strip_lead(list(pieces), lead)
            if lead and not any(p.code or p.text.strip() for _, p in rest) and not in_item:
                label = lead  # a "**Tables:**" paragraph labels what follows it
            else:
                block = "item" if in_item else "paragraph"
                for start, sentence in _sentences(line, rest):
                    doc.statements.append(Statement(start, block, tuple(sentence), context(), lead))
                for query in checks:
                    attach(query, line)
            if in_item:
                item_first_paragraph[-1] = False
                plain_text = " ".join("".join(s.text for _, s in pieces).split())
                item_labels[-1] = lead or plain_text
        index += 1
    return doc
