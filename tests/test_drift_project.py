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
