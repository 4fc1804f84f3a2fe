"""The claim grammar: what a statement asserts about the schema, and what of it nobody read.

A statement's text is lower-cased and each code span becomes a placeholder ``⟨n⟩``. Rules — each
a sentence frame such as "NAME is a KIND" or "deleting X cascades to Y" — run in order; every
match becomes one or more assertions (``Claim``) and marks the text it covered. What no rule
covered is sorted into *description* (the gloss after "`name` -", a "for …" purpose, a cell under
a Description-like header) or *leftover*. A statement with leftover words is never a pass: the
reader says which words it did not check. docs_src/guide/claims.md documents every frame.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from introspect.drift.markdown import Context, Statement
from introspect.drift.model import Claim
from introspect.drift.rules import (
    ADJECTIVES,
    DESCRIPTIVE_HEADERS,
    EXPRESSION,
    IDENTIFIER,
    NAME,
    NAME_SPAN,
    NAMES,
    RULES,
    WORDS,
    RuleReader,
    StatementText,
    database_size,
    normalise,
    server_version,
)
from introspect.drift.vocabulary import (
    ASSERTION_WORDS,
    COUNT_KINDS,
    FIGURE,
    FILLER_WORDS,
    INDEX_PROPERTIES,
    KIND_PATTERN,
    OBJECT_KINDS,
    QUANTITY,
    SCHEMA_WORDS,
    SUFFIX_PATTERN,
    key_of,
    quantity_of,
)


@dataclass(frozen=True)
class Reading:
    """What the reader made of one statement."""

    statement: Statement
    claims: tuple[Claim, ...]
    leftover: tuple[str, ...]  # runs of words no rule read, as written
    description: tuple[str, ...]  # descriptive runs: glosses, purposes, description cells

    @property
    def reported(self) -> bool:
        """Whether the statement belongs on the claims page: it asserts, names, or states a figure."""
        return bool(self.claims) or any(FIGURE.search(run) or SCHEMA_WORDS.search(run) for run in self.leftover)


# --- context rules ------------------------------------------------------------------------------

_CONTEXT_KINDS: tuple[tuple[str, str], ...] = (
    *((rf"\b(?:{pattern})\b", kind) for pattern, kind in OBJECT_KINDS if kind not in ("relation", "role")),
    (r"\bobjects\b", "relation"),
    (r"\broles\b", "role"),
)


def _context_kind(context: Context) -> str | None:
    """The kind a label or a heading that is nothing but a kind gives to the names listed under it."""
    for text in (context.parent, context.label, context.headings[-1] if context.headings else ""):
        words = re.sub(r"^\d+[.)]\s*", "", text.lower()).strip(" :")
        if not words:
            continue
        for pattern, kind in _CONTEXT_KINDS:
            if re.search(pattern, words) and len(words.split()) <= 4:
                return kind
        if text in (context.parent, context.label):
            return None  # the nearest label decides; a heading does not override it
    return None


def _context_partition(context: Context) -> str:
    text = f"{context.label} {context.parent}".lower()
    found = re.search(r"\b(range|list|hash)\s+partition", text)
    return found.group(1) if found else ""


def _context_delete_rule(context: Context) -> str:
    text = f"{context.label} {context.parent}".lower()
    for words, rule in (("cascade", "cascade"), ("restrict", "restrict"), ("set null", "set null")):
        if re.search(rf"\b{words}", text):
            return rule
    return ""


# --- the reader ---------------------------------------------------------------------------------


def _lead_names(t: StatementText) -> int | None:
    """Where the description starts after leading names and a dash or colon ("`x` - …")."""
    found = re.match(rf"^\s*(?:the\s+)?{NAMES}(?:\s*\([^)]*\))?(?=\s*(?:-|–|—|:)\s)", t.text)
    return found.end() if found else None


def read_statement(statement: Statement) -> Reading:
    """What one statement asserts, what it describes, and what of it nobody read."""
    if statement.block == "row":
        return _read_row(statement)
    text, names = normalise(statement.spans)
    t = StatementText(text, names)
    t.gloss_start = _lead_names(t)
    reader = RuleReader(statement, t)
    descriptive: tuple[tuple[int, int], ...] = ()
    plain_label = _PLAIN_LABEL.match(t.text) if not statement.label else None
    if plain_label and t.gloss_start is None:
        descriptive = ((0, plain_label.end()),)
    _apply_label(reader)
    return _read_rest(reader, descriptive)


def _read_rest(reader: RuleReader, descriptive: tuple[tuple[int, int], ...]) -> Reading:
    """The rules, the context's meanings and the author's own checks, then the verdict on the words."""
    _apply_rules(reader)
    _apply_context(reader)
    for query in reader.statement.explicit_checks:
        reader.claims.append(reader.claim("explicit", query, query))
    return _finish(reader, descriptive)


def _apply_rules(reader: RuleReader) -> None:
    """Every rule in order, then again while a pass still reads something (chained counts)."""
    while True:
        before = len(reader.claims)
        for pattern, handler in RULES:
            reader.apply(pattern, handler)
        if len(reader.claims) == before:
            return


def _apply_label(reader: RuleReader) -> None:
    """A count or size under a kind label: "**Tables**: 12 …", "**Database Size**: ~110 MB"."""
    label = reader.statement.label.lower()
    if not label:
        return
    plain_label = re.sub(r"\([^)]*\)", "", label)
    plain_label = re.sub(r"^(?:total|number of|count of|declared|all)\s+", "", plain_label.strip()).strip()
    t = reader.t
    quantity = re.match(r"^\s*" + QUANTITY + SUFFIX_PATTERN, t.text)
    if re.search(r"\bpostgres(?:ql)?\b", plain_label):
        version = re.match(r"^\s*(?P<v>\d+(?:\.\d+)?)(?P<later>\+|\s+or\s+(?:later|newer))?", t.text)
        if version:
            reader.claims += server_version(reader, version) or []
            t.cover(version.start(), version.end())
        return
    if quantity is None:
        return
    if re.search(r"\bsize\b", plain_label) and re.search(r"\bdatabase\b", plain_label):
        made = database_size(reader, quantity)
        if made:
            reader.claims += made
            t.cover(quantity.start(), quantity.end())
        return
    kind = key_of(plain_label, COUNT_KINDS)
    made_quantity = quantity_of(quantity)
    if kind is None or made_quantity is None or made_quantity.unit:
        return
    end = quantity.end()
    # The kind may be repeated after the figure: "**Indexes**: 60+ indexes", "12 primary tables".
    repeated = re.match(rf"\s+(?:(?:{ADJECTIVES})\s+)?(?P<kind>{KIND_PATTERN})\b", t.text[end:])
    if repeated and key_of(repeated.group("kind"), COUNT_KINDS) == kind:
        end += repeated.end()
    tail = re.match(r"\s+(?:across|in|over)\s+all\s+(?:the\s+)?tables", t.text[end:])
    if tail:
        end += tail.end()
    reader.claims.append(
        reader.claim(
            "count",
            kind,
            made_quantity.written,
            value=repr(made_quantity.value),
            qualifier=made_quantity.qualifier,
        )
    )
    t.cover(quantity.start(), end)


def _apply_context(reader: RuleReader) -> None:
    """Meanings a heading or label gives: kinds of listed names, partition strategies, delete rules,
    CHECK topics, soft-delete flags and self-references."""
    statement, t = reader.statement, reader.t
    context = statement.context
    lead_end = t.gloss_start
    lead_names = t.names_in(t.text[:lead_end]) if lead_end is not None else []
    only_names = re.fullmatch(rf"\s*(?:the\s+)?{NAMES}\s*[.;]?\s*", t.text) is not None
    if only_names:
        lead_names = t.names
        lead_end = len(t.text)
    claimed = {c.subject for c in reader.claims}
    strategy = _context_partition(context)
    if strategy:
        partition_claims = [c for c in reader.claims if c.topic == "partition"]
        for claim in partition_claims:
            if not claim.stated:
                reader.claims.remove(claim)
                reader.claims.append(dataclasses.replace(claim, stated=strategy))
        for name in lead_names:
            if not any(c.topic == "partition" and c.subject == name for c in reader.claims):
                reader.claims.append(reader.claim("partition", name, strategy, statement.text))
        if lead_end is not None:
            t.cover(0, lead_end)
    rule = _context_delete_rule(context)
    if rule and not any(c.topic == "delete_rule" for c in reader.claims):
        arrow = re.match(
            rf"^\s*(?:deleting\s+)?(?:an?\s+|the\s+)?(?P<parent>{NAME}|{WORDS})\s*(?:→|:)\s*(?P<child>{NAME}"
            rf"|{WORDS})\s*$",
            t.text,
        )
        if arrow:
            parent = " ".join(t.names_in(arrow.group("parent"))) or arrow.group("parent").strip()
            child = " ".join(t.names_in(arrow.group("child"))) or arrow.group("child").strip()
            reader.claims.append(reader.claim("delete_rule", f"{parent} → {child}", rule, parent=parent, child=child))
            t.cover(0, len(t.text))
    in_check = context.mentions("check constraint", "check constraints")
    if in_check and not t.names and not reader.claims and statement.block == "item":
        reader.claims.append(reader.claim("check_topic", statement.plain))
        t.cover(0, len(t.text))
    kind = _context_kind(context)
    extension_context = context.mentions("extension", "extensions")
    for name in t.names:
        if name in claimed or any(name == c.subject for c in reader.claims):
            continue
        placeholder = f"⟨{t.names.index(name)}⟩"
        position = t.text.find(placeholder)
        if position < 0 or not t.free(position, position + len(placeholder)):
            continue
        column = re.fullmatch(rf"({IDENTIFIER})\.({IDENTIFIER})", name, re.IGNORECASE)
        if column and context.mentions("soft delete", "soft-delete"):
            reader.claims.append(reader.claim("soft_delete", name))
        elif column and context.mentions("hierarch", "self-referenc", "self referenc"):
            reader.claims.append(reader.claim("self_reference", name))
        elif name in lead_names and extension_context:
            reader.claims.append(reader.claim("object", name, "", "extension"))
        elif name in lead_names and kind:
            reader.claims.append(reader.claim("object", name, "", kind))
        elif NAME_SPAN.match(name):
            if column and "(" not in name:
                reader.claims.append(reader.claim("column", name))
            else:
                reader.claims.append(reader.claim("object", name, "", "function" if name.endswith(")") else "any"))
        else:
            continue
        t.cover(position, position + len(placeholder))


def _runs(t: StatementText) -> list[tuple[int, int]]:
    """The uncovered stretches of the text."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, covered in enumerate([*t.covered, True]):
        if not covered and start is None:
            start = i
        elif covered and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _content(run: str, names: list[str]) -> str:
    """A run without filler words, punctuation and code that names nothing (paths, commands):
    what is left is something the statement says."""
    words = re.findall(r"⟨\d+⟩|[\w%+~<>=≈-]+", run)
    kept = []
    for word in words:
        if word.startswith("⟨"):
            code = names[int(word.strip("⟨⟩"))]
            if not NAME_SPAN.match(code) and not EXPRESSION.search(code):
                continue
        elif not word.strip("-") or word in FILLER_WORDS:
            continue
        kept.append(word)
    return " ".join(kept)


