"""The words the claims reader knows: object kinds, figures with qualifiers, index and partition terms.

Every phrase here is matched against lower-cased statement text in which code spans stand as
``⟨n⟩`` placeholders. Plural and singular forms of a kind share one key.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from introspect.drift.model import Quantity


class MatchLike(Protocol):
    """The part of a regular-expression match a figure is read from."""

    def group(self, name: str | int, /) -> Any: ...  # pragma: no cover - protocol

    def groupdict(self) -> dict[str, Any]: ...  # pragma: no cover - protocol


# Kind phrases for counts, longest first; each maps to the key that checks/counts.py counts.
COUNT_KINDS: tuple[tuple[str, str], ...] = (
    (r"partitioned (?:tables?|variants?|copies|versions?)", "partitioned_tables"),
    (r"materiali[sz]ed[- ]views?|matviews?|mvs?\b", "materialized_views"),
    (
        r"foreign[- ]key (?:relationships?|constraints?|references?)|foreign[- ]keys?|fks?\b|relationships?",
        "foreign_keys",
    ),
    (r"check constraints?|checks?\b", "check_constraints"),
    (r"primary keys?", "primary_keys"),
    (r"unique constraints?", "unique_constraints"),
    (r"functions?\s*(?:/|and|&)\s*procedures?|procedures?\s*(?:/|and|&)\s*functions?|routines?", "routines"),
    (r"stored procedures?|procedures?", "procedures"),
    (r"functions?", "functions"),
    (r"(?:child |leaf )?partitions?", "partitions"),
    (r"(?:ordinary |regular |base |primary |core |main |user )?tables?", "tables"),
    (r"columns?", "columns"),
    (r"index(?:es)?\b|indices", "indexes"),
    (r"(?:plain |regular |ordinary )?views?", "views"),
    (r"triggers?", "triggers"),
    (r"sequences?", "sequences"),
    (r"enum(?:erated)? types?|enums?\b", "enums"),
    (r"(?:user[- ]defined |custom )?types?", "types"),
    (r"domains?", "domains"),
    (r"schemas?|namespaces?", "schemas"),
    (r"roles?", "roles"),
    (r"extensions?", "extensions"),
)

KIND_PATTERN = "|".join(f"(?:{pattern})" for pattern, _ in COUNT_KINDS)

# Words of the kinds an object can be said to be ("`x` is a view"), singular and plural.
OBJECT_KINDS: tuple[tuple[str, str], ...] = (
    (r"partitioned tables?", "partitioned_table"),
    (r"materiali[sz]ed[- ]views?|matviews?|mvs?\b", "materialized_view"),
    (r"partitions?", "partition"),
    (r"tables?", "table"),
    (r"views?", "view"),
    (r"index(?:es)?\b|indices", "index"),
    (r"stored procedures?|procedures?", "procedure"),
    (r"functions?|routines?", "function"),
    (r"triggers?", "trigger"),
    (r"sequences?", "sequence"),
    (r"enum(?:erated)? types?|enums?\b", "enum"),
    (r"domains?", "domain"),
    (r"(?:composite |user[- ]defined |custom )?types?", "type"),
    (r"schemas?", "schema"),
    (r"roles?|users?", "role"),
    (r"extensions?", "extension"),
    (r"objects?|relations?", "relation"),
)

OBJECT_KIND_PATTERN = "|".join(f"(?:{pattern})" for pattern, _ in OBJECT_KINDS)

# Index properties: access methods and shapes.
INDEX_PROPERTIES: tuple[tuple[str, str], ...] = (
    (r"b-?tree", "btree"),
    (r"sp-?gist", "spgist"),
    (r"gist", "gist"),
    (r"gin", "gin"),
    (r"brin", "brin"),
    (r"hash", "hash"),
    (r"unique", "unique"),
    (r"partial|filtered", "partial"),
    (r"covering|include|index-only", "covering"),
    (r"composite|multi-?column|compound|concatenated", "composite"),
    (r"expression|functional", "expression"),
    (r"full-?text(?: search)?", "fulltext"),
)
INDEX_PROPERTY_PATTERN = "|".join(f"(?:{pattern})" for pattern, _ in INDEX_PROPERTIES)

PARTITION_STRATEGIES = {"range": "range", "list": "list", "hash": "hash"}
PERIODS = {
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "quarter": "quarter",
    "quarterly": "quarter",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
}

_UNITS = {
    "zero": 0,
    "no": 0,
    "none": 0,
    "one": 1,
    "a single": 1,
    "single": 1,
    "two": 2,
    "a pair of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNIT_WORDS = "|".join(sorted((w for w in _UNITS if w not in ("no",)), key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
NUMBER_WORDS = (
    rf"(?:(?:a|one) hundred(?: and (?:{_TEN_WORDS})(?:[- ](?:{_UNIT_WORDS}))?| and (?:{_UNIT_WORDS}))?"
    rf"|(?:{_TEN_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNIT_WORDS})"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:(?:{DIGITS})(?:\s?[km]\b)?|\b(?:{NUMBER_WORDS})\b)"

# Qualifiers before a figure, each mapped to how the figure is read.
PREFIX_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"no fewer than|no less than|not fewer than|not less than|at least|a minimum of|minimum of|>=|≥", "at_least"),
    (r"no more than|not more than|at most|up to|a maximum of|maximum of|<=|≤", "at_most"),
    (r"more than|over|greater than|upwards of|above|in excess of|>", "above"),
    (r"fewer than|less than|under|below|<", "below"),
    (r"about|around|roughly|approximately|approx\.?|nearly|almost|some|circa|~|≈", "approx"),
    (r"exactly|precisely|just|only", "exact"),
)
SUFFIX_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"\+", "at_least"),
    (r"or more|or above|and up|and more|at least", "at_least"),
    (r"or fewer|or less|at most|at the most", "at_most"),
)
PREFIX_PATTERN = "|".join(p for p, _ in PREFIX_QUALIFIERS)
QUANTITY = (
    rf"(?:(?P<prefix>{PREFIX_PATTERN})\s*)?(?P<number>{NUMBER})(?P<plus>\+)?"
    r"(?:\s*(?P<unit>kb|mb|gb|tb|bytes|ms|milliseconds?|seconds?|%))?"
)
SUFFIX_PATTERN = r"(?:\s+(?P<suffix>or more|or above|and up|and more|or fewer|or less|at most|at the most))?"


def number_value(text: str) -> float | None:
    """The value of a written number: "12", "1,011", "2.5K", "seven", "twenty-one", "a dozen"."""
    word = " ".join(text.lower().replace("-", " ").split())
    digits = re.fullmatch(rf"({DIGITS})\s?([km])?", word)
    if digits:
        value = float(digits.group(1).replace(",", ""))
        return value * {"k": 1_000, "m": 1_000_000}.get(digits.group(2) or "", 1)
    if word in _UNITS:
        return float(_UNITS[word])
    total = 0
    for part in word.replace(" and ", " ").split():
        if part in ("a", "one") and "hundred" in word:
            continue
        if part == "hundred":
            total = (total or 1) * 100
        elif part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return float(total) if word else None


def quantity_of(match: MatchLike) -> Quantity | None:
    """A Quantity from a match of QUANTITY (+ SUFFIX_PATTERN)."""
    value = number_value(match.group("number") or "")
    if value is None:
        return None
    qualifier = "exact"
    prefix = (match.group("prefix") or "").strip()
    if prefix:
        qualifier = next(q for pattern, q in PREFIX_QUALIFIERS if re.fullmatch(pattern, prefix))
    groups = match.groupdict()
    suffix = groups.get("suffix") or ""
    if match.group("plus"):
        qualifier = "at_least"
    elif suffix:
        qualifier = next(q for pattern, q in SUFFIX_QUALIFIERS if re.fullmatch(pattern, suffix))
    unit_word = (match.group("unit") or "").lower()
    unit = ""
    if unit_word in ("kb", "mb", "gb", "tb", "bytes"):
        value *= {"bytes": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4}[unit_word]
        unit = "bytes"
    elif unit_word:
        unit = "%" if unit_word == "%" else "ms"
        if unit_word.startswith("s"):
            value *= 1000
    return Quantity(value, qualifier, unit, " ".join((match.group(0) or "").split()))


def key_of(phrase: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The key of the first pattern of ``table`` that matches the whole phrase."""
    phrase = " ".join(phrase.lower().split())
    return next((key for pattern, key in table if re.fullmatch(pattern, phrase)), None)


