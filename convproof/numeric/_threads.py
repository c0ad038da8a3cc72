"""Threads for the fast path: parallel copies, and whole parts of a convolution with BLAS on one thread.

Building im2col columns, col2im adds and layout transposes are plain strided copies; NumPy
releases the GIL while it copies, so splitting them over disjoint blocks in a thread pool
uses every core the GEMM uses. Small arrays (and object arrays, which hold the GIL) are
copied in the calling thread.

:func:`run_parts` goes one step further: the kernels in :mod:`._gemm` and :mod:`._subpixel`
split a large float convolution into ``workers()`` parts (samples, or (sample, row block)
pairs), each part doing its own copies and GEMMs in one thread, with the BLAS library limited
to one thread for the duration of the call (:func:`blas_single`; the user's setting is
restored afterwards, also on an exception). Many mid-sized GEMMs each split over the BLAS
threads synchronise those threads once per call; independent parts do not (issue 14,
reports/bench/numeric-notes.md). Inside a part everything runs in the calling thread (no nesting).
The Python between NumPy calls holds the GIL, so parts pay only with enough work per call: the
thresholds (``SPLIT_MIN_FLOP`` here and in :mod:`._gemm`) were measured on the benchmark layers.
While a split call runs, BLAS calls from other threads of the process also get one thread.

When the parts take every CPU the process may use, each part's thread is pinned to one of them for
the call (the calling thread's own CPU mask is restored when it returns, also on an exception). On the
2-vCPU VM of the benchmarks a thread woken after an idle gap was first run on its waker's CPU and
moved only milliseconds later: unpinned parts took 1.2-1.6x the time of pinned ones (issue 14,
reports/bench/numeric-notes.md, fifth round). The other parts run in threads of our own, one per CPU,
that stay pinned while idle, so they are woken on their CPU (sixth round). With fewer parts than CPUs
nothing is pinned (the shared pool's threads), so several processes sharing a machine are never
crowded onto the same few CPUs.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional

import numpy as np

__all__ = ["workers", "quota_cpus", "split_run", "copy_into", "swap01", "split_parts", "blas_budget", "run_parts", "part_cpus",
           "blas_single", "spans", "shared_queue"]

PARALLEL_MIN = 1 << 18  # elements; below this one thread is faster than the pool overhead
SPLIT_MIN_FLOP = 1 << 24  # multiply-adds; a smaller convolution keeps one part (BLAS's own threads)
SPLIT_CHARS = "fdFD"  # BLAS dtypes; integers, Fractions and SymPy keep their exact routes unsplit
_POOL: Optional[ThreadPoolExecutor] = None
_POOL_PID = 0  # a forked child inherits the pool object but not its threads: it makes its own
_CPU_POOLS: dict = {}  # cpu -> one-thread executor whose thread stays pinned to that CPU (parts only)
_CPU_POOLS_PID = 0
_CPU_POOLS_LOCK = threading.Lock()
_LOCAL = threading.local()  # .inside: this thread runs one part of a split call
_BLAS: Any = None  # threadpoolctl's BLAS library controllers, or False when threadpoolctl is missing
_LIMIT_LOCK = threading.Lock()
_LIMIT_DEPTH = 0  # calls inside blas_single (user threads may overlap): the last one out restores
_SAVED: list = []


def workers() -> int:
    """Cores this process may use: the CPUs of its affinity mask, at most what a cgroup CPU quota allows
    (a container limited to 2 CPUs of a 64-CPU host gets 2 parts, not 64 threads throttled by the quota)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    quota = quota_cpus()
    return min(cpus, quota) if quota else cpus


