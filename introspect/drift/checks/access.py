"""GRANT lines of the overview's SQL block, checked against the catalog's grants (aclexplode)."""

from __future__ import annotations

import re

from introspect.catalog.model import Catalog, Table, View
from introspect.drift.checks import lookup
from introspect.drift.model import FAIL, PASS, UNCHECKED, Claim, ClaimResult

TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
RELATION_KINDS = ("table", "partitioned_table", "view", "materialized_view")
_ALL_TARGET = re.compile(
    r"^ALL\s+(TABLES|VIEWS|MATERIALIZED\s+VIEWS|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES)(?:\s+IN\s+SCHEMA\s+(.+))?$",
    re.IGNORECASE,
)


def _expand_target(catalog: Catalog, target: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(object kind, key) pairs a GRANT target covers, and the names it gives that do not exist.

    ``ALL TABLES [IN SCHEMA s]`` covers every table, partitioned table, view and materialized view
    (as PostgreSQL's GRANT does; partitions are not listed in the model's grants), ``ALL VIEWS`` and
    ``ALL MATERIALIZED VIEWS`` those kinds only.
    """
    relations: list[Table | View] = [*catalog.top_level_tables(), *catalog.views]
    pairs: list[tuple[str, str]] = []
    match = _ALL_TARGET.match(" ".join(target.split()))
    if match:
        what = " ".join(match.group(1).upper().split())
        schemas = {s.strip().strip('"') for s in match.group(2).split(",")} if match.group(2) else None
        if what == "SEQUENCES":
            pairs = [("sequence", s.key) for s in catalog.sequences if schemas is None or s.schema in schemas]
        elif what in ("FUNCTIONS", "PROCEDURES", "ROUTINES"):
            pairs = [("function", f.key) for f in catalog.functions if schemas is None or f.schema in schemas]
        else:
            kinds = {"TABLES": RELATION_KINDS, "VIEWS": ("view",), "MATERIALIZED VIEWS": ("materialized_view",)}[what]
            pairs = [(r.kind, r.key) for r in relations if r.kind in kinds and (schemas is None or r.schema in schemas)]
        return pairs, []
    schema_target = re.match(r"^SCHEMA\s+(.+)$", " ".join(target.split()), re.IGNORECASE)
    if schema_target:
        names = [n.strip().strip('"') for n in schema_target.group(1).split(",")]
        known = {s.name for s in catalog.schemas}
        return [("schema", n) for n in names if n in known], [n for n in names if n not in known]
    names = [n.strip().strip('"') for n in re.sub(r"^TABLE\s+", "", target, flags=re.IGNORECASE).split(",")]
    missing: list[str] = []
    for name in names:
        found = [r for r in lookup.relations(catalog, name) if r.kind in RELATION_KINDS]
        if found:
            pairs.append((found[0].kind, found[0].key))
        else:
            missing.append(name)
    return pairs, missing


def check_grant(claim: Claim, catalog: Catalog) -> ClaimResult:
    """Every privilege of a GRANT line is held by its grantee on every object the target covers."""
    grantee = claim.subject
    privileges = [p.strip().upper() for p in claim.stated.split(",")]
    if privileges in (["ALL"], ["ALL PRIVILEGES"]):
        privileges = list(TABLE_PRIVILEGES)
    if any(p not in (*TABLE_PRIVILEGES, "USAGE", "EXECUTE") for p in privileges):
        return ClaimResult(claim, UNCHECKED, f"privileges {claim.stated!r} not understood")
    if grantee not in {r.name for r in catalog.roles} and grantee != "PUBLIC":
        return ClaimResult(claim, FAIL, f"no role named {grantee}", missing=True)
    pairs, missing = _expand_target(catalog, claim.context)
    if missing:
        return ClaimResult(claim, FAIL, f"no table or view named {', '.join(missing)}", missing=True)
    if not pairs:
        return ClaimResult(claim, FAIL, f"no object matching {claim.context}", missing=True)
    held = {(g.object, g.privilege) for g in catalog.grants if g.grantee == grantee}
    if claim.negated:  # "R cannot read or write X": R holds none of them on any object
        holding = [f"{p} on {key}" for _, key in pairs for p in privileges if (key, p) in held]
        if holding:
            more = f" and {len(holding) - 5} more" if len(holding) > 5 else ""
            return ClaimResult(claim, FAIL, f"{grantee} holding {', '.join(holding[:5])}{more}")
        return ClaimResult(claim, PASS, f"{grantee} holding none of {', '.join(privileges)} on {len(pairs)} objects")
    lacking = [f"{p} on {key}" for _, key in pairs for p in privileges if (key, p) not in held]
    if lacking:
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        return ClaimResult(claim, FAIL, f"{grantee} lacking {', '.join(lacking[:5])}{more}")
    return ClaimResult(claim, PASS, f"{grantee} holding {', '.join(privileges)} on all {len(pairs)} objects")
