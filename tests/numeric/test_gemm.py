"""The GEMM kernels' zero padding (``pads``, issue 14): columns copied tap by tap from the unpadded
input (batch chunks) or from one reused padded sample (row blocks) equal the correlation of the
explicitly padded (or, for negative pads, cropped) input computed by the direct-loop reference."""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convproof.numeric import _gemm
from convproof.numeric import reference as ref


@contextmanager
def route(name: str):
    """``chunks``: several samples per GEMM; ``one``: one sample per chunk; ``rows``: one output row per GEMM."""
    saved = _gemm.CHUNK_BYTES, _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS
    if name == "one":
        _gemm.CHUNK_BYTES = 1
    elif name == "rows":
        _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS = 1, 1
    try:
        yield
    finally:
        _gemm.CHUNK_BYTES, _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS = saved


def explicit_pad(x: np.ndarray, pads: tuple) -> np.ndarray:
    """Zero-pad ``x (N, C, *I)`` by ``(lo, hi)`` per axis; a negative pad crops."""
    crop = tuple(slice(max(0, -lo), n - max(0, -hi)) for (lo, hi), n in zip(pads, x.shape[2:]))
    x = x[(slice(None), slice(None), *crop)]
    widths = [(0, 0), (0, 0), *((max(0, lo), max(0, hi)) for lo, hi in pads)]
    fill = np.array(0, dtype=object) if x.dtype == object else 0
    return np.pad(x, widths, constant_values=fill)


@st.composite
def padded_cases(draw):
    nd = draw(st.integers(1, 3))
    ks = [draw(st.integers(1, 3)) for _ in range(nd)]
    ss = [draw(st.integers(1, 3)) for _ in range(nd)]  # stride > kernel included
    ds = [draw(st.integers(1, 2)) for _ in range(nd)]
    sizes, pads = [], []
    for k, d in zip(ks, ds):
        n = draw(st.integers(1, 7))
        lo, hi = draw(st.integers(-2, 3)), draw(st.integers(-2, 3))
        assume(n - max(0, -lo) - max(0, -hi) >= 1 and n + lo + hi >= d * (k - 1) + 1)
        sizes.append(n)
        pads.append((lo, hi))
    groups = draw(st.integers(1, 2))
    batch = draw(st.integers(1, 3))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    seed = draw(st.integers(0, 2**16))
    return nd, tuple(ks), tuple(ss), tuple(ds), tuple(sizes), tuple(pads), groups, batch, cin, cout, seed


@settings(max_examples=80)
@given(padded_cases(), st.sampled_from(["chunks", "one", "rows"]))
def test_padded_correlation_is_exact_on_ints(case, how):
    nd, ks, ss, ds, sizes, pads, groups, batch, cin, cout, seed = case
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, (batch, cin, *sizes))
    w = rng.integers(-4, 5, (cout, cin // groups, *ks))
    xp = explicit_pad(x, pads)
    expected = ref.conv(xp, w, stride=ss, dilation=ds, groups=groups)
    g = rng.integers(-3, 4, expected.shape)
    with route(how):
        got = _gemm.correlate(x, w, groups, ss, ds, pads=pads)
        gw = _gemm.correlate_weight(x, g, groups, ks, ss, ds, pads=pads)
    assert got.shape == expected.shape and np.array_equal(got, expected)
    gw = np.swapaxes(gw, 1, 2).reshape(w.shape)
    assert np.array_equal(gw, ref.conv_grad_weight(xp, w.shape, g, stride=ss, dilation=ds, groups=groups))


@pytest.mark.parametrize("how", ["chunks", "one", "rows"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_padded_correlation_floats_within_dot_product_bound(how, dtype):
    """Asymmetric and negative pads, stride 2, dilation 2, 2D: floats within 2 n eps sum|x w|."""
    rng = np.random.default_rng(7)
    x, w = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((4, 3, 3, 2))
    pads, ss, ds = ((2, -1), (0, 3)), (2, 1), (1, 2)
    xp = explicit_pad(x, pads)
    expected = ref.conv(xp, w, stride=ss, dilation=ds)
    bound = 2 * 3 * 6 * np.finfo(dtype).eps * ref.conv(np.abs(xp), np.abs(w), stride=ss, dilation=ds)
    with route(how):
        got = _gemm.correlate(x.astype(dtype), w.astype(dtype), 1, ss, ds, pads=pads)
    assert got.dtype == dtype and np.all(np.abs(got - expected) <= bound)


@pytest.mark.parametrize("how", ["chunks", "rows"])
def test_padded_correlation_is_exact_on_fractions(how):
    rng = np.random.default_rng(5)
    frac = np.vectorize(lambda v: Fraction(int(v), 3), otypes=[object])
    x, w = frac(rng.integers(-5, 5, (2, 2, 5, 4))), frac(rng.integers(-5, 5, (3, 2, 2, 3)))
    pads = ((1, 2), (-1, 2))
    with route(how):
        got = _gemm.correlate(x, w, 1, (1, 2), (1, 1), pads=pads)
    expected = ref.conv(explicit_pad(x, pads), w, stride=(1, 2))
    assert got.dtype == object and np.array_equal(got, expected)
