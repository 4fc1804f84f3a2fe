"""The claims guide's examples, run: every "Statement | Verdict" row and every example block with
its "Line | Verdict" table must get that verdict on the canonical schema with its sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from introspect.catalog.load import load_catalog
from introspect.drift import claims as claims_module
from introspect.drift.claims import StatementResult
from introspect.drift.overview import read_statements
from introspect.drift.probe import Probe

GUIDE = Path(__file__).resolve().parents[1] / "docs_src" / "guide" / "claims.md"


def _tables(tokens: list) -> list[tuple[int, list[str], list[list[str]]]]:
    """(token index, header cells, body rows of raw inline Markdown) of every table."""
    found = []
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        header: list[str] = []
        rows: list[list[str]] = []
        in_head = False
        for inner in tokens[index + 1 :]:
            if inner.type == "table_close":
                break
            if inner.type == "thead_open":
                in_head = True
            elif inner.type == "thead_close":
                in_head = False
            elif inner.type == "tr_open" and not in_head:
                rows.append([])
            elif inner.type == "inline":
                (header if in_head else rows[-1]).append(inner.content.strip())
        found.append((index, header, rows))
    return found


def examples() -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(name, overview text, [(line, verdict)]) for every example of the guide."""
    tokens = MarkdownIt("commonmark").enable("table").parse(GUIDE.read_text(encoding="utf-8"))
    found = []
    for index, header, rows in _tables(tokens):
        if header == ["Statement", "Verdict"]:
            for statement, verdict in rows:
                found.append((statement, statement + "\n", [(1, verdict)]))
        elif header == ["Line", "Verdict"]:
            block = next(t for t in reversed(tokens[:index]) if t.type == "fence")
            text = block.content
            if block.info.strip() == "sql":  # an SQL example is read as the overview's SQL block
                text = "```sql\n" + text + "```\n"
                rows = [[str(int(line) + 1), verdict] for line, verdict in rows]
            found.append((block.content.splitlines()[0], text, [(int(line), verdict) for line, verdict in rows]))
    return found


EXAMPLES = examples()


def test_the_guide_has_examples_of_every_verdict() -> None:
    verdicts = {verdict for _, _, expected in EXAMPLES for _, verdict in expected}
    assert verdicts == {"pass", "fail", "unchecked"}
    assert len(EXAMPLES) >= 60


@pytest.fixture(scope="module")
def judge(sample_dsn: str) -> object:
    catalog = load_catalog(sample_dsn)

    def run(text: str) -> list[StatementResult]:
        with Probe(sample_dsn) as probe:
            readings = read_statements(text)
            return claims_module.evaluate(readings, catalog, queries_dir=GUIDE.parent, probe=probe)

    return run


@pytest.mark.parametrize(("name", "text", "expected"), EXAMPLES, ids=[e[0][:60] for e in EXAMPLES])
def test_guide_example(name: str, text: str, expected: list[tuple[int, str]], judge: object) -> None:
    results = judge(text)  # type: ignore[operator]
    got = [(r.line, r.status) for r in results]
    assert got == expected, "\n".join(f"{r.line} {r.status}: {r.text} => {r.measured}" for r in results)
