"""The claim grammar's rules: sentence frames, each with the assertions a match makes.

A statement's text is lower-cased and each code span becomes a placeholder ``⟨n⟩``; a rule is a
regular expression over that text and a handler that turns a match into ``Claim``s (or declines it,
leaving the text for later rules). ``RULES`` runs most specific first; each match marks the text
it covered, so what no rule read can be reported. docs_src/guide/claims.md documents every frame.
"""

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from introspect.drift.markdown import Span, Statement
from introspect.drift.model import Claim
from introspect.drift.vocabulary import (
    COUNT_KINDS,
    INDEX_PROPERTIES,
    INDEX_PROPERTY_PATTERN,
    KIND_PATTERN,
    OBJECT_KIND_PATTERN,
    OBJECT_KINDS,
    PERIODS,
    QUANTITY,
    SUFFIX_PATTERN,
    key_of,
    quantity_of,
)

NAME = r"⟨\d+⟩"
NAMES = rf"{NAME}(?:\s*(?:,\s*(?:and\s+|or\s+)?|and|or|&)\s*{NAME})*"
WORDS = r"[a-z][a-z_ '-]*?"  # bare words naming tables in prose ("a customer", "order items")
NEG_VERB = r"(?P<verb>(?<=\s)(?:is|are)|'s|-|–|—|:|\|)(?P<neg>\s+not|n't)?"
ADJECTIVES = (
    r"pre-?defined|user-defined|declared|defined|named|distinct|separate|different|explicit|custom|secondary"
    r"|supporting|additional|extra|key|main|core|total"
)
PERIOD_WORDS = "|".join(PERIODS)
DESCRIPTIVE_HEADERS = re.compile(
    r"\b(description|purpose|use case|usage|notes?|comments?|strategy|benefits?|why|rationale|remarks?|meaning)\b"
)
IDENTIFIER = r'(?:"[^"]+"|[a-z_][\w$]*)'
NAME_SPAN = re.compile(rf"^{IDENTIFIER}(?:\.{IDENTIFIER}){{0,2}}(?:\(\s*[^()]*\))?$", re.IGNORECASE)
EXPRESSION = re.compile(r"[<>=!~]|\b(between|in|like|ilike|is null|is not null|and|or)\b", re.IGNORECASE)
_COUNT_FRAME = (
    r"(?:^|(?<=[|:(;])|\b(?:there (?:are|is|exist|were)|(?:we|it|they) (?:have|has)|has|have|contains?|includes?"
    r"|holds?|defines?|declares?|comprises?|consists of|totals?|keeps?|stores?|provides?|offers?|maintains?)\b)\s*"
)
_NO_FRAME = r"(?:^|\b(?:there (?:are|is|exist)|has|have|contains?|defines?|declares?)\b)\s*"

TYPE_WORDS = {
    "integer": "integer",
    "int": "integer",
    "int4": "integer",
    "bigint": "bigint",
    "int8": "bigint",
    "smallint": "smallint",
    "int2": "smallint",
    "text": "text",
    "varchar": "character varying",
    "character varying": "character varying",
    "char": "character",
    "character": "character",
    "numeric": "numeric",
    "decimal": "numeric",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "timestamp with time zone": "timestamp with time zone",
    "timestamp without time zone": "timestamp without time zone",
    "time": "time without time zone",
    "interval": "interval",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "bytea": "bytea",
    "tsvector": "tsvector",
    "inet": "inet",
    "money": "money",
    "real": "real",
    "float4": "real",
    "double precision": "double precision",
    "float8": "double precision",
    "float": "double precision",
    "serial": "serial",
    "bigserial": "bigserial",
}
TYPE_PATTERN = "|".join(sorted((re.escape(t) for t in TYPE_WORDS), key=len, reverse=True))

PRIVILEGE_VERBS = {
    "read": ("SELECT",),
    "select": ("SELECT",),
    "query": ("SELECT",),
    "see": ("SELECT",),
    "view": ("SELECT",),
    "insert": ("INSERT",),
    "add": ("INSERT",),
    "update": ("UPDATE",),
    "edit": ("UPDATE",),
    "change": ("UPDATE",),
    "delete": ("DELETE",),
    "remove": ("DELETE",),
    "truncate": ("TRUNCATE",),
    "modify": ("INSERT", "UPDATE", "DELETE"),
    "write": ("INSERT", "UPDATE", "DELETE"),
    "execute": ("EXECUTE",),
    "call": ("EXECUTE",),
    "run": ("EXECUTE",),
}
VERB_PATTERN = "|".join(PRIVILEGE_VERBS)


