"""Fraction arrays through the integer route (:mod:`convproof.numeric._rational`): ``op(X/Dx, W/Dw)`` is
``op(X, W) / (Dx*Dw)``. Exactly the reference, entries Fractions, for mixed and huge denominators, integer
arrays beside Fraction ones, constant Fraction fills and biases; SymPy and float entries keep their route."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from convproof import numeric as fast
from convproof.numeric import _rational
from convproof.numeric import reference as ref


def fractions(rng, shape, dens=(1, 2, 3, 7)):
    nums = rng.integers(-9, 10, int(np.prod(shape)))
    return np.array([Fraction(int(n), int(rng.choice(dens))) for n in nums], dtype=object).reshape(shape)


def same(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype == object
    assert np.array_equal(a, b)
    assert all(isinstance(v, Fraction) for v in a.flat)


@settings(max_examples=30)
@given(st.integers(0, 10 ** 6), st.sampled_from([1, 2]), st.sampled_from([0, 1]), st.sampled_from([1, 2]),
       st.sampled_from(["zeros", "constant", "reflect", "circular"]))
def test_all_four_operations_are_exact(seed, stride, padding, groups, mode):
    rng = np.random.default_rng(seed)
    x, w = fractions(rng, (2, 2 * groups, 6, 5)), fractions(rng, (2 * groups, 2, 3, 2))
    b = fractions(rng, (2 * groups,))
    kw = dict(stride=stride, padding=padding, groups=groups, padding_mode=mode)
    if mode == "constant":
        kw["padding_value"] = Fraction(-5, 6)
    y = fast.conv(x, w, b, **kw)
    same(y, ref.conv(x, w, b, **kw))
    g = fractions(rng, y.shape)
    gkw = {k: v for k, v in kw.items() if k != "padding_value"}
    same(fast.conv_grad_input(x.shape, w, g, **gkw), ref.conv_grad_input(x.shape, w, g, **gkw))
    same(fast.conv_grad_weight(x, w.shape, g, **kw), ref.conv_grad_weight(x, w.shape, g, **kw))
    tkw = dict(stride=stride, padding=padding, groups=groups)
    wt = fractions(rng, (2 * groups, 3, 3, 2))
    same(fast.conv_transpose(g, wt, None, **tkw), ref.conv_transpose(g, wt, None, **tkw))


def test_the_route_is_taken_and_huge_denominators_stay_exact(monkeypatch):
    calls = []
    real = _rational.unscaled
    monkeypatch.setattr(_rational, "unscaled", lambda z, d: calls.append((z.dtype, d)) or real(z, d))
    from convproof.numeric import fast as fast_mod
    monkeypatch.setattr(fast_mod, "unscaled", _rational.unscaled)
    rng = np.random.default_rng(1)
    primes = (2 ** 31 - 1, 2 ** 61 - 1, 10 ** 9 + 7)   # lcm past int64: the scaled arrays are Python ints
    x, w = fractions(rng, (1, 2, 5, 5), primes), fractions(rng, (3, 2, 3, 3), (1, 3))
    same(fast.conv(x, w, padding=1), ref.conv(x, w, padding=1))
    assert calls and calls[-1][0] == object
    x2 = fractions(rng, (1, 2, 5, 5))
    same(fast.conv(x2, w, padding=1), ref.conv(x2, w, padding=1))
    assert calls[-1][0] == np.int64   # small scaled integers: the float64-exact integer route


def test_an_integer_array_beside_a_fraction_array():
    rng = np.random.default_rng(2)
    x, w = rng.integers(-4, 5, (2, 3, 6, 6)), fractions(rng, (2, 3, 3, 3))
    same(fast.conv(x, w, stride=2), ref.conv(x, w, stride=2))
    g = rng.integers(-4, 5, (2, 2, 2, 2))
    xf = fractions(rng, (2, 3, 6, 6))
    same(fast.conv_grad_weight(xf, w.shape, g, stride=2), ref.conv_grad_weight(xf, w.shape, g, stride=2))


@pytest.mark.parametrize("other", [sp.Rational(1, 3), sp.Symbol("a"), 0.5])
def test_other_entries_keep_their_route(other):
    assert _rational.scaled([np.array([Fraction(1, 2), other], dtype=object)]) is None
    x = np.array([[[Fraction(1, 2), 1, other, Fraction(2, 3)]]], dtype=object)
    w = np.array([[[Fraction(1, 5), 2]]], dtype=object)
    got, want = fast.conv(x, w), ref.conv(x, w)
    assert got.shape == want.shape and all(a == b or sp.simplify(a - b) == 0 for a, b in zip(got.flat, want.flat))


def test_integers_alone_are_not_this_route():
    assert _rational.scaled([np.array([1, 2]), np.array([3], dtype=object)]) is None


def test_a_constant_fill_with_its_own_denominator():
    """The fill is read with the input: its denominator (5) is in the input's common denominator."""
    rng = np.random.default_rng(3)
    x, w = fractions(rng, (1, 2, 4, 4), (1, 2)), fractions(rng, (2, 2, 3, 3), (1, 3))
    kw = dict(padding=1, padding_mode="constant", padding_value=Fraction(1, 5))
    same(fast.conv(x, w, **kw), ref.conv(x, w, **kw))
    g = fractions(rng, (1, 2, 4, 4), (1, 2))
    same(fast.conv_grad_weight(x, w.shape, g, **kw), ref.conv_grad_weight(x, w.shape, g, **kw))


def test_an_int64_input_is_scaled_in_python_ints():
    """A Fraction fill scales the int64 input too: ``(2**62 - 1) * 5`` must not wrap in int64."""
    x = np.array([[[2 ** 62 - 1, 3, -(2 ** 61)]]], dtype=np.int64)
    w = np.array([[[Fraction(1, 3), 1]]], dtype=object)
    kw = dict(padding=1, padding_mode="constant", padding_value=Fraction(1, 5))
    same(fast.conv(x, w, **kw), ref.conv(x, w, **kw))
