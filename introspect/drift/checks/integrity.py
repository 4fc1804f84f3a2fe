"""Data-integrity claims: delete rules, CHECK expressions, CHECK topics and the audit trigger."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Constraint
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult

# "restrict" claims are about a delete being refused; NO ACTION refuses it too (at statement end).
ACCEPTED_ACTIONS = {"cascade": ("cascade",), "restrict": ("restrict", "no action"), "set null": ("set null",)}


def _describe_fk(fk: Constraint) -> str:
    return f"{fk.table} → {fk.referenced_table} ON DELETE {(fk.on_delete or 'no action').upper()} ({fk.name})"


def check_delete_rule(claim: Claim, catalog: Catalog) -> ClaimResult:
    """The FK between the tables a bullet names has the delete action of the bullet's group.

    The first table mentioned is the one deleted; tables mentioned after it hold the foreign key.
    When no other table is named, every foreign key to the first one is a candidate ("parent
    category → child": the self-reference) and one with the right action is enough.
    """
    mentioned = lookup.tables_in_prose(catalog, claim.subject)
    if not mentioned:
        return ClaimResult(claim, UNCHECKED, "no table of the database is named in this statement")
    parent, children = mentioned[0], {t.key for t in mentioned[1:]}
    to_parent = [fk for fk in catalog.foreign_keys() if fk.referenced_table == parent.key]
    accepted = ACCEPTED_ACTIONS[claim.stated]
    if children:
        candidates = [fk for fk in to_parent if fk.table in children]
        if not candidates:
            return ClaimResult(claim, FAIL, f"no foreign key from {', '.join(sorted(children))} to {parent.key}")
        ok = all((fk.on_delete or "no action") in accepted for fk in candidates)
    else:
        candidates = to_parent
        if not candidates:
            return ClaimResult(claim, FAIL, f"no foreign key referencing {parent.key}")
        ok = any((fk.on_delete or "no action") in accepted for fk in candidates)
        if ok:
            candidates = [fk for fk in candidates if (fk.on_delete or "no action") in accepted]
    return ClaimResult(claim, PASS if ok else FAIL, "; ".join(_describe_fk(fk) for fk in candidates))


_MULTIWORD_TYPES = (
    r"character varying|double precision|bit varying|timestamp(?:\(\d\))? with(?:out)? time zone"
    r"|time(?:\(\d\))? with(?:out)? time zone"
)
_CAST = re.compile(rf"::\s*(?:{_MULTIWORD_TYPES}|\"?[a-z_][\w.]*\"?)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*", re.IGNORECASE)
_BETWEEN = re.compile(r"([\w.]+)\s+between\s+(\S+)\s+and\s+(\S+)", re.IGNORECASE)


def normalize_check(expression: str) -> str:
    """The documented normalisation of CHECK expressions before they are compared.

    Drop a leading ``CHECK`` and a trailing ``NOT VALID``, drop ``::type`` casts, expand
    ``x BETWEEN a AND b`` to ``x >= a and x <= b`` (PostgreSQL stores it expanded), remove every
    parenthesis, lower-case, and collapse whitespace.
    """
    text = re.sub(r"^\s*CHECK\s*", "", expression, flags=re.IGNORECASE)
    text = re.sub(r"\s+NOT\s+VALID\s*$", "", text, flags=re.IGNORECASE)
    text = _CAST.sub("", text)
    text = text.replace("(", " ").replace(")", " ")
    text = _BETWEEN.sub(r"\1 >= \2 and \1 <= \3", text)
    return " ".join(text.lower().split())


def check_expression(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A CHECK expression in a code span matches (or is one conjunct of) a CHECK in the catalog."""
    wanted = normalize_check(claim.stated)
    pattern = re.compile(r"(?<![\w.])" + re.escape(wanted) + r"(?![\w.])")
    definitions = [(c.key, c.definition) for c in lookup.check_constraints(catalog)]
    definitions += [(f"domain {d.key}", check) for d in catalog.domains for check in d.checks]
    for owner, definition in definitions:
        if pattern.search(normalize_check(definition)):
            return ClaimResult(claim, PASS, f"{owner}: {definition}")
    columns = set(re.findall(r"[a-z_][\w]*", wanted)) - {"and", "or", "not", "between"}
    related = [f"{owner}: {d}" for owner, d in definitions if columns & set(re.findall(r"[a-z_]\w*", d.lower()))]
    hint = f"; related: {'; '.join(related[:3])}" if related else ""
    return ClaimResult(claim, FAIL, f"no CHECK constraint matching `{wanted}`{hint}")


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


def check_audit_trigger(claim: Claim, catalog: Catalog) -> ClaimResult:
    """A table's changes are logged: triggers on it that see every changed row (row level, or
    statement level with transition tables), together covering INSERT, UPDATE and DELETE, run a
    function that writes to an audit table (a table whose name contains "audit")."""
    table = lookup.table(catalog, claim.subject)
    if table is None:
        return ClaimResult(claim, FAIL, f"no table named {claim.subject}")
    audit_tables = [t.name for t in catalog.top_level_tables() if "audit" in t.name]
    functions = {f.key: f for f in catalog.functions}
    auditing = []
    for trigger in catalog.triggers_on(table.key):
        function = functions.get(trigger.function)
        source = (function.source if function else "").lower()
        sees_rows = trigger.level == "row" or "REFERENCING" in trigger.definition.upper()
        if sees_rows and any(name in source for name in audit_tables):
            auditing.append(trigger)
    events = {e for t in auditing for e in t.events}
    missing = [e for e in ("insert", "update", "delete") if e not in events]
    if not auditing:
        names = ", ".join(t.name for t in catalog.triggers_on(table.key)) or "none"
        return ClaimResult(
            claim,
            FAIL,
            f"no row-seeing trigger on {table.key} writing to {audit_tables or 'an audit table'} (triggers: {names})",
        )
    described = ", ".join(f"{t.name} ({' or '.join(t.events)})" for t in auditing)
    if missing:
        return ClaimResult(claim, FAIL, f"audit triggers {described}, which miss {', '.join(missing)}")
    return ClaimResult(claim, PASS, f"audit triggers on {table.key}: {described}")
