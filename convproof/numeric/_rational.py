"""Fraction arrays through the integer route, exactly.

A Fraction array ``x`` is ``X / D``, with ``D`` the least common multiple of its denominators and ``X`` an
integer array. Every operation that goes through a GEMM is bilinear, so ``op(X / Dx, W / Dw)`` is
``op(X, W) / (Dx * Dw)``: ``op(X, W)`` takes the integer route (exact: float64 BLAS when its worst case is
at most ``2**53``, else int64, else Python ints) instead of one Fraction multiplication and addition per
product, and each entry of the result becomes one Fraction. A 2x8x16x16 convolution of Fractions took
0.61 s as an object GEMM (issue 14, reports/bench/numeric-notes.md).

It applies when every operand holds only Python ints and Fractions (object arrays) or is an integer
array, and at least one Fraction is among them; SymPy numbers keep their own arithmetic.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Optional

import numpy as np

__all__ = ["scaled", "unscaled"]

_INT64_MAX = 2 ** 63 - 1


def _kind(a: Any) -> Optional[str]:
    """``"int"`` (integers only), ``"frac"`` (ints and at least one Fraction), or None (anything else)."""
    if isinstance(a, np.ndarray):
        if a.dtype.kind in "iu":
            return "int"
        if a.dtype != object:
            return None
        kinds = {type(v) for v in a.flat}
    else:
        kinds = {type(a)}
    if not kinds <= {int, Fraction}:
        return None
    return "frac" if Fraction in kinds else "int"


def scaled(arrays: list, extra: Any = 0) -> Optional[list]:
    """``[(X, D), ...]`` with ``array == X / D`` (``X`` int64 when it fits, else Python ints), and for the
    first array ``extra`` (a padding value read with it) scaled by the same ``D`` as a third item; None when
    the route does not apply (no Fraction, or an entry that is neither int nor Fraction)."""
    kinds = [_kind(a) for a in arrays] + [_kind(extra)]
    if None in kinds or "frac" not in kinds:
        return None
    out = []
    for i, a in enumerate(arrays):
        values = [a] if not isinstance(a, np.ndarray) else a.ravel().tolist()  # Python ints: no int64 wrap
        values += [extra] if i == 0 else []
        d = math.lcm(1, *(v.denominator for v in values if isinstance(v, Fraction)))
        ints = [int(v * d) for v in values]
        big = max((abs(v) for v in ints), default=0) > _INT64_MAX
        arr = np.array(ints[:a.size], dtype=object if big else np.int64).reshape(a.shape)
        out.append((arr, d, ints[-1]) if i == 0 else (arr, d))
    return out


def unscaled(z: np.ndarray, denominator: int) -> np.ndarray:
    """``z / denominator`` entry by entry as Fractions (an object array)."""
    return np.asarray(np.frompyfunc(lambda v: Fraction(int(v), denominator), 1, 1)(z), dtype=object)
