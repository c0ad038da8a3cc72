"""Locally connected layer, L2 pooling, receptive field: against independent oracles."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st

from convproof.errors import ConvProofError
from convproof.geometry import locally_connected_params, receptive_field
from convproof.nn.locally_connected import locally_connected, prove_sharing_ratios, sharing_counts, sharing_ratios
from convproof.nn.pooling import l2_pool, l2_pool_backward, l2_pool_symbolic
from convproof.nn.receptive import (prove_receptive_recursion, receptive_field_bruteforce, receptive_field_expr,
                                    receptive_field_formula)


def test_sharing_ratios():
    assert prove_sharing_ratios()
    r = sharing_ratios()
    w2, h2 = sp.symbols("w_2 h_2", positive=True, integer=True)
    assert r["N_lc/N_c"] == w2 * h2
    c = sharing_counts(3, (32, 32), (5, 5), 16, (28, 28))
    assert c["N_lc"] // c["N_c"] == 28 * 28 and c["N_lc"] == locally_connected_params(3, 16, 5, 28, bias=False)
    assert c["N_fc"] * 25 == c["N_c"] * 32 * 32 * 28 * 28


def test_locally_connected_is_dense_on_patches():
    rng = np.random.default_rng(0)
    X, W = rng.integers(-3, 4, (2, 4, 5)), rng.integers(-3, 4, (2, 2, 3, 2, 3, 4))
    Y = locally_connected(X, W)
    for i in range(2):
        for j in range(2):
            patch = X[:, i:i + 3, j:j + 4].reshape(-1)
            assert np.array_equal(Y[:, i, j], W[i, j].reshape(3, -1) @ patch)
    # every weight entry is used exactly once: the parameter count is the number of weights
    assert W.size == sharing_counts(2, (5, 4), (4, 3), 3, (2, 2))["N_lc"]


def test_locally_connected_stride_and_errors():
    X = np.arange(25).reshape(1, 5, 5)
    W = np.ones((2, 2, 1, 1, 3, 3), dtype=int)
    assert locally_connected(X, W, stride=2)[0].tolist() == [[54, 72], [144, 162]]
    with pytest.raises(ConvProofError, match="weight="):
        locally_connected(X, np.ones((3, 3, 1, 1, 3, 3)), stride=2)


def test_l2_pool_against_torch_and_fd():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 6, 7))
    for k, s in ((2, 2), (3, 1), ((2, 3), (1, 2))):
        tx = torch.tensor(x, requires_grad=True)
        ty = torch.nn.functional.lp_pool2d(tx, 2, k, s)
        g = rng.normal(size=tuple(ty.shape))
        (ty * torch.tensor(g)).sum().backward()
        np.testing.assert_allclose(l2_pool(x, k, s), ty.detach().numpy(), rtol=1e-13)
        np.testing.assert_allclose(l2_pool_backward(g, x, k, s), tx.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_l2_pool_padding_fd_and_zero_window():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 1, 5, 5))
    g = rng.normal(size=l2_pool(x, 3, 2, 1).shape)
    h = 1e-6
    fd = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        fd[idx] = (np.sum(g * l2_pool(x + e, 3, 2, 1)) - np.sum(g * l2_pool(x - e, 3, 2, 1))) / (2 * h)
    np.testing.assert_allclose(l2_pool_backward(g, x, 3, 2, 1), fd, atol=1e-8)
    z = np.zeros((1, 1, 2, 2))
    assert np.array_equal(l2_pool_backward(np.ones((1, 1, 1, 1)), z, 2), z)


def test_l2_pool_symbolic_and_vs_avg_pool_of_squares():
    from convproof.numeric import avg_pool
    exprs, xs = l2_pool_symbolic(6, 3, 2)
    x = np.array([3.0, 4.0, 12.0, 0.0, 5.0, 1.0])
    vals = [float(e.subs(dict(zip(xs, x)))) for e in exprs]
    assert vals == l2_pool(x[None, None], 3, 2)[0, 0].tolist()
    # independent: sqrt(k * avg_pool(x^2))
    np.testing.assert_allclose(np.sqrt(3 * avg_pool((x ** 2)[None, None], 3, 2)), l2_pool(x[None, None], 3, 2))


def test_l2_pool_errors():
    with pytest.raises(ConvProofError, match="padding="):
        l2_pool(np.zeros((1, 1, 4, 4)), 2, 1, 2)
    with pytest.raises(ConvProofError, match="input="):
        l2_pool(np.zeros((4,)), 2)


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*[st.lists(st.integers(lo, hi), min_size=n, max_size=n)
                                                       for lo, hi in ((1, 6), (1, 3), (1, 3))])))
def test_receptive_field_three_ways(case):
    ks, ss, ds = case
    r, k, s, d = receptive_field_expr(len(ks))
    val = r.subs({**dict(zip(k, ks)), **dict(zip(s, ss)), **dict(zip(d, ds))})
    assert val == receptive_field(ks, ss, ds) == receptive_field_bruteforce(ks, ss, ds)


def test_receptive_field_formula_and_recursion():
    assert receptive_field_bruteforce([3, 3]) == 5
    assert all(prove_receptive_recursion(n) for n in (1, 2, 3))
    assert "Sum" in str(receptive_field_formula().rhs)
