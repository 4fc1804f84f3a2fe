"""Load: several builds at once, in different projects and in one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fixtures.reliability import guarantees
from fixtures.trees import tree_digest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = """\
CREATE TABLE authors (author_id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (book_id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES authors, title text);
CREATE INDEX books_author_idx ON books (author_id);
"""


def _project(root: Path, name: str) -> Path:
    project = root / name
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "10_tables.sql").write_text(SCHEMA, encoding="utf-8")
    assert _schemadoc(project, "init", "--title", name).wait() == 0
    return project


def _schemadoc(project: Path, *arguments: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "introspect.cli", *arguments]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@guarantees("Load", "Four builds at once, each in its own project: all succeed, each with its own server")
def test_four_builds_at_once(tmp_path: Path) -> None:
    projects = [_project(tmp_path, f"project{number}") for number in range(4)]
    builds = [_schemadoc(project, "build", "--no-cache") for project in projects]
    results = [(build.wait(timeout=600), build.communicate()[1]) for build in builds]
    assert all(code == 0 for code, _ in results), results
    for project in projects:
        assert _schemadoc(project, "-q", "check", "--no-cache").wait(timeout=600) == 0
        assert (project / "site" / "index.html").is_file()


@guarantees(
    "Load",
    "Two builds of one project at once: the second waits for the first, both succeed, and the result is "
    "one whole build, never a mix",
)
def test_two_builds_of_one_project(tmp_path: Path) -> None:
    project = _project(tmp_path, "shared")
    first, second = _schemadoc(project, "build"), _schemadoc(project, "build")
    outcomes = [(build.wait(timeout=600), build.communicate()[1]) for build in (first, second)]
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert any("waiting for it to finish" in err for _, err in outcomes), outcomes
    reference = tree_digest(project / "docs_src" / "reference")
    assert _schemadoc(project, "-q", "build").wait(timeout=600) == 0
    assert tree_digest(project / "docs_src" / "reference") == reference
    assert not [path for path in project.rglob(".*.new-*")] and not [path for path in project.rglob(".*.old-*")]
