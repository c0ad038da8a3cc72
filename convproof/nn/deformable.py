"""Deformable convolution (seed 001, Dai et al. 2017) with bilinear interpolation.

Seed 001, 1-based: ``Y_ij = sum_{u,v=1}^{p,q} X_{i+u-1+o_uv, j+v-1+p_uv} F_uv + b`` where a
non-integer position is read by bilinear interpolation
``X_{alpha beta} = sum_{s,t} G((s,t),(alpha,beta)) X_st``,
``G((s,t),(alpha,beta)) = max(0, 1-|alpha-s|) max(0, 1-|beta-t|)``.
Positions outside the image get weight only from the pixels inside, i.e. zeros outside.

Here indices are 0-based: ``Y[k,i,j] = sum_{c,u,v} F[k,c,u,v] X~_c(i+u+o[u,v], j+v+p[u,v]) + b[k]``,
stride 1, no padding, output ``(H-p+1) x (W-q+1)``.

Offsets: the seed stores ``2 x (p x q)`` offsets, one pair per kernel element, shared by all output
positions (``offsets.shape == (2, p, q)``).  In Dai et al. the offsets are *per output position*,
predicted by a convolution from the input (``offsets.shape == (2, p, q, H_out, W_out)`` here);
both are supported.

Derivatives: ``Y`` is linear in ``X``, ``F``, ``b`` and piecewise linear in the offsets, with kinks
where a sampling coordinate is an integer.  :func:`deform_conv_backward` uses the floor-based
convention of the reference implementations: at an integer coordinate it returns the right-hand
derivative ``X[a+1] - X[a]``.  Away from integers all derivatives are exact.

The numeric code reads the four neighbours ``floor(alpha), floor(alpha)+1``; the symbolic code
(:func:`deform_conv_symbolic`) sums ``G`` over the whole grid as the seed writes it.  They share no code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import sympy as sp

from ..errors import fail

__all__ = ["bilinear", "bilinear_grad", "deform_conv", "deform_conv_backward", "DeformGrads",
           "deform_conv_symbolic", "G"]


def G(s, t, alpha, beta):
    """The seed's interpolation kernel ``max(0, 1-|alpha-s|) max(0, 1-|beta-t|)`` (SymPy or numbers).

    >>> G(1, 2, sp.Rational(3, 2), 2)
    1/2
    """
    return sp.Max(0, 1 - sp.Abs(alpha - s)) * sp.Max(0, 1 - sp.Abs(beta - t))


def _pixel(X: np.ndarray, s: int, t: int) -> Any:
    return X[..., s, t] if 0 <= s < X.shape[-2] and 0 <= t < X.shape[-1] else 0 * X[..., 0, 0]


def bilinear(X: np.ndarray, alpha, beta) -> Any:
    """Bilinear read of ``X[..., alpha, beta]`` from the four neighbours, zeros outside.

    >>> X = np.array([[0, 1], [2, 3]])
    >>> float(bilinear(X, 0.5, 0.5)), float(bilinear(X, -1, 0)), float(bilinear(X, -0.5, 0))
    (1.5, 0.0, 0.0)
    """
    a0, b0 = math.floor(alpha), math.floor(beta)
    da, db = alpha - a0, beta - b0
    return ((1 - da) * (1 - db) * _pixel(X, a0, b0) + (1 - da) * db * _pixel(X, a0, b0 + 1)
            + da * (1 - db) * _pixel(X, a0 + 1, b0) + da * db * _pixel(X, a0 + 1, b0 + 1))


def bilinear_grad(X: np.ndarray, alpha, beta) -> tuple[Any, Any]:
    """``(d/d alpha, d/d beta)`` of :func:`bilinear`; right-hand derivative at integer coordinates."""
    a0, b0 = math.floor(alpha), math.floor(beta)
    da, db = alpha - a0, beta - b0
    d_alpha = (1 - db) * (_pixel(X, a0 + 1, b0) - _pixel(X, a0, b0)) + db * (
        _pixel(X, a0 + 1, b0 + 1) - _pixel(X, a0, b0 + 1))
    d_beta = (1 - da) * (_pixel(X, a0, b0 + 1) - _pixel(X, a0, b0)) + da * (
        _pixel(X, a0 + 1, b0 + 1) - _pixel(X, a0 + 1, b0))
    return d_alpha, d_beta


def _check(X: np.ndarray, F: np.ndarray, offsets: np.ndarray) -> tuple[int, int, int, int]:
    if X.ndim != 3:
        raise fail("input", X.shape, "must be (C_in, H, W)")
    if F.ndim != 4 or F.shape[1] != X.shape[0]:
        raise fail("weight", F.shape, f"must be (C_out, C_in={X.shape[0]}, p, q)")
    p, q = F.shape[2:]
    ho, wo = X.shape[1] - p + 1, X.shape[2] - q + 1
    if ho < 1 or wo < 1:
        raise fail("weight", F.shape, f"kernel {p}x{q} larger than the input {X.shape[1]}x{X.shape[2]}")
    if offsets.shape not in ((2, p, q), (2, p, q, ho, wo)):
        raise fail("offsets", offsets.shape, f"must be (2, {p}, {q}) (seed: shared) or (2, {p}, {q}, {ho}, {wo})")
    return p, q, ho, wo


def _position(offsets: np.ndarray, u: int, v: int, i: int, j: int) -> tuple[Any, Any]:
    if offsets.ndim == 3:
        return i + u + offsets[0, u, v], j + v + offsets[1, u, v]
    return i + u + offsets[0, u, v, i, j], j + v + offsets[1, u, v, i, j]


def deform_conv(input, weight, offsets, bias=None) -> np.ndarray:
    """Forward pass; ``input`` (C_in, H, W), ``weight`` (C_out, C_in, p, q), offsets as above.

    With zero offsets this is the ordinary (cross-correlation) convolution:

    >>> X = np.arange(9.0).reshape(1, 3, 3); F = np.ones((1, 1, 2, 2))
    >>> deform_conv(X, F, np.zeros((2, 2, 2)))[0].tolist()
    [[8.0, 12.0], [20.0, 24.0]]
    """
    X, F, off = np.asarray(input), np.asarray(weight), np.asarray(offsets)
    p, q, ho, wo = _check(X, F, off)
    dtype = np.result_type(X, F, off) if object not in (X.dtype, F.dtype, off.dtype) else object
    Y = np.zeros((F.shape[0], ho, wo), dtype=dtype)
    for i, j, u, v in product(range(ho), range(wo), range(p), range(q)):
        sample = bilinear(X, *_position(off, u, v, i, j))          # (C_in,)
        Y[:, i, j] += F[:, :, u, v] @ sample
    if bias is not None:
        Y += np.asarray(bias).reshape(-1, 1, 1)
    return Y


@dataclass(frozen=True)
class DeformGrads:
    """Gradients wrt ``input``, ``weight``, ``offsets`` (shape of the offsets given) and ``bias``."""

    input: np.ndarray
    weight: np.ndarray
    offsets: np.ndarray
    bias: np.ndarray


def _scatter(dX: np.ndarray, alpha, beta, value: np.ndarray) -> None:
    a0, b0 = math.floor(alpha), math.floor(beta)
    da, db = alpha - a0, beta - b0
    for s, t, w in ((a0, b0, (1 - da) * (1 - db)), (a0, b0 + 1, (1 - da) * db),
                    (a0 + 1, b0, da * (1 - db)), (a0 + 1, b0 + 1, da * db)):
        if 0 <= s < dX.shape[1] and 0 <= t < dX.shape[2]:
            dX[:, s, t] += w * value


def deform_conv_backward(input, weight, offsets, grad_output) -> DeformGrads:
    """Gradients of ``sum(grad_output * deform_conv(...))``.

    ``dF[k,c,u,v] = sum_ij g[k,i,j] X~_c(alpha, beta)``; ``dX`` scatters ``g F`` with the bilinear
    weights; ``d o[u,v] = sum g[k,i,j] F[k,c,u,v] dX~_c/d alpha`` (summed over positions when the
    offsets are shared, as in the seed); ``db = sum_ij g``.
    """
    X, F, off, g = (np.asarray(a) for a in (input, weight, offsets, grad_output))
    p, q, ho, wo = _check(X, F, off)
    if g.shape != (F.shape[0], ho, wo):
        raise fail("grad_output", g.shape, f"must be ({F.shape[0]}, {ho}, {wo})")
    kind = object if object in (X.dtype, F.dtype, off.dtype, g.dtype) else float
    dX, dF, doff = np.zeros(X.shape, kind), np.zeros(F.shape, kind), np.zeros(off.shape, kind)
    for i, j, u, v in product(range(ho), range(wo), range(p), range(q)):
        alpha, beta = _position(off, u, v, i, j)
        back = g[:, i, j] @ F[:, :, u, v]                            # (C_in,): sum_k g_k F_kc
        dF[:, :, u, v] += np.outer(g[:, i, j], bilinear(X, alpha, beta))
        _scatter(dX, alpha, beta, back)
        da, db = bilinear_grad(X, alpha, beta)
        at = (slice(None), u, v) if off.ndim == 3 else (slice(None), u, v, i, j)
        doff[at] += np.array([back @ da, back @ db], dtype=kind)
    return DeformGrads(dX, dF, doff, g.sum(axis=(1, 2)))


def deform_conv_symbolic(H: int, W: int, p: int, q: int, per_position: bool = False) -> dict[str, Any]:
    """Single-channel deformable convolution as SymPy expressions, with the seed's ``G`` summed over
    the whole ``H x W`` grid.  Returns ``{"Y": Matrix, "X": Matrix, "F": Matrix, "b": Symbol,
    "o": ..., "p": ...}``; offsets are Matrices ``o_{uv}``, ``p_{uv}`` (or per position, nested lists).

    >>> d = deform_conv_symbolic(2, 2, 1, 1)
    >>> d["Y"].shape
    (2, 2)
    """
    if min(H, W, p, q) < 1 or p > H or q > W:
        raise fail("sizes", (H, W, p, q), "need 1 <= p <= H and 1 <= q <= W")
    X = sp.Matrix(H, W, lambda s, t: sp.Symbol(f"X_{{{s + 1}{t + 1}}}", real=True))
    F = sp.Matrix(p, q, lambda u, v: sp.Symbol(f"F_{{{u + 1}{v + 1}}}", real=True))
    b = sp.Symbol("b", real=True)
    ho, wo = H - p + 1, W - q + 1

    def offset(name: str, u: int, v: int, i: int, j: int) -> sp.Symbol:
        tag = f"{u + 1}{v + 1}" + (f",{i + 1}{j + 1}" if per_position else "")
        return sp.Symbol(f"{name}_{{{tag}}}", real=True)

    def entry(i: int, j: int) -> sp.Expr:
        total = b
        for u, v in product(range(p), range(q)):
            alpha, beta = i + u + offset("o", u, v, i, j), j + v + offset("p", u, v, i, j)
            total += F[u, v] * sp.Add(*[G(s, t, alpha, beta) * X[s, t] for s, t in product(range(H), range(W))])
        return total

    Y = sp.Matrix(ho, wo, entry)
    return {"Y": Y, "X": X, "F": F, "b": b, "offset": offset}
