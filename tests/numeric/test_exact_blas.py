"""Integers through BLAS, exactly (:mod:`convproof.numeric.bounds`, ``work=True``): an integer result whose
worst case (and every operand) is at most ``2**53`` is computed in float64, where every product and partial
sum is an integer held exactly, and cast back; above that int64, above int64 Python ints. The edge cases
are chosen so that float64 would round: the route must change exactly at ``2**53``."""

from __future__ import annotations

import numpy as np
import pytest

from convproof import numeric as fast
from convproof.numeric import bounds
from convproof.numeric import reference as ref
from convproof.numeric.args import conv_spec


def _work(x, w):
    spec = conv_spec(x.shape, w.shape, 1, 0, 1, 1)
    return bounds.conv_dtype(spec, x, w, None, work=True)


def test_the_route_changes_at_two_to_the_53():
    w = np.array([[[1, 1]]])
    at = np.array([[[2 ** 52, 2 ** 52]]])            # bound 2**53: float64 is exact
    assert _work(at, w) == (np.dtype(np.int64), np.dtype(np.float64))
    over = np.array([[[2 ** 52 + 1, 2 ** 52]]])      # bound 2**53 + 2: int64
    assert _work(over, w) == (np.dtype(np.int64), np.dtype(np.int64))
    huge = np.array([[[2 ** 62, 2 ** 62]]])          # past int64: Python ints
    assert _work(huge, w)[1] == np.dtype(object)


@pytest.mark.parametrize("op", ["conv", "grad_input", "grad_weight", "transpose"])
def test_a_sum_float64_would_round_is_exact(op):
    """``2**52 + 1 + 2**52 = 2**53 + 1`` is odd: float64 would round it, the result must not be."""
    a = np.array([[[2 ** 52 + 1, 2 ** 52]]])
    one = np.array([[[1, 1]]])
    if op == "conv":
        got, want = fast.conv(a, one), ref.conv(a, one)
    elif op == "grad_input":   # x has 3 cells; gradient of the middle cell = g0 * w1 + g1 * w0
        got, want = fast.conv_grad_input((1, 1, 3), one, a), ref.conv_grad_input((1, 1, 3), one, a)
    elif op == "grad_weight":
        x = np.array([[[1, 1, 7]]])
        got, want = fast.conv_grad_weight(x, (1, 1, 2), a), ref.conv_grad_weight(x, (1, 1, 2), a)
    else:
        got, want = fast.conv_transpose(a, one), ref.conv_transpose(a, one)
    assert got.dtype == np.int64 and np.array_equal(got, want), (got, want)
    assert (2 ** 53 + 1) in got.ravel().tolist()


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.uint8, np.int32, np.int64])
def test_small_integers_keep_their_exact_dtype(dtype):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 5, (2, 3, 9, 8)).astype(dtype)
    w = rng.integers(0, 3, (4, 3, 3, 3)).astype(dtype)
    got = fast.conv(x, w, padding=1, stride=2)
    want = ref.conv(x, w, padding=1, stride=2)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    g = rng.integers(0, 3, got.shape).astype(dtype)
    for a, b in [(fast.conv_grad_input(x.shape, w, g, padding=1, stride=2),
                  ref.conv_grad_input(x.shape, w, g, padding=1, stride=2)),
                 (fast.conv_grad_weight(x, w.shape, g, padding=1, stride=2),
                  ref.conv_grad_weight(x, w.shape, g, padding=1, stride=2)),
                 (fast.conv_transpose(g, w, stride=2, padding=1),
                  ref.conv_transpose(g, w, stride=2, padding=1))]:
        assert a.dtype == b.dtype and np.array_equal(a, b)

