"""Neuron and dense layer ``y = f(Wx + b)``: forward and backward, numeric and symbolic.

Backward pass with ``g = dL/dy`` and the pre-activation ``z = Wx + b``::

    delta = g * f'(z)          (elementwise)
    dL/dW = delta x^T          (outer product; summed over a batch)
    dL/dx = W^T delta
    dL/db = delta

:func:`dense_backward` computes these numerically (any NumPy dtype, Fractions included for the
identity activation); :func:`prove_dense_backward` derives every partial derivative of
``L = sum_i g_i f(z_i)`` with SymPy and checks the three matrix formulas entry by entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry.params import fully_connected_params
from .activations import Activation, activation

__all__ = ["DenseGrads", "dense_forward", "dense_backward", "dense_symbols", "dense_forward_symbolic",
           "prove_dense_backward", "dense_param_count"]


@dataclass(frozen=True)
class DenseGrads:
    """Gradients of a dense layer: ``weight`` (m, n), ``input`` (n,) or (N, n), ``bias`` (m,)."""

    weight: np.ndarray
    input: np.ndarray
    bias: np.ndarray
    delta: np.ndarray


def _act(f: str | Activation) -> Activation:
    return f if isinstance(f, Activation) else activation(f)


def _check(W: np.ndarray, x: np.ndarray, b: np.ndarray | None) -> None:
    if W.ndim != 2:
        raise fail("W", W.shape, "must be a matrix (m, n)")
    if x.ndim not in (1, 2) or x.shape[-1] != W.shape[1]:
        raise fail("x", x.shape, f"must be (n,) or (N, n) with n = W.shape[1] = {W.shape[1]}")
    if b is not None and b.shape != (W.shape[0],):
        raise fail("b", b.shape, f"must be (m,) with m = W.shape[0] = {W.shape[0]}")


def dense_forward(W, x, b=None, f: str | Activation = "identity") -> tuple[np.ndarray, np.ndarray]:
    """``(z, y)`` with ``z = W x + b`` and ``y = f(z)``; ``x`` is one vector (n,) or a batch (N, n).

    >>> z, y = dense_forward([[1, 2], [3, 4]], [1, -1], [0, 1], "relu")
    >>> z.tolist(), y.tolist()
    ([-1, 0], [0.0, 0.0])
    """
    W, x = np.asarray(W), np.asarray(x)
    b = None if b is None else np.asarray(b)
    _check(W, x, b)
    z = x @ W.T
    if b is not None:
        z = z + b
    return z, _act(f).forward(z) if _act(f).name != "identity" else z


def dense_backward(W, x, b, grad_y, f: str | Activation = "identity") -> DenseGrads:
    """Gradients ``dL/dW = delta x^T``, ``dL/dx = W^T delta``, ``dL/db = delta``.

    ``grad_y`` has the shape of ``y``; for a batch (N, n) the weight and bias gradients are summed
    over the batch (as autograd does for a summed loss).

    >>> g = dense_backward([[1, 2], [3, 4]], [1, 1], [0, 0], [1, 10])
    >>> g.weight.tolist(), g.input.tolist(), g.bias.tolist()
    ([[1, 1], [10, 10]], [31, 42], [1, 10])
    """
    W, x, gy = np.asarray(W), np.asarray(x), np.asarray(grad_y)
    b = None if b is None else np.asarray(b)
    _check(W, x, b)
    z, _ = dense_forward(W, x, b, "identity")
    if gy.shape != z.shape:
        raise fail("grad_y", gy.shape, f"must have the shape of y {z.shape}")
    act = _act(f)
    delta = gy if act.name == "identity" else gy * act.derivative(z)
    if x.ndim == 1:
        return DenseGrads(np.outer(delta, x), W.T @ delta, delta, delta)
    return DenseGrads(delta.T @ x, delta @ W, delta.sum(axis=0), delta)


def dense_symbols(n: int, m: int) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix]:
    """Symbol matrices ``W`` (m x n, entries ``W_{ij}``), ``x`` (n x 1), ``b`` (m x 1)."""
    if n < 1 or m < 1:
        raise fail("n, m", (n, m), "layer sizes must be >= 1")
    W = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"W_{{{i + 1}{j + 1}}}", real=True))
    x = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"x_{{{i + 1}}}", real=True))
    b = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"b_{{{i + 1}}}", real=True))
    return W, x, b


def dense_forward_symbolic(W: sp.Matrix, x: sp.Matrix, b: sp.Matrix,
                           f: str | Activation = "identity") -> tuple[sp.Matrix, sp.Matrix]:
    """Exact ``(z, y)``; decimals should be passed as Rationals.

    >>> from sympy import Rational as R
    >>> z, y = dense_forward_symbolic(sp.Matrix([[R(15, 100), R(7, 10), R(-1, 2)]]),
    ...                               sp.Matrix([R(8, 10), R(-3, 10), R(1, 10)]), sp.Matrix([R(42, 100)]), "relu")
    >>> z[0], y[0]
    (7/25, 7/25)
    """
    z = W * x + b
    act = _act(f)
    return z, z.applyfunc(act)


def prove_dense_backward(n: int, m: int, f: str | Activation = "tanh") -> bool:
    """Differentiate ``L = sum_i g_i f(z_i)`` with SymPy (``g_i`` = symbols for dL/dy_i) and check
    ``dL/dW = delta x^T``, ``dL/dx = W^T delta``, ``dL/db = delta`` with ``delta_i = g_i f'(z_i)``.

    >>> prove_dense_backward(2, 3, "tanh"), prove_dense_backward(2, 2, "sigmoid")
    (True, True)
    """
    act = _act(f)
    W, x, b = dense_symbols(n, m)
    g = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"g_{{{i + 1}}}", real=True))
    z, y = dense_forward_symbolic(W, x, b, act)
    loss = (g.T * y)[0]
    delta = sp.Matrix(m, 1, lambda i, _: g[i] * act.d(z[i]))
    pairs = [(sp.Matrix(m, n, lambda i, j: sp.diff(loss, W[i, j])), delta * x.T),
             (sp.Matrix(n, 1, lambda i, _: sp.diff(loss, x[i])), W.T * delta),
             (sp.Matrix(m, 1, lambda i, _: sp.diff(loss, b[i])), delta)]
    return all(sp.simplify(e) == 0 for derived, closed in pairs for e in (derived - closed))


def dense_param_count(n: int, m: int, bias: bool = True) -> int:
    """``(n + 1) m`` weights of a dense layer with ``n`` inputs and ``m`` neurons (seed 002; the count is
    :func:`convproof.geometry.params.fully_connected_params`).

    >>> dense_param_count(2, 3), dense_param_count(1024, 1024, bias=False)
    (9, 1048576)
    """
    if n < 1 or m < 1:
        raise fail("n, m", (n, m), "layer sizes must be >= 1")
    return fully_connected_params(n, m, bias)
