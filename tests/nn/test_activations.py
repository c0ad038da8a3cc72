"""Activations: derivative table proofs, NumPy vs SymPy vs PyTorch, softmax Jacobian."""

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn.activations import (ACTIVATIONS, X, activation, prove_derivative, prove_softmax_jacobian,
                                      relu_derivative, softmax, softmax_jacobian, softmax_symbolic)

POINTS = np.array([-3.0, -0.7, -0.01, 0.3, 1.9, 4.0])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_table_derivative_proved(name):
    assert prove_derivative(name)


def test_wrong_table_row_is_rejected():
    # the proof must be able to fail: tanh' = 1 - f (instead of 1 - f^2) is not a derivative
    act = activation("tanh")
    wrong = 1 - act.expr
    assert sp.simplify(sp.diff(act.expr, X) - wrong) != 0


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_numpy_matches_sympy(name):
    act = ACTIVATIONS[name]
    exact = np.array([float(act(sp.Float(p, 30))) for p in POINTS])
    dexact = np.array([float(act.d(sp.Float(p, 30))) for p in POINTS])
    np.testing.assert_allclose(act.forward(POINTS), exact, rtol=4e-16, atol=1e-300)
    np.testing.assert_allclose(act.derivative(POINTS), dexact, rtol=1e-15, atol=1e-16)


def test_ranges():
    assert ACTIVATIONS["sigmoid"].value_range == sp.Interval.open(0, 1)
    assert ACTIVATIONS["tanh"].value_range == sp.Interval.open(-1, 1)
    assert ACTIVATIONS["relu"].value_range == sp.Interval(0, sp.oo)
    # the images: limits of sigmoid/tanh at +-oo are the open ends
    assert sp.limit(ACTIVATIONS["sigmoid"].expr, X, sp.oo) == 1
    assert sp.limit(ACTIVATIONS["tanh"].expr, X, -sp.oo) == -1


def test_tanh_as_exponentials_seed003():
    assert sp.simplify(sp.tanh(X).rewrite(sp.exp) - (sp.exp(2 * X) - 1) / (sp.exp(2 * X) + 1)) == 0


def test_relu_derivative_convention():
    assert relu_derivative(np.array([0.0]))[0] == 0.0
    assert relu_derivative(np.array([0.0]), at_zero=1.0)[0] == 1.0


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_softmax_jacobian_proved(n):
    assert prove_softmax_jacobian(n)


def test_softmax_symbolic_sums_to_one_and_matches_numeric():
    z = [1, 0, sp.Rational(1, 2), -1, 1]
    s = softmax_symbolic(z)
    assert sp.simplify(sp.Add(*s) - 1) == 0
    np.testing.assert_allclose(softmax([float(v) for v in z]), [float(v) for v in s], rtol=1e-15)


def test_softmax_jacobian_numeric_vs_finite_differences():
    z = np.array([0.3, -1.2, 2.0, 0.1])
    h = 1e-6
    fd = np.stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(softmax_jacobian(z), fd, atol=1e-9)


def test_unknown_activation():
    with pytest.raises(ConvProofError, match="name='swish'"):
        activation("swish")


def test_against_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = torch.tensor(np.concatenate([POINTS, [0.0]]), dtype=torch.float64, requires_grad=True)
    for name, fn in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", F.relu),
                     ("leaky_relu", lambda t: F.leaky_relu(t, 0.01))):
        act = ACTIVATIONS[name]
        y = fn(x)
        (g,) = torch.autograd.grad(y.sum(), x)
        np.testing.assert_allclose(act.forward(x.detach().numpy()), y.detach().numpy(), rtol=1e-15)
        # 1 - f^2 and f (1 - f) are differences of O(1) numbers: absolute error a few eps
        np.testing.assert_allclose(act.derivative(x.detach().numpy()), g.numpy(), rtol=0, atol=4 * 2.0 ** -52)
    z = torch.tensor([0.3, -1.2, 2.0, 0.1], dtype=torch.float64, requires_grad=True)
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z)
    np.testing.assert_allclose(softmax_jacobian(z.detach().numpy()), jac.numpy(), atol=1e-16)