_PURPOSE = re.compile(
    r"^\s*[,;]?\s*(?:(?:\(|—|-|–)?\s*(?:for|used for|to support|to speed up|so that|because|via)\b"
    r"|\([^()]*\)\s*[.;]?\s*$)"
)
# A plain "Price validation:" at the start of an item labels it, like a bold label would.
_PLAIN_LABEL = re.compile(r"^\s*(?:[a-z][\w/ '-]{0,40}?):\s+(?=\S)")


def _finish(reader: RuleReader, descriptive: tuple[tuple[int, int], ...]) -> Reading:
    t = reader.t
    leftover: list[str] = []
    description: list[str] = []
    for start, end in _runs(t):
        run = t.text[start:end]
        content = _content(run, t.names)
        if not content:
            continue
        shown = re.sub(r"⟨(\d+)⟩", lambda m: f"`{t.names[int(m.group(1))]}`", run).strip(" ,;:.-–—|()")
        first = start + len(run) - len(run.lstrip(" |"))
        last = end - (len(run) - len(run.rstrip(" |")))
        in_gloss = t.gloss_start is not None and first >= t.gloss_start
        in_cell = any(a <= first and last <= b for a, b in descriptive)
        purpose = bool(reader.claims) and _PURPOSE.match(run) is not None
        plain_words = not ASSERTION_WORDS.search(run) and not FIGURE.search(run) and "⟨" not in run
        if (in_cell and not re.search(r"\d", run)) or ((in_gloss or purpose) and plain_words):
            description.append(shown)
        else:
            leftover.append(shown)
    return Reading(reader.statement, tuple(reader.claims), tuple(leftover), tuple(description))


