"""Split parts (issue 14): a large float convolution done as ``workers()`` parts at once, BLAS on one
thread each. Forced on small shapes here: exactly the reference on integers and integer-valued floats,
within the dot-product bound on random floats; the user's BLAS thread setting is restored after a call
and after an exception inside one; two user threads calling at once both get the right results."""

from __future__ import annotations

import dataclasses
import threading
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _numeric_cases import conv_cases, grad_kwargs
from convproof import numeric as fast
from convproof.errors import ConvProofError
from convproof.numeric import _gemm, _threads
from convproof.numeric import fast as fast_mod
from convproof.numeric import reference as ref

threadpoolctl = pytest.importorskip("threadpoolctl")  # the parts need it to limit BLAS; without it: one part


@contextmanager
def split(route: str = "chunks", workers: int = 3, ints: bool = True, pieces: int = 4):
    """Every call split into parts (``workers`` of them); ``route``: ``chunks`` (one sample per chunk),
    ``rows`` (one output row per GEMM) or ``batch`` (the whole batch per chunk); sub-pixel phases on
    integers too; ``pieces`` ranges per part in the queue (1: one fixed range each). Counts the split
    calls in ``calls``."""
    calls: list = []
    real = _threads.run_parts
    saved = (_threads.SPLIT_MIN_FLOP, _threads.SPLIT_CHARS, _threads.workers, _threads.blas_budget, _threads.run_parts,
             fast_mod.SUBPIXEL_KINDS, _gemm.CHUNK_BYTES, _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS,
             _gemm.PIECES_PER_PART, _gemm.SPLIT_MIN_FLOP)
    _gemm.PIECES_PER_PART, _gemm.SPLIT_MIN_FLOP = pieces, 0
    _threads.SPLIT_MIN_FLOP, _threads.workers, _threads.blas_budget = 0, (lambda: workers), (lambda: workers)
    _threads.SPLIT_CHARS = "fdFD" + ("bhilqBHILQ" if ints else "")
    _threads.run_parts = lambda parts: calls.append(len(parts)) or real(parts)
    fast_mod.SUBPIXEL_KINDS = "fciu"
    if route == "chunks":
        _gemm.CHUNK_BYTES = 1
    elif route == "rows":
        _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS = 1, 1
    else:
        _gemm.CHUNK_BYTES = 1 << 40
    try:
        yield calls
    finally:
        (_threads.SPLIT_MIN_FLOP, _threads.SPLIT_CHARS, _threads.workers, _threads.blas_budget, _threads.run_parts,
         fast_mod.SUBPIXEL_KINDS, _gemm.CHUNK_BYTES, _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS,
         _gemm.PIECES_PER_PART, _gemm.SPLIT_MIN_FLOP) = saved


def same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    assert np.array_equal(a, b)


def close(a: np.ndarray, b: np.ndarray, n_terms: int, magnitude: np.ndarray) -> None:
    """Within ``2 * n_terms * eps * magnitude`` (Higham's dot-product bound, both sides)."""
    assert a.shape == b.shape, (a.shape, b.shape)
    tol = 2 * n_terms * np.finfo(a.dtype).eps * magnitude
    assert np.all(np.abs(a.astype(np.float64) - b) <= tol + 1e-300)


def transposed_kwargs(case) -> dict:
    spec = case.spec
    return dict(stride=spec.stride, padding=spec.padding, groups=spec.groups, dilation=spec.dilation)


def all_ops(case, x, w, b, g):
    """The four operations on one case (conv_transpose for zero padding only), as a dict."""
    kw, gkw = case.kwargs, grad_kwargs(case)
    out = dict(conv=lambda m: m.conv(x, w, b, **kw),
               grad_input=lambda m: m.conv_grad_input(case.input_shape, w, g, **gkw),
               grad_weight=lambda m: m.conv_grad_weight(x, w.shape, g, **kw))
    if case.spec.padding_mode == "zeros":
        out["transpose"] = lambda m: m.conv_transpose(g, w, **transposed_kwargs(case))
    return out


@settings(max_examples=60)
@given(conv_cases(), st.sampled_from([1, 2, 3, 5]), st.sampled_from(["chunks", "rows", "batch"]),
       st.sampled_from([np.int64, np.float64, np.float32]), st.sampled_from([2, 3]), st.sampled_from([1, 4]))