@lru_cache(maxsize=4)
def quota_cpus(root: str = "/sys/fs/cgroup") -> Optional[int]:
    """CPUs a cgroup CPU quota allows, rounded up (cgroup v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us`` /
    ``cpu.cfs_period_us`` under ``root``); None without a quota or where none can be read. Read once."""
    try:
        with open(os.path.join(root, "cpu.max")) as fh:
            fields = fh.read().split()
    except OSError:
        fields = _read_v1(os.path.join(root, "cpu"))
    try:
        quota, period = int(fields[0]), int(fields[1])
    except (IndexError, ValueError):  # "max" (no quota), or nothing readable
        return None
    return max(1, -(-quota // period)) if quota > 0 and period > 0 else None


def _read_v1(folder: str) -> list:
    try:
        with open(os.path.join(folder, "cpu.cfs_quota_us")) as q, open(os.path.join(folder, "cpu.cfs_period_us")) as p:
            return [q.read().strip(), p.read().strip()]
    except OSError:
        return []


def _pool() -> ThreadPoolExecutor:
    global _POOL, _POOL_PID
    if _POOL is None or _POOL_PID != os.getpid():
        _POOL = ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="convproof")
        _POOL_PID = os.getpid()
    return _POOL


def _cpu_pool(cpu: int) -> ThreadPoolExecutor:
    """A one-thread executor whose thread is pinned to ``cpu`` from its start and stays there while idle,
    so that the scheduler wakes it on that CPU (a thread pinned only once it runs was first woken on the
    caller's busy CPU and started 1-4 ms late after an idle gap: issue 14, numeric-notes.md, sixth round)."""
    global _CPU_POOLS, _CPU_POOLS_PID
    with _CPU_POOLS_LOCK:  # user threads calling at once make one such thread per CPU
        if _CPU_POOLS_PID != os.getpid():
            _CPU_POOLS, _CPU_POOLS_PID = {}, os.getpid()
        if cpu not in _CPU_POOLS:
            _CPU_POOLS[cpu] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"convproof-cpu{cpu}",
                                                 initializer=_pin, initargs=(cpu,))
        return _CPU_POOLS[cpu]


def _executor(cpu: Optional[int]) -> ThreadPoolExecutor:
    """Where a part for ``cpu`` runs: the thread kept on that CPU, or the shared pool when not pinned."""
    return _pool() if cpu is None else _cpu_pool(cpu)


def _inside() -> bool:
    return getattr(_LOCAL, "inside", False)


def split_run(shape: tuple[int, int], size: int, dtype: np.dtype, body: Callable[[slice, slice], None]) -> None:
    """Call ``body(rows, cols)`` on disjoint blocks of a ``shape[0] x shape[1]`` index grid.

    The grid is split along its first axis when that has enough entries for every worker,
    else along the second; ``size`` (elements touched) decides whether threads pay off.
    Inside a part of :func:`run_parts` the whole grid is done in the calling thread.
    """
    if size < PARALLEL_MIN or dtype.kind == "O" or _inside():
        body(slice(0, shape[0]), slice(0, shape[1]))
        return
    n = min(workers(), blas_budget())
    if n < 2:
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


