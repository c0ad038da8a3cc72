"""Fast max and average pooling: one vectorised pass per kernel tap (strided slices, no Python per cell).

Each tap ``k`` reads the strided slice ``x_pad[..., k*d : : s]`` of an edge-padded input;
a per-axis validity mask says which of those cells are real input (PyTorch never pools
padding into a maximum and counts it only when ``count_include_pad``). Same signatures
and results as :mod:`convproof.numeric.reference_pool`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import fail
from .args import as_array, as_shape, check_shape, flag, pool_geometry
from .bounds import pool_sum_dtype

__all__ = ["max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]


def _full(geo: Any) -> tuple[int, ...]:
    """Padded extent that holds every tap of every window (ceil_mode windows may run past the end)."""
    return tuple(max(lo + n + hi, (o - 1) * s + (k - 1) * d + 1) for n, (lo, hi), o, s, k, d in
                 zip(geo.in_size, geo.padding, geo.out_size, geo.stride, geo.kernel_size, geo.dilation))


def _pad_edge(x: np.ndarray, geo: Any) -> np.ndarray:
    widths = [(0, 0), (0, 0)] + [(lo, f - lo - n) for f, n, (lo, _) in zip(_full(geo), geo.in_size, geo.padding)]
    return np.pad(x, widths, mode="edge")


def _tap_slices(k: tuple[int, ...], geo: Any) -> tuple[slice, ...]:
    return (slice(None), slice(None), *(slice(kk * d, kk * d + (o - 1) * s + 1, s) for kk, d, o, s in
                                        zip(k, geo.dilation, geo.out_size, geo.stride)))


def _tap_positions(k: tuple[int, ...], geo: Any) -> list[np.ndarray]:
    """Input coordinate of tap ``k`` for every output, one broadcastable array per axis."""
    nd = len(k)
    out = []
    for ax, (kk, d, o, s, (lo, _)) in enumerate(zip(k, geo.dilation, geo.out_size, geo.stride, geo.padding)):
        shape = [1] * (2 + nd)
        shape[2 + ax] = o
        out.append((np.arange(o) * s - lo + kk * d).reshape(shape))
    return out


def _valid(pos: list[np.ndarray], geo: Any) -> np.ndarray:
    mask = np.ones((1, 1) + (1,) * len(pos), dtype=bool)
    for p, n in zip(pos, geo.in_size):
        mask = mask & (p >= 0) & (p < n)
    return mask


def _argmax_taps_unchecked(x: np.ndarray, geo: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per output: the maximum, the index of the tap holding it (first on ties) and its flat input index."""
    xp = _pad_edge(x, geo)
    shape = (*x.shape[:2], *geo.out_size)
    best = np.zeros(shape, dtype=x.dtype)
    tap = np.full(shape, -1, dtype=np.int64)
    flat = np.zeros(shape, dtype=np.int64)
    for t, k in enumerate(np.ndindex(*geo.kernel_size)):
        vals = xp[_tap_slices(k, geo)]
        pos = _tap_positions(k, geo)
        take = np.asarray(_valid(pos, geo) & ((tap < 0) | np.asarray(vals > best, dtype=bool)), dtype=bool)
        best = np.where(take, vals, best)
        tap = np.where(take, t, tap)
        flat = np.where(take, np.ravel_multi_index(pos, geo.in_size, mode="clip"), flat)
    return best, tap, flat

def _argmax_taps(*args: Any) -> Any:
    """:func:`_argmax_taps_unchecked`, with unorderable values (e.g. SymPy symbols) reported as a ConvProofError."""
    try:
        return _argmax_taps_unchecked(*args)
    except TypeError as exc:
        raise fail("input", args[0].dtype, f"max pooling needs ordered values; comparing them failed ({exc})") from None