def test_split_parts_are_exact_on_integer_values(case, batch, route, dtype, workers, pieces):
    """Integers, and floats holding small integers (every sum exact), give exactly the reference."""
    case = dataclasses.replace(case, batch=batch)
    x, w, b, g = (a.astype(dtype) for a in case.arrays())
    expected = {}
    for name, op in all_ops(case, x, w, b, g).items():
        try:
            expected[name] = op(ref)
        except ConvProofError:  # a transposed geometry the crop rejects
            assert name == "transpose"
    with split(route, workers, pieces=pieces) as calls:
        got = {name: op(fast) for name, op in all_ops(case, x, w, b, g).items() if name in expected}
    for name, y in got.items():
        same(y, expected[name].astype(y.dtype) if dtype is not np.int64 else expected[name])
    assert calls or batch == 1, "the split route did not run"


@pytest.mark.parametrize("shape", [(1, 3, 9), (1, 3, 7, 6), (1, 2, 5, 4, 3), (3, 4, 6, 5)])
def test_one_sample_is_split_by_output_rows(shape):
    """N = 1 (and N odd) with row blocks: the parts are (sample, row block) ranges, groups included."""
    rng = np.random.default_rng(len(shape))
    nd = len(shape) - 2
    x = rng.integers(-3, 3, shape).astype(np.float64)
    w = rng.integers(-3, 3, (4, shape[1] // (2 if shape[1] % 2 == 0 else 1), *(2,) * nd)).astype(np.float64)
    groups = shape[1] // w.shape[1]
    kw = dict(padding=1, groups=groups)
    y = ref.conv(x, w, **kw)
    with split("rows", 2) as calls:
        same(fast.conv(x, w, **kw), y)
        same(fast.conv_grad_weight(x, w.shape, y, **kw), ref.conv_grad_weight(x, w.shape, y, **kw))
        same(fast.conv_grad_input(x.shape, w, y, **kw), ref.conv_grad_input(x.shape, w, y, **kw))
    assert len(calls) == 3 and set(calls) == {2}


@settings(max_examples=40)
@given(conv_cases(modes=("zeros", "reflect")), st.sampled_from([1, 3]), st.sampled_from(["chunks", "rows"]),
       st.sampled_from([np.float32, np.float64]))
def test_split_parts_agree_within_the_dot_product_bound(case, batch, route, dtype):
    """Random floats: within the bound of :mod:`convproof.verify.compare`'s rule (the weight gradient
    adds the parts' partial sums: still one sum of the same products, in another order)."""
    case = dataclasses.replace(case, batch=batch)
    x, w, _, g = case.arrays()
    xr, wr, gr = (case.rng.standard_normal(a.shape).astype(dtype).astype(np.float64) for a in (x, w, g))
    f = lambda a: a.astype(dtype)  # noqa: E731
    spec, kw, gkw = case.spec, case.kwargs, grad_kwargs(case)
    with split(route) as calls:
        y = fast.conv(f(xr), f(wr), **kw)
        gi = fast.conv_grad_input(case.input_shape, f(wr), f(gr), **gkw)
        gw = fast.conv_grad_weight(f(xr), w.shape, f(gr), **kw)
    assert (calls or batch == 1) and y.dtype == dtype and gw.dtype == dtype
    n_terms = spec.in_per_group * int(np.prod(spec.kernel_size)) * max(1, spec.out_per_group)
    close(y, ref.conv(xr, wr, **kw), n_terms, ref.conv(np.abs(xr), np.abs(wr), **kw))
    close(gi, ref.conv_grad_input(case.input_shape, wr, gr, **gkw), n_terms,
          ref.conv_grad_input(case.input_shape, np.abs(wr), np.abs(gr), **gkw))
    n_terms = batch * int(np.prod(spec.output_size))
    close(gw, ref.conv_grad_weight(xr, w.shape, gr, **kw), n_terms,
          ref.conv_grad_weight(np.abs(xr), w.shape, np.abs(gr), **kw))


def test_default_thresholds(monkeypatch):
    """Defaults: the sub-pixel phases split from ``_threads.SPLIT_MIN_FLOP`` multiply-adds on, a plain
    correlation only from ``_gemm.SPLIT_MIN_FLOP``; integers that float64 cannot hold exactly never
    (small integers are computed in float64, exactly: tests/numeric/test_exact_blas.py)."""
    calls: list = []
    real = _threads.run_parts
    monkeypatch.setattr(_threads, "workers", lambda: 2)
    monkeypatch.setattr(_threads, "blas_budget", lambda: 2)
    monkeypatch.setattr(_threads, "run_parts", lambda parts: calls.append(len(parts)) or real(parts))
    rng = np.random.default_rng(0)
    x, w = rng.integers(-3, 3, (4, 32, 24, 24)), rng.integers(-3, 3, (32, 32, 3, 3))
    kw = dict(stride=2, padding=1, output_padding=1)
    assert _threads.SPLIT_MIN_FLOP < 4 * 24 * 24 * 32 * 32 * 9 < _gemm.SPLIT_MIN_FLOP
    big = 2 ** 40   # products up to 2**86: int64 cannot hold them either: Python ints, never split
    assert fast.conv_transpose(x * big, w * big, **kw).dtype == object and calls == []
    exact = fast.conv_transpose(x, w, **kw)  # small int64: computed in float64 (exact), split like floats
    assert calls == [2] and exact.dtype == np.int64
    calls.clear()
    same(fast.conv_transpose(x.astype(np.float64), w.astype(np.float64), **kw), exact.astype(np.float64))
    assert calls == [2]
    same(fast.conv(x.astype(np.float64), w.astype(np.float64), padding=1), fast.conv(x, w, padding=1).astype(np.float64))
    assert calls == [2]
    monkeypatch.setattr(_gemm, "SPLIT_MIN_FLOP", _threads.SPLIT_MIN_FLOP)
    fast.conv(x.astype(np.float64), w.astype(np.float64), padding=1)
    assert calls == [2, 2]


def blas_threads() -> list:
    return [lib.num_threads for lib in threadpoolctl.ThreadpoolController().select(user_api="blas").lib_controllers]


@pytest.fixture
def user_setting():
    """A user BLAS setting other than one thread, in force for the test."""
    ctl = threadpoolctl.ThreadpoolController().select(user_api="blas")
    if not ctl.lib_controllers:
        pytest.skip("no BLAS library found by threadpoolctl")
    with ctl.limit(limits=3):
        setting = blas_threads()
        if 1 in setting:
            pytest.skip("this BLAS keeps one thread")
        yield setting


def test_blas_setting_is_one_inside_the_parts_and_restored_after(user_setting, monkeypatch):
    seen = []
    real = _gemm._chunk
    monkeypatch.setattr(_gemm, "_chunk", lambda *a: seen.append(blas_threads()) or real(*a))
    rng = np.random.default_rng(1)
    x, w = rng.integers(-3, 3, (4, 3, 7, 6)).astype(np.float64), rng.integers(-3, 3, (5, 3, 2, 3)).astype(np.float64)
    with split("chunks", 2) as calls:
        y = fast.conv(x, w, padding=1)
    same(y, ref.conv(x, w, padding=1))
    assert calls == [2] and len(seen) == 4 and all(set(s) == {1} for s in seen), seen
    assert blas_threads() == user_setting and _threads._LIMIT_DEPTH == 0


def test_blas_setting_is_restored_after_an_exception_in_a_part(user_setting, monkeypatch):
    real, count = _gemm._chunk, []

    def failing(x, *a):
        count.append(1)
        if len(count) == 3:
            raise RuntimeError("injected failure in one part")
        return real(x, *a)

    monkeypatch.setattr(_gemm, "_chunk", failing)
    rng = np.random.default_rng(2)
    x, w = rng.integers(-3, 3, (4, 2, 5, 5)).astype(np.float64), rng.integers(-3, 3, (3, 2, 3, 3)).astype(np.float64)
    with split("chunks", 2):
        with pytest.raises(RuntimeError, match="injected"):
            fast.conv(x, w)
        assert blas_threads() == user_setting and _threads._LIMIT_DEPTH == 0
        monkeypatch.setattr(_gemm, "_chunk", real)
        same(fast.conv(x, w), ref.conv(x, w))  # the pool still works
    assert blas_threads() == user_setting


def test_two_user_threads_at_once_get_their_own_results(user_setting):
    """Overlapping calls share the process-wide BLAS limit: both right, the setting restored by the last."""
    rng = np.random.default_rng(3)
    cases = [(rng.integers(-3, 3, (5, 4, 9, 8)).astype(np.float64), rng.integers(-3, 3, (6, 4, 3, 3)).astype(np.float64))
             for _ in range(2)]
    expected = [ref.conv(x, w, padding=1) for x, w in cases]
    start, errors, results = threading.Barrier(2), [], [[], []]

    def user(i: int) -> None:
        try:
            x, w = cases[i]
            for _ in range(8):
                start.wait()
                results[i].append(fast.conv(x, w, padding=1))
                results[i].append(fast.conv_grad_weight(x, w.shape, expected[i], padding=1))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            start.abort()

    with split("rows", 2) as calls:
        threads = [threading.Thread(target=user, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert not errors and len(calls) == 32
    for i, (x, w) in enumerate(cases):
        gw = ref.conv_grad_weight(x, w.shape, expected[i], padding=1)
        for y, g in zip(results[i][::2], results[i][1::2]):
            same(y, expected[i])
            same(g, gw)
    assert blas_threads() == user_setting and _threads._LIMIT_DEPTH == 0


def test_a_user_limit_of_one_blas_thread_keeps_one_part(monkeypatch):
    """``threadpool_limits(1)`` (or ``OPENBLAS_NUM_THREADS=1``) is the user's budget: never split then."""
    ctl = threadpoolctl.ThreadpoolController().select(user_api="blas")
    if not ctl.lib_controllers:
        pytest.skip("no BLAS library found by threadpoolctl")
    monkeypatch.setattr(_threads, "workers", lambda: 4)
    big = 1e12
    with ctl.limit(limits=1):
        assert _threads.blas_budget() == 1
        assert _threads.split_parts(8, big, np.float64) == 1
        used = set()
        _threads.split_run((8, 8), 1 << 20, np.dtype(np.float64), lambda a, b: used.add(threading.get_ident()))
        assert used == {threading.get_ident()}   # the copies stay in the calling thread too
    with ctl.limit(limits=2):
        if _threads.blas_budget() == 2:   # a BLAS that keeps one thread stays at 1
            assert _threads.split_parts(8, big, np.float64) == 2
            assert _threads.split_parts(8, big, np.int64) == 1


def _cgroup(tmp_path, v2=None, v1=None) -> str:
    root = tmp_path / "cgroup"
    root.mkdir(parents=True)
    if v2 is not None:
        (root / "cpu.max").write_text(v2)
    if v1 is not None:
        (root / "cpu").mkdir(exist_ok=True)
        (root / "cpu" / "cpu.cfs_quota_us").write_text(v1[0])
        (root / "cpu" / "cpu.cfs_period_us").write_text(v1[1])
    return str(root)


def test_quota_cpus_reads_cgroup_v2_and_v1(tmp_path):
    q = _threads.quota_cpus.__wrapped__
    assert q(_cgroup(tmp_path / "a", v2="150000 100000\n")) == 2        # 1.5 CPUs: 2 threads
    assert q(_cgroup(tmp_path / "b", v2="max 100000\n")) is None         # no quota
    assert q(_cgroup(tmp_path / "c", v1=("400000\n", "100000\n"))) == 4
    assert q(_cgroup(tmp_path / "d", v1=("-1\n", "100000\n"))) is None   # v1: no quota
    assert q(_cgroup(tmp_path / "e", v2="garbage")) is None
    assert q(str(tmp_path / "missing")) is None


def test_workers_respect_a_cpu_quota(monkeypatch):
    monkeypatch.setattr(_threads.os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.setattr(_threads, "quota_cpus", lambda: 2)
    assert _threads.workers() == 2
    assert _threads.part_cpus(2) == [None, None]   # two parts on eight allowed CPUs: nothing pinned
    monkeypatch.setattr(_threads, "quota_cpus", lambda: None)
    assert _threads.workers() == 8
    monkeypatch.setattr(_threads, "quota_cpus", lambda: 16)
    assert _threads.workers() == 8
