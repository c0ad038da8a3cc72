"""convproof verify runs the theorems as statements whose JSON record states their scope."""

from __future__ import annotations

import json

from convproof.theorems import THEOREMS, correct
from convproof.verify import registry, runner
from convproof.verify.engine import evaluate
from convproof.verify.result import to_json_records
from convproof.verify.statements.theorems import _statement


def test_every_theorem_is_a_statement():
    names = registry.names()
    assert {f"theorem.{t.name}" for t in correct()} <= set(names)
    assert not any("~" in n for n in names)  # the wrong variants are not registered


def test_theorem_record_says_all_sizes_with_hypotheses():
    (res,) = runner.run_all(patterns=["theorem.size.transposed"])
    rec = json.loads(to_json_records([res]))
    assert rec["status"] == "proven"
    assert rec["extra"]["scope"] == "all sizes"
    assert rec["extra"]["hypotheses"] == list(THEOREMS["size.transposed"].hypotheses)
    assert rec["extra"]["engine"].startswith("z3 ")


def test_sweep_statement_record_says_instances():
    (res,) = runner.run_all(patterns=["shape.output_size"])
    assert res.extra["scope"] == "instances"


def test_wrong_variant_as_statement_fails_with_counterexample():
    res = evaluate(_statement(THEOREMS["size.transposed~no_output_padding"]))
    assert res.status == "failed"
    assert "counterexample n=" in res.counterexample.detail
