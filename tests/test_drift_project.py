"""Our own CI checks our own docs: `schemadoc check` on this repository must be clean."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from introspect.cli import main
from introspect.console import Console

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_schemadoc_check_passes_on_this_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full code path: throwaway cluster, schema + sample data, generated pages and every claim."""
    monkeypatch.chdir(REPO)
    out, err = io.StringIO(), io.StringIO()
    code = main(["check"], Console(quiet=True, out=out, err=err))
    assert code == 0, out.getvalue() + err.getvalue()


def test_a_missing_overview_is_an_error_before_any_deploy(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--overview", str(tmp_path / "nowhere.md")], Console(quiet=True, out=out, err=err))
    assert code == 2
    assert f"{tmp_path / 'nowhere.md'}: cannot read the overview" in err.getvalue()
    assert out.getvalue() == ""
