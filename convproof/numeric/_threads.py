"""Parallel copies for the fast path: NumPy copies run on one core, BLAS on all of them.

Building im2col columns, col2im adds and layout transposes are plain strided copies; NumPy
releases the GIL while it copies, so splitting them over disjoint blocks in a thread pool
uses every core the GEMM uses. Small arrays (and object arrays, which hold the GIL) are
copied in the calling thread.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Optional

import numpy as np

__all__ = ["workers", "split_run", "copy_into", "swap01"]

PARALLEL_MIN = 1 << 18  # elements; below this one thread is faster than the pool overhead
_POOL: Optional[ThreadPoolExecutor] = None
_POOL_PID = 0  # a forked child inherits the pool object but not its threads: it makes its own


def workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _pool() -> ThreadPoolExecutor:
    global _POOL, _POOL_PID
    if _POOL is None or _POOL_PID != os.getpid():
        _POOL = ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="convproof")
        _POOL_PID = os.getpid()
    return _POOL


def split_run(shape: tuple[int, int], size: int, dtype: np.dtype, body: Callable[[slice, slice], None]) -> None:
    """Call ``body(rows, cols)`` on disjoint blocks of a ``shape[0] x shape[1]`` index grid.

    The grid is split along its first axis when that has enough entries for every worker,
    else along the second; ``size`` (elements touched) decides whether threads pay off.
    """
    n = workers()
    if size < PARALLEL_MIN or n < 2 or dtype.kind == "O":
        body(slice(0, shape[0]), slice(0, shape[1]))
        return
    axis = 0 if shape[0] >= n or shape[0] >= shape[1] else 1
    parts = min(n, shape[axis])
    edges = np.linspace(0, shape[axis], parts + 1).astype(int)
    blocks = [slice(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]
    full = slice(0, shape[1 - axis])
    calls = [(blk, full) if axis == 0 else (full, blk) for blk in blocks]
    for future in [_pool().submit(body, *c) for c in calls]:
        future.result()


def copy_into(out: np.ndarray, src: np.ndarray) -> np.ndarray:
    """``out[...] = src`` split over the first two axes."""
    def body(a: slice, b: slice) -> None:
        out[a, b] = src[a, b]

    split_run(out.shape[:2], out.size, out.dtype, body)
    return out


def swap01(y: np.ndarray) -> np.ndarray:
    """A contiguous copy of ``y`` with its first two axes swapped."""
    out = np.empty((y.shape[1], y.shape[0], *y.shape[2:]), dtype=y.dtype)
    return copy_into(out, np.swapaxes(y, 0, 1))
