"""The MkDocs warm-up imports what the configuration names, compiles its theme's templates, and
never fails a build itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO_DIR

from introspect.render.mkdocs_preload import preload_mkdocs

_PROBE = """
import sys
from pathlib import Path
from introspect.render.compiled_templates import COMPILED_TEMPLATES
from introspect.render.mkdocs_preload import preload_mkdocs
failures = []
import threading
threading.excepthook = lambda hook: failures.append(hook.exc_value)
preload_mkdocs(Path(sys.argv[1])).join()
print(" ".join(sorted(name for name in sys.argv[2:] if name in sys.modules)))
print(failures)
print(len(COMPILED_TEMPLATES))
"""


def _probe(config_file: Path, *modules: str) -> list[str]:
    found = subprocess.run(
        [sys.executable, "-c", _PROBE, str(config_file), *modules],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_DIR,
    )
    return found.stdout.splitlines()


def test_the_theme_plugins_and_extensions_of_the_config_are_imported() -> None:
    wanted = ("mkdocs.commands.build", "material", "pymdownx.superfences", "markdown.extensions.toc")
    imported, failures, compiled = _probe(REPO_DIR / "mkdocs.yml", *wanted)
    assert imported.split() == sorted(wanted)
    assert failures == "[]"
    assert int(compiled) > 20  # Material's main page template, its parents and partials


def test_a_config_naming_what_is_not_installed_is_left_to_the_build(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ntheme: {name: no-such-theme}\nplugins: [no-such-plugin]\n"
        "markdown_extensions: [no_such_extension, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    imported, failures, compiled = _probe(config, "mkdocs.commands.build", "markdown.extensions.toc")
    assert imported.split() == ["markdown.extensions.toc", "mkdocs.commands.build"]
    assert failures == "[]"
    assert compiled == "0"


def test_an_unreadable_config_is_left_to_the_build(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    imported, failures, compiled = _probe(config, "mkdocs.commands.build")
    assert imported.split() == ["mkdocs.commands.build"]
    assert failures == "[]"
    assert compiled == "0"


def test_more_warming_up_runs_after_the_imports_and_its_failure_is_left_to_the_build(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    ran: list[str] = []

    def then() -> None:
        ran.append("mkdocs.commands.build" if "mkdocs.commands.build" in sys.modules else "too soon")
        raise RuntimeError("left to the build")

    thread = preload_mkdocs(config, then=then, start=False)
    assert not thread.is_alive()  # the caller starts it
    thread.start()
    thread.join()
    assert ran == ["mkdocs.commands.build"]
