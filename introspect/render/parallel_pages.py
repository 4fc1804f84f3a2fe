"""MkDocs converts each page's Markdown, and the search plugin indexes the result, one page after
another on one core; at a thousand generated pages that is most of a build. Here the same work is
done beforehand on every core, by forked copies of the build (same configuration, same files, same
navigation), and MkDocs then takes each page's result instead of converting it again.

Nothing changes in what MkDocs writes: each page is converted by MkDocs' own ``Page.render`` after
the same plugin events, the log messages of a conversion are replayed in the build's own process
(so ``--strict`` still fails on them), and a result is used only when the page's Markdown (and, for
the search entries, its HTML) is exactly what the copy saw; otherwise MkDocs does the work itself.
Then, once every page is converted and the theme's environment is ready, the pages' templates are
rendered the same way beforehand (``render_templates``): MkDocs' own ``_build_page`` runs in the
copies, and when MkDocs itself renders a page's template, it takes the copy's output instead,
provided the page's content and title are still the ones the copy rendered. MkDocs still runs every
plugin event and writes every file.

Used only with plugins known to keep no state across pages, on Linux (fork).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.structure.pages import Page

from introspect.render.site import available_cores

# Below this many pages the workers' start-up costs more than it saves.
MIN_PAGES = 10
# Plugins whose page events have no effect outside the page: running them in a copy is harmless.
SAFE_PLUGINS = frozenset({"search", "material/search", "schemadoc"})
SEARCH_PLUGINS = ("material/search", "search")


@dataclass(frozen=True)
class Prepared:
    """One page's conversion as a forked copy of the build made it."""

    markdown_digest: bytes
    content: str
    toc: Any
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    records: tuple[tuple[str, int, str], ...]
    content_digest: bytes | None  # the HTML the search entries were made from
    search_entries: tuple[dict[str, Any], ...] | None


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# What the forked workers read: set in the parent just before the fork, inherited by the copies.
_STATE: dict[str, Any] = {}


def usable(config: Any, page_count: int) -> bool:
    """Whether to convert the pages beforehand: on Linux, with more than one core, enough pages and
    only plugins known to be safe in a copy."""
    return (
        sys.platform == "linux"
        and available_cores() > 1
        and page_count >= MIN_PAGES
        and set(config.plugins) <= SAFE_PLUGINS
        and os.environ.get("SCHEMADOC_SERIAL_PAGES") != "1"
    )


_Result = TypeVar("_Result")


def _in_copies(
    work: Callable[[list[int]], dict[int, _Result]], order: list[int], **state: Any
) -> dict[int, _Result] | None:
    """``work`` on chunks of ``order`` (page indices), in forked copies of the build, one per core,
    that find ``state`` in ``_STATE``; None when a copy died (out of memory, killed)."""
    _STATE.update(state)
    workers = min(available_cores(), len(order))
    chunks = [order[start :: workers * 4] for start in range(workers * 4)]
    results: dict[int, _Result] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk_results in pool.map(work, chunks):
                results.update(chunk_results)
    except (BrokenProcessPool, OSError):
        return None
    finally:
        _STATE.clear()
    return results


def prepare(pages: list[Page], config: Any, files: Any) -> None:
    """Convert ``pages`` on every core and make each page's ``render`` take its result."""
    search = _search_index(config)
    # The biggest pages first, dealt out in turn: no worker is left converting one while the others idle.
    biggest_first = sorted(range(len(pages)), key=lambda index: -_source_size(pages[index]))
    results = _in_copies(_prepare_chunk, biggest_first, pages=pages, config=config, files=files, search=search)
    if results is None:  # MkDocs converts every page itself
        return
    for index, prepared in results.items():
        page = pages[index]
        page.render = _render_from(page, prepared)  # type: ignore[method-assign,assignment]
    if search is not None:
        by_page = {id(pages[index]): prepared for index, prepared in results.items()}
        search.add_entry_from_context = _index_from(search, by_page)


def _source_size(page: Page) -> int:
    try:
        return os.path.getsize(page.file.abs_src_path or "")
    except OSError:
        return 0


