"""convproof.verify: registry, engine (sweep, shrinking, statuses), comparisons and result formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import strategies as st

from convproof.errors import ConvProofError
from convproof.geometry import ConvSpec
from convproof.testing import conv_specs
from convproof.verify import (Comparison, NotApplicable, Statement, compare, dot_tolerance, evaluate, statement,
                              to_json_records, to_junit, to_markdown)
from convproof.verify.registry import Registry
from convproof.verify.statements.shapes import count_positions


def off_by_one(spec: ConvSpec) -> Comparison:
    """A corrupted output-size formula: floor((n - k)/s) without the + 1."""
    (n, k, s) = spec.padded_size[0], spec.kernel_span[0], spec.stride[0]
    return Comparison.exact_equal("corrupted formula vs counting positions", (n - k) // s, count_positions(n, k, s))


CORRUPT = Statement("test.corrupt_output_size", r"o = \lfloor (n-k)/s \rfloor", "deliberately wrong",
                    space=lambda mode: conv_specs(dims=1, padding=("symmetric",), max_size=20),
                    prove=off_by_one)


def test_corrupted_statement_fails_with_minimal_counterexample():
    r = evaluate(CORRUPT)
    assert r.status == "failed" and not r.ok
    cex = r.counterexample
    assert cex.check == "corrupted formula vs counting positions"
    assert cex.case == "1D conv 1, kernel 1, stride 1, padding 0 -> 1"  # shrunk to the smallest spec
    assert cex.detail == "0 != 1"


def _wrong_conv(spec, inputs):
    x, w = inputs.ints("y", spec.input_shape(1)), inputs.ints("f", spec.weight_shape)
    from convproof.numeric import reference
    good = reference.conv(x, w, padding=spec.padding)
    bad = good.copy()
    bad[..., -1] += x[..., 0]  # wrong whenever y_1 != 0
    return compare("reference vs wrong", good, bad)


def test_failing_inputs_shrink_and_render_in_lecture_notation():
    s = Statement("test.wrong_conv", "z = y * f", "wrong",
                  lambda m: conv_specs(dims=1, padding=("zero",), groups=(1,), max_channels=1),
                  crosscheck=_wrong_conv)
    r = evaluate(s)
    assert r.status == "failed"
    assert r.counterexample.inputs["y"] == "[1]"  # smallest nonzero input
    assert r.counterexample.detail == "z_{1}: reference = 0, wrong = 1"


def test_oracle_crash_is_a_failure_not_a_traceback():
    def crash(spec):
        raise ZeroDivisionError("oops")
    r = evaluate(Statement("test.crash", "x", "y", lambda m: st.integers(0, 3), prove=crash))
    assert r.status == "failed" and "ZeroDivisionError: oops" in r.counterexample.detail


def test_missing_requirement_skips_with_reason():
    r = evaluate(Statement("test.needs", "x", "y", lambda m: st.just(1), prove=lambda c: True,
                           requires=("no_such_module_xyz",)))
    assert r.status == "skipped" and "no_such_module_xyz" in r.reason and r.ok


def test_not_applicable_everywhere_is_skipped():
    def never(case):
        raise NotApplicable
    r = evaluate(Statement("test.never", "x", "y", lambda m: st.integers(0, 3), prove=never))
    assert r.status == "skipped" and "no applicable case" in r.reason


def test_refusals_are_recorded_as_notes():
    def half(case):
        return [Comparison("exact", True), Comparison.refusal("torch", "refuses odd numbers")] if case % 2 else [Comparison("exact", True)]
    r = evaluate(Statement("test.refuse", "x", "y", lambda m: st.integers(0, 9), prove=half))
    assert r.status == "proven"
    assert any("torch: declined" in n and "refuses odd numbers" in n for n in r.notes)


def test_bad_mode_is_a_convproof_error():
    with pytest.raises(ConvProofError, match="mode='fast'"):
        evaluate(CORRUPT, mode="fast")


def test_statement_needs_a_check():
    with pytest.raises(ConvProofError, match="needs prove or crosscheck"):
        Statement("test.empty", "x", "y", lambda m: st.just(1))


# --- registry ------------------------------------------------------------------------------------
def _reg() -> Registry:
    reg = Registry()
    for name in ("shape.output_size", "shape.transposed_output_size", "backprop.grad_input"):
        reg.register(Statement(name, "x", "y", lambda m: st.just(1), prove=lambda c: True))
    return reg


@pytest.mark.parametrize("patterns, expected", [
    ([], ["shape.output_size", "shape.transposed_output_size", "backprop.grad_input"]),
    (["shape.*"], ["shape.output_size", "shape.transposed_output_size"]),
    (["backprop"], ["backprop.grad_input"]),
    (["*grad*", "shape.output_size"], ["shape.output_size", "backprop.grad_input"]),
])
def test_select_by_name_glob_and_group(patterns, expected):
    assert [s.name for s in _reg().select(patterns)] == expected


@pytest.mark.parametrize("name, hint", [
    ("shape.outptu_size", "did you mean 'shape.output_size'"),
    ("nothing_like_it", "known groups: backprop, shape"),
])
def test_unknown_names_get_hints(name, hint):
    with pytest.raises(ConvProofError, match=hint):
        _reg().select([name])


def test_duplicate_registration_is_an_error():
    reg = _reg()
    with pytest.raises(ConvProofError, match="already registered"):
        reg.register(Statement("shape.output_size", "x", "y", lambda m: st.just(1), prove=lambda c: True))


def test_decorator_registers_a_crosscheck():
    from convproof.verify import REGISTRY, get

    @statement("test.decorated", "1+1=2", "arith", lambda m: st.integers(0, 5), replace=True)
    def check(case, inputs):
        return Comparison.exact_equal("sum", case + case, 2 * case)
    try:
        assert get("test.decorated").crosscheck is check
        assert evaluate(get("test.decorated")).status == "proven"
    finally:
        REGISTRY.unregister("test.decorated")


# --- comparisons ---------------------------------------------------------------------------------
def test_float_tolerance_is_derived_and_stated():
    tol, rule = dot_tolerance(10, 4.0, np.float32)
    eps = float(np.finfo(np.float32).eps)
    assert tol == pytest.approx(2 * 10 * eps / (1 - 10 * eps) * 4.0)
    assert "float32" in rule and "gamma_10" in rule
    c = compare("a vs b", np.float32([1.0]), np.float32([1.0 + 2 * tol]), n_terms=10, magnitude=4.0)
    assert not c.ok and "> tol" in c.detail


def test_exact_compare_names_first_differing_entry():
    a = np.zeros((1, 2, 2, 2), dtype=np.int64)
    b = a.copy()
    b[0, 1, 1, 0] = 5
    c = compare("reference vs fast", a, b, symbol="y")
    assert c.exact and not c.ok and c.detail == "y^{2}_{21}: reference = 0, fast = 5"


# --- result formats ------------------------------------------------------------------------------
def test_json_junit_markdown_carry_the_counterexample():
    results = [evaluate(CORRUPT), evaluate(Statement("test.ok", "x", "y", lambda m: st.just(1), prove=lambda c: True))]
    recs = [json.loads(line) for line in to_json_records(results).splitlines()]
    assert recs[0]["status"] == "failed" and recs[0]["counterexample"]["detail"] == "0 != 1"
    assert set(recs[1]) >= {"name", "status", "reason", "specs_checked", "max_error", "tolerance", "counterexample"}
    suite = ET.fromstring(to_junit(results)).find("testsuite")
    assert suite.get("failures") == "1" and suite.get("tests") == "2"
    failure = suite.find("testcase[@name='test.corrupt_output_size']/failure")
    assert "1D conv 1, kernel 1" in failure.text
    md = to_markdown(results)
    assert "1 proven, 1 failed, 0 skipped" in md and "## Counterexamples" in md
