"""GEMM kernels of the fast path: batch-chunked im2col correlation and the sub-pixel transposed convolution.

:func:`correlate` builds im2col columns ``(nb, C*prod(k), L)`` for a chunk of ``nb`` samples and
multiplies ``W (C_out, C_in*K) @ cols`` into the ``(N, C_out, *o)`` result (in place when a
chunk is one sample, else through one transposing copy of the chunk), so no columns for the whole batch: peak extra memory is one chunk of
columns (at most ``CHUNK_BYTES``, or one sample's) instead of ``prod(k)`` times the input.
A sample whose columns exceed ``ROW_BLOCK_ELEMENTS`` entries is done in blocks of output rows
instead (one GEMM per block, written in place), so its columns stay in the L2 cache between
the copy that builds them and the GEMM that reads them; :func:`correlate_weight` likewise.

:func:`subpixel` is the transposed convolution ``out[o] = sum x[i] w[k]`` over ``o + lo = i*s + k*d``
as ``prod(s)`` stride-1 correlations, one per output phase ``(o + lo) mod s``: each phase sees
only the taps ``k`` with ``k*d = phase (mod s)``, a sub-kernel with dilation ``d/gcd(d, s)``.
No zero insertion, no scatter; every output cell is written once. The sums are the same as
col2im's (only the order of additions differs), so on integers it is exact too; the fast path
uses it for float dtypes, where it replaces the GEMM + strided scatter of col2im.
"""

from __future__ import annotations

import itertools
import math
from typing import Optional

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._threads import copy_into

__all__ = ["windows", "correlate", "correlate_weight", "subpixel", "CHUNK_BYTES"]

CHUNK_BYTES = 8 << 20  # columns per chunk; at least one sample (measured: see reports/bench/numeric.md)
ROW_BLOCK_ELEMENTS = 128 << 10  # a sample with more column entries: blocks of output rows (0: never)
ROW_BLOCK_MIN_COLS = 128  # ... unless a block would have fewer GEMM columns (measured slower: batch chunks)
GY_FIRST, GY_FIRST_RATIO = "d", 4  # weight-gradient GEMM orientation: dtype chars, row ratio (see _cols_gy_t)


def windows(xp: np.ndarray, kernel: tuple, stride: tuple, dilation: tuple) -> np.ndarray:
    """View ``(N, C, *k, *o)`` of a padded ``(N, C, *P)`` array: ``[n, c, k, o] = xp[n, c, o*s + k*d]``."""
    nd = len(kernel)
    spans = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    v = sliding_window_view(xp, spans, axis=tuple(range(2, 2 + nd)))
    v = v[(slice(None), slice(None), *(slice(None, None, s) for s in stride),
           *(slice(None, None, d) for d in dilation))]
    return v.transpose(0, 1, *range(2 + nd, 2 + 2 * nd), *range(2, 2 + nd))


