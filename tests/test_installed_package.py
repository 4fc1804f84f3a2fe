"""schemadoc as a user installs it: a wheel in a fresh virtual environment, run in an empty directory.

The wheel is built from this checkout and installed without its dependencies into a new venv; the
dependencies come from the development venv through a path file, which adds directories to
sys.path but runs none of their start-up hooks, so the editable install of this checkout stays
out of sight and only the wheel's copy of the package can be imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASE_SCHEMA = REPO / "tests" / "drift_cases" / "library" / "schema.sql"
PAGILA = REPO.parent / "shared" / "corpus" / "pagila"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bin directory of a fresh venv holding the wheel of this checkout."""
    root = tmp_path_factory.mktemp("installed")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("schemadoc-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "schemadoc-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    yield venv / "bin"


def schemadoc(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(bin_dir / "schemadoc"), "-q", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_wheel_is_what_runs(installed: Path, tmp_path: Path) -> None:
    script = "import introspect, introspect.render.environment as e; print(introspect.__file__); print(e.TEMPLATES_DIR)"
    result = subprocess.run(
        [str(installed / "python"), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    package, templates = result.stdout.split()
    assert str(installed.parent) in package and str(installed.parent) in templates
    assert (Path(templates) / "table.md.j2").is_file()


def test_init_build_check_in_an_empty_directory(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    assert schemadoc(installed, project, "init").returncode == 0
    again = schemadoc(installed, project, "init")
    assert again.returncode == 2 and "mkdocs.yml" in again.stderr  # init never overwrites
    shutil.copy(CASE_SCHEMA, project / "schema" / "10_library.sql")
    build = schemadoc(installed, project, "build")
    assert build.returncode == 0, build.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "reference" / "erd" / "schema.svg").is_file()
    check = schemadoc(installed, project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    with (project / "schema" / "10_library.sql").open("a", encoding="utf-8") as schema:
        schema.write("\nCREATE TABLE lending.fines (fine_id integer PRIMARY KEY, amount numeric NOT NULL);\n")
    drifted = schemadoc(installed, project, "check")
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert "table lending.fines was added" in drifted.stdout


@pytest.mark.skipif(not PAGILA.is_dir(), reason="../shared/corpus/pagila is absent")
def test_pagila_from_init_to_a_clean_check(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "pagila"
    (project / "schema").mkdir(parents=True)
    shutil.copy(PAGILA / "pagila-schema.sql", project / "schema" / "10_pagila-schema.sql")
    init = schemadoc(installed, project, "init")  # finds the schema: the overview states its counts
    assert init.returncode == 0, init.stderr
    assert "**Tables**:" in (project / "docs_src" / "overview.md").read_text(encoding="utf-8")
    build = schemadoc(installed, project, "build")
    assert build.returncode == 0, build.stderr
    check = schemadoc(installed, project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    with (project / "schema" / "20_change.sql").open("w", encoding="utf-8") as change:
        change.write("ALTER TABLE public.actor ADD COLUMN nickname text;\n")
    drifted = schemadoc(installed, project, "check")
    assert drifted.returncode == 1 and "public.actor" in drifted.stdout, drifted.stdout + drifted.stderr


def test_every_package_of_the_source_tree_is_in_the_wheel() -> None:
    import tomllib

    repo = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(repo).parts) for init in (repo / "introspect").rglob("__init__.py")}
    assert found - listed == set()
