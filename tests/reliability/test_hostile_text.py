"""Hostile text, generated: names and comments made of Markdown, HTML and Jinja metacharacters,
backticks, pipes, newlines, control characters, right-to-left marks, emoji, long comments and
63-byte multibyte names. Every page shows them literally, the HTML gains nothing from them, the
site builds strict, and the diagram sources stay valid Graphviz."""

from __future__ import annotations

import html.parser
import re
import shutil
import tempfile
from pathlib import Path

import pygraphviz
import pytest
from fixtures.reliability import guarantees
from fixtures.shop import col, fk, table
from hypothesis import given, settings
from hypothesis import strategies as st

from introspect.catalog.model import Catalog, Constraint
from introspect.erd.mermaid import to_mermaid
from introspect.erd.select import whole_schema
from introspect.render.pages import render_reference
from introspect.render.site import run_mkdocs, stage_docs, write_tree

REPO = Path(__file__).resolve().parents[2]
# The shapes of erDiagram line schemadoc writes (checked here by pattern: no Mermaid parser runs offline).
_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_LABEL = r'"[^"\n\x00-\x1f\x7f]*"'
MERMAID_LINES = [
    re.compile(rf"    {_ID}\[{_LABEL}\]( \{{)?"),
    re.compile(rf"        {_ID} {_ID}( (PK|FK)(, (PK|FK))*)?( {_LABEL})?"),
    re.compile(r"    \}"),
    re.compile(rf"    {_ID} (\|\||\|o)--o\{{ {_ID} : {_LABEL}"),
    re.compile(rf"    {_ID} \}}o\.\.o\{{ {_ID} : {_LABEL}"),
]
PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", "{{ 7*7 }}", "{% raw %}", "{#",
    "`", "``", "|", "\\|", "*", "_", "[x](javascript:alert(1))", "# ", "> ", "- ", "&amp;", "&", "\"", "'",
    "\u202e", "\u200f", "\U0001f680", "é", "ß", "\t", "\x07", "$$", "%", "\\", ";", "--", "/*",
]  # fmt: skip


def _text(draw: st.DrawFn, *, max_pieces: int) -> str:
    parts = draw(
        st.lists(st.sampled_from(PIECES) | st.text(alphabet="abcxyz ", max_size=4), min_size=1, max_size=max_pieces)
    )
    return "".join(parts)


@st.composite
def hostile_names(draw: st.DrawFn) -> tuple[str, str, str]:
    """A table name (at most 63 bytes, as PostgreSQL keeps), a column name and a comment."""
    name = _text(draw, max_pieces=6).replace("\x00", "")
    while len(name.encode()) > 63:
        name = name[:-1]
    column = _text(draw, max_pieces=4)[:40] or "c"
    comment = _text(draw, max_pieces=12) + ("\nsecond line" if draw(st.booleans()) else "")
    if draw(st.booleans()):
        comment += " long" * 2000  # a 10 kB comment
    return name or "t", column, comment


def _catalog(name: str, column: str, comment: str) -> Catalog:
    parent = table("parent", [col("id", 1)], (Constraint("public.parent", "parent_pkey", "primary_key", ("id",),
                   "PRIMARY KEY (id)"),), comment="benign")  # fmt: skip
    link = fk(name, "hostile_fk", "parent_id", "parent", "cascade")
    hostile = table(name, [col("parent_id", 1), col(column, 2, comment=comment)], (link,), comment=comment)
    return Catalog(database="hostile", server_version="15", server_version_num=150000, tables=(parent, hostile))


class _Tags(html.parser.HTMLParser):
    """The tag and attribute names of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[tuple[str, str]] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add((tag, ""))
        self.tags.update((tag, attribute) for attribute, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(page: Path) -> _Tags:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _visible(text: str) -> str:
    """What a reader sees of a text: printable characters, runs of white space as one space."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site built from plain names: what a hostile page may contain, and no more."""
    return _build(_catalog("plain", "plain_column", "plain comment"), tmp_path_factory.mktemp("plain"))


def _build(catalog: Catalog, work: Path) -> Path:
    docs = work / "docs"
    docs.mkdir(parents=True)
    (docs / "overview.md").write_text("# Hostile\n\nSee the [dictionary](reference/dictionary/index.md).\n")
    write_tree(render_reference(catalog), docs / "reference")
    stage_docs(docs, work / "stage", {})
    run_mkdocs(REPO / "mkdocs.yml", work / "stage", work / "site")
    return work / "site"


@guarantees(
    "Hostile text",
    "Generated names and comments (Markdown, HTML and Jinja metacharacters, backticks, pipes, newlines, "
    "control characters, right-to-left marks, emoji, 10 kB comments, 63-byte multibyte names): the site "
    "builds strict, every page shows them literally, the HTML gains no element or attribute, the diagram "
    "sources stay valid Graphviz",
)
@settings(max_examples=6, deadline=None)
@given(hostile_names())
def test_hostile_names_and_comments(baseline: Path, names: tuple[str, str, str]) -> None:
    name, column, comment = names
    work = Path(tempfile.mkdtemp(prefix="schemadoc-hostile-"))  # one per example: hypothesis reruns the body
    try:
        site = _build(_catalog(name, column, comment), work / "hostile")
        hostile_page = next(p for p in (site / "reference" / "dictionary").glob("*.html") if "parent" not in p.name
                            and p.name != "index.html")  # fmt: skip
        plain_page = baseline / "reference" / "dictionary" / "public.plain.html"
        hostile, plain = _parsed(hostile_page), _parsed(plain_page)
        assert hostile.tags <= plain.tags | {("br", "")}, hostile.tags - plain.tags
        shown = _visible("".join(hostile.text))
        for literal in (name, column, comment.split("\n")[0][:200]):
            if _visible(literal):
                assert _visible(literal)[:60] in shown, (literal, hostile_page)
        for source in (site.parent / "stage" / "reference" / "erd").rglob("*.dot"):
            pygraphviz.AGraph(string=source.read_text(encoding="utf-8"))
        lines = to_mermaid(whole_schema(_catalog(name, column, comment))).splitlines()
        assert lines[0] == "erDiagram"
        bad = [line for line in lines[1:] if not any(form.fullmatch(line) for form in MERMAID_LINES)]
        assert bad == [], bad
    finally:
        shutil.rmtree(work, ignore_errors=True)
