"""Split parts (issue 14), continued: each part's thread pinned to its own CPU when the parts take every
CPU (masks restored after the call and after an exception), nothing pinned with fewer parts, and the
weight gradient's partial sums added in a fixed order whatever thread took which range."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

from convproof import numeric as fast
from convproof.numeric import _threads

from test_threads import split

threadpoolctl = pytest.importorskip("threadpoolctl")
affinity = pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                              reason="needs CPU affinity and at least two CPUs")


def test_part_cpus_pin_only_when_the_parts_take_every_cpu(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {5, 2, 9})
    assert _threads.part_cpus(3) == [2, 5, 9]
    assert _threads.part_cpus(2) == [None, None]   # one CPU left to other processes: nothing pinned
    assert _threads.part_cpus(4) == [None] * 4


def _masks_seen(monkeypatch) -> list:
    """Record (thread, mask) at each chunk of a split call."""
    from convproof.numeric import _gemm
    seen, real = [], _gemm._chunk

    def chunk(*a):
        seen.append((threading.get_ident(), frozenset(os.sched_getaffinity(0))))
        return real(*a)

    monkeypatch.setattr(_gemm, "_chunk", chunk)
    return seen


@affinity
def test_parts_run_pinned_and_every_mask_is_restored(monkeypatch):
    before = os.sched_getaffinity(0)
    cpus = sorted(before)[:2]
    os.sched_setaffinity(0, set(cpus))   # this thread may use exactly two CPUs: two parts take both
    try:
        seen = _masks_seen(monkeypatch)
        rng = np.random.default_rng(0)
        x, w = rng.standard_normal((6, 3, 6, 5)), rng.standard_normal((4, 3, 3, 3))
        with split("chunks", 2) as calls:
            fast.conv(x, w, padding=1)
            after_pool = _threads._pool().submit(os.sched_getaffinity, 0).result()
        assert calls == [2]
        by_thread = {}
        for ident, mask in seen:
            by_thread.setdefault(ident, set()).add(mask)
        assert all(len(masks) == 1 for masks in by_thread.values()), by_thread   # one mask per part
        masks = [next(iter(m)) for m in by_thread.values()]
        assert all(len(m) == 1 and m <= set(cpus) for m in masks) and len(set(masks)) == len(masks), masks
        assert os.sched_getaffinity(0) == set(cpus) and after_pool == set(cpus)
        # the second part's thread stays on its CPU while idle, so that the next call wakes it there
        assert _threads._cpu_pool(cpus[1]).submit(os.sched_getaffinity, 0).result() == {cpus[1]}
    finally:
        os.sched_setaffinity(0, before)


@affinity
def test_parts_go_to_threads_kept_on_their_cpus(monkeypatch):
    """A pinned part runs in the one thread kept on its CPU (not in the shared pool, whose threads stay
    unpinned), the same thread call after call; a forked child makes its own such threads."""
    cpu = sorted(os.sched_getaffinity(0))[1]
    monkeypatch.setattr(_threads, "part_cpus", lambda n: [None, cpu][:n])
    idents = []
    for _ in range(4):
        started = threading.Event()   # the first part waits for the second, so it is not run inline
        _threads.run_parts([lambda: started.wait(10),
                            lambda: idents.append(threading.get_ident()) or started.set()])
    kept = _threads._cpu_pool(cpu)
    assert len(set(idents)) == 1 and kept.submit(threading.get_ident).result() == idents[0]
    assert kept.submit(os.sched_getaffinity, 0).result() == {cpu}
    assert _threads._pool().submit(os.sched_getaffinity, 0).result() != {cpu}
    monkeypatch.setattr(_threads, "_CPU_POOLS_PID", -1)   # as in a forked child: the thread is not there
    assert _threads._cpu_pool(cpu) is not kept


@affinity
def test_masks_are_restored_after_an_exception_in_a_part(monkeypatch):
    from convproof.numeric import _gemm
    before = os.sched_getaffinity(0)
    cpus = sorted(before)[:2]
    os.sched_setaffinity(0, set(cpus))
    real, count = _gemm._chunk, []

    def failing(*a):
        count.append(1)
        if len(count) == 2:
            raise RuntimeError("injected failure in one part")
        return real(*a)

    try:
        monkeypatch.setattr(_gemm, "_chunk", failing)
        x, w = np.ones((4, 2, 5, 5)), np.ones((3, 2, 3, 3))
        with split("chunks", 2):
            with pytest.raises(RuntimeError, match="injected"):
                fast.conv(x, w)
            assert os.sched_getaffinity(0) == set(cpus)
            assert _threads._pool().submit(os.sched_getaffinity, 0).result() == set(cpus)
    finally:
        os.sched_setaffinity(0, before)


def test_nothing_is_pinned_with_fewer_parts_than_cpus(monkeypatch):
    pinned = []
    monkeypatch.setattr(_threads, "_pin", lambda cpu: pinned.append(cpu))
    monkeypatch.setattr(_threads, "part_cpus", lambda n: [None] * n)
    x, w = np.ones((4, 2, 5, 5)), np.ones((3, 2, 3, 3))
    with split("chunks", 2):
        fast.conv(x, w)
    assert pinned and set(pinned) == {None}


@pytest.mark.parametrize("route", ["chunks", "rows"])
def test_weight_gradient_is_the_same_whichever_part_takes_which_range(route, monkeypatch):
    """Random floats: the partial sums are added in range order, so handing the ranges out in another
    order (as thread timing may) gives the same bits."""
    rng = np.random.default_rng(4)
    x, g = rng.standard_normal((7, 5, 9, 8)), rng.standard_normal((7, 6, 9, 8))
    with split(route, 2, pieces=4):
        first = fast.conv_grad_weight(x, (6, 5, 3, 3), g, padding=1)
        real = _threads.shared_queue
        monkeypatch.setattr(_threads, "shared_queue", lambda pieces: real(pieces[::-1]))
        reversed_order = fast.conv_grad_weight(x, (6, 5, 3, 3), g, padding=1)
    assert np.array_equal(first, reversed_order)


def test_a_part_whose_thread_has_not_started_runs_in_the_calling_thread():
    """With every pool thread busy, the other parts never start there: they run in the calling thread
    once its own part is done (no wait for a sleeping thread), each exactly once, results in order."""
    pool, release = _threads._pool(), threading.Event()
    blockers = [pool.submit(release.wait, 30) for _ in range(pool._max_workers)]
    try:
        ran = []
        calls = [lambda i=i: ran.append((i, threading.get_ident())) or i * 10 for i in range(3)]
        assert _threads.run_parts(calls) == [0, 10, 20]
        assert sorted(i for i, _ in ran) == [0, 1, 2]
        assert {ident for _, ident in ran} == {threading.get_ident()}
    finally:
        release.set()
        for b in blockers:
            b.result(timeout=30)


def test_split_results_are_right_when_the_pool_is_busy():
    pool, release = _threads._pool(), threading.Event()
    blockers = [pool.submit(release.wait, 30) for _ in range(pool._max_workers)]
    if hasattr(os, "sched_getaffinity"):   # and the threads kept on each CPU for pinned parts
        blockers += [_threads._cpu_pool(c).submit(release.wait, 30) for c in os.sched_getaffinity(0)]
    try:
        rng = np.random.default_rng(5)
        x, w = rng.integers(-3, 3, (5, 3, 7, 6)).astype(np.float64), rng.integers(-3, 3, (4, 3, 3, 3)).astype(np.float64)
        g = rng.integers(-3, 3, (5, 4, 7, 6)).astype(np.float64)
        from convproof.numeric import reference as ref
        with split("rows", 2) as calls:
            y = fast.conv(x, w, padding=1)
            gw = fast.conv_grad_weight(x, w.shape, g, padding=1)
        assert calls == [2, 2]
        assert np.array_equal(y, ref.conv(x, w, padding=1))
        assert np.array_equal(gw, ref.conv_grad_weight(x, w.shape, g, padding=1))
    finally:
        release.set()
        for b in blockers:
            b.result(timeout=30)
