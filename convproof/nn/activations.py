"""Activation functions, their derivative table (proved symbolically), softmax and its Jacobian.

Each :class:`Activation` carries an exact SymPy form ``f(x)``, the derivative as the lecture's table
writes it in terms of ``f`` itself (seed 002: ``sigmoid' = f(1-f)``, ``tanh' = 1 - f^2``), its range,
and a NumPy forward/derivative that share no code with the SymPy side.

ReLU is not differentiable at 0.  The table's ``f'(x) = 1 if x > 0 else 0`` picks the value 0 at
``x = 0``; this is a *convention*, the same as PyTorch's (``relu`` backward passes ``grad * (x > 0)``).
``relu_derivative(x, at_zero=...)`` makes the convention explicit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from ..errors import fail
from ..values import as_value

__all__ = ["X", "F", "Activation", "ACTIVATIONS", "activation", "relu_derivative", "prove_derivative",
           "softmax", "softmax_symbolic", "softmax_jacobian", "softmax_jacobian_symbolic",
           "prove_softmax_jacobian"]

X = sp.Symbol("x", real=True)
F = sp.Symbol("f", real=True)   # stands for f(x) in the derivative table


@dataclass(frozen=True)
class Activation:
    """One row of the derivative table.

    ``expr`` is ``f(x)`` in :data:`X`; ``table_derivative`` is ``f'`` as the lecture writes it, in
    :data:`F` (= ``f(x)``) and/or :data:`X`; ``value_range`` the image of ``f``.
    """

    name: str
    expr: sp.Expr
    table_derivative: sp.Expr
    value_range: sp.Set
    forward: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    torch_name: str

    def __call__(self, x: sp.Expr) -> sp.Expr:
        """Exact value ``f(x)`` for a SymPy argument."""
        return self.expr.subs(X, x)

    def d(self, x: sp.Expr) -> sp.Expr:
        """Exact derivative ``f'(x)`` (by differentiation, not from the table)."""
        return sp.diff(self.expr, X).subs(X, x)


def _sigmoid_np(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def relu_derivative(x: np.ndarray, at_zero: float = 0.0) -> np.ndarray:
    """ReLU derivative ``1 (x>0), 0 (x<0)``, and the convention ``at_zero`` at ``x = 0``.

    >>> relu_derivative(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    >>> relu_derivative(np.array([0.0]), at_zero=0.5)
    array([0.5])
    """
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, at_zero))


def _leaky(slope: float) -> Activation:
    a = sp.nsimplify(as_value("slope", slope))
    return Activation(
        "leaky_relu", sp.Piecewise((X, X > 0), (a * X, True)), sp.Piecewise((1, X > 0), (a, True)),
        sp.Interval(-sp.oo, sp.oo),
        lambda x: np.where(np.asarray(x, float) > 0, x, slope * np.asarray(x, float)),
        lambda x: np.where(np.asarray(x, float) > 0, 1.0, slope), "leaky_relu")


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", 1 / (1 + sp.exp(-X)), F * (1 - F), sp.Interval.open(0, 1),
                          _sigmoid_np, lambda x: _sigmoid_np(x) * (1 - _sigmoid_np(x)), "sigmoid"),
    "tanh": Activation("tanh", sp.tanh(X), 1 - F ** 2, sp.Interval.open(-1, 1),
                       np.tanh, lambda x: 1 - np.tanh(x) ** 2, "tanh"),
    "relu": Activation("relu", sp.Piecewise((X, X > 0), (0, True)), sp.Piecewise((1, X > 0), (0, True)),
                       sp.Interval(0, sp.oo), lambda x: np.maximum(np.asarray(x, float), 0.0),
                       relu_derivative, "relu"),
    "leaky_relu": _leaky(0.01),
    "identity": Activation("identity", X, sp.Integer(1), sp.Interval(-sp.oo, sp.oo),
                           lambda x: np.asarray(x, float), lambda x: np.ones_like(np.asarray(x, float)),
                           "identity"),
}


def activation(name: str, negative_slope: float | None = None) -> Activation:
    """Look up an activation by name; ``negative_slope`` builds a leaky ReLU with that slope.

    >>> activation("tanh")(sp.Rational(1, 2))
    tanh(1/2)
    >>> activation("leaky_relu", 0.2)(-1)
    -1/5
    """
    if name == "leaky_relu" and negative_slope is not None:
        return _leaky(negative_slope)
    if name not in ACTIVATIONS:
        raise fail("name", name, f"must be one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def prove_derivative(name: str) -> bool:
    """Prove the table row: ``d/dx f(x) - table(f(x), x)`` simplifies to 0 (piecewise: on each piece).

    >>> prove_derivative("sigmoid"), prove_derivative("tanh"), prove_derivative("relu")
    (True, True, True)
    """
    act = activation(name)
    table = act.table_derivative.subs(F, act.expr)
    diff = sp.diff(act.expr, X)
    if diff.has(sp.Piecewise):
        # compare on x > 0 and x < 0; the kink at 0 is a convention, see relu_derivative
        return all(sp.simplify((diff - table).subs(X, s * sp.Symbol("u", positive=True))) == 0
                   for s in (1, -1))
    return sp.simplify(sp.expand(diff - table).rewrite(sp.exp)) == 0


def softmax(z: Sequence[float] | np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax ``exp(z - max z) / sum exp(z - max z)``.

    >>> np.round(softmax([1, 0, 0.5, -1, 1]), 4)
    array([0.3216, 0.1183, 0.195 , 0.0435, 0.3216])
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_symbolic(z: Sequence[sp.Expr]) -> list[sp.Expr]:
    """Exact softmax; the denominator uses its own index ``j`` (the seed reuses ``i`` for both).

    >>> softmax_symbolic([0, sp.log(3)])
    [1/4, 3/4]
    """
    z = [as_value("z", v) for v in z]
    total = sp.Add(*[sp.exp(v) for v in z])
    return [sp.simplify(sp.exp(v) / total) for v in z]


def softmax_jacobian(z: Sequence[float] | np.ndarray) -> np.ndarray:
    """Numeric Jacobian ``J[i, j] = d s_i / d z_j = s_i (delta_ij - s_j) = diag(s) - s s^T``."""
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


def softmax_jacobian_symbolic(n: int) -> tuple[sp.Matrix, sp.Matrix, list[sp.Symbol]]:
    """``(J, diag(s) - s s^T, z)`` for symbols ``z_1..z_n``: ``J`` by differentiation."""
    if n < 1:
        raise fail("n", n, "must be >= 1")
    z = list(sp.symbols(f"z_1:{n + 1}", real=True))
    total = sp.Add(*[sp.exp(v) for v in z])
    s = sp.Matrix([sp.exp(v) / total for v in z])
    jac = s.jacobian(z)
    return jac, sp.diag(*s) - s * s.T, z


def prove_softmax_jacobian(n: int) -> bool:
    """Prove ``d softmax / dz = diag(s) - s s^T`` for ``n`` symbolic inputs.

    >>> prove_softmax_jacobian(3)
    True
    """
    jac, closed, _ = softmax_jacobian_symbolic(n)
    return all(sp.simplify(e) == 0 for e in (jac - closed))
