"""The ``schemadoc`` MkDocs plugin (``plugins: [schemadoc]`` in mkdocs.yml): the overview is the site's
home page, the data dictionary's table pages join the navigation (up to ``NAV_TABLE_LIMIT`` of them;
beyond that the dictionary's index lists them, so the sidebar every page carries stays small), and
run-dependent pages are listed only when a build made them. It also has the pages converted on every
core (``parallel_pages``), takes in the diagrams ``schemadoc build`` draws meanwhile, and publishes
the reference without what only the repository needs."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import orjson
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from introspect.render import parallel_pages
from introspect.render.compiled_templates import COMPILED_TEMPLATES
from introspect.render.links import CATALOG_JSON, DIAGRAM_SOURCE
from introspect.render.plain_text import PlainTextExtension
from introspect.render.site import Drawings

HOME_PAGE = "overview.md"
# Styles and the table script every schemadoc site gets, served from the site itself.
ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS = {"schemadoc/schemadoc.css": "schemadoc.css", "schemadoc/schemadoc.js": "schemadoc.js"}
# Every page carries the whole navigation: with a thousand tables in it, each page of the site would
# hold about 350 KB of sidebar. Past this many table pages, the sidebar links only the index.
NAV_TABLE_LIMIT = 60
REFERENCE = "reference/"
DICTIONARY_INDEX = "reference/dictionary/index.md"
# Pages that exist only in some builds: the claims page is written by `schemadoc build` into its
# staging copy of docs_src (it times queries on the live database); the hand-written guides are
# absent when a user's docs directory (or a test's) has none.
OPTIONAL_PAGES = (
    "claims.md",
    "reference/changes.md",
    "guide/sources.md",
    "guide/claims.md",
    "guide/ci.md",
    "guide/performance.md",
    "guide/reliability.md",
)


def _expand(items: list[Any], docs_dir: Path) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, list):
                result.append({title: _expand(value, docs_dir)})
            elif value in OPTIONAL_PAGES and not (docs_dir / value).is_file():
                continue
            elif value == DICTIONARY_INDEX:
                result.append({title: _dictionary_section(docs_dir)})
            else:
                result.append(item)
        else:
            result.append(item)
    return result


def _dictionary_section(docs_dir: Path) -> list[Any]:
    folder = docs_dir / Path(DICTIONARY_INDEX).parent
    pages = sorted(p.name for p in folder.glob("*.md") if p.name != "index.md")
    section: list[Any] = [{"All tables": DICTIONARY_INDEX}]
    if len(pages) > NAV_TABLE_LIMIT:
        return section
    section += [{_heading(folder / name): f"reference/dictionary/{name}"} for name in pages]
    return section


def _heading(page: Path) -> str:
    """A generated page's title as its heading spells it: already escaped for HTML.

    MkDocs would otherwise take the heading's text with its character references decoded, and
    the theme inserts titles into the navigation and <title> unescaped.
    """
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.stem


class SchemadocPlugin(BasePlugin):  # type: ignore[type-arg,misc,no-untyped-call]
    """Registered under the name ``schemadoc`` by the package's entry point."""

    # Diagrams being drawn while MkDocs converts the pages (set by ``run_mkdocs``): listed among the
    # files so that links to them check, left out of the early copy of static files, copied in at the end.
    drawings: Drawings | None = None
    _late_files: tuple[Any, ...] = ()
    _nav: Any = None  # the navigation this build renders the templates with
    _rendered: tempfile.TemporaryDirectory[str] | None = None  # where the workers' rendered pages wait

    def on_config(self, config: Any) -> Any:
        return on_config(config)

    def on_files(self, files: Any, *, config: Any) -> Any:
        late = []
        if self.drawings is not None:
            root = str(self.drawings.root)
            for path in self.drawings.svg_paths():
                file = files.get_file_from_path(path)
                if file is None or Path(file.abs_src_path or "") != Path(root, path):  # one in the docs: replaced
                    if file is not None:
                        files.remove(file)
                    file = File(path, root, config.site_dir, config.use_directory_urls)
                    files.append(file)
                late.append(file)
        self._late_files = tuple(late)
        return on_files(files, config)

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        for file in self._late_files:  # MkDocs copies static files next: these are not all drawn yet
            files.remove(file)
        if env.bytecode_cache is None:  # the templates schemadoc's build compiled while it waited
            env.bytecode_cache = COMPILED_TEMPLATES
        # Every page is converted and the theme is ready: MkDocs renders the templates next, one
        # page after another; render them on every core first.
        pages = _documentation_pages(files)
        if self._nav is not None and parallel_pages.usable(config, len(pages)):
            self._rendered = parallel_pages.render_templates(pages, config, files, self._nav, env)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        self._forget_rendered()

    def _forget_rendered(self) -> None:
        if self._rendered is not None:
            self._rendered.cleanup()
            self._rendered = None

    def on_post_build(self, *, config: Any) -> None:
        self._forget_rendered()
        if self.drawings is not None:
            self.drawings.wait()
            for file in self._late_files:
                file.copy_file()

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        return compact_html(output)

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        # The last event before MkDocs converts the pages one by one: convert them on every core first.
        pages = _documentation_pages(files)
        if parallel_pages.usable(config, len(pages)):
            parallel_pages.prepare(pages, config, files)
        self._nav = nav
        return nav


