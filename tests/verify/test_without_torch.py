"""Without PyTorch (a newcomer's `pip install .`), statements still run: the torch oracle is
recorded as declined with a reason, never a crash that reads as a failed statement."""

from __future__ import annotations

import pytest

from convproof.verify import load_builtin, oracles, run, select


def test_every_torch_statement_runs_without_torch(monkeypatch):
    monkeypatch.setattr(oracles, "torch", lambda: None)
    load_builtin()
    chosen = [s for s in select(None) if any("torch" in o for o in s.oracles)]
    assert len(chosen) >= 10
    results = run(chosen, "quick", jobs=1)
    bad = [(r.name, r.reason, r.counterexample and r.counterexample.text()) for r in results
           if r.status == "failed"]
    assert not bad
    declined = [r for r in results if any("torch is not installed" in n for n in r.notes)]
    assert declined, "the missing oracle must be stated"


def test_refusal_reason_names_the_missing_module(monkeypatch):
    from convproof import ConvSpec

    monkeypatch.setattr(oracles, "torch", lambda: None)
    assert oracles.torch_refusal(ConvSpec(input_size=4, kernel_size=2)) == "torch is not installed"


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
