"""Diagram -> Graphviz DOT -> SVG/PNG with pygraphviz.

The DOT source is what the drift check compares, so it is made here from the catalog alone, with
every name escaped (``boxes``); pygraphviz is imported where it draws, so commands that draw
nothing skip loading Graphviz.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator

from introspect.erd.boxes import dot_statements
from introspect.erd.select import Diagram
from introspect.erd.text import visible_controls

FORMATS = ("svg", "png", "dot")


def _dot_string(text: str) -> str:
    """Text for a quoted DOT string."""
    return visible_controls(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# The graph's settings: boxes laid out left to right, dashed grey edges with room for their labels.
_GRAPH_SETTINGS = """    graph [rankdir=LR];
    node [label="\\N",
        shape=plaintext
    ];
    edge [color=gray50,
        minlen=2,
        style=dashed
    ];"""


def to_dot(diagram: Diagram) -> str:
    """The DOT source of a diagram: its title, the graph settings, its boxes and its edges."""
    boxes, edges = dot_statements(diagram)
    title = _dot_string(diagram.title)
    return (
        f'graph {{\n    label="{title}"; labelloc=t; fontname="Helvetica";\n{_GRAPH_SETTINGS}\n'
        + "\n".join(boxes)
        + "\n"
        + "\n".join(edges)
        + "\n}\n"
    )


def render(diagram: Diagram, fmt: str = "svg") -> bytes:
    """The diagram drawn by Graphviz's dot layout; identical input gives identical bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}: expected one of {', '.join(FORMATS)}")
    dot = to_dot(diagram)
    if fmt == "dot":
        return dot.encode("utf-8")
    return draw(dot, fmt)


# Libraries under Graphviz write to file descriptor 2 directly; these lines say nothing about the
# diagram (the fontconfig bundled in the pygraphviz wheel reads the system's newer configuration).
_LIBRARY_NOISE = ("Fontconfig warning", "Fontconfig error")


@contextlib.contextmanager
def _library_stderr() -> Iterator[None]:
    """Collect what C libraries write to stderr meanwhile; pass on all but their known noise."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            for line in captured.read().decode("utf-8", "replace").splitlines():
                if line.strip() and not line.startswith(_LIBRARY_NOISE):
                    print(line, file=sys.stderr)


def draw(dot: str, fmt: str = "svg") -> bytes:
    """DOT source drawn by Graphviz's dot layout, without the libraries' console noise."""
    import pygraphviz  # the Graphviz library: loaded by the commands that draw

    with _library_stderr():
        graph = pygraphviz.AGraph(string=dot)
        data = graph.draw(format=fmt, prog="dot")
    assert isinstance(data, bytes)
    return compact_svg(data) if fmt == "svg" else data


# Comments, and titles that only repeat the node and edge ids (n0, n0:p1->n3:p0) of our DOT source.
_COMMENT = re.compile(rb"<!--.*?-->\n?|<title>[^<]*</title>\n?", re.S)
_TEXT_TAG = re.compile(rb"<text( [^>]*)>")
_FONT_ATTRIBUTE = re.compile(rb' (font-family|font-size)="[^"]*"')
_ROOT_GROUP = re.compile(rb'<g id="graph0" class="graph"')


def compact_svg(data: bytes) -> bytes:
    """Graphviz's SVG drawn the same in fewer bytes: no comments or id titles, and the font attributes it repeats
    on every text given once to the whole graph, which the texts inherit (SVG presentation
    attributes apply to an element's descendants). xml:space stays on each text: browsers do not
    inherit it."""
    data = _COMMENT.sub(b"", data)
    tags = _TEXT_TAG.findall(data)
    if not tags or not _ROOT_GROUP.search(data):
        return data
    fonts = Counter(m.group(0) for tag in tags for m in _FONT_ATTRIBUTE.finditer(tag))
    shared = [
        max((a for a in fonts if a.startswith(f" {name}=".encode())), key=lambda a: (fonts[a], a), default=b"")
        for name in ("font-family", "font-size")
    ]

    def lighter(match: re.Match[bytes]) -> bytes:
        attributes = match.group(1)
        for attribute in shared:
            if attribute:
                attributes = attributes.replace(attribute, b"", 1)
        return b"<text" + attributes + b">"

    data = _TEXT_TAG.sub(lighter, data)
    return _ROOT_GROUP.sub(lambda m: m.group(0) + b"".join(shared), data, count=1)
