"""col2im (:mod:`convproof.numeric._col2im`): the phase planes, split over (channel, sample) blocks or, with
few blocks, over groups of phases; exactly the reference on integers either way, the same float bits
either way (each cell gets its taps in the same order), and every phase interleaved even when no tap
reaches it."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convproof import numeric as fast
from convproof.numeric import _col2im, _threads
from convproof.numeric import reference as ref


def test_the_stem_phases_split_25_to_24():
    taps = _col2im.phase_taps((7, 7), (1, 1), (2, 2))
    assert {p: len(t) for p, t in taps.items()} == {(0, 0): 16, (0, 1): 12, (1, 0): 12, (1, 1): 9}
    groups = _col2im.phase_groups(taps, 2)
    assert sorted(sum(len(taps[p]) for p in g) for g in groups) == [24, 25]


def test_a_phase_no_tap_reaches_is_still_a_phase():
    taps = _col2im.phase_taps((1, 3), (1, 1), (3, 4))
    assert len(taps) == 12 and sum(len(t) for t in taps.values()) == 3 and taps[(1, 0)] == []


@contextmanager
def forced(workers: int):
    """Threads forced on every size; more workers than (channel, sample) blocks: the phases are split."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_threads, "PARALLEL_MIN", 0)
        mp.setattr(_threads, "workers", lambda: workers)
        mp.setattr(_threads, "blas_budget", lambda: workers)
        yield


@pytest.mark.parametrize("workers", [2, 64], ids=["blocks-or-phases", "phases"])
@settings(max_examples=40)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.integers(1, 3),
       st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2))
def test_grad_input_through_col2im_is_exact(workers, n, c, h, w, k, s, s2, d, p):
    rng = np.random.default_rng(n * 100 + c * 10 + h + w + k + s + s2 + d + p)
    x_shape = (n, c, h + (k - 1) * d, w + (k - 1) * d)
    wt = rng.integers(-3, 4, (2, c, k, k))
    kw = dict(stride=(s, s2), padding=p, dilation=d)
    out = ref.conv(np.zeros(x_shape, dtype=np.int64), wt, **kw)
    g = rng.integers(-3, 4, out.shape)
    with forced(workers):
        got = fast.conv_grad_input(x_shape, wt, g, **kw)   # int64: GEMM + col2im
    assert np.array_equal(got, ref.conv_grad_input(x_shape, wt, g, **kw))


def test_float_bits_do_not_depend_on_the_split():
    rng = np.random.default_rng(7)
    col = rng.standard_normal((3, 7, 7, 1, 12, 12))
    results = []
    for n in (1, 2, 64):   # one thread, (channel, sample) blocks with 2 threads, phases
        with forced(n):
            results.append(_col2im.scatter(col, (7, 7), (2, 2), (1, 1), (29, 29)))
    assert all(np.array_equal(results[0], r) for r in results[1:])