def max_pool(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
             ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max pooling (``F.max_pool{1,2,3}d``); ``return_indices`` gives torch's flat spatial indices.

    >>> max_pool([[[1, 3, 2, 5, 4]]], 3, stride=2, padding=1)
    array([[[3, 5, 5]]])
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    best, _, flat = _argmax_taps(x, geo)
    return (best, flat) if flag("return_indices", return_indices) else best


def max_pool_backward(grad_output: Any, input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
                      dilation: Any = 1, ceil_mode: bool = False) -> np.ndarray:
    """Gradient of ``max_pool``: routed to the first maximum of each window, tap by tap.

    >>> max_pool_backward([[[1, 2, 4]]], [[[1, 3, 2, 5, 4]]], 3, stride=2, padding=1)
    array([[[0, 1, 0, 6, 0]]])
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (*x.shape[:2], *geo.out_size), "must have max_pool's output shape")
    _, tap, _ = _argmax_taps(x, geo)
    gy = gy.astype(pool_sum_dtype(geo.kernel_size, gy), copy=False)
    gp = np.zeros((*x.shape[:2], *_full(geo)), dtype=gy.dtype)
    for t, k in enumerate(np.ndindex(*geo.kernel_size)):
        gp[_tap_slices(k, geo)] += np.where(tap == t, gy, gy.dtype.type(0) if gy.dtype.kind != "O" else 0)
    return _crop(gp, geo)


def _crop(gp: np.ndarray, geo: Any) -> np.ndarray:
    return np.ascontiguousarray(gp[(slice(None), slice(None), *(slice(lo, lo + n) for n, (lo, _) in
                                                                zip(geo.in_size, geo.padding)))])


def _divisors(geo: Any, count_include_pad: bool, divisor_override: Any) -> Any:
    if divisor_override is not None:
        if isinstance(divisor_override, bool) or not isinstance(divisor_override, (int, np.integer)) \
                or divisor_override < 1:
            raise fail("divisor_override", divisor_override, "must be None or an integer >= 1")
        return int(divisor_override)
    count = np.ones((1,) * len(geo.in_size), dtype=np.int64)
    for ax, (o, k, s, (lo, hi), n) in enumerate(zip(geo.out_size, geo.kernel_size, geo.stride, geo.padding,
                                                    geo.in_size)):
        start = np.arange(o) * s - lo
        end = np.minimum(start + k, n + hi)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        shape = [1] * len(geo.in_size)
        shape[ax] = o
        count = count * (end - start).reshape(shape)
    return count


_FRACTION = np.frompyfunc(lambda a, b: Fraction(int(a), int(b)), 2, 1)
_OBJ_DIV = np.frompyfunc(lambda a, b: Fraction(int(a), int(b)) if isinstance(a, (int, np.integer))
                         else a / int(b), 2, 1)


def _exact_div(total: np.ndarray, divisor: Any) -> np.ndarray:
    if total.dtype.kind in "iu":
        return _FRACTION(total, divisor).astype(object)
    if total.dtype.kind == "O":
        return _OBJ_DIV(total, divisor).astype(object)
    return total / divisor


def avg_pool(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
             count_include_pad: bool = True, divisor_override: Any = None) -> np.ndarray:
    """Average pooling (``F.avg_pool{1,2,3}d``); integer input gives exact Fractions.

    >>> avg_pool([[[1, 2, 4]]], 2, padding=1)
    array([[[Fraction(1, 2), Fraction(3, 1)]]], dtype=object)
    """
    x = as_array("input", input)
    geo = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    count_include_pad = flag("count_include_pad", count_include_pad)
    div = _divisors(geo, count_include_pad, divisor_override)
    x = x.astype(pool_sum_dtype(geo.kernel_size, x), copy=False)
    xp = _pad_edge(x, geo)
    total = np.zeros((*x.shape[:2], *geo.out_size), dtype=x.dtype)
    for k in np.ndindex(*geo.kernel_size):
        total = total + np.where(_valid(_tap_positions(k, geo), geo), xp[_tap_slices(k, geo)],
                                 x.dtype.type(0) if x.dtype.kind != "O" else 0)
    return _exact_div(total, div)


def avg_pool_backward(grad_output: Any, input_shape: Any, kernel_size: Any, stride: Any = None,
                      padding: Any = 0, ceil_mode: bool = False, count_include_pad: bool = True,
                      divisor_override: Any = None) -> np.ndarray:
    """Gradient of ``avg_pool``: each share ``g / divisor`` added to its window by strided slices.

    >>> avg_pool_backward([[[2, 4]]], (1, 1, 3), 2, padding=1)
    array([[[Fraction(1, 1), Fraction(2, 1), Fraction(2, 1)]]], dtype=object)
    """
    shape = as_shape("input_shape", input_shape)
    geo = pool_geometry(shape, kernel_size, stride, padding, 1, ceil_mode)
    count_include_pad = flag("count_include_pad", count_include_pad)
    div = _divisors(geo, count_include_pad, divisor_override)
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (*shape[:2], *geo.out_size), "must have avg_pool's output shape")
    share = _exact_div(gy, div)
    gp = np.zeros((*shape[:2], *_full(geo)), dtype=share.dtype)
    for k in np.ndindex(*geo.kernel_size):
        gp[_tap_slices(k, geo)] += share
    return _crop(gp, geo)