@dataclass
class StatementText:
    """A statement's normalised text with a coverage mark per character."""

    text: str
    names: list[str]
    covered: list[bool] = field(default_factory=list)
    gloss_start: int | None = None  # where the leading names of "`name` - description" end

    def __post_init__(self) -> None:
        self.covered = [False] * len(self.text)

    def free(self, start: int, end: int) -> bool:
        return not any(self.covered[start:end])

    def cover(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.covered[i] = True

    def name(self, placeholder: str) -> str:
        return self.names[int(placeholder.strip("⟨⟩"))]

    def names_in(self, text: str | None) -> list[str]:
        return [self.name(p) for p in re.findall(NAME, text or "")]


def normalise(spans: Iterable[Span]) -> tuple[str, list[str]]:
    """Lower-cased text with code spans as ``⟨n⟩`` placeholders, and the span contents in order."""
    parts: list[str] = []
    names: list[str] = []
    for span in spans:
        if span.code:
            parts.append(f"⟨{len(names)}⟩")
            names.append(span.text.strip())
        else:
            text = span.text.lower().replace("\u2011", "-").replace("->", "→").replace("=>", "→")
            parts.append(text.replace("’", "'"))
    return " ".join("".join(parts).split()), names


class MatchLike(Protocol):
    """What a rule handler reads of a match: a real ``re.Match`` or a view of one."""

    def group(self, name: str | int, /) -> Any: ...  # pragma: no cover - protocol

    def groupdict(self) -> dict[str, Any]: ...  # pragma: no cover - protocol

    def start(self, group: int = 0, /) -> int: ...  # pragma: no cover - protocol

    def end(self, group: int = 0, /) -> int: ...  # pragma: no cover - protocol


Handler = Callable[["RuleReader", MatchLike], list[Claim] | None]


class RuleReader:
    """Applies the rules to one statement."""

    def __init__(self, statement: Statement, text: StatementText) -> None:
        self.statement = statement
        self.t = text
        self.claims: list[Claim] = []

    def claim(self, topic: str, subject: str, stated: str = "", context: str = "", **params: str) -> Claim:
        return Claim(
            self.statement.line,
            self.statement.text,
            topic,
            subject,
            stated,
            context,
            params=tuple(sorted((k, v) for k, v in params.items() if v)),
        )

    def negated(self, claim: Claim, negated: bool) -> Claim:
        return dataclasses.replace(claim, negated=negated)

    def apply(self, pattern: re.Pattern[str], handler: Handler) -> None:
        for match in pattern.finditer(self.t.text):
            if not self.t.free(match.start(), match.end()):
                continue
            made = handler(self, match)
            if made is None:
                continue
            self.claims += made
            self.t.cover(match.start(), match.end())


# --- rule handlers -----------------------------------------------------------------------------


def _count(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    quantity = quantity_of(match)
    kind_text = match.group("kind")
    kind = key_of(kind_text, COUNT_KINDS)
    if quantity is None or kind is None or quantity.unit:
        return None
    adjectives = (match.group("adj") or "").split()
    index_filter = [key_of(a, INDEX_PROPERTIES) for a in adjectives if key_of(a, INDEX_PROPERTIES)]
    if index_filter and kind != "indexes":
        return None
    scope = reader.t.names_in(match.group("scope")) or reader.t.names_in(match.groupdict().get("owner"))
    return [
        reader.claim(
            "count",
            kind,
            quantity.written,
            scope=scope[0] if scope else "",
            filter=",".join(str(f) for f in index_filter),
            value=repr(quantity.value),
            qualifier=quantity.qualifier,
        )
    ]


def _count_continued(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    """ "… twenty-one functions and one procedure": a figure joined to the count just before it."""
    before = match.start(0) - 1
    while before >= 0 and reader.t.text[before] == " ":
        before -= 1
    if before < 0 or not reader.t.covered[before] or not any(c.topic == "count" for c in reader.claims):
        return None
    return _count(reader, match)


def _no_count(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    kind = key_of(match.group("kind"), COUNT_KINDS)
    if kind is None:
        return None
    scope = reader.t.names_in(match.group("scope")) or reader.t.names_in(match.groupdict().get("owner"))
    adjectives = (match.group("adj") or "").split()
    index_filter = [str(key_of(a, INDEX_PROPERTIES)) for a in adjectives if key_of(a, INDEX_PROPERTIES)]
    return [
        reader.claim(
            "count",
            kind,
            "0",
            scope=scope[0] if scope else "",
            filter=",".join(index_filter),
            value="0.0",
            qualifier="exact",
        )
    ]


def _some(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    """ "`t` has a trigger", "+ partitioned variants": at least one."""
    kind = key_of(match.group("kind"), COUNT_KINDS)
    if kind is None:
        return None
    scope = reader.t.names_in(match.groupdict().get("owner"))
    return [
        reader.claim("count", kind, "1+", scope=scope[0] if scope else "", value="1.0", qualifier="at_least", filter="")
    ]


def _kind_of(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("names"))
    kind = key_of(match.group("kind"), OBJECT_KINDS)
    if not names or kind is None:
        return None
    negated = bool(match.groupdict().get("neg"))
    written = [p for p in re.split(r"[\s,]+(?:and\s+)?", match.group("props") or "") if p]
    props = [key for key in (key_of(p, INDEX_PROPERTIES) for p in written) if key]
    claims: list[Claim] = []
    on = reader.t.names_in(match.groupdict().get("on"))
    columns = match.groupdict().get("cols") or ""
    for name in names:
        if kind == "index" and (props or on or columns):
            claims += [reader.negated(reader.claim("index_fact", name, prop), negated) for prop in props]
            if on:
                claims.append(reader.negated(reader.claim("index_fact", name, "table", on[0]), negated))
            if columns:
                claims.append(reader.negated(reader.claim("index_fact", name, "columns", columns), negated))
        elif props:
            return None  # "a unique view": not a property this reader knows for that kind
        else:
            claims.append(reader.negated(reader.claim("object", name, "", kind), negated))
    return claims


def _unique(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("names"))
    prop = key_of(match.group("prop"), INDEX_PROPERTIES)
    negated = bool(match.group("neg"))
    return [reader.negated(reader.claim("index_fact", n, str(prop), scope="any"), negated) for n in names]


def _partition(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("names"))
    if not names:
        return None
    negated = bool(match.group("neg"))
    groups = match.groupdict()
    strategy = groups.get("s1") or groups.get("s2") or ""
    key = groups.get("key") or ""
    period = groups.get("per") or ""
    if key in PERIODS:
        period, key = key, ""
    key_names = reader.t.names_in(key)
    key = key_names[0] if key_names else key
    count = groups.get("count") or ""
    return [
        reader.negated(
            reader.claim(
                "partition",
                name,
                strategy,
                reader.statement.text,
                key=key,
                period=PERIODS.get(period, ""),
                partitions=count,
            ),
            negated,
        )
        for name in names
    ]


def _partition_count(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("names"))
    amount = match.group("amount")
    if match.group("default"):
        negated = amount == "no"
        return [reader.negated(reader.claim("partition", n, "", "", default="yes"), negated) for n in names]
    return None


def _delete_rule(action: str) -> Handler:
    def handler(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
        parent, child = match.group("parent").strip(), match.group("child").strip()
        groups = match.groupdict()
        negated = bool(groups.get("neg"))
        event = "update" if groups.get("update") else "delete"
        names = reader.t.names_in(parent) + reader.t.names_in(child)
        parent_text = " ".join(reader.t.names_in(parent)) or parent
        child_text = " ".join(reader.t.names_in(child)) or child
        if "⟨" in parent + child and len(names) < 2 and not reader.t.names_in(parent):
            return None
        return [
            reader.negated(
                reader.claim(
                    "delete_rule",
                    f"{parent_text} → {child_text}",
                    action,
                    parent=parent_text,
                    child=child_text,
                    event=event,
                ),
                negated,
            )
        ]

    return handler


def _references(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    source = reader.t.names_in(match.group("source"))
    target = reader.t.names_in(match.group("target"))
    if not source or not target:
        return None
    action = (match.groupdict().get("action") or "").strip()
    negated = bool(match.groupdict().get("neg"))
    return [reader.negated(reader.claim("references", source[0], target[0], action=action), negated)]


def _column_type(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    columns = reader.t.names_in(match.group("col"))
    written = match.group("type")
    type_name = reader.t.names_in(written)[0] if "⟨" in written else TYPE_WORDS.get(written.strip(), "")
    if not columns or not type_name:
        return None
    negated = bool(match.group("neg"))
    return [reader.negated(reader.claim("column_fact", c, "type", type_name), negated) for c in columns]


def _column_fact(fact: str, *, negate_word: bool = False) -> Handler:
    def handler(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
        columns = reader.t.names_in(match.group("col"))
        if not columns:
            return None
        negated = bool(match.groupdict().get("neg")) != negate_word
        value = match.groupdict().get("value") or ""
        value = " ".join(reader.t.names_in(value)) if "⟨" in value else value.strip()
        return [reader.negated(reader.claim("column_fact", c, fact, value), negated) for c in columns]

    return handler


def _range_check(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    columns = reader.t.names_in(match.group("col"))
    groups = match.groupdict()
    if not columns:
        return None
    column = columns[0]
    bare = column.split(".")[-1]
    if groups.get("low") is not None:
        expression = f"{bare} BETWEEN {groups['low']} AND {groups['high']}"
    elif groups.get("values"):
        expression = f"{bare} IN ({groups['values']})"
    else:
        op = {"at least": ">=", "at most": "<=", "positive": ">", "non-negative": ">=", "greater than": ">"}.get(
            groups["op"], groups["op"]
        )
        bound = groups.get("bound") or "0"
        expression = f"{bare} {op} {bound}"
    table = column.rsplit(".", 1)[0] if "." in column else ""
    return [reader.claim("check", expression, expression, table=table, form="value")]


def _grant(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    role = reader.t.names_in(match.group("role")) or [match.group("role").strip()]
    verbs = re.findall(VERB_PATTERN, match.group("verbs"))
    privileges = sorted({p for v in verbs for p in PRIVILEGE_VERBS[v]})
    target_text = match.group("target").strip()
    names = reader.t.names_in(target_text)
    every = re.match(
        r"(?:all|every|any)\s+(?P<what>tables?|views?|materiali[sz]ed views?)(?:\s+in\s+(?:schema"
        r"\s+)?(?P<schema>⟨\d+⟩|[a-z_]\w*)(?:\s+schema)?)?",
        target_text,
    )
    if every:
        what = {"table": "TABLES", "view": "VIEWS"}.get(every.group("what").rstrip("s"), "MATERIALIZED VIEWS")
        schema = every.group("schema")
        schema_name = (reader.t.names_in(schema) or [schema])[0] if schema else ""
        target = f"ALL {what}" + (f" IN SCHEMA {schema_name}" if schema_name else "")
    elif names:
        target = ", ".join(names)
    else:
        return None
    negated = bool(match.group("neg"))
    claim = reader.claim("grant", role[0], ", ".join(privileges), target)
    return [reader.negated(claim, negated)]


def _audit(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("table"))
    return [reader.negated(reader.claim("audit_trigger", n), bool(match.groupdict().get("neg"))) for n in names] or None


def _concurrent(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.groupdict().get("names"))
    negated = bool(match.groupdict().get("neg"))
    if names:
        return [reader.negated(reader.claim("mv_unique_index", n), negated) for n in names]
    return [reader.negated(reader.claim("mv_unique_index", "materialized views"), negated)]


def _extension(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("names"))
    negated = bool(match.groupdict().get("neg"))
    return [reader.negated(reader.claim("object", n, "", "extension"), negated) for n in names] or None


def server_version(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    version = match.group("v") + ("+" if match.group("later") else "")
    return [reader.claim("server_version", "PostgreSQL", version)]


def database_size(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    quantity = quantity_of(match)
    if quantity is None or quantity.unit != "bytes":
        return None
    return [reader.claim("count", "database_size", quantity.written)]


def _index_ratio(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    return [reader.claim("index_ratio", "index size / table size", match.group("ratio"))]


def _rows(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    names = reader.t.names_in(match.group("table"))
    quantity = quantity_of(match)
    if not names or quantity is None:
        return None
    return [reader.claim("table_rows", names[0], quantity.written)]


def _trigger_fires(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    trigger = reader.t.names_in(match.group("trigger"))
    table = reader.t.names_in(match.group("table"))
    events = ",".join(sorted(set(re.findall(r"insert|update|delete|truncate", match.group("events")))))
    if not trigger or not table:
        return None
    return [reader.claim("trigger_fact", trigger[0], match.group("timing"), table[0], events=events)]


def _check_span(reader: RuleReader, match: MatchLike) -> list[Claim] | None:
    name = reader.t.name(re.findall(NAME, match.group(0))[-1])
    if NAME_SPAN.match(name) or not EXPRESSION.search(name):
        return None
    context = reader.statement.context
    checky = context.mentions("check", "constraint", "validat", "rule") or re.search(
        r"\b(check|constraint|must|enforc|validat|ensur|guarantee)", reader.t.text
    )
    if not checky:
        return None
    return [reader.claim("check", name, name)]


# --- the rules, most specific first -------------------------------------------------------------

_Q = QUANTITY + SUFFIX_PATTERN
_OWNER = (
    rf"(?:(?:the\s+)?(?P<owner>{NAME})(?:\s+(?:table|view|schema))?\s+(?:has|have|contains?|holds?"
    rf"|carries|defines?)\s+)"
)
_SCOPE = (
    rf"(?:\s+(?:on|of|in|for|across)\s+(?:the\s+)?(?:(?:table|view|schema)\s+)?(?P<scope>{NAME})(?:"
    rf"\s+(?:table|view|schema))?)?"
)
_PROPS = rf"(?P<props>(?:(?:{INDEX_PROPERTY_PATTERN}|unique)(?:\s*,\s*|\s+and\s+|\s+|-)){{0,4}})"
_NAMES_AS = rf"(?P<names>{NAMES})"
_KIND_WORD = r"(?:\s+(?:table|view|materiali[sz]ed view|index|column|function|procedure))?"
# A list of names that stops before the next clause's subject ("`a` can read `b`, and `c` can …").
TARGET_NAMES = (
    rf"{NAME}(?:\s*(?:,\s*(?:and\s+|or\s+)?|and|or|&)\s*{NAME}"
    r"(?!\s+(?:can|cannot|can't|may|is|are|has|have)\b))*"
)
_TARGETS = (
    rf"(?P<target>(?:all|every|any)\s+(?:tables?|views?|materiali[sz]ed views?)(?:\s+in\s+(?:schema"
    rf"\s+)?(?:{NAME}|[a-z_]\w*)(?:\s+schema)?)?"
    rf"|(?:the\s+)?{TARGET_NAMES}(?:\s+tables?)?)"
)

_RULE_PATTERNS: tuple[tuple[str, Handler], ...] = (
    (
        r"(?:\b(?:requires|needs|runs\s+on|supports|targets|built\s+for|tested\s+on)\s+)?"
        r"\bpostgres(?:ql)?(?:\s+version)?\s*:?\s*(?P<v>\d+(?:\.\d+)?)(?P<later>\+|\s+or\s+(?:later|newer"
        r"|above|higher)|\s+and\s+(?:up|later|above|newer))?",
        server_version,
    ),
    (
        r"(?:total\s+)?index\s+sizes?\s*(?:is|are|:|=|of)?\s*(?:about\s+|around\s+"
        r"|~\s*)?(?P<ratio>~?\s*\d+(?:\.\d+)?\s*%)\s+of\s+(?:the\s+)?(?:total\s+)?table\s+sizes?",
        _index_ratio,
    ),
    (
        r"(?:the\s+)?(?:total\s+)?database(?:'s)?\s+(?:size\s*)?(?:\([^)]*\)\s*)?(?:is|of|:|=|measures"
        r"|totals|occupies|takes up|weighs)\s+" + _Q,
        database_size,
    ),
    (
        rf"(?P<table>{NAME})(?:\s+table)?\s+(?:has|holds|contains|stores)\s+{_Q}\s+rows",
        _rows,
    ),
    (
        rf"(?:(?:every|all|any)\s+)?changes?\s+to\s+(?:the\s+)?(?P<table>{NAMES})(?:\s+tables?)?"
        r"\s+(?:(?:is|are)(?P<neg>\s+not)?\s+)?(?:automatically\s+)?(?:logged|audited|recorded|tracked)"
        r"(?:\s+automatically)?(?:\s+by\s+(?:an?\s+)?(?:audit\s+)?triggers?)?",
        _audit,
    ),
    (
        rf"(?P<table>{NAMES})(?:\s+tables?)?\s+(?:is|are)(?P<neg>\s+not)?\s+audited(?:\s+by\s+(?:an?\s+)?triggers?)?",
        _audit,
    ),
    (
        rf"(?P<trigger>{NAME})\s+(?:fires|runs)\s+(?P<timing>before|after|instead of)"
        rf"\s+(?P<events>(?:insert|update|delete|truncate)(?:\s*(?:,|or|and)\s*(?:insert|update|delete"
        rf"|truncate))*)\s+on\s+(?:the\s+)?(?P<table>{NAME})",
        _trigger_fires,
    ),
    (
        rf"(?:(?:all|every|each)\s+(?:of\s+the\s+)?(?:materiali[sz]ed\s+views?|mvs?)|{_NAMES_AS})\s+(?:can"
        rf"|may)(?P<neg>not|\s+not|'t)?\s+be\s+refreshed\s+concurrently",
        _concurrent,
    ),
    (
        r"concurrent\s+refresh(?:es)?\s+(?:is\s+|are\s+)?(?:enabled|possible|supported)(?:\s+(?:via|by"
        r"|through)\s+unique\s+indexes)?",
        _concurrent,
    ),
    (
        rf"(?:uses|requires|installs|needs|has|with)\s+(?:the\s+)?{_NAMES_AS}\s+extensions?|(?:the"
        rf"\s+)?{_NAMES_AS.replace('names', 'names2')}\s+extensions?\s+(?:(?:is|are)\s+)?installed",
        lambda r, m: _extension(r, _Renamed(m)),
    ),
    # Partitioning
    (
        rf"(?:the\s+)?{_NAMES_AS}{_KIND_WORD}\s*{NEG_VERB}\s*(?:(?P<s1>range|list|hash)[- ])?partitioned"
        r"(?:\s+by\s+(?P<s2>range|list|hash))?"
        rf"(?:\s*\(?\s*(?:on|by|over)\s+(?:the\s+)?(?P<key>{NAME}|[a-z_][\w]*)(?:\s+columns?)?\s*\)?)?"
        rf"(?:\s*,?\s*(?:into|in|with)\s+(?P<count>\d+|[a-z]+)\s+partitions)?"
        rf"(?:\s*,?\s*(?:one|a)\s+partition\s+(?:per|for\s+each|each)\s+(?P<per>{PERIOD_WORDS}))?",
        _partition,
    ),
    (rf"{_NAMES_AS}\s+(?:has|have)\s+(?P<amount>a|an|one|no)\s+(?P<default>default\s+)partitions?", _partition_count),
    # Referential actions
    (
        rf"(?:(?P<update>updating|changing)|deleting|deletion\s+of|removing)\s+(?:an?\s+|the\s+|any"
        rf"\s+)?(?P<parent>{NAME}|{WORDS})\s*(?:'s\s+(?:key|id))?\s*(?:→|,)?\s*"
        r"(?:also\s+|automatically\s+)?(?P<neg>does\s+not\s+|doesn't\s+|never\s+|will\s+not\s+|won't\s+)?"
        rf"(?:cascades?(?:\s+to)?|cascade[- ]deletes?|deletes?|removes?|delete|remove|updates?"
        rf"|propagates?(?:\s+to)?)\s+(?:its\s+|their\s+|the\s+|all\s+|any\s+)?(?:of\s+its"
        rf"\s+)?(?P<child>{NAME}|{WORDS})(?=$|[.,;|(])",
        _delete_rule("cascade"),
    ),
    (
        rf"(?P<parent>{NAME}|{WORDS})\s+(?:deletes?|deletions?)\s+(?P<neg>do\s+not\s+|don't\s+|never"
        rf"\s+)?cascades?\s+to\s+(?:its\s+|their\s+|the\s+)?(?P<child>{NAME}|{WORDS})(?=$|[.,;|(])",
        _delete_rule("cascade"),
    ),
    (
        rf"(?:you\s+)?(?:cannot|can't|can\s+not|may\s+not|it\s+is\s+not\s+possible\s+to|(?P<neg>can|may|it\s+is\s+possible\s+to))\s+(?:delete"
        rf"|remove)\s+(?:an?\s+|the\s+|any\s+)?(?P<parent>{NAME}|{WORDS})\s+"
        rf"(?:that|which|who|while\s+it|when\s+it|if\s+it|with)\s*(?:still\s+)?(?:has|have|had|is"
        rf"|are)?\s*(?:been\s+)?(?:any\s+|existing\s+|still\s+)?(?P<child>{NAME}|{WORDS})(?=$|[.,;|(])",
        _delete_rule("restrict"),
    ),
    (
        rf"(?:deleting|removing)\s+(?:an?\s+|the\s+)?(?P<parent>{NAME}|{WORDS})\s+(?:is|gets)"
        rf"\s+(?:restricted|blocked|refused|rejected|prevented)\s+(?:while|when|if|as\s+long\s+as)\s+(?:it"
        rf"\s+)?(?:has|have|is\s+referenced\s+by)\s+(?:any\s+)?(?P<child>{NAME}|{WORDS})(?=$|[.,;|(])",
        _delete_rule("restrict"),
    ),
    (
        rf"(?:deleting|removing)\s+(?:an?\s+|the\s+)?(?P<parent>{NAME}|{WORDS})\s*(?:→|,)?\s*(?:sets"
        rf"\s+)?(?:its\s+|the\s+|their\s+)?(?P<child>{NAME}|{WORDS})\s+(?:becomes?|to|turns?)"
        rf"\s+(?:top[- ]level|null|orphans?|unassigned)",
        _delete_rule("set null"),
    ),
    (
        rf"(?P<child>{NAME}|{WORDS})\s+(?:becomes?|is\s+set\s+to|are\s+set\s+to)\s+(?:top[- ]level|null"
        rf"|orphans?)\s+when\s+(?:its\s+|their\s+|the\s+|an?\s+)?(?P<parent>{NAME}|{WORDS})\s+(?:is|are)\s+deleted",
        _delete_rule("set null"),
    ),
    (
        rf"(?P<source>{NAME})\s+(?P<neg>does\s+not\s+|doesn't\s+)?(?:references?|is\s+a\s+foreign\s+key"
        rf"\s+(?:to|referencing)|points\s+(?:at|to))\s+(?P<target>{NAME})"
        r"(?:\s+(?:with\s+)?on\s+delete\s+(?P<action>cascade|restrict|set\s+null|set\s+default|no\s+action))?",
        _references,
    ),
    # Columns
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?:an?\s+|of\s+type\s+)?(?P<type>{TYPE_PATTERN}"
        rf"|{NAME})(?:\s+columns?)?(?=$|[\s.,;|)])",
        _column_type,
    ),
    (rf"(?P<col>{NAMES})\s+(?:has|have|is\s+of)\s+type\s+(?P<type>{TYPE_PATTERN}|{NAME})", _column_type),
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)\s+(?:not\s+null|non-?null|required|mandatory|never\s+null)"
        rf"|(?P<col2>{NAMES})\s+(?:cannot|can't|can\s+not|may\s+not)\s+be\s+null",
        lambda r, m: _column_fact("nullable", negate_word=True)(r, _Renamed(m, "col")),
    ),
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?:nullable|optional)|(?P<col2>{NAMES})"
        rf"\s+(?:can|may)\s+be\s+null",
        lambda r, m: _column_fact("nullable")(r, _Renamed(m, "col")),
    ),
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?:the\s+|a\s+)?primary\s+key",
        _column_fact("primary_key"),
    ),
    (
        rf"(?P<col>{NAMES})\s+(?:defaults\s+to|has\s+a\s+default\s+of|has\s+default)\s+(?P<value>{NAME}"
        rf"|[^,;|]+?)(?=$|[,;|]|\.\s)",
        _column_fact("default"),
    ),
    (rf"(?P<col>{NAMES})\s+has\s+(?P<neg>no\s+)?(?:a\s+)?default(?:\s+value)?", _column_fact("default")),
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?:an?\s+)?(?:identity(?:\s+columns?)?"
        rf"|generated\s+(?:always|by\s+default)\s+as\s+identity)",
        _column_fact("identity"),
    ),
    (
        rf"(?P<col>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?:a\s+)?(?:stored\s+)?generated(?:\s+columns?)?",
        _column_fact("generated"),
    ),
    (
        rf"(?P<col>{NAME})\s+(?:is|must\s+be|lies|stays|ranges?)\s+(?:between|from)"
        rf"\s+(?P<low>-?\d+(?:\.\d+)?)\s+(?:and|to)\s+(?P<high>-?\d+(?:\.\d+)?)",
        _range_check,
    ),
    (
        rf"(?P<col>{NAME})\s+(?:is|must\s+be)\s+(?P<op>>=|<=|>|<|at\s+least|at\s+most|greater\s+than)"
        rf"\s+(?P<bound>-?\d+(?:\.\d+)?)",
        lambda r, m: _range_check(r, _Spaced(m)),
    ),
    (rf"(?P<col>{NAME})\s+(?:is|must\s+be)\s+(?P<op>positive|non-negative)", _range_check),
    (rf"(?P<col>{NAME})\s+(?:is|must\s+be)\s+one\s+of\s+\((?P<values>[^)]*)\)", _range_check),
    # Privileges
    (
        rf"(?:the\s+)?(?P<role>{NAME}|[a-z_][a-z0-9_]*_[a-z0-9_]*)(?:\s+(?:role|user|group))?\s+(?:(?P<neg>cannot|can't|can\s+not|may\s+not|is"
        rf"\s+not\s+allowed\s+to)|can|may|is\s+allowed\s+to)\s+(?:only\s+)?"
        rf"(?P<verbs>(?:{VERB_PATTERN})(?:\s*(?:,|and|or|/)\s*(?:{VERB_PATTERN}))*)\s+(?:rows"
        rf"\s+)?(?:(?:into|from|on|in|to|of)\s+)?{_TARGETS}",
        _grant,
    ),
    # Kinds and index facts
    (
        rf"(?:the\s+)?{_NAMES_AS}{_KIND_WORD}\s*{NEG_VERB}\s+(?:(?:a|an|the|both|all|two|three|four)"
        rf"\s+)?{_PROPS}(?P<kind>{OBJECT_KIND_PATTERN})\b"
        rf"(?:\s+(?:on|over)\s+(?:the\s+)?(?P<on>{NAME})(?:\s+table)?(?:\s*\((?P<cols>[^)]*)\))?)?",
        _kind_of,
    ),
    (
        rf"(?:the|a|an)\s+{_PROPS}(?P<kind>{OBJECT_KIND_PATTERN})\s+{_NAMES_AS}(?:\s+(?:on|over)\s+(?:the"
        rf"\s+)?(?P<on>{NAME})(?:\s+table)?(?:\s*\((?P<cols>[^)]*)\))?)?",
        _kind_of,
    ),
    (rf"(?P<names>{NAMES})\s+(?:is|are)(?P<neg>\s+not)?\s+(?P<prop>unique|partial|covering|composite)\b", _unique),
    # Counts
    (
        rf"{_NO_FRAME}{_OWNER}?(?:no\s+)(?P<adj>(?:(?:{ADJECTIVES}|{INDEX_PROPERTY_PATTERN})"
        rf"\s+){{0,2}})(?P<kind>{KIND_PATTERN})\b{_SCOPE}",
        _no_count,
    ),
    (
        rf"{_COUNT_FRAME}{_OWNER}?{_Q}\s+(?P<adj>(?:(?:{ADJECTIVES}|{INDEX_PROPERTY_PATTERN})"
        rf"\s+){{0,2}})(?P<kind>{KIND_PATTERN})\b"
        rf"(?:\s+(?P<suffix2>or more|or fewer|or less|at least|at most|in total|in all|overall|altogether))?{_SCOPE}",
        lambda r, m: _count(r, _Suffixed(m)),
    ),
    (
        rf"(?:,\s*(?:and\s+)?|\band\s+|\bas\s+well\s+as\s+|\bplus\s+){_Q}\s+"
        rf"(?P<adj>(?:(?:{ADJECTIVES}|{INDEX_PROPERTY_PATTERN})\s+){{0,2}})(?P<kind>{KIND_PATTERN})\b{_SCOPE}",
        lambda r, m: _count_continued(r, _Suffixed(m)),
    ),
    (
        rf"{_OWNER}(?:an?|one\s+or\s+more|some|several)\s+(?P<kind>triggers?|index(?:es)?|partitions?"
        rf"|check constraints?|foreign keys?)\b",
        _some,
    ),
    (r"(?:\+|\bplus)\s+(?P<kind>partitioned (?:tables?|variants?|copies|versions?))", _some),
    # "the `orders` table": the most general frame, so that "the `x` table has 9 partitions" is a count first.
    (rf"(?:the\s+)?{_NAMES_AS}\s+{_PROPS}(?P<kind>{OBJECT_KIND_PATTERN})\b(?!\s+(?:of|on|in)\b)", _kind_of),
    (
        rf"(?:[a-z_][\w']*\s+)?(?:is|are|must\s+be)\s+(?:validated|checked|enforced|guaranteed|constrained)"
        rf"\s+(?:with|by)\s+(?:an?\s+)?(?:check(?:\s+constraint)?\s+)?{NAME}",
        _check_span,
    ),
    (rf"{NAME}", _check_span),
)
# Compiled once, as the module loads (a build imports it while the database is deployed), not at
# the first statement read.
RULES: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler) for pattern, handler in _RULE_PATTERNS
)


class _Renamed:
    """A match whose alternative groups (``names2``, ``col2``) stand in for the main one."""

    def __init__(self, match: MatchLike, main: str = "names") -> None:
        self._match = match
        self._main = main

    def group(self, name: str | int = 0) -> str:
        if name == self._main:
            return self._match.group(self._main) or self._match.group(f"{self._main}2") or ""
        return self._match.group(name) or ""

    def groupdict(self) -> dict[str, str | None]:
        found = self._match.groupdict()
        found[self._main] = self.group(self._main)
        return found

    def start(self, group: int = 0, /) -> int:
        return self._match.start(group)

    def end(self, group: int = 0, /) -> int:
        return self._match.end(group)


class _Suffixed(_Renamed):
    """A count match whose qualifier may follow the kind ("12 tables or more")."""

    def __init__(self, match: MatchLike) -> None:
        super().__init__(match, "suffix")

    def group(self, name: str | int = 0) -> str:
        if name == "suffix":
            groups = self._match.groupdict()
            found = groups.get("suffix") or groups.get("suffix2") or ""
            return found if found in ("or more", "or fewer", "or less", "at least", "at most") else ""
        return self._match.group(name) or ""


class _Spaced(_Renamed):
    """A match whose operator group is normalised ("at  least" → "at least")."""

    def __init__(self, match: MatchLike) -> None:
        super().__init__(match, "op")

    def group(self, name: str | int = 0) -> str:
        if name == "op":
            return " ".join((self._match.group("op") or "").split())
        return self._match.group(name) or ""