def _read_row(statement: Statement) -> Reading:
    """A table row: kind/number cells, index-kind rows, table-size rows, query targets, then rules."""
    text, names = normalise(statement.spans)
    t = StatementText(text, names)
    reader = RuleReader(statement, t)
    # Cell boundaries in the normalised text, in order.
    bounds: list[tuple[str, int, int]] = []
    position = 0
    for index, (header, cell_spans) in enumerate(statement.cells):
        cell_text, _ = normalise(cell_spans)
        cell_text = cell_text.strip()
        if index:
            found = text.find("|", position)
            position = found + 1 if found >= 0 else position
        start = text.find(cell_text, position) if cell_text else position
        start = start if start >= 0 else position
        bounds.append((header.lower(), start, start + len(cell_text)))
        position = start + len(cell_text)
    cells = {header: text[a:b] for header, a, b in bounds}
    _row_claims(reader, bounds, cells)
    descriptive = tuple((a, b) for header, a, b in bounds if DESCRIPTIVE_HEADERS.search(header))
    return _read_rest(reader, descriptive)


def _written(reader: RuleReader, header: str) -> str:
    """A cell's text as the author wrote it (case kept, code markers dropped)."""
    spans = next((c for h, c in reader.statement.cells if h.lower() == header), ())
    return " ".join("".join(s.text for s in spans).split())


