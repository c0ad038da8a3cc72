"""Worst-case magnitudes of every numeric operation, and the exact dtype each one computes in.

Shared by both families (like :mod:`convproof.numeric.args`, it looks at shapes and at the
operands' largest entries only), so the reference and the fast path always pick the same dtype.
Each bound is ``max|a| * max|b| * terms (+ max|bias|)``, with ``terms`` the most products that
can meet in one output entry (or in one partial sum on the way), in Python ints.
See :mod:`convproof.numeric.exact` for the rule.
"""

from __future__ import annotations

from math import prod
from typing import Any

import numpy as np

from .exact import exact_dtype, magnitude

__all__ = ["conv_dtype", "grad_input_dtype", "grad_weight_dtype", "grad_bias_dtype", "transpose_dtype",
           "col2im_dtype", "matrix_dtype", "pool_sum_dtype"]


def _fill(spec: Any, padding_value: Any) -> list:
    return [padding_value] if spec.padding_mode == "constant" else []


def conv_dtype(spec: Any, x: np.ndarray, w: np.ndarray, b: Any, padding_value: Any = 0) -> np.dtype:
    """``z = b + sum over C_in/groups * prod(k) products x_pad * w``."""
    fill = _fill(spec, padding_value)
    bound = magnitude(x, *fill) * magnitude(w) * spec.in_per_group * prod(spec.kernel_size) + magnitude(b)
    return exact_dtype([x, w, b, *fill], bound)


def _copies(spec: Any) -> int:
    """How many padded cells can copy one input cell (1 for zero/constant padding)."""
    if spec.padding_mode in ("zeros", "constant"):
        return 1
    return prod(1 + lo + hi for lo, hi in spec.padding)


def grad_input_dtype(spec: Any, w: np.ndarray, gy: np.ndarray) -> np.dtype:
    """Each input cell: ``C_out/groups * prod(k)`` products per padded copy of it."""
    bound = magnitude(w) * magnitude(gy) * spec.out_per_group * prod(spec.kernel_size) * _copies(spec)
    return exact_dtype([w, gy], bound)


def grad_weight_dtype(spec: Any, x: np.ndarray, gy: np.ndarray, padding_value: Any = 0) -> np.dtype:
    """Each weight entry: ``N * prod(output_size)`` products ``x_pad * g``."""
    fill = _fill(spec, padding_value)
    bound = magnitude(x, *fill) * magnitude(gy) * x.shape[0] * prod(spec.output_size)
    return exact_dtype([x, gy, *fill], bound)


def grad_bias_dtype(gy: np.ndarray) -> np.dtype:
    """Each bias entry: the sum of ``N * prod(spatial)`` gradient entries."""
    return exact_dtype([gy], magnitude(gy) * (gy.size // max(gy.shape[1], 1) if gy.size else 0))


def transpose_dtype(geo: Any, x: np.ndarray, w: np.ndarray, b: Any) -> np.dtype:
    """Each output cell of ``conv_transpose``: at most ``C_in/groups * prod(k)`` products, plus the bias."""
    terms = geo.in_channels // geo.groups * prod(geo.kernel_size)
    return exact_dtype([x, w, b], magnitude(x) * magnitude(w) * terms + magnitude(b))


def col2im_dtype(spec: Any, cols: np.ndarray) -> np.dtype:
    """Each image cell: at most one column entry per kernel tap."""
    return exact_dtype([cols], magnitude(cols) * prod(spec.kernel_size))


def matrix_dtype(spec: Any, w: np.ndarray) -> np.dtype:
    """Each matrix entry: the weights of the taps that read one input cell, at most ``prod(k)`` of them."""
    return exact_dtype([w], magnitude(w) * prod(spec.kernel_size))


def pool_sum_dtype(kernel_size: Any, values: np.ndarray) -> np.dtype:
    """A pooling sum (window total, or the gradients routed to one cell): at most ``prod(k)`` terms."""
    return exact_dtype([values], magnitude(values) * prod(kernel_size))
