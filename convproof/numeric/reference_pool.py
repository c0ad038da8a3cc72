"""Direct-loop reference for max and average pooling (PyTorch ``max_pool*d`` / ``avg_pool*d`` rules).

Window of output ``o`` along one axis: start ``o*s - p_lo``, taps ``start + k*d``; taps outside
the input are padding (never the maximum; zeros for the average). Integer averages are exact:
integer input gives an object array of :class:`fractions.Fraction`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Optional

import numpy as np

from ..errors import fail
from .args import as_array, as_shape, check_shape, flag, pool_geometry
from .bounds import pool_sum_dtype

__all__ = ["max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]


def _window(o: tuple[int, ...], k: tuple[int, ...], geo: Any) -> tuple[int, ...]:
    return tuple(oi * s - lo + ki * d for oi, ki, s, d, (lo, _) in
                 zip(o, k, geo.stride, geo.dilation, geo.padding))


def _inside(at: tuple[int, ...], size: tuple[int, ...]) -> bool:
    return all(0 <= a < n for a, n in zip(at, size))


def _argmax_unchecked(x: np.ndarray, n: int, c: int, o: tuple[int, ...], geo: Any) -> tuple[int, ...]:
    """First position (in window scan order) holding the window's maximum."""
    best: Optional[tuple[int, ...]] = None
    for k in np.ndindex(*geo.kernel_size):
        at = _window(o, k, geo)
        if _inside(at, geo.in_size) and (best is None or x[(n, c, *at)] > x[(n, c, *best)]):
            best = at
    assert best is not None  # padding <= span // 2 puts an input cell in every window
    return best

def _argmax(*args: Any) -> Any:
    """:func:`_argmax_unchecked`, with unorderable values (e.g. SymPy symbols) reported as a ConvProofError."""
    try:
        return _argmax_unchecked(*args)
    except TypeError as exc:
        raise fail("input", args[0].dtype, f"max pooling needs ordered values; comparing them failed ({exc})") from None


def max_pool(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
             ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max pooling; with ``return_indices`` also the flat spatial index of each maximum (as torch).

    >>> max_pool([[[1, 3, 2, 5, 4]]], 2)
    array([[[3, 5]]])
    >>> max_pool([[[1, 3, 2, 5, 4]]], 2, ceil_mode=True, return_indices=True)[1]
    array([[[1, 3, 4]]])
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    out = np.zeros((*x.shape[:2], *geo.out_size), dtype=x.dtype)
    idx = np.zeros(out.shape, dtype=np.int64)
    for n, c, *o in np.ndindex(*out.shape):
        at = _argmax(x, n, c, tuple(o), geo)
        out[(n, c, *o)] = x[(n, c, *at)]
        idx[(n, c, *o)] = np.ravel_multi_index(at, geo.in_size)
    return (out, idx) if flag("return_indices", return_indices) else out


def max_pool_backward(grad_output: Any, input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
                      dilation: Any = 1, ceil_mode: bool = False) -> np.ndarray:
    """Gradient of ``max_pool``: each output gradient goes to its window's (first) maximum.

    >>> max_pool_backward([[[10, 20]]], [[[1, 3, 2, 5, 4]]], 2)
    array([[[ 0, 10,  0, 20,  0]]])
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (*x.shape[:2], *geo.out_size), "must have max_pool's output shape")
    gy = gy.astype(pool_sum_dtype(geo.kernel_size, gy))
    gx = np.zeros(x.shape, dtype=gy.dtype)
    for n, c, *o in np.ndindex(*gy.shape):
        gx[(n, c, *_argmax(x, n, c, tuple(o), geo))] += gy[(n, c, *o)]
    return gx


def _divisor(o: tuple[int, ...], geo: Any, count_include_pad: bool, divisor_override: Any) -> int:
    if divisor_override is not None:
        return int(divisor_override)
    count = 1
    for oi, k, s, (lo, hi), n in zip(o, geo.kernel_size, geo.stride, geo.padding, geo.in_size):
        start = oi * s - lo
        end = min(start + k, n + hi)  # the window, clipped to the padded input
        if not count_include_pad:
            start, end = max(start, 0), min(end, n)
        count *= end - start
    return count


def _exact_div(total: Any, divisor: int, dtype: np.dtype) -> Any:
    if dtype.kind in "iu" or (dtype.kind == "O" and isinstance(total, (int, np.integer))):
        return Fraction(int(total), divisor)
    return total / divisor


def _avg_dtype(dtype: np.dtype) -> np.dtype:
    return np.dtype(object) if dtype.kind in "iu" else dtype


def _check_override(divisor_override: Any) -> None:
    if divisor_override is not None and (isinstance(divisor_override, bool) or
                                         not isinstance(divisor_override, (int, np.integer)) or
                                         divisor_override < 1):
        raise fail("divisor_override", divisor_override, "must be None or an integer >= 1")


def avg_pool(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
             count_include_pad: bool = True, divisor_override: Any = None) -> np.ndarray:
    """Average pooling; integer input gives exact :class:`~fractions.Fraction` averages.

    >>> avg_pool([[[1, 2, 4, 4]]], 2)
    array([[[Fraction(3, 2), Fraction(4, 1)]]], dtype=object)
    >>> avg_pool([[[1., 2., 4.]]], 2, padding=1, count_include_pad=False)
    array([[[1., 3.]]])
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    count_include_pad = flag("count_include_pad", count_include_pad)
    _check_override(divisor_override)
    x = x.astype(pool_sum_dtype(geo.kernel_size, x))
    out = np.zeros((*x.shape[:2], *geo.out_size), dtype=_avg_dtype(x.dtype))
    for n, c, *o in np.ndindex(*out.shape):
        total = 0
        for k in np.ndindex(*geo.kernel_size):
            at = _window(tuple(o), k, geo)
            if _inside(at, geo.in_size):
                total = total + x[(n, c, *at)]
        out[(n, c, *o)] = _exact_div(total, _divisor(tuple(o), geo, count_include_pad, divisor_override),
                                     x.dtype)
    return out


def avg_pool_backward(grad_output: Any, input_shape: Any, kernel_size: Any, stride: Any = None,
                      padding: Any = 0, ceil_mode: bool = False, count_include_pad: bool = True,
                      divisor_override: Any = None) -> np.ndarray:
    """Gradient of ``avg_pool``: each output gradient, divided by its divisor, to every input cell of its window.

    >>> avg_pool_backward([[[2, 4]]], (1, 1, 4), 2)
    array([[[Fraction(1, 1), Fraction(1, 1), Fraction(2, 1), Fraction(2, 1)]]], dtype=object)
    """
    shape = as_shape("input_shape", input_shape)
    geo = pool_geometry(shape, kernel_size, stride, padding, 1, ceil_mode)
    count_include_pad = flag("count_include_pad", count_include_pad)
    _check_override(divisor_override)
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (*shape[:2], *geo.out_size), "must have avg_pool's output shape")
    gx = np.zeros(shape, dtype=_avg_dtype(gy.dtype))
    for n, c, *o in np.ndindex(*gy.shape):
        share = _exact_div(gy[(n, c, *o)], _divisor(tuple(o), geo, count_include_pad, divisor_override),
                           gy.dtype)
        for k in np.ndindex(*geo.kernel_size):
            at = _window(tuple(o), k, geo)
            if _inside(at, geo.in_size):
                gx[(n, c, *at)] += share
    return gx

