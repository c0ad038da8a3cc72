"""GEMM kernels of the fast path: batch-chunked im2col correlation (sub-pixel phases: :mod:`._subpixel`).

:func:`correlate` builds im2col columns ``(G, *k, C/G, nb*L)`` (tap-major within each channel
group) for a chunk of ``nb`` samples and multiplies the weight, its columns reordered to match,
into the ``(N, C_out, *o)`` result (in place when a chunk is one sample, else through one
transposing copy of the chunk), so no columns for the whole batch: peak extra memory is one chunk
of columns (at most ``CHUNK_BYTES``, or one sample's) instead of ``prod(k)`` times the input.
A sample whose columns exceed ``ROW_BLOCK_ELEMENTS`` entries is done in blocks of output rows
instead (one GEMM per block, written in place), so its columns stay in the L2 cache between
the copy that builds them and the GEMM that reads them; :func:`correlate_weight` likewise.
Zero padding (``pads``) is never formed for the whole batch: chunk columns are copied tap by tap
from the unpadded input with zero slabs where a tap reads padding, and row blocks read one
sample at a time from a reused zero-bordered buffer (measured 0.86-0.95x the time of padding the
batch first on the 1D, 56x56 and 28x28 forward rows; reports/bench/numeric.md).
On several cores a large float convolution is split into ``workers()`` parts (samples for the batch
chunks, (sample, row block) pairs for the row blocks), each doing its copies and GEMMs in one thread
with BLAS on one thread (:func:`._threads.run_parts`); one core or small work: one call, as before.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Optional

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _threads
from ._threads import copy_into, split_run

__all__ = ["windows", "correlate", "correlate_weight", "CHUNK_BYTES"]

CHUNK_BYTES = 8 << 20  # columns per chunk; at least one sample (measured: see reports/bench/numeric.md)
ROW_BLOCK_ELEMENTS = 256 << 10  # a sample with more column entries: blocks of output rows (0: never)
ROW_BLOCK_MIN_COLS = 128  # ... unless a block would have fewer GEMM columns (measured slower: batch chunks)
SPLIT_MIN_FLOP = 1 << 26  # multiply-adds; smaller correlations keep one call with BLAS's own threads (measured)
PIECES_PER_PART = 4  # split parts take ranges of work items from a queue of parts * this many (1: static)
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


def correlate(x: np.ndarray, w: np.ndarray, groups: int, stride: tuple, dilation: tuple,
              out: Optional[np.ndarray] = None, pads: Optional[tuple] = None) -> np.ndarray:
    """``(N, C_out, *o)`` correlation of ``x (N, C, *I)``, zero-padded by ``pads`` (``(lo, hi)`` per
    axis, negative = cropped; None: no padding), with ``w (C_out, C/groups, *k)``.

    Samples are processed in chunks whose columns take at most ``CHUNK_BYTES`` (at least one
    sample per chunk), one GEMM per group and chunk; the columns are copied tap by tap from the
    unpadded input (:func:`_tap_plan`), so the padded input is never formed. ``out`` (any strides,
    e.g. one sub-pixel phase of a larger result) receives the result when given.
    """
    n, c, *isz = x.shape
    pads = tuple(pads) if pads is not None else ((0, 0),) * len(isz)
    co, kernel = w.shape[0], tuple(w.shape[2:])
    osz = _out_size(tuple(i + lo + hi for i, (lo, hi) in zip(isz, pads)), kernel, stride, dilation)
    length, taps = math.prod(osz), math.prod(kernel)
    if out is None:
        out = np.empty((n, co, *osz), dtype=np.result_type(x, w))
    wg = w.reshape(groups, co // groups, -1)
    per_sample = max(1, c * taps * length * x.itemsize)
    rows = _row_block(osz, per_sample // x.itemsize)
    flop = n * co * length * (c // groups) * taps
    if rows:
        res = out if out.flags.c_contiguous else np.empty(out.shape, dtype=out.dtype)
        nblk = -(-osz[0] // rows)

        def blocks(ranges) -> None:  # ranges of (sample, row block) items, own buffers
            sample = _sample_windows(x, pads, osz, kernel, stride, dilation)
            buf = np.empty(c * taps * rows * math.prod(osz[1:]), dtype=x.dtype)
            for a, b0, b1 in _sample_blocks(ranges, nblk):
                _row_blocks(sample(a), wg, res[a], rows, buf, b0 * rows, b1 * rows)

        _in_parts(blocks, n * nblk, flop, out.dtype)
        return out if res is out else copy_into(out, res)
    plan = _tap_plan(tuple(isz), osz, kernel, stride, dilation, tuple(lo for lo, _ in pads))
    step, wt = max(1, CHUNK_BYTES // per_sample), _tap_major(w, groups)

    def chunks(ranges) -> None:
        for lo, hi in ranges:
            for a in range(lo, hi, step):
                _chunk(x[a:min(a + step, hi)], wt, out[a:min(a + step, hi)], plan, kernel)

    _in_parts(chunks, n, flop, out.dtype)
    return out


def _in_parts(body, items: int, flop: float, dtype: np.dtype, min_flop: Optional[float] = None) -> list:
    """``body(ranges)`` over ``items`` work items, ``ranges`` an iterable of ``(lo, hi)``: one call with
    ``[(0, items)]``, or (large float work, several cores) :func:`._threads.split_parts` calls at once,
    BLAS on one thread each, taking balanced ranges from a shared queue (``PIECES_PER_PART`` ranges
    per call: a part slowed by another job leaves its share to the others). Returns the calls' results."""
    parts = _threads.split_parts(items, flop, dtype, SPLIT_MIN_FLOP if min_flop is None else min_flop)
    if parts == 1:
        return [body([(0, items)])]
    draw = _threads.shared_queue(_threads.spans(items, min(items, parts * PIECES_PER_PART)))
    return _threads.run_parts([lambda: body(draw()) for _ in range(parts)])


