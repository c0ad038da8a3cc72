"""L2 pooling (seed 003 lists the L2-norm among pooling aggregations), forward and backward.

``y = sqrt(sum_{window} x^2)``; zero padding adds nothing to the sum.  Backward:
``dy/dx = x / y`` on each window containing ``x`` (summed over overlapping windows), with the
convention ``0`` where ``y = 0`` (the norm has no derivative at the zero vector).
Max and average pooling with backward passes are in :mod:`convproof.numeric` (``max_pool``,
``avg_pool`` and their ``_backward``); this module uses them only in tests, as an oracle.

Layout as ``torch.nn.functional``: ``(N, C, *spatial)``; ``stride`` defaults to ``kernel_size``.
PyTorch's ``lp_pool2d(x, 2, k)`` equals this without padding.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np
import sympy as sp

from ..errors import fail

__all__ = ["l2_pool", "l2_pool_backward", "l2_pool_symbolic"]


def _geometry(shape, kernel_size, stride, padding):
    nd = len(shape) - 2
    if nd < 1:
        raise fail("input", shape, "must be (N, C, *spatial) with at least one spatial dim")
    tup = lambda v, name: (v,) * nd if isinstance(v, int) else tuple(v)
    k, p = tup(kernel_size, "kernel_size"), tup(padding, "padding")
    s = k if stride is None else tup(stride, "stride")
    if len(k) != nd or len(s) != nd or len(p) != nd or min(k) < 1 or min(s) < 1 or min(p) < 0:
        raise fail("kernel_size/stride/padding", (k, s, p), f"need {nd} values each, k >= 1, s >= 1, p >= 0")
    if any(2 * pi > ki for pi, ki in zip(p, k)):
        raise fail("padding", p, f"must be at most half the kernel {k} (as torch pooling)")
    out = tuple((n + 2 * pi - ki) // si + 1 for n, ki, si, pi in zip(shape[2:], k, s, p))
    if min(out) < 1:
        raise fail("kernel_size", k, f"larger than the padded input {shape[2:]}")
    return k, s, p, out


def _windows(shape, kernel_size, stride, padding):
    k, s, p, out = _geometry(shape, kernel_size, stride, padding)
    for o in product(*map(range, out)):
        yield o, tuple(slice(oi * si, oi * si + ki) for oi, si, ki in zip(o, s, k)), p


def _padded(x: np.ndarray, p) -> np.ndarray:
    return np.pad(x, [(0, 0), (0, 0)] + [(pi, pi) for pi in p])


def l2_pool(input: Any, kernel_size, stride=None, padding=0) -> np.ndarray:
    """``sqrt`` of the sum of squares over each window.

    >>> l2_pool([[[3.0, 4.0, 0.0, 0.0]]], 2).tolist()
    [[[5.0, 0.0]]]
    """
    x = np.asarray(input, dtype=float)
    k, s, p, out = _geometry(x.shape, kernel_size, stride, padding)
    xp = _padded(x, p)
    y = np.zeros(x.shape[:2] + out)
    for o, win, _ in _windows(x.shape, kernel_size, stride, padding):
        y[(..., *o)] = np.sqrt(np.sum(xp[(..., *win)] ** 2, axis=tuple(range(2, x.ndim))))
    return y


def l2_pool_backward(grad_output: Any, input: Any, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Gradient of :func:`l2_pool`: ``x / y`` per window times the output gradient (0 where y = 0)."""
    x = np.asarray(input, dtype=float)
    k, s, p, out = _geometry(x.shape, kernel_size, stride, padding)
    g = np.asarray(grad_output, dtype=float)
    if g.shape != x.shape[:2] + out:
        raise fail("grad_output", g.shape, f"must be l2_pool's output shape {x.shape[:2] + out}")
    y = l2_pool(x, kernel_size, stride, padding)
    xp, gx = _padded(x, p), np.zeros(_padded(x, p).shape)
    for o, win, _ in _windows(x.shape, kernel_size, stride, padding):
        yo = y[(..., *o)]
        scale = np.divide(g[(..., *o)], yo, out=np.zeros_like(yo), where=yo != 0)
        gx[(..., *win)] += xp[(..., *win)] * scale.reshape(scale.shape + (1,) * len(k))
    return gx[(..., *[slice(pi, pi + n) for pi, n in zip(p, x.shape[2:])])]


def l2_pool_symbolic(n: int, kernel_size: int, stride: int | None = None) -> tuple[list[sp.Expr], list[sp.Symbol]]:
    """1D L2 pooling of symbols ``x_1..x_n`` (no padding) as SymPy expressions.

    >>> l2_pool_symbolic(4, 2)[0]
    [sqrt(x_1**2 + x_2**2), sqrt(x_3**2 + x_4**2)]
    """
    if n < 1 or kernel_size < 1 or kernel_size > n:
        raise fail("kernel_size", kernel_size, f"must be between 1 and n={n}")
    s = kernel_size if stride is None else stride
    x = list(sp.symbols(f"x_1:{n + 1}", real=True))
    return [sp.sqrt(sp.Add(*[v ** 2 for v in x[o * s:o * s + kernel_size]]))
            for o in range((n - kernel_size) // s + 1)], x
