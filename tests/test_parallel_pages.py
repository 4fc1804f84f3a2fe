"""MkDocs pages converted on every core beforehand: the site is the one a single core builds, and a
strict build still fails on a warning raised while a worker converted a page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.pages import Page

from introspect.errors import SchemadocError
from introspect.render import parallel_pages
from introspect.render.site import available_cores, run_mkdocs

PAGES = 40
MKDOCS_YML = """\
site_name: Parallel
docs_dir: docs
strict: true
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - schemadoc
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
"""


def _page(number: int, extra: str = "") -> str:
    following = f"t{(number + 1) % PAGES:03}"
    return (
        f'---\ntitle: t{number:03}\n---\n\n# t{number:03}\n\n!!! info "Generated page"\n    Number {number}.\n\n'
        "## Columns\n\n| Column | Type | Description |\n| --- | --- | --- |\n"
        f'| <a id="column-id"></a>id | <code>bigint</code> | row {number} & *more* |\n\n'
        f"## Referenced by\n\n[{following}]({following}.md#column-id) {extra}\n\n```sql\nSELECT {number};\n```\n"
    )


def _project(root: Path, broken_page: int | None = None) -> Path:
    pages = root / "docs" / "reference" / "dictionary"
    pages.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\n[First](reference/dictionary/t000.md)\n", encoding="utf-8")
    for number in range(PAGES):
        extra = "[gone](missing.md)" if number == broken_page else ""
        (pages / f"t{number:03}.md").write_text(_page(number, extra), encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def _build(root: Path) -> dict[str, bytes]:
    site = root / "site"
    run_mkdocs(root / "mkdocs.yml", root / "docs", site)
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


@pytest.fixture
def prepared_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each parallel preparation converted, as the builds ran."""
    runs: list[int] = []
    original = parallel_pages.prepare

    def counted(pages: list[object], config: object, files: object) -> None:
        runs.append(len(pages))
        original(pages, config, files)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel_pages, "prepare", counted)
    return runs


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs converts the pages itself")
def test_the_site_is_byte_for_byte_the_one_core_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prepared_runs: list[int]
) -> None:
    parallel = _build(_project(tmp_path / "parallel"))
    assert prepared_runs == [PAGES + 1]
    monkeypatch.setenv("SCHEMADOC_SERIAL_PAGES", "1")
    serial = _build(_project(tmp_path / "serial"))
    assert prepared_runs == [PAGES + 1]
    assert parallel.keys() == serial.keys()
    assert [name for name in parallel if parallel[name] != serial[name]] == []
    assert b"t007" in parallel["search/search_index.json"]


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs converts the pages itself")
def test_a_warning_from_a_worker_fails_the_strict_build(tmp_path: Path, prepared_runs: list[int]) -> None:
    with pytest.raises(SchemadocError, match=r"missing\.md"):
        _build(_project(tmp_path, broken_page=7))
    assert prepared_runs == [PAGES + 1]


def test_only_known_plugins_run_in_a_copy() -> None:
    def config(*plugins: str) -> SimpleNamespace:
        return SimpleNamespace(plugins=dict.fromkeys(plugins))

    enough = parallel_pages.MIN_PAGES
    if available_cores() > 1:
        assert parallel_pages.usable(config("material/search", "schemadoc"), enough)
    assert not parallel_pages.usable(config("material/search", "schemadoc", "some-plugin"), enough)
    assert not parallel_pages.usable(config("schemadoc"), enough - 1)


def _die(indices: list[int]) -> dict[int, object]:
    os._exit(1)  # a worker killed mid-way (out of memory, a signal)


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs converts the pages itself")
def test_a_dead_worker_leaves_the_conversion_to_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _build(_project(tmp_path / "healthy"))
    monkeypatch.setattr(parallel_pages, "_prepare_chunk", _die)
    assert _build(_project(tmp_path / "dying")) == expected


@pytest.fixture
def taken_templates(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each page template MkDocs rendered: whether it took a worker's output."""
    taken: list[bool] = []
    original = parallel_pages._TakesRendered.render
    read = parallel_pages.RenderedTemplate.output
    outputs_read: list[str] = []

    def reading(self: parallel_pages.RenderedTemplate) -> str:
        outputs_read.append(self.output_path)
        return read(self)

    def counted(self: parallel_pages._TakesRendered, *args: object, **kwargs: object) -> str:
        page = (args[0] if args else kwargs).get("page")  # type: ignore[union-attr]
        before = len(outputs_read)
        output = original(self, *args, **kwargs)
        if page is not None:
            taken.append(len(outputs_read) > before)
        return output

    monkeypatch.setattr(parallel_pages.RenderedTemplate, "output", reading)
    monkeypatch.setattr(parallel_pages._TakesRendered, "render", counted)
    return taken


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs renders the templates itself")
def test_every_page_template_comes_from_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken_templates: list[bool]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    _build(_project(tmp_path / "project"))
    assert taken_templates == [True] * (PAGES + 1)
    assert list((tmp_path / "temp").iterdir()) == []  # the rendered pages' files went with the build


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs renders the templates itself")
def test_a_dead_template_worker_leaves_the_templates_to_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken_templates: list[bool]
) -> None:
    expected = _build(_project(tmp_path / "healthy"))
    taken_templates.clear()
    monkeypatch.setattr(parallel_pages, "_render_chunk", _die)
    assert _build(_project(tmp_path / "dying")) == expected
    assert taken_templates == []  # nothing to take: MkDocs' own templates rendered every page


@pytest.mark.skipif(available_cores() < 2, reason="one core: MkDocs renders the templates itself")
def test_a_page_changed_after_its_template_was_rendered_is_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken_templates: list[bool]
) -> None:
    original = parallel_pages.render_templates

    def then_changed(pages: list[Page], *args: object) -> object:
        outputs = original(pages, *args)  # type: ignore[arg-type]
        pages[3].content = (pages[3].content or "") + "<p>changed afterwards</p>"
        return outputs

    monkeypatch.setattr(parallel_pages, "render_templates", then_changed)
    site = _build(_project(tmp_path))
    assert taken_templates.count(False) == 1
    assert any(b"changed afterwards" in content for content in site.values())