def _sample_blocks(ranges, nblk: int):
    """``(sample, first block, end block)`` runs of the (sample, row block) items in ``ranges``."""
    for lo, hi in ranges:
        for a in range(lo // nblk, (hi - 1) // nblk + 1):
            yield a, max(lo - a * nblk, 0), min(hi - a * nblk, nblk)


@lru_cache(maxsize=256)
def _tap_plan(isz: tuple, osz: tuple, kernel: tuple, stride: tuple, dilation: tuple, lo: tuple) -> tuple:
    """Per kernel tap ``k``: ``(k, dst, src)``, the output cells that read the input (``dst``) and
    the input cells they read (``src``, strided), or ``(k, None, None)`` if the tap reads only padding
    (cached: a sweep of small calls on one geometry builds it once).

    Output cell ``o`` of tap ``k`` reads input cell ``o*s + k*d - lo`` (zero outside the input).
    """
    plan = []
    for k in np.ndindex(*kernel):
        dst, src = [], []
        for kk, s, d, l, i, o in zip(k, stride, dilation, lo, isz, osz):
            off = kk * d - l
            o0 = max(0, -(off // s))
            o1 = max(o0, min(o, (i - 1 - off) // s + 1))
            dst.append(slice(o0, o1))
            src.append(slice(o0 * s + off, (o1 - 1) * s + off + 1, s))
        plan.append((k, None, None) if any(sl.stop <= sl.start for sl in dst) else (k, tuple(dst), tuple(src)))
    return tuple(plan)


def _fill_columns(cols: np.ndarray, x: np.ndarray, plan: list) -> np.ndarray:
    """``cols (G, *k, C/G, nb, *o)`` (tap-major within each channel group) = the zero-padded windows
    of ``x (nb, C, *I)``, one copy per tap plus zero slabs where the tap reads padding.

    Tap-major rows make each tap's destination one contiguous block per group: measured 0.74-0.76x
    the time of channel-major ``(C, *k, nb, *o)`` columns on the 28x28 stride-2 layer (issue 14).
    """
    groups, nd = cols.shape[0], len(plan[0][0])
    xt = np.swapaxes(x, 0, 1).reshape(groups, x.shape[1] // groups, *x.shape[:1], *x.shape[2:])
    whole, osz = (slice(None),) * 3, cols.shape[3 + nd:]

    def body(taps: slice, _: slice) -> None:  # disjoint taps: safe in threads
        for k, dst, src in plan[taps]:
            tap = cols[(slice(None), *k)]  # (G, C/G, nb, *o)
            if dst is None:
                tap[...] = 0
                continue
            tap[whole + dst] = xt[whole + src]
            for ax, (sl, o) in enumerate(zip(dst, osz)):
                head = (slice(None),) * (3 + ax)
                if sl.start:
                    tap[head + (slice(0, sl.start),)] = 0
                if sl.stop < o:
                    tap[head + (slice(sl.stop, o),)] = 0

    split_run((len(plan), 1), cols.size, cols.dtype, body)
    return cols


def _tap_major(w: np.ndarray, groups: int) -> np.ndarray:
    """``w (C_out, C/G, *k)`` as ``(G, C_out/G, K*C/G)`` with columns ordered (tap, channel), the
    row order of :func:`_fill_columns`."""
    return np.ascontiguousarray(np.moveaxis(w, 1, -1)).reshape(groups, w.shape[0] // groups, -1)


def _channel_major(gw: np.ndarray, kernel: tuple) -> np.ndarray:
    """``(G, K*C/G, C_out/G)`` rows ordered (tap, channel) -> ordered (channel, tap)."""
    g, rows, cog = gw.shape
    taps = math.prod(kernel)
    return gw.reshape(g, taps, rows // taps, cog).swapaxes(1, 2).reshape(g, rows, cog)


def _sample_windows(x: np.ndarray, pads: tuple, osz: tuple, kernel: tuple, stride: tuple, dilation: tuple):
    """``sample(a)``: the ``(C, *k, *o)`` windows of sample ``a`` of ``x`` zero-padded by ``pads``.

    Without padding a view of ``x``; with padding each sample is copied into one reused buffer
    whose border is zeroed once (no padded copy of the whole batch). The window view is built once.
    """
    if all(lo == 0 and hi == 0 for lo, hi in pads):
        v = windows(x, kernel, stride, dilation)
        return lambda a: v[a]
    sizes = tuple((o - 1) * s + d * (k - 1) + 1 for o, k, s, d in zip(osz, kernel, stride, dilation))
    buf = np.zeros((1, x.shape[1], *sizes), dtype=x.dtype)
    dst, src = [0, slice(None)], [slice(None)]
    for (lo, _), n_out, n_in in zip(pads, sizes, x.shape[2:]):
        a, b = max(0, lo), max(max(0, lo), min(n_out, n_in + lo))
        dst.append(slice(a, b))
        src.append(slice(a - lo, b - lo))
    dst, src, v = tuple(dst), tuple(src), windows(buf, kernel, stride, dilation)[0]
    loaded = [-1]  # the sample now in the buffer: consecutive ranges of one sample's row blocks copy it once

    def sample(a: int) -> np.ndarray:
        if loaded[0] != a:
            buf[dst] = x[a][src]
            loaded[0] = a
        return v

    return sample


def _row_block(osz: tuple, per_sample: int) -> int:
    """Output rows (first spatial axis) per block when one sample's ``per_sample`` column entries
    exceed ``ROW_BLOCK_ELEMENTS``; 0 (batch chunks) when not, or when a block would be too narrow.

    Blocks keep the columns in the L2 cache between the copy and the GEMM: measured 0.74x the time
    on the 1D benchmark layer and 0.85x on the 56x56 one (single thread, float32); blocks narrower
    than ``ROW_BLOCK_MIN_COLS`` GEMM columns (28x28 stride 2) were 1.08-1.12x slower, so those keep batch chunks.
    256K entries per block (1 MiB float32, 2 MiB float64) measured 0.94-1.03x the time of 128K
    (median about 0.98 over the row-block benchmark rows), 64K 1.03-1.13x.
    """
    if not ROW_BLOCK_ELEMENTS or per_sample <= ROW_BLOCK_ELEMENTS or not osz:
        return 0
    rows = max(ROW_BLOCK_ELEMENTS * osz[0] // per_sample, 1)
    return rows if rows < osz[0] and rows * math.prod(osz[1:]) >= ROW_BLOCK_MIN_COLS else 0


def _row_blocks(v: np.ndarray, wg: np.ndarray, out: np.ndarray, rows: int, buf: np.ndarray, start: int = 0,
                stop: Optional[int] = None) -> None:
    """``out (C_out, *o)`` = one sample's correlation from its windows ``v (C, *k, *o)``, ``rows``
    output rows per GEMM (columns copied into ``buf``), in place; only output rows ``start:stop``."""
    groups, cog, nd = wg.shape[0], wg.shape[1], out.ndim - 1
    rest = math.prod(out.shape[2:])
    flat = out.reshape(groups, cog, -1)
    for a in range(start, out.shape[1] if stop is None else min(stop, out.shape[1]), rows):
        src = v[(slice(None),) * (1 + nd) + (slice(a, a + rows),)]
        cols = copy_into(buf[:src.size].reshape(src.shape), src)
        b = a + src.shape[1 + nd]
        np.matmul(wg, cols.reshape(groups, -1, (b - a) * rest), out=flat[:, :, a * rest:b * rest])


def _chunk(x: np.ndarray, wg: np.ndarray, out: np.ndarray, plan: list, kernel: tuple) -> None:
    """``out[...] = correlate(x)`` for one chunk: one GEMM per group (numpy's batched matmul would
    call BLAS once per sample, and every call wakes the BLAS threads: measured 5-15x slower here).
    ``wg`` is the tap-major weight (:func:`_tap_major`)."""
    nb = x.shape[0]
    groups, cog, length = wg.shape[0], wg.shape[1], math.prod(out.shape[2:])
    shape = (groups, *kernel, x.shape[1] // groups, nb, *out.shape[2:])
    cols = _fill_columns(np.empty(shape, dtype=x.dtype), x, plan).reshape(groups, -1, nb * length)
    if nb == 1:  # (C*K, L) columns: the GEMM writes the (C_out, L) result in place
        if out.flags.c_contiguous:
            np.matmul(wg, cols, out=out[0].reshape(groups, cog, length))
        else:
            copy_into(out[0], np.matmul(wg, cols).reshape(out.shape[1:]))
        return
    y = np.matmul(wg, cols).reshape(groups * cog, nb, length)
    copy_into(out, y.reshape(groups * cog, nb, *out.shape[2:]).swapaxes(0, 1))


def correlate_weight(x: np.ndarray, gy: np.ndarray, groups: int, kernel: tuple, stride: tuple,
                     dilation: tuple, pads: Optional[tuple] = None) -> np.ndarray:
    """``(groups, C/groups*K, C_out/groups)``: the weight gradient ``cols @ gy.T``, summed chunk by chunk.

    ``x`` is zero-padded by ``pads`` as in :func:`correlate`. The GEMM orientation is chosen per
    dtype and shape (:func:`_cols_gy_t`); the caller transposes the small result. Chunks and row
    blocks as in :func:`correlate`.
    """
    n, c, *isz = x.shape
    pads = tuple(pads) if pads is not None else ((0, 0),) * len(isz)
    osz, taps = tuple(gy.shape[2:]), math.prod(kernel)
    length = math.prod(osz)
    rows = _row_block(osz, c * taps * length)
    flop = n * gy.shape[1] * length * (c // groups) * taps
    if rows:
        nblk = -(-osz[0] // rows)

        def blocks(ranges) -> list:  # (range, partial sum) over ranges of (sample, row block) items
            sample = _sample_windows(x, pads, osz, kernel, stride, dilation)
            buf = np.empty(c * taps * rows * math.prod(osz[1:]), dtype=x.dtype)
            sums = []
            for rng in ranges:
                total = None
                for a, b0, b1 in _sample_blocks([rng], nblk):
                    part = _weight_row_blocks(sample(a), gy[a], groups, rows, buf, b0 * rows, b1 * rows)
                    total = part if total is None else total.__iadd__(part)
                sums.append((rng, total))
            return sums

        return _summed(_in_parts(blocks, n * nblk, flop, x.dtype))
    plan = _tap_plan(tuple(isz), osz, kernel, stride, dilation, tuple(lo for lo, _ in pads))
    step = max(1, CHUNK_BYTES // max(1, c * taps * length * x.itemsize))

    def chunks(ranges) -> list:  # (range, partial sum) over ranges of samples
        sums = []
        for lo, hi in ranges:
            total = None
            for a in range(lo, hi, step):
                part = _weight_chunk(x[a:min(a + step, hi)], gy[a:min(a + step, hi)], groups, plan, kernel)
                total = part if total is None else total.__iadd__(part)
            sums.append(((lo, hi), total))
        return sums

    return _channel_major(_summed(_in_parts(chunks, n, flop, x.dtype)), kernel)


def _summed(parts: list) -> np.ndarray:
    """The partial weight gradients of every range, added up in the order of the ranges (``parts``: each
    part's ``(range, sum)`` list). Which part took which range from the queue depends on thread timing;
    the order of the additions does not, so a float result is the same from run to run."""
    sums = sorted(((rng, s) for part in parts for rng, s in part), key=lambda item: item[0])
    total = sums[0][1]
    for _, s in sums[1:]:
        total += s
    return total


def _cols_gy_t(cols: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """``cols @ gy.T`` per group; float64 with at least ``GY_FIRST_RATIO`` times more column rows than
    gradient rows runs as ``(gy @ cols.T).T`` (GEMM alone 0.81-0.89x the time on the benchmark shapes;
    float32: 1.13-1.37x, and float64 with 147 rows against 64 (7x7 stem): 1.06x and 1.16x on the row)."""
    if cols.dtype.char in GY_FIRST and cols.shape[1] >= GY_FIRST_RATIO * gy.shape[1]:
        return np.matmul(gy, cols.swapaxes(1, 2)).swapaxes(1, 2)
    return np.matmul(cols, gy.swapaxes(1, 2))


def _weight_row_blocks(v: np.ndarray, gy: np.ndarray, groups: int, rows: int, buf: np.ndarray, start: int = 0,
                       stop: Optional[int] = None) -> np.ndarray:
    """One sample's ``cols @ gy.T`` summed over blocks of ``rows`` output rows ``start:stop`` (as in
    :func:`_row_blocks`)."""
    nd, co, rest = gy.ndim - 1, gy.shape[0], math.prod(gy.shape[2:])
    g = gy.reshape(groups, co // groups, -1)
    total = None
    for a in range(start, gy.shape[1] if stop is None else min(stop, gy.shape[1]), rows):
        src = v[(slice(None),) * (1 + nd) + (slice(a, a + rows),)]
        width = src.shape[1 + nd] * rest
        cols = copy_into(buf[:src.size].reshape(src.shape), src).reshape(groups, -1, width)
        part = _cols_gy_t(cols, g[:, :, a * rest:a * rest + width])
        total = part if total is None else total.__iadd__(part)
    return total


def _weight_chunk(x: np.ndarray, gy: np.ndarray, groups: int, plan: list, kernel: tuple) -> np.ndarray:
    """One chunk's ``cols @ gy.T`` with tap-major rows (the caller reorders the sum)."""
    nb, co = x.shape[0], gy.shape[1]
    shape = (groups, *kernel, x.shape[1] // groups, nb, *gy.shape[2:])
    cols = _fill_columns(np.empty(shape, dtype=x.dtype), x, plan)
    cols = cols.reshape(groups, x.shape[1] // groups * math.prod(kernel), -1)
    if nb == 1:  # the gradient's (C_out, L) rows are already the GEMM's second operand
        return _cols_gy_t(cols, gy[0].reshape(groups, co // groups, -1))
    g = copy_into(np.empty((co, nb, *gy.shape[2:]), dtype=gy.dtype), gy.swapaxes(0, 1))
    return _cols_gy_t(cols, g.reshape(groups, co // groups, -1))
