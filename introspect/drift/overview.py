"""Read the hand-written overview into claims, each with the line it is written on.

Extraction follows the page's structure — headings, bold labels, bullets, pipe tables, code spans
and the SQL block — not its exact wording, so the prose can be rewritten freely as long as the
structure stays. Any other line stating a figure becomes an UNCHECKED claim, so that no number
on the page is silently taken as verified.
"""

from __future__ import annotations

import re
from pathlib import Path

from introspect.drift import markdown
from introspect.drift.markdown import Bullet, Context, Document, plain
from introspect.drift.model import Claim, parse_quantity
from introspect.errors import SchemadocError

# Key-statistics label patterns -> summary metric; the first matching entry wins.
COUNT_LABELS: tuple[tuple[str, str], ...] = (
    (r"\bsize\b", "database_size"),
    (r"\bmaterialized\b", "materialized_views"),
    (r"\bviews?\b", "views"),
    (r"\b(functions?|procedures?)\b", "functions"),
    (r"\bindex(es)?\b", "indexes"),
    (r"\bcolumns?\b", "columns"),
    (r"\b(relationships?|foreign keys?)\b", "foreign_keys"),
    (r"\btriggers?\b", "triggers"),
    (r"\bpartitions\b", "partitions"),
    (r"\bsequences?\b", "sequences"),
    (r"\btables?\b", "tables"),
)

# Bold-label words -> the object kind the bullets under it name.
KIND_LABELS: tuple[tuple[str, str], ...] = (
    ("materialized", "materialized_view"),
    ("view", "view"),
    ("table", "table"),
    ("function", "function"),
    ("procedure", "function"),
    ("index", "index"),
    ("role", "role"),
    ("extension", "extension"),
    ("object", "relation"),
)

NAME_TOPICS = ("object", "column", "soft_delete", "self_reference")
DELETE_RULE_LABELS = (("cascade", "cascade"), ("restrict", "restrict"), ("set null", "set null"))
PARTITION_LABELS = (("range", "range"), ("list", "list"), ("hash", "hash"))

