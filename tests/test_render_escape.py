"""Escaping and naming rules of the generated Markdown, on the hand-built catalog's hostile data."""

from __future__ import annotations

import posixpath

from fixtures.reliability import guarantees
from hypothesis import given
from hypothesis import strategies as st
from test_render_sample import HOSTILE_COMMENT, ODD_TABLE

from introspect.render import links


@guarantees(
    "Hostile text",
    "Names and comments with Markdown, HTML and table syntax are shown literally in every table cell",
)
def test_inline_escapes_html_markdown_and_table_syntax() -> None:
    from introspect.render.text import inline

    escaped = inline(HOSTILE_COMMENT)
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped
    assert "|" not in escaped.replace("&#124;", "")
    assert "`" not in escaped and "{{" not in escaped
    assert "\n" not in escaped and "<br>" in escaped
    assert "naïve café ü" in escaped  # non-ASCII text stays as it is
    assert inline("order_items") == "order_items"  # intraword underscores cannot start emphasis
    assert inline("_x_") == "&#95;x&#95;"


def test_paragraph_cannot_start_a_list_or_quote() -> None:
    from introspect.render.text import paragraph

    assert paragraph("- item") == "&#45; item"
    assert paragraph("1. first") == "&#49;. first"
    assert paragraph("> quoted") == "&gt; quoted"


def test_fence_outlasts_backticks_in_the_code() -> None:
    from introspect.render.text import fence

    block = fence('SELECT 1 AS "```";', "sql")
    assert block.startswith("````sql\n") and block.endswith("\n````")


@guarantees(
    "Hostile text",
    "Page names and anchors made from hostile or near-identical names stay safe, stable and distinct",
)
def test_slugs_are_safe_stable_and_distinct() -> None:
    from introspect.render.text import qualified_slug, slug

    assert qualified_slug("public.orders") == "public.orders"
    odd = qualified_slug(f"Ünïcode.{ODD_TABLE}")
    assert odd == qualified_slug(f"Ünïcode.{ODD_TABLE}")
    assert all(c.isalnum() or c in "._-" for c in odd) and odd.isascii()
    assert slug("Orders") != slug("orders")  # case differences never collide on disk


def test_human_size_rounds_to_two_figures() -> None:
    from introspect.render.text import human_size

    assert [human_size(n) for n in (512, 1536, 10 * 1024, 123 * 1024 * 1024)] == ["512 B", "1.5 kB", "10 kB", "120 MB"]


_PART = st.sampled_from(["dictionary", "erd", "tables", "part-1", "x.md", "a b", "sales.orders.md", ".", ".."])


@given(st.lists(_PART, min_size=1, max_size=4), st.lists(_PART, max_size=3))
def test_relative_links_are_what_posixpath_computes(path: list[str], start: list[str]) -> None:
    assert links._relative_path("/".join(path), "/".join(start)) == posixpath.relpath(
        "/".join(path), "/".join(start) or "."
    )
