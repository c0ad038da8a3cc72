"""Worst-case magnitudes of every numeric operation, and the exact dtype each one computes in.

Shared by both families (like :mod:`convproof.numeric.args`, it looks at shapes and at the
operands' largest entries only), so the reference and the fast path always pick the same dtype.
Each bound is ``max|a| * max|b| * terms (+ max|bias|)``, with ``terms`` the most products that
can meet in one output entry (or in one partial sum on the way), in Python ints.
See :mod:`convproof.numeric.exact` for the rule.

With ``work=True`` the GEMM-based functions also return the dtype to compute in: ``float64`` for an
integer result whose bound (and every operand) is at most ``2**53``, else the result dtype. Every
product and every partial sum is then an integer float64 holds exactly, whatever order BLAS adds
them in (fused multiply-adds included), so the result cast back is the exact integer result, computed
by BLAS instead of NumPy's integer loops (issue 14, reports/bench/numeric-notes.md).
"""

from __future__ import annotations

from math import prod
from typing import Any

import numpy as np

from .exact import exact_dtype, magnitude

__all__ = ["FLOAT_EXACT", "conv_dtype", "grad_input_dtype", "grad_weight_dtype", "grad_bias_dtype", "transpose_dtype",
           "col2im_dtype", "matrix_dtype", "pool_sum_dtype"]


FLOAT_EXACT = 2 ** 53  # float64 holds every integer of at most this magnitude exactly


def _pick(operands: list, bound: int, work: bool) -> Any:
    """``exact_dtype(operands, bound)``, and with ``work`` the dtype to compute in as well."""
    dtype = exact_dtype(operands, bound)
    if not work:
        return dtype
    exact_in_float = dtype.kind in "iu" and max(bound, magnitude(*operands)) <= FLOAT_EXACT
    return dtype, (np.dtype(np.float64) if exact_in_float else dtype)


def _fill(spec: Any, padding_value: Any) -> list:
    return [padding_value] if spec.padding_mode == "constant" else []


def conv_dtype(spec: Any, x: np.ndarray, w: np.ndarray, b: Any, padding_value: Any = 0, work: bool = False) -> Any:
    """``z = b + sum over C_in/groups * prod(k) products x_pad * w``."""
    fill = _fill(spec, padding_value)
    bound = magnitude(x, *fill) * magnitude(w) * spec.in_per_group * prod(spec.kernel_size) + magnitude(b)
    return _pick([x, w, b, *fill], bound, work)


def _copies(spec: Any) -> int:
    """How many padded cells can copy one input cell (1 for zero/constant padding)."""
    if spec.padding_mode in ("zeros", "constant"):
        return 1
    return prod(1 + lo + hi for lo, hi in spec.padding)


def grad_input_dtype(spec: Any, w: np.ndarray, gy: np.ndarray, work: bool = False) -> Any:
    """Each input cell: ``C_out/groups * prod(k)`` products per padded copy of it."""
    bound = magnitude(w) * magnitude(gy) * spec.out_per_group * prod(spec.kernel_size) * _copies(spec)
    return _pick([w, gy], bound, work)


def grad_weight_dtype(spec: Any, x: np.ndarray, gy: np.ndarray, padding_value: Any = 0, work: bool = False) -> Any:
    """Each weight entry: ``N * prod(output_size)`` products ``x_pad * g``."""
    fill = _fill(spec, padding_value)
    bound = magnitude(x, *fill) * magnitude(gy) * x.shape[0] * prod(spec.output_size)
    return _pick([x, gy, *fill], bound, work)


def grad_bias_dtype(gy: np.ndarray) -> np.dtype:
    """Each bias entry: the sum of ``N * prod(spatial)`` gradient entries."""
    return exact_dtype([gy], magnitude(gy) * (gy.size // max(gy.shape[1], 1) if gy.size else 0))


def transpose_dtype(geo: Any, x: np.ndarray, w: np.ndarray, b: Any, work: bool = False) -> Any:
    """Each output cell of ``conv_transpose``: at most ``C_in/groups * prod(k)`` products, plus the bias."""
    terms = geo.in_channels // geo.groups * prod(geo.kernel_size)
    return _pick([x, w, b], magnitude(x) * magnitude(w) * terms + magnitude(b), work)


def col2im_dtype(spec: Any, cols: np.ndarray) -> np.dtype:
    """Each image cell: at most one column entry per kernel tap."""
    return exact_dtype([cols], magnitude(cols) * prod(spec.kernel_size))


def matrix_dtype(spec: Any, w: np.ndarray) -> np.dtype:
    """Each matrix entry: the weights of the taps that read one input cell, at most ``prod(k)`` of them."""
    return exact_dtype([w], magnitude(w) * prod(spec.kernel_size))


def pool_sum_dtype(kernel_size: Any, values: np.ndarray) -> np.dtype:
    """A pooling sum (window total, or the gradients routed to one cell): at most ``prod(k)`` terms."""
    return exact_dtype([values], magnitude(values) * prod(kernel_size))
