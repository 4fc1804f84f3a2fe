"""`schemadoc lint`: one case folder per rule under tests/lint_cases/ (each planted anomaly found
exactly once, with its code and object), settings and suppressions, the output formats, the CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.shop import shop_catalog

from introspect.catalog import serialize
from introspect.catalog.load import load_catalog
from introspect.cli.main import main
from introspect.console import Console
from introspect.errors import SchemadocError
from introspect.lint import RULES, LintSettings, lint
from introspect.lint.formats import as_github, as_json, as_sarif, as_text
from introspect.postgres.deploy import deploy_schema

CASES = Path(__file__).resolve().parent / "lint_cases"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if (path / "expected.json").is_file())


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_planted_anomaly_is_found_once(case: str, make_database: Callable[..., str]) -> None:
    expected = json.loads((CASES / case / "expected.json").read_text())
    dsn = make_database(case[:20])
    deploy_schema(dsn, CASES / case, own_server=True, console=Console(err=io.StringIO()))
    report = lint(load_catalog(dsn), LintSettings(enable=tuple(expected.get("enable", ()))))
    assert [[item.rule.code, item.finding.object] for item in report.findings] == expected["findings"]
    assert report.suppressed == expected.get("suppressed", 0)
    if "coverage" in expected:
        assert report.coverage["percent"] == expected["coverage"]


def test_every_rule_has_a_case() -> None:
    tested = {
        code for case in CASE_NAMES for code, _ in json.loads((CASES / case / "expected.json").read_text())["findings"]
    }
    untested = {rule.code for rule in RULES if not rule.live_only} - tested
    assert not untested


def test_the_canonical_schemas_findings_are_the_ones_kept_on_purpose(canonical_dsn: str) -> None:
    # Each is justified by a comment beside it in schema/ (see schema/20_tables.sql and 40_indexes.sql).
    report = lint(load_catalog(canonical_dsn))
    assert [(item.rule.code, item.finding.object) for item in report.findings] == [
        ("SD102", "public.customers.customers_referred_by_customer_id_fkey"),
        ("SD102", "public.inventory_transactions.inventory_transactions_reversal_of_transaction_id_fkey"),
        ("SD102", "public.orders.orders_billing_address_id_fkey"),
        ("SD102", "public.orders.orders_shipping_address_id_fkey"),
        ("SD102", "public.orders_partitioned.orders_partitioned_customer_id_fkey"),
        ("SD102", "public.reviews.reviews_order_id_fkey"),
        ("SD104", "public.idx_orders_customer"),
    ]
    assert report.coverage["percent"] == 100.0
    justified = "\n".join(path.read_text() for path in (Path(__file__).parents[1] / "schema").glob("*.sql"))
    assert justified.count("lint SD102") + justified.count("reports idx_orders_customer as SD104") >= 6


def test_settings_disable_change_severity_and_exclude() -> None:
    catalog = shop_catalog()
    plain = lint(catalog)
    assert {item.rule.code for item in plain.findings} >= {"SD101", "SD102", "SD109"}
    settings = LintSettings.from_table(
        {
            "disable": ["missing-comment"],
            "severity": {"SD102": "error"},
            "exclude": {"SD101": ["public.audit_*"], "*": ["public.product_categories*"]},
        }
    )
    report = lint(catalog, settings)
    codes = {item.rule.code for item in report.findings}
    assert "SD109" not in codes
    assert all(item.severity == "error" for item in report.findings if item.rule.code == "SD102")
    objects = {item.finding.object for item in report.findings}
    assert "public.audit_log" not in objects
    assert not any(name.startswith("public.product_categories") for name in objects)
    assert report.at_or_above("error") and not lint(
        catalog, LintSettings(disable=("SD101", "SD102", "SD109"))
    ).at_or_above("warning")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"disable": ["SD999"]}, "no lint rule 'SD999'"),
        ({"severity": {"SD101": "fatal"}}, "must be one of error, warning, info"),
        ({"colour": "red"}, "unknown setting(s) colour"),
    ],
)
def test_bad_settings_are_clear_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(SchemadocError, match=message.replace("(", r"\(").replace(")", r"\)")):
        LintSettings.from_table(table)


def test_the_formats_carry_every_finding() -> None:
    report = lint(shop_catalog())
    document = json.loads(as_json(report))
    assert len(document["findings"]) == len(report.findings)
    assert set(document["findings"][0]) >= {"code", "rule", "severity", "object", "message"}
    assert document["coverage"]["percent"] == report.coverage["percent"]
    sarif = json.loads(as_sarif(report))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == [item.rule.code for item in report.findings]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[result["ruleIndex"]]["id"] == result["ruleId"] for result in results)
    github = as_github(report).splitlines()
    assert len(github) == len(report.findings) and all(line.startswith("::") for line in github)
    assert as_text(report).rstrip().splitlines()[-1].startswith(f"{len(report.findings)} finding(s)")


def test_the_command_gates_on_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(serialize.dumps(shop_catalog()), encoding="utf-8")
    assert main(["lint", "-q", "--catalog", str(catalog_file)]) == 0  # warnings and infos only
    assert main(["lint", "-q", "--catalog", str(catalog_file), "--fail-on", "warning"]) == 1
    assert main(["lint", "-q", "--catalog", str(catalog_file), "--min-comment-coverage", "50"]) == 1
    capsys.readouterr()
    out = tmp_path / "lint.sarif"
    assert main(["lint", "-q", "--catalog", str(catalog_file), "--format", "sarif", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["runs"][0]["results"]
    assert main(["lint", "-q", "--catalog", str(tmp_path / "missing.json")]) == 2


def test_the_project_settings_reach_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(serialize.dumps(shop_catalog()), encoding="utf-8")
    (tmp_path / "schemadoc.toml").write_text('[lint]\nseverity = {SD101 = "error"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "-q", "--catalog", str(catalog_file)]) == 1
    (tmp_path / "schemadoc.toml").write_text('[lint]\ndisable = ["nope"]\n', encoding="utf-8")
    assert main(["lint", "-q", "--catalog", str(catalog_file)]) == 2
