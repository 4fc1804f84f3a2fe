"""Bad schema input: every broken source stops with exit 2, says where, and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.reliability import guarantees
from fixtures.trees import tree_digest

from introspect.cli.main import main

REPO = Path(__file__).resolve().parents[2]

# case: (the file's text, what the first line of the error says)
BROKEN_SCRIPTS = {
    "syntax_error": (
        "CREATE TABLE a (\n    id integer\n    name text\n);\n",
        "10_a.sql:3:5: ERROR: syntax error",
    ),
    "unknown_type": (
        "CREATE TABLE a (id integer, amount money_amount);\n",
        '10_a.sql:1:36: ERROR: type "money_amount"',
    ),
    "missing_dependency": (
        "CREATE VIEW v AS\n  SELECT id FROM nowhere;\n",
        '10_a.sql:2:18: ERROR: relation "nowhere"',
    ),
    "duplicate_object": (
        "CREATE TABLE a (id integer);\nCREATE TABLE a (id integer);\n",
        '10_a.sql:2:1: ERROR: relation "a" already',
    ),
    "unterminated_dollar_quote": (
        "CREATE FUNCTION f() RETURNS int AS $$\n SELECT 1;\n",
        "10_a.sql:1:36: ERROR: unterminated dollar",
    ),
    "unterminated_comment": (
        "CREATE TABLE a (id integer);\n/* never closed\n",
        "10_a.sql:2:1: ERROR: unterminated /* comment",
    ),
    "unknown_meta_command": (
        "CREATE TABLE a (id integer);\n\\frobnicate now\n",
        "10_a.sql:2:1: ERROR: invalid command \\frobnicate",
    ),
}


def _deploy(schema: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["-q", "deploy", "--schema-dir", str(schema)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", sorted(BROKEN_SCRIPTS))
@guarantees(
    "Bad schema input",
    "A syntax error, an unknown type, a missing dependency, a duplicate object, an unterminated dollar quote "
    "or comment, an unknown psql meta-command: exit 2 with `file:line:col`, the statement and PostgreSQL's "
    "detail and hint",
)
def test_a_broken_script_says_where(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, expected = BROKEN_SCRIPTS[case]
    (tmp_path / "10_a.sql").write_text(text, encoding="utf-8")
    code, err = _deploy(tmp_path, capsys)
    assert code == 2
    first = err.splitlines()[0]
    assert expected in first, first
    assert len(err.splitlines()) > 1  # the statement excerpt follows


@guarantees("Bad schema input", "A file that is not UTF-8: exit 2 naming the file and line")
def test_a_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "10_a.sql").write_bytes(b"CREATE TABLE a (id integer);\nCOMMENT ON TABLE a IS 'caf\xe9';\n")
    code, err = _deploy(tmp_path, capsys)
    assert code == 2
    assert "10_a.sql:2:" in err.splitlines()[0] and "UTF8" in err


@pytest.mark.parametrize("shape", ["empty", "missing"])
@guarantees("Bad schema input", "An empty or missing schema directory: exit 2 with a sentence saying which")
def test_an_empty_or_missing_schema_directory(shape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "schema"
    if shape == "empty":
        schema.mkdir()
    code, err = _deploy(schema, capsys)
    assert code == 2
    assert ("no .sql files" if shape == "empty" else "does not exist") in err


@guarantees("Bad schema input", "A symlink loop among the schema files: exit 2 naming the file, nothing applied")
def test_a_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "10_a.sql").symlink_to(tmp_path / "20_b.sql")
    (tmp_path / "20_b.sql").symlink_to(tmp_path / "10_a.sql")
    code, err = _deploy(tmp_path, capsys)
    assert code == 2
    assert "10_a.sql" in err


@guarantees("Bad schema input", "A 50 MB file broken on its last line: exit 2 naming that line")
def test_a_large_file_broken_at_its_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = 600_000
    with (tmp_path / "10_big.sql").open("w", encoding="utf-8") as out:
        out.write("CREATE TABLE big (id integer, payload text);\nCOPY big FROM stdin;\n")
        for number in range(rows):
            out.write(f"{number}\t{'x' * 80}\n")
        out.write("\\.\nSELECT * FROM no_such_table;\n")
    assert (tmp_path / "10_big.sql").stat().st_size > 50 << 20
    code, err = _deploy(tmp_path, capsys)
    assert code == 2
    assert f'10_big.sql:{rows + 4}:15: ERROR: relation "no_such_table" does not exist' in err.splitlines()[0]


@guarantees("Bad schema input", "A failing build leaves `docs_src/` and `site/` byte for byte as they were")
def test_a_failing_build_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "10_a.sql").write_text("CREATE TABLE a (id integer PRIMARY KEY);\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["-q", "init", "--title", "Broken later"]) == 0
    assert main(["-q", "build", "--no-cache"]) == 0
    before = (tree_digest(project / "docs_src"), tree_digest(project / "site"))
    (project / "schema" / "20_b.sql").write_text("CREATE TABLE b (id integer REFERENCES nowhere);\n", encoding="utf-8")
    assert main(["-q", "build", "--no-cache"]) == 2
    assert (tree_digest(project / "docs_src"), tree_digest(project / "site")) == before
    shutil.rmtree(project / "schema")
