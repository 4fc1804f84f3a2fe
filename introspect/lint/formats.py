"""A lint report as text for people, JSON for tools, GitHub workflow annotations, or SARIF 2.1.0 for
code-scanning services."""

from __future__ import annotations

import json
from typing import Any

from introspect.lint import LintReport

FORMATS = ("text", "json", "github", "sarif")
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def as_text(report: LintReport) -> str:
    """One line per finding (code, severity, object, message), its fix indented below, then a summary."""
    lines = []
    for item in report.findings:
        lines.append(f"{item.rule.code} {item.severity:<7} {item.finding.object}: {item.finding.message}")
        if item.finding.fix:
            lines.append(f"    fix: {item.finding.fix}")
    coverage = report.coverage
    counts = {severity: sum(1 for item in report.findings if item.severity == severity) for severity in SARIF_LEVELS}
    summary = ", ".join(f"{count} {severity}" for severity, count in counts.items())
    lines.append(
        f"{len(report.findings)} finding(s) ({summary}) from {len(report.rules)} rule(s)"
        + (f", {report.suppressed} suppressed" if report.suppressed else "")
        + f"; comments on {coverage['percent']}% of tables and columns"
    )
    return "\n".join(lines) + "\n"


def as_json(report: LintReport) -> str:
    """``{"findings": [...], "coverage": {...}, "rules": [...], "suppressed": N}``."""
    document = {
        "findings": [item.as_dict() for item in report.findings],
        "coverage": report.coverage,
        "rules": [{"code": rule.code, "rule": rule.name, "severity": rule.severity} for rule in report.rules],
        "suppressed": report.suppressed,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_github(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_github(report: LintReport) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for item in report.findings:
        title = _escape_github(f"{item.rule.code} {item.rule.name}", property_value=True)
        message = f"{item.finding.object}: {item.finding.message}"
        if item.finding.fix:
            message += f"\nfix: {item.finding.fix}"
        lines.append(f"::{commands[item.severity]} title={title}::{_escape_github(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_sarif(report: LintReport, *, tool_version: str = "") -> str:
    """A SARIF 2.1.0 log: the rules that ran, and one result per finding at its object."""
    rules: list[dict[str, Any]] = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.title},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        }
        for rule in report.rules
    ]
    index = {rule.code: number for number, rule in enumerate(report.rules)}
    results = []
    for item in report.findings:
        result: dict[str, Any] = {
            "ruleId": item.rule.code,
            "ruleIndex": index[item.rule.code],
            "level": SARIF_LEVELS[item.severity],
            "message": {"text": f"{item.finding.object}: {item.finding.message}"},
            "locations": [{"logicalLocations": [{"fullyQualifiedName": item.finding.object, "kind": "member"}]}],
        }
        if item.finding.fix:
            result["properties"] = {"fix": item.finding.fix}
        results.append(result)
    driver: dict[str, Any] = {"name": "schemadoc", "rules": rules}
    if tool_version:
        driver["version"] = tool_version
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def render(report: LintReport, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return as_json(report)
    if fmt == "github":
        return as_github(report)
    if fmt == "sarif":
        from importlib.metadata import PackageNotFoundError, version

        try:
            tool_version = version("schemadoc")
        except PackageNotFoundError:
            tool_version = ""
        return as_sarif(report, tool_version=tool_version)
    return as_text(report)