def _header(cells: dict[str, str], *words: str) -> str | None:
    return next((h for h in cells if all(re.search(rf"\b{w}", h) for w in words)), None)


def _row_claims(reader: RuleReader, bounds: list[tuple[str, int, int]], cells: dict[str, str]) -> None:
    t = reader.t
    span = {header: (a, b) for header, a, b in bounds}

    def cover(header: str | None) -> None:
        if header is not None:
            t.cover(*span[header])

    # An index-kind row: one cell is an index kind ("BRIN", "Partial"), another names indexes.
    about_indexes = any(re.search(r"\b(index|type|method|kind)", h) for h in cells)
    kind_cell = next((h for h in cells if key_of(cells[h].strip(), INDEX_PROPERTIES)), None)
    named = next((h for h in cells if h != kind_cell and t.names_in(cells[h])), None)
    if about_indexes and kind_cell and named:
        use = _header(cells, "use") or _header(cells, "purpose") or ""
        purpose = cells.get(use, "") if use else ""
        for name in t.names_in(cells[named]):
            reader.claims.append(reader.claim("index_kind", name, cells[kind_cell].strip(), purpose))
        cover(kind_cell)
        cover(named)
        return
    query, target = _header(cells, "query"), _header(cells, "target")
    if query and target:
        reader.claims.append(reader.claim("query_target", _written(reader, query), _written(reader, target)))
        cover(query)
        cover(target)
        return
    table, rows = _header(cells, "table"), _header(cells, "rows")
    if table and rows:
        cell_name = _written(reader, table)
        reader.claims.append(reader.claim("table_rows", cell_name, cells[rows].strip()))
        cover(table)
        cover(rows)
        size = _header(cells, "size")
        if size and re.search(r"\d", cells[size]):
            reader.claims.append(reader.claim("table_size", cell_name, cells[size].strip()))
            cover(size)
        return
    # A cell naming a kind beside a cell holding a figure: "| Tables | 12 |".
    kinds = {
        h: key_of(re.sub(r"^(?:total|number of|declared)\s+", "", cells[h].strip(" :")), COUNT_KINDS) for h in cells
    }
    kind_cell = next((h for h, kind in kinds.items() if kind), None)
    figures = {h: re.fullmatch(r"\s*" + QUANTITY + SUFFIX_PATTERN + r"\s*", cells[h]) for h in cells if h != kind_cell}
    number_cell = next((h for h, found in figures.items() if found), None)
    if kind_cell and number_cell:
        kind = kinds[kind_cell]
        found = figures[number_cell]
        quantity = quantity_of(found) if found else None
        if kind and quantity and not quantity.unit:
            reader.claims.append(
                reader.claim("count", kind, quantity.written, value=repr(quantity.value), qualifier=quantity.qualifier)
            )
            cover(kind_cell)
            cover(number_cell)