# Words that make leftover text a statement about the schema: such a statement is listed (unchecked)
# even when no rule read it.
SCHEMA_WORDS = re.compile(
    r"\b(?:tables?|views?|materiali[sz]ed|index(?:es|ed)?|indices|columns?|foreign\s+keys?|primary\s+keys?"
    r"|referenc\w*|unique|nullable|null|defaults?|check\s+constraints?|constraints?|cascad\w*|restrict\w*"
    r"|grant\w*|privileges?|triggers?|audit\w*|partition\w*|refresh\w*|extensions?|functions?|procedures?"
    r"|sequences?|roles?|enums?|domains?|identity|serial|brin|gin|gist|btree|b-tree)\b"
)

# Words that assert something even inside a description ("`x` - partitioned by month"): a gloss or
# purpose holding one of them is leftover, not description.
ASSERTION_WORDS = re.compile(
    r"\b(?:partition\w*|cascad\w*|referenc\w*|unique|index(?:ed)?|nullable|null|default|primary|foreign"
    r"|restrict\w*|delet\w*|refresh\w*|audit\w*|trigger\w*|grant\w*|privileg\w*|materiali[sz]ed|brin|gin"
    r"|gist|btree|b-tree|hash|identity|serial|generated|constraint\w*|not|no|never|cannot|can't|without|none"
    r"|must|only)\b"
)

# A figure, not a digit inside a word such as "3NF".
FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*(?:[km]\b|(?![a-z_]))")

# Words with no content of their own: what may be left over in a statement that was fully read.
FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "as",
        "also",
        "both",
        "each",
        "per",
        "our",
        "we",
        "us",
        "you",
        "your",
        "their",
        "them",
        "they",
        "which",
        "who",
        "whose",
        "one",
        "ones",
        "so",
        "then",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "may",
        "should",
        "shall",
        "exists",
        "exist",
        "defined",
        "declared",
        "named",
        "called",
        "example",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "such",
        "including",
        "include",
        "includes",
        "namely",
        "see",
        "note",
        "total",
        "overall",
        "altogether",
        "database",
        "schema",
        "currently",
        "today",
        "now",
        "all",
        "within",
        "inside",
        "while",
        "whereas",
        "but",
        "however",
        "although",
        "yet",
    ]
)