def _out_size(padded: tuple, kernel: tuple, stride: tuple, dilation: tuple) -> tuple:
    return tuple((p - d * (k - 1) - 1) // s + 1 for p, k, s, d in zip(padded, kernel, stride, dilation))


def correlate(xp: np.ndarray, w: np.ndarray, groups: int, stride: tuple, dilation: tuple,
              out: Optional[np.ndarray] = None) -> np.ndarray:
    """``(N, C_out, *o)`` correlation of a padded ``(N, C, *P)`` input with ``w (C_out, C/groups, *k)``.

    Samples are processed in chunks whose columns take at most ``CHUNK_BYTES`` (at least one
    sample per chunk), one GEMM per group and chunk. ``out`` (any strides, e.g. one sub-pixel
    phase of a larger result) receives the result when given.
    """
    n, c, *padded = xp.shape
    co, kernel = w.shape[0], tuple(w.shape[2:])
    osz = _out_size(tuple(padded), kernel, stride, dilation)
    length, taps = math.prod(osz), math.prod(kernel)
    if out is None:
        out = np.empty((n, co, *osz), dtype=np.result_type(xp, w))
    wg = w.reshape(groups, co // groups, -1)
    per_sample = max(1, c * taps * length * xp.itemsize)
    rows = _row_block(osz, per_sample // xp.itemsize)
    if rows:
        res = out if out.flags.c_contiguous else np.empty(out.shape, dtype=out.dtype)
        for a in range(n):
            _row_blocks(xp[a], wg, res[a], kernel, stride, dilation, rows)
        return out if res is out else copy_into(out, res)
    step = max(1, CHUNK_BYTES // per_sample)
    for a in range(0, n, step):
        _chunk(xp[a:a + step], wg, out[a:a + step], kernel, stride, dilation)
    return out


def _row_block(osz: tuple, per_sample: int) -> int:
    """Output rows (first spatial axis) per block when one sample's ``per_sample`` column entries
    exceed ``ROW_BLOCK_ELEMENTS``; 0 (batch chunks) when not, or when a block would be too narrow.

    Blocks keep the columns in the L2 cache between the copy and the GEMM: measured 0.74x the time
    on the 1D benchmark layer and 0.85x on the 56x56 one (single thread, float32); blocks narrower
    than ``ROW_BLOCK_MIN_COLS`` GEMM columns (28x28 stride 2) were 1.08-1.12x slower, so those keep batch chunks.
    """
    if not ROW_BLOCK_ELEMENTS or per_sample <= ROW_BLOCK_ELEMENTS or not osz:
        return 0
    rows = max(ROW_BLOCK_ELEMENTS * osz[0] // per_sample, 1)
    return rows if rows < osz[0] and rows * math.prod(osz[1:]) >= ROW_BLOCK_MIN_COLS else 0


def _row_blocks(xp: np.ndarray, wg: np.ndarray, out: np.ndarray, kernel: tuple, stride: tuple, dilation: tuple,
                rows: int) -> None:
    """``out (C_out, *o) = correlate(xp (C, *P))`` for one sample, ``rows`` output rows per GEMM, in place."""
    groups, cog, nd = wg.shape[0], wg.shape[1], len(kernel)
    rest = math.prod(out.shape[2:])
    v = windows(xp[None], kernel, stride, dilation)[0]  # (C, *k, *o)
    flat = out.reshape(groups, cog, -1)
    buf = np.empty(math.prod(v.shape[:1 + nd]) * rows * rest, dtype=xp.dtype)
    for a in range(0, out.shape[1], rows):
        src = v[(slice(None),) * (1 + nd) + (slice(a, a + rows),)]
        cols = copy_into(buf[:src.size].reshape(src.shape), src)
        b = a + src.shape[1 + nd]
        np.matmul(wg, cols.reshape(groups, -1, (b - a) * rest), out=flat[:, :, a * rest:b * rest])


def _chunk(xp: np.ndarray, wg: np.ndarray, out: np.ndarray, kernel: tuple, stride: tuple, dilation: tuple) -> None:
    """``out[...] = correlate(xp)`` for one chunk: one GEMM per group (numpy's batched matmul would
    call BLAS once per sample, and every call wakes the BLAS threads: measured 5-15x slower here)."""
    nb, nd = xp.shape[0], len(kernel)
    groups, cog, length = wg.shape[0], wg.shape[1], math.prod(out.shape[2:])
    v = windows(xp, kernel, stride, dilation)  # (nb, C, *k, *o)
    if nb == 1:  # (C*K, L) columns: the GEMM writes the (C_out, L) result in place
        cols = copy_into(np.empty(v.shape[1:], dtype=xp.dtype), v[0]).reshape(groups, -1, length)
        if out.flags.c_contiguous:
            np.matmul(wg, cols, out=out[0].reshape(groups, cog, length))
        else:
            copy_into(out[0], np.matmul(wg, cols).reshape(out.shape[1:]))
        return
    v = v.transpose(1, *range(2, 2 + nd), 0, *range(2 + nd, 2 + 2 * nd))  # (C, *k, nb, *o)
    cols = copy_into(np.empty(v.shape, dtype=xp.dtype), v).reshape(groups, -1, nb * length)
    y = np.matmul(wg, cols).reshape(groups * cog, nb, length)
    copy_into(out, y.reshape(groups * cog, nb, *out.shape[2:]).swapaxes(0, 1))


def correlate_weight(xp: np.ndarray, gy: np.ndarray, groups: int, kernel: tuple, stride: tuple,
                     dilation: tuple) -> np.ndarray:
    """``(groups, C/groups*K, C_out/groups)``: the weight gradient ``cols @ gy.T``, summed chunk by chunk.

    The GEMM orientation is chosen per dtype and shape (:func:`_cols_gy_t`); the caller transposes
    the small result. Chunks and row blocks as in :func:`correlate`.
    """
    n, c = xp.shape[:2]
    co, length = gy.shape[1], math.prod(gy.shape[2:])
    rows = _row_block(tuple(gy.shape[2:]), c * math.prod(kernel) * length)
    if rows:
        total = _weight_row_blocks(xp[0], gy[0], groups, kernel, stride, dilation, rows)
        for a in range(1, n):
            total += _weight_row_blocks(xp[a], gy[a], groups, kernel, stride, dilation, rows)
        return total
    step = max(1, CHUNK_BYTES // max(1, c * math.prod(kernel) * length * xp.itemsize))
    total = _weight_chunk(xp[:step], gy[:step], groups, kernel, stride, dilation)
    for a in range(step, n, step):
        total += _weight_chunk(xp[a:a + step], gy[a:a + step], groups, kernel, stride, dilation)
    return total


def _cols_gy_t(cols: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """``cols @ gy.T`` per group; float64 with at least ``GY_FIRST_RATIO`` times more column rows than
    gradient rows runs as ``(gy @ cols.T).T`` (GEMM alone 0.81-0.89x the time on the benchmark shapes;
    float32: 1.13-1.37x, and float64 with 147 rows against 64 (7x7 stem): 1.06x and 1.16x on the row)."""
    if cols.dtype.char in GY_FIRST and cols.shape[1] >= GY_FIRST_RATIO * gy.shape[1]:
        return np.matmul(gy, cols.swapaxes(1, 2)).swapaxes(1, 2)
    return np.matmul(cols, gy.swapaxes(1, 2))


def _weight_row_blocks(xp: np.ndarray, gy: np.ndarray, groups: int, kernel: tuple, stride: tuple,
                       dilation: tuple, rows: int) -> np.ndarray:
    """One sample's ``cols @ gy.T`` summed over blocks of ``rows`` output rows (as in :func:`_row_blocks`)."""
    nd, co, rest = len(kernel), gy.shape[0], math.prod(gy.shape[2:])
    v = windows(xp[None], kernel, stride, dilation)[0]  # (C, *k, *o)
    g = gy.reshape(groups, co // groups, -1)
    buf = np.empty(math.prod(v.shape[:1 + nd]) * rows * rest, dtype=xp.dtype)
    total = None
    for a in range(0, gy.shape[1], rows):
        src = v[(slice(None),) * (1 + nd) + (slice(a, a + rows),)]
        width = src.shape[1 + nd] * rest
        cols = copy_into(buf[:src.size].reshape(src.shape), src).reshape(groups, -1, width)
        part = _cols_gy_t(cols, g[:, :, a * rest:a * rest + width])
        total = part if total is None else total.__iadd__(part)
    return total


def _weight_chunk(xp: np.ndarray, gy: np.ndarray, groups: int, kernel: tuple, stride: tuple,
                  dilation: tuple) -> np.ndarray:
    nb, nd, co = xp.shape[0], len(kernel), gy.shape[1]
    v = windows(xp, kernel, stride, dilation)  # (nb, C, *k, *o)
    if nb == 1:  # the gradient's (C_out, L) rows are already the GEMM's second operand
        cols = copy_into(np.empty(v.shape[1:], dtype=xp.dtype), v[0]).reshape(groups, -1, gy[0, 0].size)
        return _cols_gy_t(cols, gy[0].reshape(groups, co // groups, -1))
    v = v.transpose(1, *range(2, 2 + nd), 0, *range(2 + nd, 2 + 2 * nd))  # (C, *k, nb, *o)
    cols = copy_into(np.empty(v.shape, dtype=xp.dtype), v).reshape(groups, v.shape[0] // groups * math.prod(kernel), -1)
    g = copy_into(np.empty((co, nb, *gy.shape[2:]), dtype=gy.dtype), gy.swapaxes(0, 1))
    return _cols_gy_t(cols, g.reshape(groups, co // groups, -1))


def _phase(size_in: int, size_out: int, k: int, s: int, d: int, lo: int, r: int) -> Optional[tuple]:
    """One axis, output phase ``r``: ``(out slice, taps slice, count, pad_lo, span)`` or None if empty.

    Output cells ``o`` with ``(o + lo) mod s == r`` are ``m = (o + lo - r)/s`` for ``m`` from
    ``m0``; their taps are ``k0, k0 + s/g, ...`` (``k*d = r mod s``), at input ``m - t0 - j*d/g``.
    """
    first = (r - lo) % s
    count = -(-(size_out - first) // s) if size_out > first else 0
    g = math.gcd(d, s)
    k0 = next((kk for kk in range(min(k, s // g)) if (kk * d) % s == r), None)
    if count == 0:
        return None
    if k0 is None:
        return (slice(first, None, s), None, count, 0, 0)
    n_taps = len(range(k0, k, s // g))
    span = (n_taps - 1) * (d // g) + 1
    m0, t0 = (first + lo - r) // s, (k0 * d - r) // s
    return (slice(first, None, s), slice(k0, k0 + (n_taps - 1) * (s // g) + 1, s // g), count,
            t0 + span - 1 - m0, span)


def _shifted(x: np.ndarray, pads_lo: tuple, sizes: tuple) -> np.ndarray:
    """``xp[..., v] = x[..., v - pad_lo]`` (zero outside ``x``) of spatial size ``sizes``; pads may be negative."""
    xp = np.zeros((*x.shape[:2], *sizes), dtype=x.dtype)
    dst, src = [], []
    for p, n_out, n_in in zip(pads_lo, sizes, x.shape[2:]):
        a, b = max(0, p), min(n_out, n_in + p)
        if b <= a:
            return xp
        dst.append(slice(a, b))
        src.append(slice(a - p, b - p))
    xp[(slice(None), slice(None), *dst)] = x[(slice(None), slice(None), *src)]
    return xp


def subpixel(x: np.ndarray, w: np.ndarray, groups: int, stride: tuple, dilation: tuple, lo: tuple,
             out_size: tuple) -> np.ndarray:
    """Transposed convolution of ``x (N, C_in, *i)`` with ``w (C_in, C_out/groups, *k)``, cropped.

    ``out[n, o_ch, o] = sum x[n, c, i] * w[c, o_ch', k]`` over ``o + lo = i*s + k*d`` (grouped as
    PyTorch's ``conv_transpose``), for ``0 <= o < out_size``: ``prod(s)`` stride-1 correlations.
    """
    ci, cog, *kernel = w.shape
    wt = w.reshape(groups, ci // groups, cog, *kernel).swapaxes(1, 2).reshape(groups * cog, ci // groups, *kernel)
    out = np.empty((x.shape[0], groups * cog, *out_size), dtype=np.result_type(x, w))
    axes = [[_phase(i, o, k, s, d, p, r) for r in range(s)] for i, o, k, s, d, p in
            zip(x.shape[2:], out_size, kernel, stride, dilation, lo)]
    nd = len(kernel)
    combos = [c for c in itertools.product(*axes) if all(ph is not None for ph in c)]
    live = [c for c in combos if all(ph[1] is not None for ph in c)]
    # one zero-padded copy of x serves every phase: phase input = a window of it at offset top - pad_lo
    top = tuple(max([0, *(c[a][3] for c in live)]) for a in range(nd))
    ends = tuple(max([0, *(t - c[a][3] + c[a][2] + c[a][4] - 1 for c in live)]) for a, t in enumerate(top))
    big = _shifted(x, top, ends) if live else x
    for combo in combos:
        where = (slice(None), slice(None), *(ph[0] for ph in combo))
        if combo not in live:
            out[where] = 0
            continue
        sub = np.flip(wt[(slice(None), slice(None), *(ph[1] for ph in combo))], tuple(range(2, 2 + nd)))
        xp = big[(slice(None), slice(None), *(slice(t - ph[3], t - ph[3] + ph[2] + ph[4] - 1)
                                              for t, ph in zip(top, combo)))]
        dil = tuple(d // math.gcd(d, s) for d, s in zip(dilation, stride))
        correlate(xp, np.ascontiguousarray(sub), groups, (1,) * nd, dil, out=out[where])
    return out
