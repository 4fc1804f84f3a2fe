"""Data-integrity claims: delete rules, CHECK expressions, CHECK topics and the audit trigger."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Constraint
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult

# "restrict" claims are about a delete being refused; NO ACTION refuses it too (at statement end).
ACCEPTED_ACTIONS = {"cascade": ("cascade",), "restrict": ("restrict", "no action"), "set null": ("set null",)}


def check_delete_rule(claim: Claim, catalog: Catalog) -> ClaimResult:
    """The foreign keys from the child tables to the parent have the stated delete (or update) action.

    The parent is the table deleted; the child phrase names the tables holding the foreign key.
    When the child is the parent's own kind ("child", "subcategories"), the foreign key is the
    parent's reference to itself. A child phrase that names no table is not checked.
    """
    parent_phrase = claim.param("parent") or claim.subject
    child_phrase = claim.param("child")
    event = claim.param("event", "delete")
    parents = lookup.tables_in_phrase(catalog, parent_phrase)
    if not parents:
        return ClaimResult(claim, UNCHECKED, f"no table of the database is named by {parent_phrase!r}")
    parent = parents[0]
    to_parent = [fk for fk in catalog.foreign_keys() if fk.referenced_table == parent.key]
    children = {t.key for t in lookup.tables_in_phrase(catalog, child_phrase)} - {parent.key}
    if not children and lookup.is_self_reference(child_phrase):
        children = {parent.key}
    if not children:
        return ClaimResult(claim, UNCHECKED, f"no table of the database is named by {child_phrase!r}")
    accepted = ACCEPTED_ACTIONS[claim.stated]
    candidates = [fk for fk in to_parent if fk.table in children]
    if not candidates:
        return ClaimResult(claim, FAIL, f"no foreign key from {', '.join(sorted(children))} to {parent.key}")

    def action(fk: Constraint) -> str:
        return ((fk.on_update if event == "update" else fk.on_delete) or "no action").lower()

    ok = all(action(fk) in accepted for fk in candidates)
    described = "; ".join(
        f"{fk.table} → {fk.referenced_table} ON {event.upper()} {action(fk).upper()} ({fk.name})" for fk in candidates
    )
    return ClaimResult(claim, PASS if ok else FAIL, described)


def check_topic(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A CHECK topic without an expression, verified by the rule its wording names.

    "email": some CHECK mentions an email column; "date": some CHECK relates two date/time
    columns; "status"/"enumerated": every *status column of a table is an enum or has a CHECK.
    Any other wording is listed as unchecked.
    """
    words = claim.subject.lower()
    checks = lookup.check_constraints(catalog) + [
        Constraint(d.key, d.name, "check", (), c) for d in catalog.domains for c in d.checks
    ]
    if "email" in words:
        found = [c.key for c in checks if "email" in c.definition.lower()]
        return ClaimResult(claim, PASS if found else FAIL, f"email CHECKs: {', '.join(found) or 'none'}")
    if "date" in words:
        temporal = {(t.key, col.name) for t in catalog.tables for col in t.columns if _is_temporal(col.data_type)}
        found = [c.key for c in checks if sum((c.table, col) in temporal for col in c.columns) >= 2]
        return ClaimResult(claim, PASS if found else FAIL, f"CHECKs relating two dates: {', '.join(found) or 'none'}")
    if "status" in words or "enumerat" in words:
        enums = {e.key for e in catalog.enums} | {e.name for e in catalog.enums}
        status_columns = [
            (t, col) for t in catalog.tables if t.kind == "table" for col in t.columns if col.name.endswith("status")
        ]
        loose = [
            f"{t.key}.{col.name}"
            for t, col in status_columns
            if col.data_type not in enums
            and not any(c.kind == "check" and col.name in c.columns for c in t.constraints)
        ]
        if not status_columns:
            return ClaimResult(claim, FAIL, "no status columns")
        verdict = FAIL if loose else PASS
        detail = f"unconstrained status columns: {', '.join(loose)}" if loose else "an enum or a CHECK on each"
        return ClaimResult(claim, verdict, f"{len(status_columns)} status columns, {detail}")
    return ClaimResult(claim, UNCHECKED, "no expression in a code span to compare with the catalog")


def _is_temporal(data_type: str) -> bool:
    return data_type == "date" or data_type.startswith(("timestamp", "time "))


_INSERT_INTO = re.compile(r"\binsert\s+into\s+((?:\"?[\w$]+\"?\.)?\"?[\w$]+\"?)", re.IGNORECASE)


def _written_tables(source: str) -> set[str]:
    """Bare names of the tables a function body inserts into."""
    return {m.group(1).split(".")[-1].strip('"').lower() for m in _INSERT_INTO.finditer(source)}


def check_audit_trigger(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A table's changes are logged: triggers on it that see every changed row (row level, or
    statement level with transition tables), together covering INSERT, UPDATE and DELETE, run a
    function that inserts into another table of the schema (the log)."""
    table = lookup.table(catalog, claim.subject)
    if table is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}", missing=True)
    log_tables = {t.name.lower() for t in catalog.top_level_tables() if t.key != table.key}
    functions = {f.key: f for f in catalog.functions}
    auditing = []
    for trigger in catalog.triggers_on(table.key):
        function = functions.get(trigger.function)
        written = _written_tables(function.source if function else "") & log_tables
        sees_rows = trigger.level == "row" or "REFERENCING" in trigger.definition.upper()
        if sees_rows and written:
            auditing.append(trigger)
    events = {e for t in auditing for e in t.events}
    missing = [e for e in ("insert", "update", "delete") if e not in events]
    if not auditing:
        names = ", ".join(t.name for t in catalog.triggers_on(table.key)) or "none"
        return ClaimResult(
            claim,
            FAIL,
            f"no row-seeing trigger on {table.key} writing to another table (triggers: {names})",
        )
    described = ", ".join(f"{t.name} ({' or '.join(t.events)})" for t in auditing)
    if missing:
        return ClaimResult(claim, FAIL, f"audit triggers {described}, which miss {', '.join(missing)}")
    return ClaimResult(claim, PASS, f"audit triggers on {table.key}: {described}")