_IDENTIFIER = re.compile(r"^[A-Za-z_][\w$-]*$")
_COLUMN_REF = re.compile(r"^([A-Za-z_][\w$]*)\.([A-Za-z_][\w$]*)$")
_POSTGRES_VERSION = re.compile(r"PostgreSQL(?:\s+version)?:?\s+(\d+(?:\.\d+)?\+?)", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
# A figure, not a digit inside a word such as "3NF".
_FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*(?:[KkM]\b|(?![A-Za-z_]))")
_CREATE_ROLE = re.compile(r"^\s*CREATE\s+ROLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?([\w$]+)\"?", re.IGNORECASE)
_GRANT = re.compile(r"^\s*GRANT\s+(.+?)\s+ON\s+(.+?)\s+TO\s+(.+?)\s*;?\s*(?:--.*)?$", re.IGNORECASE)


def read_overview(path: Path) -> list[Claim]:
    """Every claim of an overview file; a missing or unreadable file is a clear error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemadocError(f"{path}: cannot read the overview: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SchemadocError(f"{path}: the overview is not UTF-8: {exc}") from exc
    return extract_claims(text)


def extract_claims(text: str) -> list[Claim]:
    """Every claim of an overview's Markdown text, sorted by line."""
    doc = markdown.parse(text)
    claims: list[Claim] = []
    claims += _bullet_claims(doc)
    claims += _table_claims(doc)
    claims += _sql_block_claims(doc)
    claims += _prose_claims(doc)
    # A figure on a line whose only claims are names is still a figure nobody checked.
    claims += _unchecked_figures(doc, {c.line for c in claims if c.topic not in NAME_TOPICS})
    return sorted(claims, key=lambda c: (c.line, c.topic, c.subject))


def _kind_from_label(label: str) -> str | None:
    lowered = label.lower()
    return next((kind for word, kind in KIND_LABELS if word in lowered), None)


def _bullet_claims(doc: Document) -> list[Claim]:
    claims: list[Claim] = []
    for bullet in doc.bullets:
        claims += _claims_of_bullet(bullet)
    return claims


def _claims_of_bullet(bullet: Bullet) -> list[Claim]:
    ctx = bullet.context
    text = plain(bullet.text)
    spans = bullet.code_spans
    version = _POSTGRES_VERSION.search(text)
    if version and bullet.label:
        return [Claim(bullet.line, text, "server_version", "PostgreSQL", version.group(1))]
    if bullet.label and not spans:
        metric = _metric_of_label(bullet.label)
        quantity = parse_quantity(plain(bullet.value)) if metric else None
        if metric and quantity is not None:
            return [Claim(bullet.line, text, "count", metric, quantity.written)]
    if ctx.mentions("referential") or ctx.label.lower().startswith(("cascade", "restrict", "set null")):
        rule = next((r for word, r in DELETE_RULE_LABELS if word in ctx.label.lower()), None)
        if rule:
            return [Claim(bullet.line, text, "delete_rule", plain(bullet.text), rule)]
    if ctx.mentions("check constraint"):
        if spans:
            return [Claim(bullet.line, text, "check", span, span) for span in spans]
        return [Claim(bullet.line, text, "check_topic", plain(bullet.text))]
    if ctx.mentions("partitioning") and spans:
        strategy = next((s for word, s in PARTITION_LABELS if word in ctx.label.lower()), None)
        if strategy:
            return [Claim(bullet.line, text, "partition", spans[0], strategy, plain(bullet.text))]
    if ctx.mentions("extension") and spans:
        return [Claim(bullet.line, text, "object", spans[0], "", "extension")]
    if ctx.mentions("materialized view") and "unique ind" in text.lower():
        return [Claim(bullet.line, text, "mv_unique_index", "materialized views")]
    if "index size" in text.lower() and "%" in text:
        return [Claim(bullet.line, text, "index_ratio", "index size / table size", plain(bullet.value))]
    return _code_span_claims(bullet.line, text, spans, ctx)


def _metric_of_label(label: str) -> str | None:
    lowered = label.lower()
    return next((metric for pattern, metric in COUNT_LABELS if re.search(pattern, lowered)), None)


def _code_span_claims(line: int, text: str, spans: tuple[str, ...], ctx: Context) -> list[Claim]:
    """Objects named in code spans: a kind from the label above, columns as ``table.column``,
    functions as ``name()``."""
    claims: list[Claim] = []
    label_kind = _kind_from_label(ctx.label) if ctx.label else None
    for position, span in enumerate(spans):
        column = _COLUMN_REF.match(span)
        if column:
            topic = "soft_delete" if ctx.mentions("soft delete") else "column"
            topic = "self_reference" if ctx.mentions("hierarch") else topic
            claims.append(Claim(line, text, topic, span))
            continue
        if span.endswith("()") and _IDENTIFIER.match(span[:-2]):
            claims.append(Claim(line, text, "object", span[:-2], "", "function"))
            continue
        if not _IDENTIFIER.match(span):
            continue  # an expression, a path or a command, not a name
        if ctx.mentions("audit") and position == 0 and "audit" not in span:
            claims.append(Claim(line, text, "audit_trigger", span))
            continue
        kind = label_kind if (label_kind and position == 0) else "any"
        claims.append(Claim(line, text, "object", span, "", kind))
    return claims


def _prose_claims(doc: Document) -> list[Claim]:
    """Names in the code spans of paragraphs (no label there, so any kind of object will do)."""
    claims: list[Claim] = []
    for prose in doc.prose:
        spans = markdown.code_spans(prose.text)
        if spans:
            claims += _code_span_claims(prose.line, plain(prose.text), spans, Context(prose.context.headings))
    return claims


def _table_claims(doc: Document) -> list[Claim]:
    claims: list[Claim] = []
    for table in doc.tables:
        index_type, example = table.column("index", "type"), table.column("example")
        query_type, target = table.column("query"), table.column("target")
        table_name, rows = table.column("table"), table.column("rows")
        use_case = table.column("use")
        for row in table.rows:
            text = plain(" | ".join(row.cells.values()))
            if index_type and example:
                for span in markdown.code_spans(row.cells.get(example, "")) or (plain(row.cells[example]),):
                    purpose = plain(row.cells.get(use_case, "")) if use_case else ""
                    claims.append(Claim(row.line, text, "index_kind", span, plain(row.cells[index_type]), purpose))
            elif query_type and target:
                label = plain(row.cells.get(query_type, ""))
                claims.append(Claim(row.line, text, "query_target", label, plain(row.cells.get(target, ""))))
            elif table_name and rows:
                name = plain(row.cells.get(table_name, ""))
                claims.append(Claim(row.line, text, "table_rows", name, plain(row.cells.get(rows, ""))))
                size = table.column("size")
                if size and _NUMBER.search(row.cells.get(size, "")):
                    claims.append(Claim(row.line, text, "table_size", name, plain(row.cells[size])))
                for header, cell in row.cells.items():
                    if header not in (table_name, rows, size) and _NUMBER.search(cell):
                        label = f"{name} — {plain(header)}: {plain(cell)}"
                        claims.append(Claim(row.line, label, "unchecked", label, plain(cell)))
    return claims


def _sql_block_claims(doc: Document) -> list[Claim]:
    """Roles and grants from SQL code blocks (CREATE ROLE and GRANT lines)."""
    claims: list[Claim] = []
    for block in doc.code_blocks:
        if block.language not in ("sql", "postgresql", "psql", "pgsql", ""):
            continue
        for number, line in block.lines:
            role = _CREATE_ROLE.match(line)
            grant = _GRANT.match(line)
            if role:
                claims.append(Claim(number, line.strip(), "object", role.group(1), "", "role"))
            elif grant:
                privileges, target, grantee = (g.strip() for g in grant.groups())
                claims.append(Claim(number, line.strip(), "grant", grantee, privileges, target))
    return claims


def _unchecked_figures(doc: Document, claimed_lines: set[int]) -> list[Claim]:
    """Lines stating a figure that no checker took: listed as UNCHECKED, never passed."""
    claims: list[Claim] = []
    for bullet in doc.bullets:
        text = plain(bullet.text)
        if bullet.line not in claimed_lines and _FIGURE.search(text):
            claims.append(Claim(bullet.line, text, "unchecked", text, plain(bullet.value)))
    for prose in doc.prose:
        text = plain(prose.text)
        if prose.line not in claimed_lines and _FIGURE.search(text):
            claims.append(Claim(prose.line, text, "unchecked", text, text))
    return claims
