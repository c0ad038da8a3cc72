"""Loss functions of seed 002 (MSE, MAE, BCE, cross-entropy, logistic regression) and their gradients.

The seed writes the per-sample losses ``MSE: (y-t)^2``, ``MAE: |y-t|``,
``BCE: -t ln y - (1-t) ln(1-y)``, ``CrossEntropy = -sum t_i ln y_i``; a dataset loss is their mean.
Symbolic forms are SymPy expressions in ``y, t``; numeric forms are NumPy and reduce with a mean
(as ``torch.nn.functional`` with ``reduction="mean"``; note torch's ``cross_entropy`` takes logits
and averages over the batch, not over classes).

The two classic simplifications are proved exactly:

* softmax followed by cross-entropy: ``dL/dz = softmax(z) - t`` whenever ``sum t = 1``
  (:func:`prove_softmax_ce_gradient`);
* sigmoid followed by BCE: ``dL/dz = sigmoid(z) - t`` (:func:`prove_sigmoid_bce_gradient`), hence
  the logistic-regression gradient ``(1/n) sum_i (sigma(w.x_i) - t_i) x_i``
  (:func:`prove_logistic_gradient`).

MAE is not differentiable at ``y = t``; ``mae_grad`` uses ``sign(0) = 0`` as PyTorch does.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..errors import fail

__all__ = ["Y", "T", "LOSSES", "loss_gradient", "mse", "mae", "bce", "cross_entropy", "mse_grad", "mae_grad",
           "bce_grad", "cross_entropy_grad", "prove_softmax_ce_gradient", "prove_sigmoid_bce_gradient",
           "logistic_loss", "prove_logistic_gradient"]

Y, T = sp.symbols("y t", real=True)

LOSSES: dict[str, sp.Expr] = {
    "mse": (Y - T) ** 2,
    "mae": sp.Abs(Y - T),
    "bce": -T * sp.log(Y) - (1 - T) * sp.log(1 - Y),
}


def loss_gradient(name: str) -> sp.Expr:
    """Exact ``dl/dy`` of a per-sample loss.

    >>> loss_gradient("mse")
    -2*t + 2*y
    >>> sp.simplify(loss_gradient("bce") - (Y - T) / (Y * (1 - Y)))
    0
    """
    if name not in LOSSES:
        raise fail("name", name, f"must be one of {sorted(LOSSES)}")
    return sp.expand(sp.diff(LOSSES[name], Y)) if name == "mse" else sp.diff(LOSSES[name], Y)


def _pair(y, t) -> tuple[np.ndarray, np.ndarray]:
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    if y.shape != t.shape:
        raise fail("t", t.shape, f"must have the shape of y {y.shape}")
    return y, t


def mse(y, t) -> float:
    """Mean of ``(y - t)^2``.

    >>> mse([1.0, 2.0], [0.0, 0.0])
    2.5
    """
    y, t = _pair(y, t)
    return float(np.mean((y - t) ** 2))


def mae(y, t) -> float:
    """Mean of ``|y - t|``."""
    y, t = _pair(y, t)
    return float(np.mean(np.abs(y - t)))


def bce(y, t) -> float:
    """Mean of ``-t ln y - (1-t) ln(1-y)``; ``y`` must lie in (0, 1)."""
    y, t = _pair(y, t)
    if np.any((y <= 0) | (y >= 1)):
        raise fail("y", y.tolist(), "BCE needs probabilities strictly inside (0, 1)")
    return float(np.mean(-t * np.log(y) - (1 - t) * np.log(1 - y)))


def cross_entropy(y, t) -> float:
    """``-sum_i t_i ln y_i`` per row (last axis), averaged over rows; ``y`` are probabilities."""
    y, t = _pair(y, t)
    if np.any(y <= 0):
        raise fail("y", y.tolist(), "cross-entropy needs probabilities > 0")
    return float(np.mean(-np.sum(t * np.log(y), axis=-1)))


def mse_grad(y, t) -> np.ndarray:
    """Gradient of :func:`mse` wrt ``y``: ``2 (y - t) / N``."""
    y, t = _pair(y, t)
    return 2 * (y - t) / y.size


def mae_grad(y, t) -> np.ndarray:
    """Gradient of :func:`mae` wrt ``y``: ``sign(y - t) / N`` (0 at ``y = t``, a convention)."""
    y, t = _pair(y, t)
    return np.sign(y - t) / y.size


def bce_grad(y, t) -> np.ndarray:
    """Gradient of :func:`bce` wrt ``y``: ``(y - t) / (y (1 - y)) / N``."""
    y, t = _pair(y, t)
    return (y - t) / (y * (1 - y)) / y.size


def cross_entropy_grad(y, t) -> np.ndarray:
    """Gradient of :func:`cross_entropy` wrt ``y``: ``-t / y / rows``."""
    y, t = _pair(y, t)
    rows = y.size // y.shape[-1] if y.ndim else 1
    return -t / y / rows


def prove_softmax_ce_gradient(n: int) -> bool:
    """Prove ``d/dz_j [-sum t_i ln softmax(z)_i] = softmax(z)_j - t_j`` given ``sum t_i = 1``.

    >>> prove_softmax_ce_gradient(3)
    True
    """
    if n < 1:
        raise fail("n", n, "must be >= 1")
    z = sp.symbols(f"z_1:{n + 1}", real=True)
    t = list(sp.symbols(f"t_1:{n + 1}", real=True))
    total = sp.Add(*[sp.exp(v) for v in z])
    s = [sp.exp(v) / total for v in z]
    loss = -sp.Add(*[ti * sp.log(si) for ti, si in zip(t, s)])
    constraint = {t[-1]: 1 - sp.Add(*t[:-1])}
    return all(sp.simplify(sp.expand_log(sp.diff(loss, zj) - (sj - tj), force=True).subs(constraint)) == 0
               for zj, sj, tj in zip(z, s, t))


def prove_sigmoid_bce_gradient() -> bool:
    """Prove ``d/dz BCE(sigmoid(z), t) = sigmoid(z) - t``.

    >>> prove_sigmoid_bce_gradient()
    True
    """
    z = sp.Symbol("z", real=True)
    sig = 1 / (1 + sp.exp(-z))
    return sp.simplify(sp.diff(LOSSES["bce"].subs(Y, sig), z) - (sig - T)) == 0


def logistic_loss(n: int, d: int) -> tuple[sp.Expr, list[sp.Symbol], list[list[sp.Symbol]], list[sp.Symbol]]:
    """Seed 002 logistic-regression loss with explicit brackets, for symbols:
    ``L(w) = -(1/n) sum_i [t_i ln sigma(w.x_i) + (1 - t_i) ln(1 - sigma(w.x_i))]``.

    The seed writes the sum without brackets around both terms; the standard reading (used here)
    sums both.  Returns ``(L, w, x, t)``.
    """
    if n < 1 or d < 1:
        raise fail("n, d", (n, d), "must both be >= 1")
    w = list(sp.symbols(f"w_1:{d + 1}", real=True))
    x = [list(sp.symbols(f"x_{i}_1:{d + 1}", real=True)) for i in range(1, n + 1)]
    t = list(sp.symbols(f"t_1:{n + 1}", real=True))
    sig = [1 / (1 + sp.exp(-sp.Add(*[wk * xk for wk, xk in zip(w, xi)]))) for xi in x]
    loss = -sp.Rational(1, n) * sp.Add(*[ti * sp.log(si) + (1 - ti) * sp.log(1 - si) for ti, si in zip(t, sig)])
    return loss, w, x, t


def prove_logistic_gradient(n: int = 2, d: int = 2) -> bool:
    """Prove ``dL/dw = (1/n) sum_i (sigma(w.x_i) - t_i) x_i`` for ``n`` samples in ``d`` dimensions.

    >>> prove_logistic_gradient(2, 2)
    True
    """
    loss, w, x, t = logistic_loss(n, d)
    sig = [1 / (1 + sp.exp(-sp.Add(*[wk * xk for wk, xk in zip(w, xi)]))) for xi in x]
    for k, wk in enumerate(w):
        closed = sp.Rational(1, n) * sp.Add(*[(si - ti) * xi[k] for si, ti, xi in zip(sig, t, x)])
        if sp.simplify(sp.diff(loss, wk) - closed) != 0:
            return False
    return True
