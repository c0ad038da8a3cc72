"""col2im of the fast path: GEMM columns summed back into an image (transposed convolution, input gradient).

Column ``(c, k, n, o)`` is added to image cell ``o*s + k*d``, which is cell ``o + k*d // s`` of the
phase ``k*d mod s`` (one phase per residue of the stride): every tap is added with unit stride into its
phase's plane, then each plane is interleaved into the image once (for stride > 1 measured 0.87-0.95x
the time of stride-s adds on the 7x7 stem's grad_input, issue 14). Each cell gets its taps' values in
the same order whatever the split, so float results do not depend on the threads.

In threads the work is split over (channel, sample) blocks, or, when there are fewer than two blocks per
thread and a stride, over groups of phases with about equal taps (the 7x7 stem's grad_input has 3 channels
of one sample, 1 : 2 over two threads, but 4 phases of 16, 12, 12 and 9 taps, 25 : 24).
"""

from __future__ import annotations

import numpy as np

from . import _threads

__all__ = ["scatter"]


def scatter(col: np.ndarray, kernel: tuple, stride: tuple, dilation: tuple, full: tuple) -> np.ndarray:
    """col2im: ``col (C, *k, N, *o)`` summed into ``(C, N, *full)`` at ``o*s + k*d``."""
    nd = len(kernel)
    osz = col.shape[2 + nd:]
    cells = tuple(-(-f // s) for f, s in zip(full, stride))
    planes = np.zeros((*stride, col.shape[0], col.shape[1 + nd], *cells), dtype=col.dtype)
    strided = any(s > 1 for s in stride)
    out = np.empty((col.shape[0], col.shape[1 + nd], *full), dtype=col.dtype) if strided else planes[(0,) * nd]
    taps = phase_taps(kernel, dilation, stride)

    def add(c: slice, n: slice, phases: list) -> None:  # disjoint blocks or phases: safe in threads
        for phase in phases:
            for k in taps[phase]:
                at = tuple(slice(kk * d // s, kk * d // s + o) for kk, d, o, s in zip(k, dilation, osz, stride))
                planes[(*phase, c, n, *at)] += col[(c, *k, n)]
            if strided:
                dst = (c, n, *(slice(r, None, s) for r, s in zip(phase, stride)))
                out[dst] = planes[(*phase, c, n, *(slice(0, len(range(r, f, s))) for r, f, s in zip(phase, full, stride)))]

    if strided and col.shape[0] * col.shape[1 + nd] < 2 * _threads.workers():
        groups = phase_groups(taps, min(_threads.workers(), len(taps)))

        def group_range(g: slice, _: slice) -> None:  # whole groups of phases, every channel and sample
            for phases in groups[g]:
                add(slice(None), slice(None), phases)

        _threads.split_run((len(groups), 1), col.size, col.dtype, group_range)
    else:
        _threads.split_run(out.shape[:2], col.size, col.dtype, lambda c, n: add(c, n, list(taps)))
    return out


def phase_taps(kernel: tuple, dilation: tuple, stride: tuple) -> dict:
    """``{phase: [taps]}`` for every phase ``r`` (``0 <= r < s``): the kernel taps ``k`` (in ``np.ndindex``
    order) whose ``k*d mod s`` is ``r``; a phase no tap reaches has none (its plane stays zero but is
    still interleaved into the image)."""
    taps: dict = {phase: [] for phase in np.ndindex(*stride)}
    for k in np.ndindex(*kernel):
        taps[tuple(kk * d % s for kk, d, s in zip(k, dilation, stride))].append(k)
    return taps


def phase_groups(taps: dict, count: int) -> list[list]:
    """The phases in at most ``count`` groups of about equal taps (the largest phase first, into the lightest group)."""
    groups: list[list] = [[] for _ in range(count)]
    load = [0] * count
    for phase in sorted(taps, key=lambda p: (-len(taps[p]), p)):
        i = load.index(min(load))
        groups[i].append(phase)
        load[i] += len(taps[phase])
    return [g for g in groups if g]
