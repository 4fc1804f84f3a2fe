"""The plain-text shortcut of the schemadoc Markdown extension changes no page: the same HTML with
and without it, for any text, and it stands aside when an extension brings inline patterns of its own."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from introspect.render.plain_text import PlainTextExtension

REPO = Path(__file__).resolve().parents[1]
SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
CONFIGS = {"toc": {"permalink": True}}

# Every character an inline pattern cares about, between plain words, in blocks where inline
# Markdown is processed (paragraphs, headings, table cells, lists, admonitions).
_PIECES = st.sampled_from(
    ["word", "x_y", "*", "**", "_", "`", "``", "[", "]", "(", "http://h/p", ")", "!", "<", ">", "<b>", "&", "&amp;",
     "\\", "  \n", "\n", " ", "|", "{: #id }", "--", "\"q\"", "...", "é", "#"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=25).map("".join)


def _page(texts: list[str]) -> str:
    cells = " | ".join(t.replace("\n", " ").replace("|", "") or "-" for t in texts[:3])
    return (
        f"# {texts[0].splitlines()[0] if texts[0].strip() else 'T'}\n\n{texts[1]}\n\n"
        f"| a | b | c |\n| --- | --- | --- |\n| {cells} |\n\n- {texts[2]}\n\n!!! note\n    {texts[3]}\n"
    )


def _html(text: str, extensions: list[object]) -> str:
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=4, max_size=4))
def test_any_text_converts_to_the_same_html(texts: list[str]) -> None:
    page = _page(texts)
    assert _html(page, [*SITE_EXTENSIONS, PlainTextExtension()]) == _html(page, SITE_EXTENSIONS)


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=4, max_size=4))
def test_an_extension_with_its_own_inline_patterns_turns_it_off(texts: list[str]) -> None:
    page = _page(texts) + "\n-- 'quoted' ... <<x>>\n"
    with_smarty = [*SITE_EXTENSIONS, "smarty"]
    assert _html(page, [*with_smarty, PlainTextExtension()]) == _html(page, with_smarty)


def test_the_canonical_pages_convert_to_the_same_html() -> None:
    pages = sorted((REPO / "docs_src").rglob("*.md"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert _html(text, [*SITE_EXTENSIONS, PlainTextExtension()]) == _html(text, SITE_EXTENSIONS), path
