"""reports/verify.md is the same on every machine: what the machine changes goes beside it."""

from __future__ import annotations

import pytest

from convproof.verify import Result, engine, oracles, run_all, runner, to_markdown, write_markdown
from convproof.verify.result import machine_path, to_machine_markdown

NAMES = ["params.separable", "params.conv", "same.output_size"]


def _results(hide_torch: bool, monkeypatch) -> list[Result]:
    monkeypatch.setattr(runner, "_CACHE", {})
    if hide_torch:
        monkeypatch.setattr(oracles, "torch", lambda: None)
        real = engine._missing
        monkeypatch.setattr(engine, "_missing", lambda req: "torch" if "torch" in req else real(req))
    return run_all(patterns=NAMES, jobs=1)


def test_markdown_does_not_depend_on_installed_oracles(monkeypatch):
    with_torch = _results(False, monkeypatch)
    without = _results(True, monkeypatch)
    assert {r.name: r.status for r in without}["params.separable"] == "skipped"  # the hidden oracle changed the outcome ...
    assert to_markdown(with_torch) == to_markdown(without)  # ... but not the committed file
    assert "needs torch" in to_markdown(without)


def test_machine_file_holds_timings_and_oracles(tmp_path, monkeypatch):
    results = _results(False, monkeypatch)
    path = write_markdown(results, tmp_path / "verify.md")
    local = machine_path(path)
    assert local.name == "verify.local.md"
    assert local.read_text(encoding="utf-8") == to_machine_markdown(results)
    assert " s |" in local.read_text(encoding="utf-8") and " s |" not in path.read_text(encoding="utf-8")
    assert "Optional packages: " in local.read_text(encoding="utf-8")


def test_failure_is_never_hidden_behind_an_optional_package():
    r = Result(name="x.y", status="failed", reason="boom", requires=("torch",))
    assert "| `x.y` | failed |" in to_markdown([r])


def test_repr_is_short_and_markdown_renders():
    r = Result(name="shape.output_size", status="skipped", reason="needs torch")
    assert repr(r) == "<Result shape.output_size skipped: needs torch>"
    assert "| `shape.output_size` | skipped: needs torch |" in r._repr_markdown_()
