"""Generated-docs drift: the committed ``docs_src/reference/**`` against what the schema gives now.

Two views of the same question. Per object: the committed ``catalog.json`` snapshot (structure
only) diffed against the fresh catalog. Per page: every generated file rendered again from the
fresh catalog and compared with the committed one; files under the reference directory that the
renderer no longer produces are stale. Hand-written pages live outside the reference directory
and never count.

Statistics (row counts, sizes, index scans) vary from run to run. A changed line counts as drift
unless it is a statistics line — one that changes when only the statistics change — and every
figure on it is within the tolerance of its committed value (``figures_close``).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from introspect.catalog import serialize
from introspect.catalog.diff import diff_catalogs
from introspect.catalog.model import Catalog, Statistics
from introspect.errors import SchemadocError
from introspect.lint import LintSettings
from introspect.render.layers import Layer

CATALOG_JSON = "catalog.json"
FIGURE_TOLERANCE = 0.10  # ±10% on each figure of a statistics line
SIZE_SLACK_BYTES = 128 * 1024  # small relations: sizes may also differ by 128 kB
COUNT_SLACK = 2  # small counts (index scans, tiny tables) may also differ by 2

_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(\s*(?:B|bytes|kB|KB|MB|GB|TB)\b)?")
_UNIT_BYTES = {"b": 1, "bytes": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4}


@dataclass(frozen=True)
class PageDrift:
    """One generated file that differs: "changed", "missing" (not committed) or "stale" (no longer generated)."""

    path: str  # relative to the reference directory
    status: str
    diff: str = ""  # unified diff, committed -> fresh (text files only)


@dataclass(frozen=True)
class GeneratedDrift:
    """Everything that makes the committed generated docs out of date."""

    objects: tuple[str, ...] = ()
    pages: tuple[PageDrift, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def drifted(self) -> bool:
        return bool(self.objects or self.pages)


def _figures(line: str) -> list[tuple[float, bool]]:
    found = []
    for number, unit in _FIGURE.findall(line):
        value = float(number.replace(",", ""))
        if unit.strip():
            found.append((value * _UNIT_BYTES[unit.strip().lower()], True))
        else:
            found.append((value, False))
    return found


def figures_close(committed: str, fresh: str) -> bool:
    """Same text apart from figures, each within ±10% (or 128 kB for sizes, 2 for counts)."""
    if _FIGURE.sub("#", committed) != _FIGURE.sub("#", fresh):
        return False
    pairs = zip(_figures(committed), _figures(fresh), strict=True)
    for (old, is_size), (new, _) in pairs:
        slack = SIZE_SLACK_BYTES if is_size else COUNT_SLACK
        if abs(old - new) > max(FIGURE_TOLERANCE * max(abs(old), abs(new)), slack):
            return False
    return True


def _changed_beyond_tolerance(committed: str, fresh: str, statistics_lines: set[str]) -> bool:
    old_lines, new_lines = committed.splitlines(), fresh.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return True
        for old, new in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
            if new not in statistics_lines or not figures_close(old, new):
                return True
    return False


def _statistics_lines(fresh: str, without_stats: str | bytes | None) -> set[str]:
    baseline = _as_text(without_stats) if without_stats is not None else None
    if baseline is None:
        return set()
    return set(fresh.splitlines()) - set(baseline.splitlines())


def _unified(path: str, committed: str, fresh: str) -> str:
    lines = difflib.unified_diff(
        committed.splitlines(keepends=True),
        fresh.splitlines(keepends=True),
        fromfile=f"committed/{path}",
        tofile=f"schema/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# Drawings depend on the fonts and the Graphviz build of the machine that drew them: their
# source (.dot) is compared instead, and a drawing lying in the reference directory never counts.
RENDERED_SUFFIXES = (".svg", ".png")


def _read_committed(reference_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(reference_dir).as_posix(): path.read_bytes()
        for path in sorted(p for p in reference_dir.rglob("*") if p.is_file())
        if path.suffix not in RENDERED_SUFFIXES
    }


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _as_text(content: str | bytes) -> str | None:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _committed_catalog(committed_json: bytes | None) -> tuple[Catalog | None, list[str], list[str]]:
    """The committed snapshot, with the drift (unreadable) or note (absent) it gives rise to."""
    if committed_json is None:
        return None, [], [f"no committed {CATALOG_JSON}: per-object changes cannot be named"]
    try:
        return serialize.loads(committed_json.decode("utf-8")), [], []
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        return None, [f"{CATALOG_JSON} cannot be read ({exc}): regenerate it with schemadoc build"], []


def _same_run_context(fresh: Catalog, committed: Catalog | None) -> Catalog:
    """The fresh catalog with the committed database name and server version: they depend on
    where the check runs, not on the schema."""
    if committed is None:
        return fresh
    return dataclasses.replace(
        fresh,
        database=committed.database,
        server_version=committed.server_version,
        server_version_num=committed.server_version_num,
    )


def compare_reference(
    fresh: Catalog,
    reference_dir: Path,
    *,
    overview: Path | None = None,
    extra_layers: Sequence[Layer] = (),
    lint_settings: LintSettings | None = None,
    previous: tuple[str, Catalog] | None = None,
) -> GeneratedDrift:
    """Compare the committed reference directory with the pages the fresh catalog renders (with the
    overview's layers and ``extra_layers`` as the build drew them)."""
    from introspect.render.layers import load_layers
    from introspect.render.pages import render_reference

    if not reference_dir.is_dir():
        raise SchemadocError(f"{reference_dir}: no generated reference directory (run schemadoc build first)")
    committed_files = _read_committed(reference_dir)
    layers = (*(load_layers(overview) if overview is not None else ()), *extra_layers)
    committed, objects, notes = _committed_catalog(committed_files.get(CATALOG_JSON))
    fresh = _same_run_context(fresh, committed)
    if committed is not None:
        objects = diff_catalogs(committed, fresh)
    rendered = render_reference(fresh, layers=layers, lint_settings=lint_settings, previous=previous)
    stats_free = dataclasses.replace(fresh, statistics=Statistics())
    without_stats = render_reference(stats_free, layers=layers, lint_settings=lint_settings, previous=previous)
    pages: list[PageDrift] = []
    for path, content in rendered.items():
        committed_bytes = committed_files.get(path)
        if committed_bytes is None:
            pages.append(PageDrift(path, "missing"))
            continue
        if committed_bytes == _as_bytes(content):
            continue
        old, new = _as_text(committed_bytes), _as_text(content)
        if old is None or new is None:
            pages.append(PageDrift(path, "changed", f"binary file {path} differs\n"))
        elif _changed_beyond_tolerance(old, new, _statistics_lines(new, without_stats.get(path))):
            pages.append(PageDrift(path, "changed", _unified(path, old, new)))
    pages += [PageDrift(path, "stale") for path in committed_files if path not in rendered]
    return GeneratedDrift(tuple(objects), tuple(sorted(pages, key=lambda p: p.path)), tuple(notes))
