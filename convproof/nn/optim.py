"""Gradient descent, exactly, and the update rules of seed 002 (SGD, momentum, Nesterov, Adagrad, Adam).

Gradient descent on ``f(x) = a x^2 + c`` with step ``alpha`` is the linear recursion
``x_{k+1} = (1 - 2 a alpha) x_k``, so ``x_k = q^k x_0`` with the contraction factor
``q = 1 - 2 a alpha``.  :func:`classify_step` sorts ``alpha`` exactly by ``q``:

* ``0 < q < 1``: monotone convergence (slow when q is close to 1; seed: alpha = 0.1, q = 4/5);
* ``q = 0``: the minimum in one step (seed: alpha = 0.5);
* ``-1 < q < 0``: convergence with the sign of ``x`` (and of the gradient) flipping every step
  (seed: alpha = 0.8, q = -3/5);
* ``q = -1``: oscillation between ``x_0`` and ``-x_0`` forever;
* ``q < -1``: divergence, oscillating (seed: alpha = 1.01, q = -51/50);
* ``q >= 1``: no descent (alpha <= 0).

The update rules follow the seed's formulas (``eps`` placement included); each rule's docstring says
where the original paper or PyTorch differs.  State is a plain dict; ``grad`` is a callable so that
Nesterov can evaluate the gradient at the look-ahead point.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy as sp

from ..errors import fail
from ..values import as_value

__all__ = ["gradient_descent", "contraction_factor", "classify_step", "REGIMES", "sgd_step", "momentum_step",
           "nesterov_step", "adagrad_step", "adam_step", "run_optimizer", "UPDATE_RULES_LATEX", "DIFFERENCES"]

REGIMES = ("monotone", "one-step", "oscillating", "periodic", "divergent", "no descent")


def gradient_descent(f: sp.Expr, x: sp.Symbol, x0, alpha, steps: int) -> list[tuple[sp.Expr, sp.Expr]]:
    """Exact iterates ``[(x_0, f(x_0)), ..., (x_steps, f(x_steps))]`` of ``x <- x - alpha f'(x)``.

    >>> x = sp.Symbol("x")
    >>> gradient_descent(x**2 - 2, x, 3, sp.Rational(2, 5), 2)
    [(3, 7), (3/5, -41/25), (3/25, -1241/625)]
    """
    if steps < 0:
        raise fail("steps", steps, "must be >= 0")
    grad = sp.diff(f, x)
    xs = [as_value("x0", x0)]
    for _ in range(steps):
        xs.append(sp.simplify(xs[-1] - as_value("alpha", alpha) * grad.subs(x, xs[-1])))
    return [(xi, sp.simplify(f.subs(x, xi))) for xi in xs]


def contraction_factor(alpha, a=1) -> sp.Rational:
    """``q = 1 - 2 a alpha`` for ``f(x) = a x^2 + c``.

    >>> [contraction_factor(sp.Rational(s)) for s in ("0.1", "0.5", "0.8", "1.01")]
    [4/5, 0, -3/5, -51/50]
    """
    return 1 - 2 * as_value("a", a) * as_value("alpha", alpha)


def classify_step(alpha, a=1) -> str:
    """Regime of gradient descent on ``a x^2 + c`` (``a > 0``) with step ``alpha``, decided exactly.

    >>> [classify_step(sp.Rational(s)) for s in ("0.1", "0.5", "0.8", "1.01")]
    ['monotone', 'one-step', 'oscillating', 'divergent']
    """
    if not as_value("a", a) > 0:
        raise fail("a", a, "the quadratic a x^2 + c needs a > 0 to have a minimum")
    q = contraction_factor(alpha, a)
    if q >= 1:
        return "no descent"
    if q > 0:
        return "monotone"
    if q == 0:
        return "one-step"
    if q > -1:
        return "oscillating"
    return "periodic" if q == -1 else "divergent"


Grad = Callable[[np.ndarray], np.ndarray]


def sgd_step(theta, grad: Grad, state: dict, eta: float) -> np.ndarray:
    """``theta = theta - eta * grad L(theta)`` (same as ``torch.optim.SGD`` without momentum)."""
    return theta - eta * grad(theta)


def momentum_step(theta, grad: Grad, state: dict, eta: float, beta: float) -> np.ndarray:
    """Seed: ``m_t = beta m_{t-1} + eta grad L(theta)``, ``theta = theta - m_t``.

    PyTorch keeps ``b_t = beta b_{t-1} + g`` and steps ``theta -= eta b_t``; for a constant ``eta``
    ``m_t = eta b_t``, so the iterates coincide (checked in the tests).
    """
    state["m"] = beta * state.get("m", 0.0) + eta * grad(theta)
    return theta - state["m"]


def nesterov_step(theta, grad: Grad, state: dict, eta: float, beta: float) -> np.ndarray:
    """Seed: ``v_t = beta v_{t-1} + eta grad L(theta - beta v_{t-1})``, ``theta = theta - v_t``.

    This is the look-ahead form (Sutskever et al. 2013).  PyTorch's ``nesterov=True`` implements the
    reparametrised form: its iterate is the look-ahead point ``phi_t = theta_t - beta v_t`` of this one.
    """
    v = state.get("v", 0.0)
    state["v"] = beta * v + eta * grad(theta - beta * v)
    return theta - state["v"]


def adagrad_step(theta, grad: Grad, state: dict, eta: float, eps: float = 1e-8,
                 eps_inside: bool = True) -> np.ndarray:
    """Seed: ``G_t = G_{t-1} + g^2``, ``theta = theta - eta g / sqrt(G_t + eps)`` (``eps_inside=True``).

    Duchi et al. (2011) and ``torch.optim.Adagrad`` put eps outside: ``eta g / (sqrt(G_t) + eps)``
    (``eps_inside=False``).  With ``eps = 0`` the two agree.
    """
    g = grad(theta)
    state["G"] = state.get("G", 0.0) + g * g
    denom = np.sqrt(state["G"] + eps) if eps_inside else np.sqrt(state["G"]) + eps
    return theta - eta * g / denom


def adam_step(theta, grad: Grad, state: dict, eta: float, beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8, eps_inside: bool = True) -> np.ndarray:
    """Seed: bias-corrected moments and ``theta = theta - eta m_hat / sqrt(v_hat + eps)``.

    Kingma & Ba (2015) and ``torch.optim.Adam`` use ``eta m_hat / (sqrt(v_hat) + eps)``
    (``eps_inside=False``); the seed puts eps under the root.  With ``eps = 0`` they agree.
    """
    g = grad(theta)
    t = state["t"] = state.get("t", 0) + 1
    state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
    m_hat, v_hat = state["m"] / (1 - beta1 ** t), state["v"] / (1 - beta2 ** t)
    denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    return theta - eta * m_hat / denom


_RULES = {"sgd": sgd_step, "momentum": momentum_step, "nesterov": nesterov_step, "adagrad": adagrad_step,
          "adam": adam_step}


def run_optimizer(rule: str, theta0, grad: Grad, steps: int, **hyper) -> list[np.ndarray]:
    """Iterates ``[theta_0, ..., theta_steps]`` of one of ``sgd, momentum, nesterov, adagrad, adam``.

    >>> [round(float(v), 12) for v in run_optimizer("sgd", np.array(3.0), lambda th: 2 * th, 2, eta=0.4)]
    [3.0, 0.6, 0.12]
    """
    if rule not in _RULES:
        raise fail("rule", rule, f"must be one of {sorted(_RULES)}")
    if steps < 0:
        raise fail("steps", steps, "must be >= 0")
    state: dict = {}
    thetas = [np.asarray(theta0, dtype=float)]
    for _ in range(steps):
        thetas.append(_RULES[rule](thetas[-1], grad, state, **hyper))
    return thetas


UPDATE_RULES_LATEX = {
    "sgd": [r"\theta = \theta - \eta \cdot \nabla L(\theta)"],
    "momentum": [r"m_t = \beta m_{t-1} + \eta \cdot \nabla L(\theta)", r"\theta = \theta - m_t"],
    "nesterov": [r"v_t = \beta v_{t-1} + \eta \cdot \nabla L(\theta - \beta v_{t-1})", r"\theta = \theta - v_t"],
    "adagrad": [r"G_t = G_{t-1} + \nabla L(\theta)^2",
                r"\theta = \theta - \eta \frac{\nabla L(\theta)}{\sqrt{G_t + \epsilon}}"],
    "adam": [r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) \cdot \nabla L(\theta)",
             r"v_t = \beta_2 v_{t-1} + (1 - \beta_2) \cdot \nabla L(\theta)^2",
             r"\widehat{m}_t = \frac{m_t}{1 - \beta_1^t}, \quad \widehat{v}_t = \frac{v_t}{1 - \beta_2^t}",
             r"\theta = \theta - \eta \frac{\widehat{m}_t}{\sqrt{\widehat{v}_t + \epsilon}}"],
}

DIFFERENCES = {
    "momentum": "Same iterates as torch.optim.SGD(momentum=beta, lr=eta), whose buffer is m_t / eta.",
    "nesterov": "Look-ahead form; torch.optim.SGD(nesterov=True) iterates the look-ahead point theta_t - beta v_t.",
    "adagrad": r"Seed: \sqrt{G_t + \epsilon}; Duchi et al. 2011 and PyTorch: \sqrt{G_t} + \epsilon.",
    "adam": r"Seed: \sqrt{\widehat{v}_t + \epsilon}; Kingma & Ba 2015 and PyTorch: \sqrt{\widehat{v}_t} + \epsilon.",
}
