"""Writing the generated reference pages, staging the docs, and running ``mkdocs build --strict``."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import multiprocessing.process
import os
import shutil
import signal
import tempfile
from collections.abc import Mapping
from pathlib import Path

from introspect.erd.dot import draw
from introspect.errors import SchemadocError
from introspect.render.links import DIAGRAM_SOURCE

_PR_SET_PDEATHSIG = 1


def write_tree(files: Mapping[str, str | bytes], target: Path) -> None:
    """Replace directory ``target`` with exactly ``files``: rendered into a sibling temp dir, then
    swapped in, so a failure leaves the old tree intact and stale files disappear."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for relative, content in files.items():
            path = fresh / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        swap_in(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def swap_in(fresh: Path, target: Path) -> None:
    """Put directory ``fresh`` where ``target`` is, removing the old ``target`` afterwards."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    fresh.chmod(0o755)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def stage_docs(docs_dir: Path, stage_dir: Path, extra_pages: Mapping[str, str]) -> int:
    """Copy ``docs_dir`` into ``stage_dir``, add run-dependent pages (e.g. claims.md) and draw each
    committed diagram source as the SVG its pages show; returns how many diagrams were drawn."""
    copy_docs(docs_dir, stage_dir, extra_pages)
    return draw_diagrams(stage_dir / "reference")


def copy_docs(docs_dir: Path, stage_dir: Path, extra_pages: Mapping[str, str]) -> None:
    """Copy ``docs_dir`` into ``stage_dir`` and add the run-dependent pages (e.g. claims.md)."""
    # Hard links where the two directories share a file system (a thousand-table reference copied
    # in 0.02 s instead of 0.7 s): what is written into the stage replaces a link, never writes through it.
    shutil.copytree(docs_dir, stage_dir, dirs_exist_ok=True, copy_function=_link_or_copy)
    for relative, text in extra_pages.items():
        path = stage_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        path.write_text(text, encoding="utf-8")


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def diagram_sources(root: Path, under: str = "") -> dict[str, str]:
    """Path (relative to ``root``) -> text of every diagram source below ``root / under``."""
    directory = root / under if under else root
    if not directory.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(directory.rglob(f"*{DIAGRAM_SOURCE}"))
    }


class Drawings:
    """The SVG of every diagram source handed to ``draw``, written under ``root`` at the source's
    relative path, by background processes (one per core) while the caller goes on. Each file is
    drawn on its own, so the result does not depend on the order, the batches or the number of
    workers."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sources: list[str] = []  # relative to root, in the order handed over
        self._processes: list[multiprocessing.process.BaseProcess] = []

    def draw(self, sources: Mapping[str, str]) -> None:
        """Start drawing ``sources`` (path relative to ``root`` -> DOT text): forked workers get a
        share each; with one core they are drawn here and now."""
        jobs = [(self.root / relative, text) for relative, text in sources.items()]
        self.sources += sources
        workers = min(len(jobs), available_cores())
        if workers <= 1:
            for target, text in jobs:
                _draw_one(target, text)
            return
        # Objects alive now are only read by the workers: frozen, no collection in a copy touches them,
        # so their pages stay shared with this process.
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            for start in range(workers):
                process = context.Process(target=_draw_share, args=(jobs[start::workers],), daemon=True)
                process.start()
                self._processes.append(process)
        finally:
            gc.unfreeze()

    def svg_paths(self) -> list[str]:
        """The drawings' paths relative to ``root``."""
        return [Path(relative).with_suffix(".svg").as_posix() for relative in self.sources]

    def wait(self) -> int:
        """Block until every diagram is drawn; returns how many. A failed drawing is an error."""
        failed = []
        for process in self._processes:
            process.join()
            if process.exitcode != 0:
                failed.append(process.exitcode)
        self._processes = []
        missing = [path for path in self.svg_paths() if not (self.root / path).is_file()]
        if failed or missing:
            shown = ", ".join(missing[:3])
            raise SchemadocError(f"drawing the diagrams failed (worker exit codes {failed}); not drawn: {shown}")
        return len(self.sources)

    def stop(self) -> None:
        """End the drawing processes still running (the build failed; their output is not wanted)."""
        for process in self._processes:
            process.kill()
            process.join()
        self._processes = []


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the system has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _draw_share(jobs: list[tuple[Path, str]]) -> None:
    _worker_dies_with_us()
    # Behind the page conversion, which MkDocs needs first: the drawings take the cores it leaves idle
    # (while it writes the pages on one core), and are needed only when it has finished.
    with contextlib.suppress(OSError):
        os.nice(19)
    for target, text in jobs:
        _draw_one(target, text)


def _worker_dies_with_us() -> None:
    """Drawing workers: a signal ends them at once (Graphviz may be deep in a layout, where Python's
    own handlers never run), and so does our death (Linux: the parent-death signal)."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _draw_one(source: Path, text: str) -> None:
    target = source.with_suffix(".svg")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # a staged file may be a hard link to the docs directory's
    target.write_bytes(draw(text, "svg"))


def draw_diagrams(directory: Path) -> int:
    """An SVG beside every ``.dot`` file under ``directory``, drawn on every core; returns how many."""
    drawings = Drawings(directory)
    drawings.draw(diagram_sources(directory))
    return drawings.wait()


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a strict failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, drawings: Drawings | None = None) -> None:
    """``mkdocs build --strict`` of ``docs_dir`` into ``site_dir`` (replaced only on success); with
    ``drawings`` still being drawn, they are copied in once they are done."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    collector = _Collect()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(building), strict=True)
        plugin = config.plugins.get("schemadoc")
        if drawings is not None and plugin is not None:
            plugin.drawings = drawings  # the plugin lists them, and copies them in once drawn
        elif drawings is not None:  # without the plugin, MkDocs must find them among the docs
            drawings.wait()
            for relative in drawings.svg_paths():
                if Path(drawings.root, relative) != Path(docs_dir, relative):
                    (docs_dir / relative).unlink(missing_ok=True)  # maybe a hard link to the docs directory's
                    shutil.copy2(drawings.root / relative, docs_dir / relative)
        try:
            build(config)
        except (MkDocsException, SystemExit) as exc:
            details = "\n".join(f"  {m}" for m in collector.messages) or f"  {exc}"
            raise SchemadocError(f"mkdocs build --strict failed ({config_file}):\n{details}") from exc
        swap_in(building, site_dir)
    finally:
        if drawings is not None:
            drawings.stop()
        mkdocs_logger.removeHandler(collector)
        shutil.rmtree(building, ignore_errors=True)
