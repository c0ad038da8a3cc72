"""Output-size formulas as SymPy expressions in symbolic sizes.

>>> from sympy import symbols
>>> n, k, s, p = symbols("n k s p", integer=True, positive=True)
>>> conv_output_size_expr(n, k, s, p)
floor((-k + n + 2*p)/s) + 1
"""

from __future__ import annotations

import sympy as sp

from ..values import as_value

__all__ = ["conv_output_size_expr", "conv_transpose_output_size_expr"]


def conv_output_size_expr(i, k, s=1, p_lo=0, p_hi=None, d=1) -> sp.Expr:
    """``floor((i + p_lo + p_hi - d*(k-1) - 1)/s) + 1`` with any SymPy arguments."""
    p_hi = p_lo if p_hi is None else p_hi
    i, k, s, p_lo, p_hi, d = (as_value(n, v) for n, v in zip(("i", "k", "s", "p_lo", "p_hi", "d"), (i, k, s, p_lo, p_hi, d)))
    return sp.floor((i + p_lo + p_hi - d * (k - 1) - 1) / s) + 1


def conv_transpose_output_size_expr(i, k, s=1, p_lo=0, p_hi=None, d=1, output_padding=0) -> sp.Expr:
    """``(i-1)*s - p_lo - p_hi + d*(k-1) + 1 + output_padding``."""
    p_hi = p_lo if p_hi is None else p_hi
    i, k, s, p_lo, p_hi, d, a = (as_value(n, v) for n, v in zip(("i", "k", "s", "p_lo", "p_hi", "d", "output_padding"), (i, k, s, p_lo, p_hi, d, output_padding)))
    return (i - 1) * s - p_lo - p_hi + d * (k - 1) + 1 + a