def _blas_libs() -> Any:
    """The BLAS libraries' threadpoolctl controllers (found once), or False when the parts cannot limit
    them: no threadpoolctl, or a BLAS whose limit is per thread (OpenMP-threaded OpenBLAS or BLIS: the
    limit set in the calling thread would not reach the pool's threads)."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController
            libs = list(ThreadpoolController().select(user_api="blas").lib_controllers)
        except Exception:  # noqa: BLE001 - threadpoolctl is an optional dependency: then no parts
            libs = False
        if libs and any(lib.internal_api != "mkl" and lib.threading_layer == "openmp" for lib in libs):
            libs = False
        _BLAS = libs
    return _BLAS


def _set_threads(lib: Any, n: int) -> None:
    """Set ``lib``'s (process-wide) thread count from this thread. threadpoolctl's public setter for a
    pthreads OpenBLAS obeys only the first Python thread that used it and silently ignores the others
    (a user thread calling convproof would then take that role from the user's main thread), so the
    raw setter is used where threadpoolctl has one; :func:`blas_single` serialises our own changes."""
    getattr(lib, "_real_set_num_threads", lib.set_num_threads)(n)


def split_parts(items: int, flop: float, dtype: np.dtype, min_flop: Optional[float] = None) -> int:
    """How many parts (at most ``items``) a float kernel of ``flop`` multiply-adds is split into: 1 keeps
    the single call (below ``min_flop``, default ``SPLIT_MIN_FLOP``; non-BLAS dtypes, one core, inside
    a part, no threadpoolctl)."""
    if (np.dtype(dtype).char not in SPLIT_CHARS or flop < (SPLIT_MIN_FLOP if min_flop is None else min_flop)
            or _inside()
            or items < 2 or workers() < 2 or _blas_libs() is False):
        return 1
    return max(1, min(workers(), items, blas_budget()))


def blas_budget() -> int:
    """The threads the user lets BLAS use now (the largest setting of the BLAS libraries; ``workers()``
    when threadpoolctl cannot tell): the parts and the parallel copies never use more, so
    ``OPENBLAS_NUM_THREADS=1`` or ``threadpool_limits(1)`` keeps convproof on one core."""
    libs = _blas_libs()
    if not libs:
        return workers()
    return max(lib.get_num_threads() or 1 for lib in libs)


def spans(count: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous, balanced ``(start, stop)`` ranges covering ``range(count)``."""
    edges = [count * p // parts for p in range(parts + 1)]
    return [(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]


def shared_queue(pieces: list) -> Iterator:
    """``draw()``: a generator over the not yet taken ``pieces``; one per thread, each piece goes to one."""
    it, lock = iter(pieces), threading.Lock()

    def draw() -> Iterator:
        while True:
            with lock:
                piece = next(it, None)
            if piece is None:
                return
            yield piece

    return draw


@contextmanager
def blas_single() -> Iterator[None]:
    """BLAS limited to one thread inside the block; the setting found on entry is restored on exit.

    The limit is process-wide in OpenBLAS, so overlapping calls from several user threads share
    it: the first one in saves the setting, the last one out restores it.
    """
    global _LIMIT_DEPTH, _SAVED
    with _LIMIT_LOCK:
        if _LIMIT_DEPTH == 0:
            _SAVED = [(lib, lib.get_num_threads()) for lib in _blas_libs() or ()]
            for lib, n in _SAVED:
                if n != 1:
                    _set_threads(lib, 1)
        _LIMIT_DEPTH += 1
    try:
        yield
    finally:
        with _LIMIT_LOCK:
            _LIMIT_DEPTH -= 1
            if _LIMIT_DEPTH == 0:
                for lib, n in _SAVED:
                    if n != 1:
                        _set_threads(lib, n)
                _SAVED = []


def part_cpus(count: int) -> list[Optional[int]]:
    """The CPU each of ``count`` parts is pinned to: every CPU this thread may use when there are exactly
    ``count`` of them, else ``None`` each (not pinned; also where the OS has no CPU affinity)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return [None] * count
    return cpus if len(cpus) == count else [None] * count


def _pin(cpu: Optional[int]) -> Optional[set]:
    """Pin the calling thread to ``cpu``; returns its previous mask (None: nothing was changed)."""
    if cpu is None:
        return None
    try:
        saved = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {cpu})
    except OSError:  # a CPU taken away meanwhile (cpuset change): the part runs unpinned
        return None
    return saved


def _unpin(saved: Optional[set]) -> None:
    if saved is not None:
        try:
            os.sched_setaffinity(0, saved)
        except OSError:  # pragma: no cover - the old mask lost a CPU meanwhile: keep what the OS allows
            pass


def _as_part(call: Callable[[], Any], cpu: Optional[int] = None) -> Any:
    _LOCAL.inside = True
    saved = _pin(cpu)
    try:
        return call()
    finally:
        _LOCAL.inside = False
        _unpin(saved)


def run_parts(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` at once (the first in the calling thread, the rest in the pool), BLAS on one thread
    each, each thread pinned to its own CPU when they take every CPU (:func:`part_cpus`); returns their
    results in order. Every call has finished, and every mask is restored, before this returns or raises.

    A call that has not started in the pool by the time the first call is done (the pool busy with the
    parts of another user thread, or its thread still waking: 1-4 ms after an idle gap on the benchmark
    VM) runs in the calling thread instead; with the shared queue drained it returns at once."""
    cpus = part_cpus(len(calls))
    with blas_single():
        futures = [_executor(cpu).submit(_as_part, c, cpu) for c, cpu in zip(calls[1:], cpus[1:])]
        inline: dict = {}
        try:
            first = _as_part(calls[0], cpus[0])
            for i, future in enumerate(futures):
                if future.cancel():  # not started: never will be, so it is run here
                    inline[i] = _as_part(calls[i + 1])
        finally:
            for future in futures:
                future.cancel()
            wait([f for f in futures if not f.cancelled()])  # a cancelled one is done, but wait() would
            # block until a pool thread dequeued it
        return [first] + [inline[i] if i in inline else f.result() for i, f in enumerate(futures)]
