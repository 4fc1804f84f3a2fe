"""The check's result as text, GitHub Actions annotations, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from introspect.drift.claims import StatementResult, tally
from introspect.drift.generated import GeneratedDrift
from introspect.drift.model import FAIL, UNCHECKED


@dataclass(frozen=True)
class CheckReport:
    """Everything one `schemadoc check` found."""

    overview: str  # the overview path as given, used in every claim message
    reference_dir: str
    generated: GeneratedDrift | None  # None when the reference comparison was not run
    claims: tuple[StatementResult, ...]
    perf: bool

    @property
    def claim_failures(self) -> list[StatementResult]:
        return [r for r in self.claims if r.status == FAIL]

    @property
    def drifted(self) -> bool:
        return bool(self.claim_failures) or (self.generated is not None and self.generated.drifted)

    def summary(self) -> str:
        """One line: how much drift, and the claim verdicts."""
        counts = tally(self.claims)
        generated = self.generated
        parts = []
        if generated is not None:
            parts.append(
                f"{len(generated.objects)} object change(s), {len(generated.pages)} generated file(s) out of date"
            )
        parts.append(", ".join(f"{n} {status}" for status, n in counts.items()) + " claim(s)")
        verdict = "drift" if self.drifted else "clean"
        return f"check: {verdict}: " + "; ".join(parts)


def _reference_lines(report: CheckReport, *, diff: bool) -> list[str]:
    generated = report.generated
    if generated is None:
        return []
    lines = [f"{report.reference_dir}: {message}" for message in generated.objects]
    for page in generated.pages:
        hint = {"changed": "out of date", "missing": "not committed", "stale": "no longer generated"}[page.status]
        lines.append(f"{report.reference_dir}/{page.path}: {hint} (regenerate with schemadoc build)")
        if diff and page.diff:
            lines.append(page.diff.rstrip("\n"))
    lines += [f"{report.reference_dir}: note: {note}" for note in generated.notes]
    return lines


def as_text(report: CheckReport, *, diff: bool = False) -> str:
    """Failures first (one per line, ``file:LINE: …``), then unchecked claims, then the summary."""
    lines = _reference_lines(report, diff=diff)
    lines += [r.message(report.overview) for r in report.claim_failures]
    lines += [r.message(report.overview) for r in report.claims if r.status == UNCHECKED]
    lines.append(report.summary())
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(level: str, file: str, message: str, line: int | None = None) -> str:
    location = f"file={_escape_property(file)}" + (f",line={line}" if line is not None else "")
    return f"::{level} {location}::{_escape_data(message)}"


def as_github(report: CheckReport, *, diff: bool = False) -> str:
    """GitHub Actions workflow commands: an error per drift, a notice per unchecked claim."""
    lines: list[str] = []
    generated = report.generated
    if generated is not None:
        catalog_json = f"{report.reference_dir}/catalog.json"
        lines += [_annotation("error", catalog_json, message) for message in generated.objects]
        for page in generated.pages:
            text = f"generated file is {page.status}; regenerate with schemadoc build"
            if diff and page.diff:
                text += "\n" + page.diff
            lines.append(_annotation("error", f"{report.reference_dir}/{page.path}", text))
    for result in report.claims:
        if result.status in (FAIL, UNCHECKED):
            level = "error" if result.status == FAIL else "notice"
            lines.append(_annotation(level, report.overview, result.message(report.overview), result.line))
    lines.append(report.summary())
    return "\n".join(lines)


def as_json(report: CheckReport, *, exit_code: int, diff: bool = False) -> str:
    """A machine-readable report of every claim and every generated-docs difference."""
    generated: dict[str, Any] | None = None
    if report.generated is not None:
        generated = {
            "objects": list(report.generated.objects),
            "pages": [
                {"path": p.path, "status": p.status, **({"diff": p.diff} if diff else {})}
                for p in report.generated.pages
            ],
            "notes": list(report.generated.notes),
        }
    data = {
        "exit_code": exit_code,
        "drift": report.drifted,
        "overview": report.overview,
        "reference_dir": report.reference_dir,
        "perf": report.perf,
        "summary": tally(report.claims),
        "generated": generated,
        "claims": [_claim_json(r, report.overview) for r in report.claims],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _claim_json(result: StatementResult, overview: str) -> dict[str, Any]:
    return {
        "line": result.line,
        "text": result.text,
        "status": result.status,
        "measured": result.measured,
        "message": result.message(overview),
        "not_checked": list(result.reading.leftover),
        "assertions": [
            {
                "topic": r.claim.topic,
                "subject": r.claim.subject,
                "stated": r.claim.stated,
                "negated": r.claim.negated,
                "status": r.status,
                "measured": r.measured,
            }
            for r in result.results
        ],
    }


def render(report: CheckReport, output_format: str, *, exit_code: int, diff: bool) -> str:
    """The report in one of the --format choices."""
    if output_format == "github":
        return as_github(report, diff=diff)
    if output_format == "json":
        return as_json(report, exit_code=exit_code, diff=diff)
    return as_text(report, diff=diff)


FORMATS: Sequence[str] = ("text", "github", "json")
