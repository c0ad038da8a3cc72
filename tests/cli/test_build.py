"""`convproof build`, the README's main job: verification table, reports and errata in one folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from convproof import verify
from convproof.cli import main

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture
def few_statements(monkeypatch):
    """The whole registry takes a minute; the build flow is the same for a selection."""
    real = verify.run_all
    monkeypatch.setattr(verify, "run_all", lambda quick=True, jobs=1, progress=None:
                        real(quick=quick, jobs=1, patterns=["shape.*"], progress=progress))


def test_build_writes_verify_reports_and_errata(tmp_path, few_statements, capsys):
    out = tmp_path / "reports"
    seeds = ["--seeds", str(SEEDS)] if SEEDS.is_dir() else []  # a given --seeds must hold seed documents
    assert main(["build", "-o", str(out), "--no-pdf", *seeds]) == 0
    text = (out / "verify.md").read_text(encoding="utf-8")
    assert "shape.output_size" in text and "proven" in text
    for stem in ("lecture", "lecture-ru", "backprop", "layers", "conventions", "fundamentals"):
        assert (out / f"{stem}.tex").is_file()
    assert (out / "errata" / "seed002.md").is_file() and (out / "errata" / "seed004.md").is_file()
    if SEEDS.is_dir():
        assert "002_b7471a62d56a73d3.txt" in (out / "errata" / "seeds.md").read_text(encoding="utf-8")
    assert "statements proven or skipped" in capsys.readouterr().out


def test_build_fails_when_a_statement_fails(tmp_path, monkeypatch, capsys):
    from convproof.verify import Result

    bad = Result(name="demo.broken", status="failed", reason="planted")
    monkeypatch.setattr(verify, "run_all", lambda **kw: [bad])
    assert main(["build", "-o", str(tmp_path), "--no-reports"]) == 1
    assert "FAILED: demo.broken" in capsys.readouterr().err
