"""A Markdown extension that spares Python-Markdown's inline patterns the texts none of them can
match: a generated page is mostly table cells such as ``yes``, ``btree`` or ``8.0 kB``, and each text
is otherwise tried against every pattern in turn (a sixth of a thousand-table site's conversion).

A text is left alone (marked ``AtomicString``, which the inline processor skips) only when it holds
none of the characters the standard patterns start with, and only when the registered patterns are
exactly the standard ones: an extension adding its own (emoji, bare links) turns this off. The mark is
taken off again right after the inline processor, so later processors (smart quotes, abbreviations)
see the texts as usual. The HTML is the same either way; a test compares them.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Python-Markdown's own inline patterns, and every character one of them needs: ` (code), \ (escapes),
# [ and ! (links, images, references), < (autolinks, raw HTML), & (entities), * and _ (emphasis),
# two spaces before a line break, and STX/ETX (placeholders of text already stashed).
STANDARD_PATTERNS = (
    "backtick",
    "escape",
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
    "autolink",
    "automail",
    "linebreak",
    "html",
    "entity",
    "not_strong",
    "em_strong",
    "em_strong2",
)
_MAY_MATCH = re.compile(r"[`\\\[!<&*_\x02\x03]|  \n")
# Around the inline processor (priority 20): marked just before it, unmarked just after.
MARK, UNMARK = "schemadoc_plain_text", "schemadoc_plain_text_end"
PRIORITIES = {MARK: 20.5, UNMARK: 19.5}


class _Plain(util.AtomicString):  # type: ignore[misc]
    """A text this extension marked (told apart from the atomic strings of others)."""


class _Mark(Treeprocessor):  # type: ignore[misc]
    def run(self, root: Any) -> None:
        processors, patterns = self.md.treeprocessors, self.md.inlinePatterns
        if "inline" not in processors or sum(name in patterns for name in STANDARD_PATTERNS) != len(patterns):
            return
        inline = processors.get_index_for_name("inline")
        if processors.get_index_for_name(MARK) != inline - 1 or processors.get_index_for_name(UNMARK) != inline + 1:
            return  # something else runs in between: leave every text to it
        may_match = _MAY_MATCH.search
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and not isinstance(text, util.AtomicString) and not may_match(text):
                element.text = _Plain(text)
            if tail and not isinstance(tail, util.AtomicString) and not may_match(tail):
                element.tail = _Plain(tail)


class _Unmark(Treeprocessor):  # type: ignore[misc]
    def run(self, root: Any) -> None:
        for element in root.iter():
            if type(element.text) is _Plain:
                element.text = str(element.text)
            if type(element.tail) is _Plain:
                element.tail = str(element.tail)


class PlainTextExtension(Extension):  # type: ignore[misc]
    """Registered by the schemadoc MkDocs plugin for every page of the site."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Mark(md), MARK, PRIORITIES[MARK])
        md.treeprocessors.register(_Unmark(md), UNMARK, PRIORITIES[UNMARK])
