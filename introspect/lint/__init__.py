"""``schemadoc lint``: catalog-aware rules with stable codes, configured per project and silenced per
object, reported as text, JSON, GitHub annotations or SARIF."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any

from introspect.catalog.model import Catalog
from introspect.errors import SchemadocError
from introspect.lint.rules import BY_CODE, BY_NAME, RULES, SEVERITIES, Finding, Rule, comment_coverage

__all__ = ["RULES", "Finding", "LintReport", "LintSettings", "Rule", "lint"]

# In any object's COMMENT: "schemadoc:ignore SD101" (several codes: comma or space separated), or
# "schemadoc:ignore" alone for every rule.
_IGNORE = re.compile(r"schemadoc:ignore(?P<codes>(?:[\s,]+SD\d{3})*)", re.IGNORECASE)


@dataclass(frozen=True)
class LintSettings:
    """``[tool.schemadoc.lint]`` (or ``[lint]`` in schemadoc.toml): which rules run, how severe, on what."""

    enable: tuple[str, ...] = ()  # opt-in rules to run
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code -> error | warning | info
    exclude: tuple[str, ...] = ()  # object globs no rule reports
    exclude_by_rule: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> object globs

    @classmethod
    def from_table(cls, table: dict[str, Any], source: str = "[tool.schemadoc.lint]") -> LintSettings:
        """Read the settings table, naming ``source`` in any error."""
        known = {"enable", "disable", "severity", "exclude"}
        unknown = sorted(set(table) - known)
        if unknown:
            known_list = ", ".join(sorted(known))
            raise SchemadocError(f"{source}: unknown setting(s) {', '.join(unknown)}; known: {known_list}")
        severity = {code_of(key, source): value for key, value in dict(table.get("severity", {})).items()}
        for code, value in severity.items():
            if value not in SEVERITIES:
                choices = ", ".join(SEVERITIES)
                raise SchemadocError(f"{source}: severity of {code} must be one of {choices}, not {value!r}")
        exclude = table.get("exclude", [])
        by_rule: dict[str, tuple[str, ...]] = {}
        if isinstance(exclude, dict):
            by_rule = {code_of(key, source): tuple(globs) for key, globs in exclude.items()}
            exclude = by_rule.pop("*", ())
        return cls(
            enable=tuple(code_of(item, source) for item in table.get("enable", [])),
            disable=tuple(code_of(item, source) for item in table.get("disable", [])),
            severity=severity,
            exclude=tuple(exclude),
            exclude_by_rule=by_rule,
        )

    def runs(self, rule: Rule, *, live: bool) -> bool:
        """Whether the rule runs: enabled (or not opt-in), not disabled, and its data is there."""
        if rule.code in self.disable or (rule.live_only and not live):
            return False
        return not rule.opt_in or rule.code in self.enable

    def severity_of(self, rule: Rule) -> str:
        """The configured severity, else the rule's own."""
        return self.severity.get(rule.code, rule.severity)

    def excludes(self, finding: Finding) -> bool:
        """Whether an exclusion glob matches the finding's object."""
        globs = self.exclude + self.exclude_by_rule.get(finding.code, ())
        return any(fnmatch.fnmatchcase(finding.object, glob) for glob in globs)


def code_of(text: str, source: str = "lint settings") -> str:
    """A rule's code from its code or name (``SD102`` or ``fk-without-index``)."""
    if text == "*":
        return text
    rule = BY_CODE.get(text.upper()) or BY_NAME.get(text)
    if rule is None:
        raise SchemadocError(f"{source}: no lint rule {text!r}; rules: {', '.join(r.code for r in RULES)}")
    return rule.code


@dataclass(frozen=True)
class ReportedFinding:
    """A finding with the severity it has in this project."""

    finding: Finding
    rule: Rule
    severity: str

    def as_dict(self) -> dict[str, str]:
        """The JSON form: code, rule, severity, object, message and fix when there is one."""
        out = {
            "code": self.rule.code,
            "rule": self.rule.name,
            "severity": self.severity,
            "object": self.finding.object,
            "message": self.finding.message,
        }
        if self.finding.fix:
            out["fix"] = self.finding.fix
        return out


@dataclass(frozen=True)
class LintReport:
    """The findings of one run (sorted by rule, then object), the rules that ran, and comment coverage."""

    findings: tuple[ReportedFinding, ...]
    rules: tuple[Rule, ...]
    coverage: dict[str, float | int]
    suppressed: int = 0

    def at_or_above(self, severity: str) -> tuple[ReportedFinding, ...]:
        """Findings at least as severe as ``severity``."""
        limit = SEVERITIES.index(severity)
        return tuple(item for item in self.findings if SEVERITIES.index(item.severity) <= limit)


def _comments(catalog: Catalog) -> dict[str, str]:
    """Every object's comment by the key findings use; an object without one inherits its table's."""
    comments: dict[str, str] = {}
    for table in catalog.tables:
        comments[table.key] = table.comment or ""
        for column in table.columns:
            comments[f"{table.key}.{column.name}"] = column.comment or ""
        for constraint in table.constraints:
            comments[constraint.key] = constraint.comment or ""
    for index in catalog.indexes:
        comments[index.key] = index.comment or ""
    for view in catalog.views:
        comments[view.key] = view.comment or ""
    for function in catalog.functions:
        comments[function.key] = function.comment or ""
    return comments


def _ignored(finding: Finding, comments: dict[str, str]) -> bool:
    for key in (finding.object, finding.table):
        for match in _IGNORE.finditer(comments.get(key or "", "")):
            codes = re.findall(r"SD\d{3}", match["codes"].upper())
            if not codes or finding.code in codes:
                return True
    return False


def lint(catalog: Catalog, settings: LintSettings | None = None, *, live: bool = False) -> LintReport:
    """Run every rule the settings allow over the catalog."""
    settings = settings or LintSettings()
    comments = _comments(catalog)
    ran = tuple(rule for rule in RULES if settings.runs(rule, live=live))
    reported: list[ReportedFinding] = []
    suppressed = 0
    for rule in ran:
        for finding in rule.check(catalog):
            if settings.excludes(finding) or _ignored(finding, comments):
                suppressed += 1
                continue
            reported.append(ReportedFinding(finding, rule, settings.severity_of(rule)))
    order = [rule.code for rule in RULES]
    reported.sort(key=lambda item: (order.index(item.rule.code), item.finding.object, item.finding.message))
    return LintReport(tuple(reported), ran, comment_coverage(catalog), suppressed)