def _search_index(config: Any) -> Any:
    """The search plugin's index, when it has the one method this module stands in for."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if (
            callable(getattr(index, "add_entry_from_context", None))
            and isinstance(getattr(index, "entries", None), list)
            and isinstance(getattr(index, "config", None), dict)
        ):
            return index
    return None


class _Captured:
    """Log records of one conversion, kept instead of handled (they are replayed in the parent)."""

    def __init__(self) -> None:
        self.records: list[tuple[str, int, str]] = []

    def __call__(self, logger: logging.Logger, record: logging.LogRecord) -> None:
        self.records.append((logger.name, record.levelno, record.getMessage()))


def _prepare_chunk(indices: list[int]) -> dict[int, Prepared]:
    """In a forked worker: convert these pages, as ``_populate_page`` and the search plugin would."""
    captured = _Captured()
    logging.Logger.handle = lambda logger, record: captured(logger, record)  # type: ignore[method-assign,assignment]
    results = {}
    for index in indices:
        captured.records = []
        prepared = _prepare_one(_STATE["pages"][index], captured)
        if prepared is not None:
            results[index] = prepared
    return results


def _prepare_one(page: Page, captured: _Captured) -> Prepared | None:
    config, files, search = _STATE["config"], _STATE["files"], _STATE["search"]
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        markdown_digest = _digest(page.markdown)
        Page.render(page, config, files)
        assert page.content is not None
        content = page.content
        records = tuple(captured.records)
        content_digest = entries = None
        if search is not None:
            page.content = config.plugins.on_page_content(content, page=page, config=config, files=files)
            fresh = type(search)(**search.config)
            fresh.add_entry_from_context(page)
            content_digest, entries = _digest(page.content), tuple(fresh.entries)
    except Exception:  # the parent converts this page itself and reports the error properly
        return None
    finally:
        config._current_page = None
    links = page.links_to_anchors
    return Prepared(
        markdown_digest=markdown_digest,
        content=content,
        toc=page.toc,
        title_from_render=page._title_from_render,
        present_anchor_ids=page.present_anchor_ids,
        links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        records=records,
        content_digest=content_digest,
        search_entries=entries,
    )


def _render_from(page: Page, prepared: Prepared) -> Callable[[Any, Any], None]:
    def render(config: Any, files: Any) -> None:
        """Page.render, from the worker's result when the Markdown is the one it converted."""
        del page.render  # once: a later build of the same page object converts afresh
        if page.markdown is None or _digest(page.markdown) != prepared.markdown_digest:
            page.render(config, files)
            return
        for name, level, message in prepared.records:
            logging.getLogger(name).log(level, "%s", message)
        page.content = prepared.content
        page.toc = prepared.toc
        page._title_from_render = prepared.title_from_render
        page.present_anchor_ids = prepared.present_anchor_ids
        if prepared.links_to_anchors is not None:
            page.links_to_anchors = dict(_linked_files(prepared.links_to_anchors, files))

    return render


def _linked_files(links: dict[str, dict[str, str]], files: Any) -> Iterator[tuple[Any, dict[str, str]]]:
    for src_uri, anchors in links.items():
        file = files.get_file_from_path(src_uri)
        if file is not None:
            yield file, anchors


def _index_from(search: Any, by_page: dict[int, Prepared]) -> Callable[[Any], None]:
    original = search.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        """The search plugin's indexing of a page, from the worker's entries when the HTML is the same."""
        prepared = by_page.pop(id(page), None)
        entries = None if prepared is None or page.content is None else prepared.search_entries
        if entries is not None and prepared is not None and _digest(page.content) == prepared.content_digest:
            search.entries.extend(entries)
        else:
            original(page)

    return add_entry_from_context


@dataclass(frozen=True)
class RenderedTemplate:
    """One page's template as a forked copy of the build rendered it: the output waits in a file (a
    thousand pages' HTML held at once would raise the build's peak memory by a sixth)."""

    template_name: str
    page_digest: bytes
    output_path: str
    records: tuple[tuple[str, int, str], ...]

    def output(self) -> str:
        """The rendered page, read once (the file is removed)."""
        path = Path(self.output_path)
        text = path.read_text(encoding="utf-8", errors="surrogatepass")
        path.unlink(missing_ok=True)
        return text


