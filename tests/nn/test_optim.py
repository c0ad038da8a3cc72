"""Gradient descent regimes (exact) and optimizer rules vs PyTorch (with the documented eps difference)."""

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn.optim import classify_step, contraction_factor, gradient_descent, run_optimizer

R = sp.Rational


def test_seed_iterates_exact():
    x = sp.Symbol("x")
    it = gradient_descent(x ** 2 - 2, x, 3, R("0.4"), 5)
    assert [p[0] for p in it] == [3, R("0.6"), R("0.12"), R("0.024"), R("0.0048"), R("0.00096")]
    assert it[4][1] == R("-1.99997696")


@pytest.mark.parametrize("alpha,regime", [("0.1", "monotone"), ("0.5", "one-step"), ("0.8", "oscillating"),
                                          ("1", "periodic"), ("1.01", "divergent"), ("0", "no descent")])
def test_regimes(alpha, regime):
    assert classify_step(R(alpha)) == regime


@pytest.mark.parametrize("alpha", ["0.1", "0.5", "0.8", "1", "1.01"])
def test_regime_matches_iterates(alpha):
    x = sp.Symbol("x")
    xs = [p[0] for p in gradient_descent(x ** 2 - 2, x, 3, R(alpha), 6)]
    q = contraction_factor(R(alpha))
    assert all(xs[k] == 3 * q ** k for k in range(7))
    regime = classify_step(R(alpha))
    signs = [sp.sign(v) for v in xs[1:] if v != 0]
    if regime == "oscillating":
        assert all(a == -b for a, b in zip(signs, signs[1:])) and abs(xs[-1]) < abs(xs[0])
    if regime == "divergent":
        assert abs(xs[-1]) > abs(xs[0])
    if regime == "one-step":
        assert xs[1] == 0


def test_bad_quadratic():
    with pytest.raises(ConvProofError, match="a=-1"):
        classify_step(R(1, 10), a=-1)
    with pytest.raises(ConvProofError, match="rule='rmsprop'"):
        run_optimizer("rmsprop", np.zeros(2), lambda t: t, 1)


A = np.array([[3.0, 1.0], [1.0, 2.0]])
THETA0 = np.array([1.0, -2.0])


def _torch_iterates(torch, make, steps=6):
    p = torch.tensor(THETA0, requires_grad=True)
    opt = make([p])
    At = torch.tensor(A)
    out = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * p @ At @ p).backward()
        opt.step()
        out.append(p.detach().clone().numpy())
    return np.array(out)


def _ours(rule, steps=6, **hyper):
    return np.array(run_optimizer(rule, THETA0, lambda th: A @ th, steps, **hyper))


def test_against_torch():
    torch = pytest.importorskip("torch")
    tol = dict(rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(_ours("sgd", eta=0.1), _torch_iterates(torch, lambda p: torch.optim.SGD(p, lr=0.1)), **tol)
    np.testing.assert_allclose(_ours("momentum", eta=0.1, beta=0.9),
                               _torch_iterates(torch, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)), **tol)
    # Nesterov: torch iterates the look-ahead point theta_t - beta v_t of the seed's form
    st, th, look = {}, THETA0.copy(), [THETA0.copy()]
    from convproof.nn.optim import nesterov_step
    for _ in range(6):
        th = nesterov_step(th, lambda t: A @ t, st, eta=0.1, beta=0.9)
        look.append(th - 0.9 * st["v"])
    np.testing.assert_allclose(np.array(look), _torch_iterates(
        torch, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)), **tol)
    # Adagrad / Adam: equal to torch when eps sits where the paper puts it ...
    np.testing.assert_allclose(_ours("adagrad", eta=0.1, eps=1e-10, eps_inside=False),
                               _torch_iterates(torch, lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-10)), **tol)
    np.testing.assert_allclose(_ours("adam", eta=0.1, eps=1e-8, eps_inside=False),
                               _torch_iterates(torch, lambda p: torch.optim.Adam(p, lr=0.1, eps=1e-8)), **tol)
    # ... and the seed's placement (eps under the root) gives different iterates for a large eps
    seed = _ours("adam", eta=0.1, eps=0.1)
    paper = _torch_iterates(torch, lambda p: torch.optim.Adam(p, lr=0.1, eps=0.1))
    assert np.max(np.abs(seed - paper)) > 1e-3
