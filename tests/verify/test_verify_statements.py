"""The built-in statements hold on a short sweep, and fail when an engine they check is broken."""

from __future__ import annotations

import numpy as np
import pytest

from convproof import numeric
from convproof.verify import evaluate, select

OWN_GROUPS = ["shape.*", "same.*", "params.conv", "params.separable", "params.locally_connected",
              "seed002.output_size_formula", "seed002.output_size_examples", "seed002.worked_example",
              "seed002.example_is_correlation", "forward.*", "transposed.*", "backprop.*", "dilated.*", "grouped.*",
              "depthwise_separable.*", "separable.*", "pointwise.*", "pooling.avg_is_conv",
              "pooling.max_gradient_routes"]
NAMES = [s.name for s in select(OWN_GROUPS)]


@pytest.mark.parametrize("name", NAMES)
def test_builtin_statement_holds_on_a_short_sweep(name):
    (stmt,) = select([name])
    r = evaluate(stmt, max_examples=3)
    assert r.status in ("proven", "skipped"), (r.reason, r.counterexample and r.counterexample.text())
    if r.status == "proven":
        assert r.checks > 0 and r.specs_checked > 0


def test_every_symbolic_identity_has_a_statement():
    required = {"forward.three_routes", "transposed.three_routes", "transposed.adjoint", "backprop.grad_input",
                "backprop.grad_weight", "backprop.grad_bias", "backprop.weight_sharing", "dilated.zero_inserted_kernel",
                "grouped.block_diagonal", "depthwise_separable.factorization", "separable.rank1",
                "pointwise.matrix_product", "pooling.avg_is_conv", "pooling.max_gradient_routes",
                "shape.output_size", "shape.transposed_output_size", "shape.transposed_output_padding",
                "same.shift", "same.tf_vs_torch"}
    assert required <= set(NAMES)


def _unflipped(fn):
    """The classic bug: the input gradient computed with the kernel not rotated."""
    def wrong(input_shape, weight, grad_output, **kwargs):
        w = np.asarray(weight)
        return fn(input_shape, np.flip(w, axis=tuple(range(2, w.ndim))), grad_output, **kwargs)
    return wrong


def _mirrored(fn):
    """A transposed convolution whose output comes out mirrored (kernel flipped once too often)."""
    def wrong(*args, **kwargs):
        return np.flip(fn(*args, **kwargs), axis=-1)
    return wrong


@pytest.mark.parametrize("name, attr, broken", [
    ("backprop.grad_input", "conv_grad_input", _unflipped(numeric.conv_grad_input)),
    ("transposed.three_routes", "conv_transpose", _mirrored(numeric.conv_transpose)),
])
def test_statement_catches_a_broken_engine(monkeypatch, name, attr, broken):
    monkeypatch.setattr(numeric, attr, broken)
    r = evaluate(select([name])[0])
    assert r.status == "failed"
    assert r.counterexample.check == "reference vs fast"
    assert "reference = " in r.counterexample.detail and "fast = " in r.counterexample.detail