def _page_digest(page: Page) -> bytes:
    """What a page's template shows of the page itself (the rest of the context is the same in a copy)."""
    return _digest(f"{page.file.src_uri}\0{page.title}\0{page.content}\0{page.meta!r}")


def render_templates(
    pages: list[Page], config: Any, files: Any, nav: Any, env: Any
) -> tempfile.TemporaryDirectory[str] | None:
    """Render the pages' templates on every core, as ``mkdocs build`` would next, and make ``env``
    hand MkDocs each page's result instead of rendering it again. Returns the directory the results
    wait in, for the caller to remove once the build is over (None when MkDocs renders them itself)."""
    outputs = tempfile.TemporaryDirectory(prefix="schemadoc-pages-")
    state = {"pages": pages, "config": config, "files": files, "nav": nav, "env": env, "outputs": outputs.name}
    results = _in_copies(_render_chunk, list(range(len(pages))), **state)
    if results is None:  # MkDocs renders every template itself
        outputs.cleanup()
        return None
    by_page = {id(pages[index]): rendered for index, rendered in results.items()}
    original = env.get_template

    def get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
        """The environment's template, taking a copy's output for the page it rendered (only as MkDocs
        asks, by name alone: templates load their parents and includes with more arguments)."""
        template = original(name, *args, **kwargs)
        return template if args or kwargs else _TakesRendered(template, by_page)

    env.get_template = get_template
    return outputs


class _TakesRendered:
    """A template whose ``render`` of a page a copy rendered gives the copy's output."""

    def __init__(self, template: Any, by_page: dict[int, RenderedTemplate]) -> None:
        self._template = template
        self._by_page = by_page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = args[0] if args and isinstance(args[0], dict) else kwargs
        page = context.get("page")
        rendered = self._by_page.pop(id(page), None) if page is not None else None
        if (
            page is None
            or rendered is None
            or len(args) > 1
            or rendered.template_name != self._template.name
            or rendered.page_digest != _page_digest(page)
        ):
            output: str = self._template.render(*args, **kwargs)
            return output
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, "%s", message)
        return rendered.output()


_OUTPUT_NUMBERS = itertools.count()


class _Capturing:
    """In a copy: a template whose output, and the log records of rendering it, are kept (the
    parent runs the page's other events itself, with their messages)."""

    def __init__(self, template: Any, captured: _Captured, outputs: list[RenderedTemplate], digest: bytes) -> None:
        self._template = template
        self._captured = captured
        self._outputs = outputs
        self._digest = digest

    def render(self, *args: Any, **kwargs: Any) -> str:
        self._captured.records = []
        output: str = self._template.render(*args, **kwargs)
        records = tuple(self._captured.records)
        path = Path(_STATE["outputs"], f"{os.getpid()}-{next(_OUTPUT_NUMBERS)}.html")
        path.write_text(output, encoding="utf-8", errors="surrogatepass")
        self._outputs.append(RenderedTemplate(self._template.name, self._digest, str(path), records))
        return output


def _render_chunk(indices: list[int]) -> dict[int, RenderedTemplate]:
    """In a forked worker: render these pages' templates as MkDocs' ``_build_page`` does, writing nothing."""
    from mkdocs import utils
    from mkdocs.commands import build
    from mkdocs.structure.files import InclusionLevel

    captured = _Captured()
    logging.Logger.handle = lambda logger, record: captured(logger, record)  # type: ignore[method-assign,assignment]
    utils.write_file = lambda *_args, **_kwargs: None  # the parent writes the pages
    config, files, nav, env = _STATE["config"], _STATE["files"], _STATE["nav"], _STATE["env"]
    outputs: list[RenderedTemplate] = []
    digest = b""  # of the page being built, when MkDocs asks for its template
    original = env.get_template

    def get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
        template = original(name, *args, **kwargs)
        return template if args or kwargs else _Capturing(template, captured, outputs, digest)

    env.get_template = get_template
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    results = {}
    try:
        for index in indices:
            page = _STATE["pages"][index]
            outputs.clear()
            digest = _page_digest(page)
            try:
                build._build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
            except Exception:  # the parent renders this page itself and reports the error properly
                continue
            if len(outputs) == 1:
                results[index] = outputs[0]
    finally:
        env.get_template = original  # the worker's next chunk wraps it again
    return results
