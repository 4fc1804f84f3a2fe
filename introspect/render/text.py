"""Text helpers for generated Markdown: escaping, anchors, file names, sizes.

Everything a page shows comes from the database, so every piece of data is escaped here, in
Python, before a template sees it. Templates never format or escape anything themselves.
"""

from __future__ import annotations

import hashlib
import re

# Characters that HTML or Markdown (tables, emphasis, links, code, attr lists, headings) would
# interpret; each becomes a numeric character reference, which renders as the literal character.
# An underscore only starts or ends emphasis next to a non-word character, so ``order_items``
# stays readable in the generated Markdown.
_MARKDOWN_ACTIVE = "&<>|`*[]\\#{}"
_ESCAPES = {ch: f"&#{ord(ch)};" for ch in _MARKDOWN_ACTIVE + "_"}
_ESCAPES["&"] = "&amp;"
_ESCAPES["<"] = "&lt;"
_ESCAPES[">"] = "&gt;"
_ESCAPE_RE = re.compile("[" + re.escape(_MARKDOWN_ACTIVE) + "]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LINE_START_ACTIVE = re.compile(r"^[-+0-9>!:]")  # list items, quotes, images, definitions
_SAFE_NAME = re.compile(r"^[a-z0-9_]+$")
_SAFE_KEY = re.compile(r"^[a-z0-9_.]+$")
_UNSAFE_CHARS = re.compile(r"[^a-z0-9_]+")


def inline(text: str | None) -> str:
    """Data shown literally inside a Markdown line or table cell (newlines become ``<br>``)."""
    if text is None:
        return ""
    escaped = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def paragraph(text: str | None) -> str:
    """Data shown literally as a paragraph of its own (it must not start a list or a quote)."""
    return _neutral_line_start(inline(text))


def _neutral_line_start(line: str) -> str:
    """Escape a leading character that would turn a line into a list, quote or image."""
    stripped = line.lstrip(" ")
    if stripped and _LINE_START_ACTIVE.match(stripped):
        indent = len(line) - len(stripped)
        return " " * indent + f"&#{ord(stripped[0])};" + stripped[1:]
    return line


def code(text: str | None) -> str:
    """Data shown literally in monospace inside a line or table cell."""
    if not text:
        return ""
    return f"<code>{inline(text)}</code>"


def fence(text: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run in the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marker = "`" * max(3, longest + 1)
    body = text.rstrip("\n")
    return f"{marker}{language}\n{body}\n{marker}"


def slug(name: str) -> str:
    """A deterministic, collision-free, lower-case ASCII form of a name for ids and file names."""
    lowered = name.lower()
    if _SAFE_NAME.match(lowered) and lowered == name:
        return name
    readable = _UNSAFE_CHARS.sub("-", lowered).strip("-") or "x"
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"


def qualified_slug(key: str) -> str:
    """File-name form of a qualified name: each part slugged, joined by a dot."""
    schema, _, name = key.partition(".")
    return f"{slug(schema)}.{slug(name)}" if name else slug(schema)


def anchor(kind: str, key: str) -> str:
    """An HTML id for an object of a kind on a page, e.g. ``column-customer_id``."""
    return f"{kind}-{key if _SAFE_KEY.match(key) else slug(key)}"


def human_size(num_bytes: int) -> str:
    """Bytes in binary units, rounded to two significant figures so pages stay stable."""
    if num_bytes < 1024:
        return f"{num_bytes} B"
    value = float(num_bytes)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    if value < 10:
        return f"{value:.1f} {unit}"
    rounded = round(value, -1) if value >= 100 else round(value)
    return f"{int(rounded)} {unit}"


def thousands(number: int) -> str:
    """An integer with thousands separators: 150000 -> 150,000."""
    return f"{number:,}"


def yes_no(flag: bool) -> str:
    """A flag as a word readers scan quickly."""
    return "yes" if flag else "no"
