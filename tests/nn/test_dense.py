"""Dense layer: symbolic backward proof, numeric vs finite differences vs PyTorch autograd, exact examples."""

import numpy as np
import pytest
import sympy as sp
from fractions import Fraction

from convproof.errors import ConvProofError
from convproof.nn.dense import (dense_backward, dense_forward, dense_forward_symbolic, dense_param_count,
                                prove_dense_backward)

R = sp.Rational


@pytest.mark.parametrize("n,m,f", [(1, 1, "tanh"), (2, 3, "tanh"), (3, 2, "sigmoid"), (2, 2, "relu"),
                                   (3, 1, "identity")])
def test_backward_proved(n, m, f):
    assert prove_dense_backward(n, m, f)


def test_seed_examples_exact():
    W = sp.Matrix([[R("0.15"), R("-0.7")], [R("0.02"), R("0.81")], [R("1.1"), R("-0.24")]])
    z, y = dense_forward_symbolic(W, sp.Matrix([R("0.5"), R("-0.3")]), sp.Matrix([0, R("-0.3"), R("0.14")]), "tanh")
    assert list(z) == [R("0.285"), R("-0.533"), R("0.762")]
    assert list(y) == [sp.tanh(R("0.285")), -sp.tanh(R("0.533")), sp.tanh(R("0.762"))]
    z, y = dense_forward_symbolic(sp.Matrix([[R("0.15"), R("0.7"), R("-0.5")]]),
                                  sp.Matrix([R("0.8"), R("-0.3"), R("0.1")]), sp.Matrix([R("0.42")]), "relu")
    assert y[0] == R(7, 25)


def test_identity_backward_exact_on_fractions():
    W = np.array([[Fraction(1, 2), Fraction(-3)], [Fraction(2, 3), Fraction(1)]], dtype=object)
    x = np.array([Fraction(1, 5), Fraction(7)], dtype=object)
    g = np.array([Fraction(1), Fraction(-1, 2)], dtype=object)
    grads = dense_backward(W, x, np.array([Fraction(0)] * 2, dtype=object), g)
    assert grads.weight.tolist() == [[Fraction(1, 5), Fraction(7)], [Fraction(-1, 10), Fraction(-7, 2)]]
    assert grads.input.tolist() == [Fraction(1, 6), Fraction(-7, 2)]


@pytest.mark.parametrize("batch", [False, True])
def test_backward_vs_finite_differences(batch):
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    x = rng.normal(size=(5, 4) if batch else 4)
    gy = rng.normal(size=(5, 3) if batch else 3)
    loss = lambda W_, x_, b_: float(np.sum(gy * dense_forward(W_, x_, b_, "tanh")[1]))
    grads = dense_backward(W, x, b, gy, "tanh")
    h = 1e-6
    for arr, got in ((W, grads.weight), (x, grads.input), (b, grads.bias)):
        fd = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            e = np.zeros_like(arr)
            e[idx] = h
            args = [W, x, b]
            pos = [a is arr for a in args].index(True)
            plus, minus = list(args), list(args)
            plus[pos], minus[pos] = arr + e, arr - e
            fd[idx] = (loss(*plus) - loss(*minus)) / (2 * h)
        np.testing.assert_allclose(got, fd, atol=1e-7)


def test_against_torch_autograd():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    W, b, x, gy = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(4, 2)), rng.normal(size=(4, 3))
    tW, tb, tx = (torch.tensor(a, requires_grad=True) for a in (W, b, x))
    y = torch.sigmoid(tx @ tW.T + tb)
    y.backward(torch.tensor(gy))
    grads = dense_backward(W, x, b, gy, "sigmoid")
    np.testing.assert_allclose(dense_forward(W, x, b, "sigmoid")[1], y.detach().numpy(), rtol=1e-15)
    for ours, theirs in ((grads.weight, tW.grad), (grads.input, tx.grad), (grads.bias, tb.grad)):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-13, atol=1e-15)


def test_param_count():
    assert dense_param_count(2, 3) == 9
    assert dense_param_count(32 * 32, 1024, bias=False) == 1048576


@pytest.mark.parametrize("args,match", [
    (([[1, 2]], [1, 2, 3], None), "x="),
    (([1, 2], [1, 2], None), "W="),
    (([[1, 2]], [1, 2], [1, 2]), "b="),
])
def test_bad_shapes(args, match):
    with pytest.raises(ConvProofError, match=match):
        dense_forward(*args)
