"""A committed report must not depend on which optional oracles the machine has: the .tex built
without PyTorch equals the one built with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from convproof.reports import build_report
from convproof.verify import engine, oracles, runner

REPORTS = Path(__file__).resolve().parents[2] / "reports"


@pytest.fixture
def no_torch(monkeypatch):
    monkeypatch.setattr(oracles, "torch", lambda: None)
    real = engine._missing
    monkeypatch.setattr(engine, "_missing", lambda req: "torch" if "torch" in req else real(req))
    monkeypatch.setattr(runner, "_CACHE", {})


@pytest.mark.parametrize("name", ["layers", "conventions"])
def test_report_without_torch_equals_committed(no_torch, name):
    assert build_report(name).latex(True) == (REPORTS / f"{name}.tex").read_text(encoding="utf-8")
