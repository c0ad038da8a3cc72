"""Sub-pixel transposed convolution: ``prod(s)`` stride-1 correlations, one per output phase.

:func:`subpixel` is the transposed convolution ``out[o] = sum x[i] w[k]`` over ``o + lo = i*s + k*d``
as ``prod(s)`` stride-1 correlations, one per output phase ``(o + lo) mod s``: each phase sees
only the taps ``k`` with ``k*d = phase (mod s)``, a sub-kernel with dilation ``d/gcd(d, s)``.
No zero insertion, no scatter; every output cell is written once. The sums are the same as
col2im's (only the order of additions differs), so on integers it is exact too; the fast path
uses it for float dtypes, where it replaces the GEMM + strided scatter of col2im.

When every phase's sub-kernel is undilated and there is one channel group, the phases read
overlapping shifts of the same input: :func:`subpixel` then copies each distinct shift once into
shared tap-major columns ``(*U, C, nb, *m)`` and each phase's GEMM reads its rows of them (a view
when they are contiguous), instead of one im2col copy per phase (for the 3x3 stride-2 kernel: 4
shifted copies of the input instead of 9).
"""

from __future__ import annotations

import itertools
import math
from typing import Optional

import numpy as np

from . import _gemm, _threads
from ._gemm import _fill_columns, _tap_plan, correlate
from ._threads import copy_into

__all__ = ["subpixel"]


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
    dil = tuple(d // math.gcd(d, s) for d, s in zip(dilation, stride))
    for combo in combos:
        if combo not in live:
            out[(slice(None), slice(None), *(ph[0] for ph in combo))] = 0
    if groups == 1 and all(d == 1 for d in dil) and live:
        _shared_phases(x, wt, out, live)
        return out
    for combo in live:
        where = (slice(None), slice(None), *(ph[0] for ph in combo))
        sub = np.flip(wt[(slice(None), slice(None), *(ph[1] for ph in combo))], tuple(range(2, 2 + nd)))
        # the phase's input: x shifted by pad_lo, count + span - 1 cells long (zero outside x)
        pads = tuple((ph[3], ph[2] + ph[4] - 1 - i - ph[3]) for ph, i in zip(combo, x.shape[2:]))
        correlate(x, np.ascontiguousarray(sub), groups, (1,) * nd, dil, out=out[where], pads=pads)
    return out


def _shared_phases(x: np.ndarray, wt: np.ndarray, out: np.ndarray, live: list) -> None:
    """The live phases (undilated sub-kernels, one group) from shared tap-major columns.

    Phase cell ``m`` reads ``x[m - pad_lo + j]`` for its taps ``j < span`` (flipped sub-kernel),
    so every phase reads shifts ``u + lo_u`` of one union range per axis: columns
    ``cols[u, c, n, m] = x[n, c, m + u + lo_u]`` (zero outside ``x``) for ``m`` below the largest
    phase count, one copy per shift, per batch chunk. Each phase multiplies its sub-kernel,
    arranged ``(C_out, *taps, C)``, with its rows of the columns and crops to its count.
    """
    nd, c = wt.ndim - 2, x.shape[1]
    lo_u = tuple(min(-ph[a][3] for ph in live) for a in range(nd))
    union = tuple(max(-ph[a][3] + ph[a][4] for ph in live) - lo_u[a] for a in range(nd))
    counts = tuple(max(ph[a][2] for ph in live) for a in range(nd))
    plan = _tap_plan(x.shape[2:], counts, union, (1,) * nd, (1,) * nd, tuple(-lo for lo in lo_u))
    mats = []
    for combo in live:
        sub = np.flip(wt[(slice(None), slice(None), *(ph[1] for ph in combo))], tuple(range(2, 2 + nd)))
        rows = tuple(slice(-ph[3] - lo, -ph[3] - lo + ph[4]) for ph, lo in zip(combo, lo_u))
        mats.append((combo, rows, np.moveaxis(sub, 1, -1).reshape(sub.shape[0], -1)))
    length = math.prod(counts)
    step = max(1, _gemm.CHUNK_BYTES // max(1, math.prod(union) * c * length * x.itemsize))
    flop = x.shape[0] * length * sum(mat.size for _, _, mat in mats)

    def chunks(ranges) -> None:  # ranges of samples, in chunks of at most ``step``
        for lo, hi in ranges:
            for a in range(lo, hi, step):
                xb = x[a:min(a + step, hi)]
                nb = xb.shape[0]
                cols = _fill_columns(np.empty((1, *union, c, nb, *counts), dtype=x.dtype), xb, plan)[0]
                for combo, rows, mat in mats:
                    y = (mat @ cols[rows].reshape(-1, nb * length)).reshape(-1, nb, *counts)
                    crop = tuple(slice(0, ph[2]) for ph in combo)
                    where = (slice(a, a + nb), slice(None), *(ph[0] for ph in combo))
                    copy_into(out[where], y[(slice(None), slice(None), *crop)].swapaxes(0, 1))

    _gemm._in_parts(chunks, x.shape[0], flop, out.dtype, _threads.SPLIT_MIN_FLOP)  # several GEMMs per chunk:
    # BLAS's own threads scale worst here, parts pay from the general threshold on (measured)
