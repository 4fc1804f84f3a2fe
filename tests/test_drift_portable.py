"""Drift that holds on every machine: only text derived from the catalog is compared (never a
drawing), the PostgreSQL major does not change that text, and no library prints to the console."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.shop import fk, shop_catalog

from introspect.catalog.load import load_catalog
from introspect.catalog.model import Catalog, Statistics
from introspect.drift.generated import compare_reference
from introspect.postgres.cluster import Cluster, throwaway_cluster
from introspect.postgres.deploy import deploy_schema
from introspect.render.pages import render_reference
from introspect.render.site import draw_diagrams, write_tree

REPO = Path(__file__).resolve().parents[1]
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
PORTABLE_SCHEMAS = [REPO / "tests" / "drift_cases" / "library", *sorted((REPO / "tests" / "cases").iterdir())]


def other_fonts(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig sees one font directory only (as a user's CI runner might)."""
    fonts = LIBERATION if LIBERATION.is_dir() else tmp_path / "no-fonts"
    fonts.mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>\n',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_a_new_relationship_drifts_the_diagram_sources_and_a_drawing_alone_never_does(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    write_tree(render_reference(shop_catalog(), layers=()), reference)
    assert not compare_reference(shop_catalog(), reference).drifted

    (reference / "erd" / "schema.svg").write_bytes(b"<svg>drawn on another machine</svg>")
    (reference / "erd" / "tables").mkdir(exist_ok=True)
    (reference / "erd" / "tables" / "extra.png").write_bytes(b"\x89PNG")
    assert not compare_reference(shop_catalog(), reference).drifted

    catalog = shop_catalog()
    audit = catalog.table("public.audit_log")
    assert audit is not None
    new_fk = fk("audit_log", "audit_log_customer_fk", "id", "customers", "cascade")
    changed = dataclasses.replace(
        catalog,
        tables=tuple(
            dataclasses.replace(t, constraints=(*t.constraints, new_fk)) if t is audit else t for t in catalog.tables
        ),
    )
    drift = compare_reference(changed, reference)
    pages = {p.path for p in drift.pages}
    assert {"erd/schema.dot", "erd/tables/public.audit_log.dot", "erd/tables/public.customers.dot"} <= pages
    assert any("audit_log_customer_fk" in message for message in drift.objects)
    assert not any(p.endswith((".svg", ".png")) for p in pages)


def _reference_of(dsn: str) -> dict[str, str]:
    catalog: Catalog = load_catalog(dsn)
    catalog = dataclasses.replace(
        catalog, database="db", server_version="", server_version_num=0, statistics=Statistics()
    )
    return render_reference(catalog, layers=())


@pytest.mark.slow
def test_postgresql_15_and_18_give_the_same_reference(pg_cluster: Cluster) -> None:
    """View definitions are printed differently by 15 and 16+; the catalog makes them one."""
    clusters = {pg_cluster.version_num // 10000: pg_cluster}
    other = "embedded" if pg_cluster.installation.kind == "system" else "system"
    try:
        with throwaway_cluster(binaries=other) as second:
            clusters[second.version_num // 10000] = second
            assert len(clusters) == 2, "both majors are needed"
            references: dict[int, dict[str, dict[str, str]]] = {}
            for major, cluster in clusters.items():
                for number, schema in enumerate(PORTABLE_SCHEMAS):
                    dsn = cluster.create_database(f"portable_{number}_{major}")
                    deploy_schema(dsn, schema)
                    references.setdefault(major, {})[schema.name] = _reference_of(dsn)
    except Exception as exc:  # no second PostgreSQL on this machine
        if "no PostgreSQL" in str(exc) or "not found" in str(exc):
            pytest.skip(f"only one PostgreSQL major here: {exc}")
        raise
    first, second_major = sorted(references)
    for schema in references[first]:
        a, b = references[first][schema], references[second_major][schema]
        assert a.keys() == b.keys()
        assert [path for path in a if a[path] != b[path]] == [], (
            f"{schema} renders differently on {first} and {second_major}"
        )


@pytest.mark.slow
def test_the_committed_docs_check_clean_under_another_font_set(sample_dsn: str, tmp_path: Path) -> None:
    """`schemadoc check` of this repository, run as a user's CI would: other fonts, a clean tree."""
    result = subprocess.run(
        [sys.executable, "-m", "introspect.cli", "check", "--dsn", sample_dsn, "--exact-row-counts"],
        cwd=REPO,
        env=other_fonts(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Fontconfig" not in result.stderr and "Fontconfig" not in result.stdout


def test_drawing_diagrams_prints_no_library_warnings(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    write_tree(render_reference(shop_catalog(), layers=()), reference)
    script = "import sys; from pathlib import Path; from introspect.render.site import draw_diagrams; "
    script += f"print(draw_diagrams(Path({str(reference)!r})))"
    result = subprocess.run(
        [sys.executable, "-c", script], env=other_fonts(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) == len(list(reference.rglob("*.dot")))
    assert result.stderr == ""
    assert all(p.with_suffix(".svg").read_bytes().startswith(b"<?xml") for p in reference.rglob("*.dot"))
    assert draw_diagrams(tmp_path / "absent") == 0