def _documentation_pages(files: Any) -> list[Any]:
    """The pages of the documentation files, as MkDocs made them."""
    return [file.page for file in files.documentation_pages() if file.page is not None]


def on_config(config: Any) -> Any:
    """Expand the data-dictionary entry into its pages, drop optional pages this build lacks, and
    add schemadoc's stylesheet, table script and Markdown extension."""
    if config.nav:
        config.nav = _expand(list(config.nav), Path(config.docs_dir))
    if not any(isinstance(extension, PlainTextExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(PlainTextExtension())
    if "schemadoc/schemadoc.css" not in config.extra_css:
        config.extra_css.append("schemadoc/schemadoc.css")
    if "schemadoc/schemadoc.js" not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append("schemadoc/schemadoc.js")
    return config


def on_files(files: Any, config: Any) -> Any:
    """Publish the overview as the site root (index.html); links to overview.md follow it. Add
    schemadoc's assets."""
    for uri, name in ASSETS.items():
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS_DIR / name)))
    # Pages deliberately left out of the navigation (the index and the ER diagrams page link them)
    # must not trip a strict build whose validation warns about omitted files.
    dictionary = Path(DICTIONARY_INDEX).parent.as_posix() + "/"
    pages = files.documentation_pages()
    tables = {f.src_uri for f in pages if f.src_uri.startswith(dictionary) and f.src_uri != DICTIONARY_INDEX}
    for file in pages:
        part_page = file.src_uri.startswith("reference/erd/part-")
        if part_page or (len(tables) > NAV_TABLE_LIMIT and file.src_uri in tables):
            file.inclusion = InclusionLevel.NOT_IN_NAV
    _lighter_reference(files, config)
    home = files.get_file_from_path(HOME_PAGE)
    if home is not None and files.get_file_from_path("index.md") is None:
        home.dest_uri = "index.html"
        home.abs_dest_path = str(Path(config.site_dir) / "index.html")
        home.url = "index.html" if not config.use_directory_urls else "./"
    return files


def _lighter_reference(files: Any, config: Any) -> None:
    """The published copy of the reference without what only the repository needs: the diagram
    sources (drift compares them; the pages show the drawings) and catalog.json's indentation."""
    for file in list(files):
        if file.src_uri.startswith(REFERENCE) and file.src_uri.endswith(DIAGRAM_SOURCE):
            files.remove(file)
    catalog = files.get_file_from_path(REFERENCE + CATALOG_JSON)
    if catalog is not None and catalog.abs_src_path:
        compact = orjson.dumps(orjson.loads(Path(catalog.abs_src_path).read_bytes())) + b"\n"
        files.remove(catalog)
        files.append(File.generated(config, catalog.src_uri, content=compact))


# Elements whose whitespace is shown as written (the theme shows code and kbd with pre-wrap) or is
# code: left exactly as the page has them.
_VERBATIM = re.compile(r"(<(pre|textarea|script|style|code|kbd)\b.*?</\2>)", re.S | re.I)
_INDENTATION = re.compile(r"\n\s+")


def compact_html(output: str) -> str:
    """A page without the template's indentation and blank lines (a fifth of its bytes), shown the
    same: outside verbatim elements, a run of whitespace with a line break in it stays a line break,
    which HTML renders as the run. (An HTML minifier would also unquote attributes.)"""
    parts = _VERBATIM.split(output)
    # split() yields text, the verbatim element, its tag name, text, ...
    return "".join(
        _INDENTATION.sub("\n", part) if position % 3 == 0 else part
        for position, part in enumerate(parts)
        if position % 3 != 2
    )
