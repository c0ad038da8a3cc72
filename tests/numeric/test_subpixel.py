"""Sub-pixel transposed convolution (issue 14): the shared-columns route (one group, undilated
phases) and the per-phase route agree exactly with the direct-loop reference on integers, and
within the dot-product bound on floats."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convproof.numeric import _gemm, _subpixel
from convproof.numeric import reference as ref


@st.composite
def transposed_cases(draw):
    nd = draw(st.integers(1, 3))
    ks = tuple(draw(st.integers(1, 4)) for _ in range(nd))
    ss = tuple(draw(st.integers(1, 4)) for _ in range(nd))  # stride > kernel included
    ds = tuple(draw(st.sampled_from([1, 1, 2])) for _ in range(nd))
    ins = tuple(draw(st.integers(1, 5)) for _ in range(nd))
    lo = tuple(draw(st.integers(0, d * (k - 1))) for k, d in zip(ks, ds))
    full = tuple((i - 1) * s + d * (k - 1) + 1 for i, s, k, d in zip(ins, ss, ks, ds))
    out = tuple(draw(st.integers(1, f - p + s - 1)) for f, p, s in zip(full, lo, ss))  # odd sizes: phases differ
    groups = draw(st.sampled_from([1, 1, 2]))
    batch, cin, cout = draw(st.integers(1, 3)), groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    return nd, ks, ss, ds, ins, lo, out, groups, batch, cin, cout, draw(st.integers(0, 2**16))


def reference(x, w, ss, ds, lo, out, groups):
    """``ref.conv_transpose`` with crop ``lo`` at the start and the output cut to ``out``."""
    full = tuple((i - 1) * s + d * (k - 1) + 1 for i, s, k, d in zip(x.shape[2:], ss, w.shape[2:], ds))
    y = ref.conv_transpose(x, w, stride=ss, dilation=ds, groups=groups)
    y = np.pad(y, [(0, 0), (0, 0), *((0, max(0, p + o - f)) for p, o, f in zip(lo, out, full))])
    return y[(slice(None), slice(None), *(slice(p, p + o) for p, o in zip(lo, out)))]


@settings(max_examples=100)
@given(transposed_cases(), st.booleans())
def test_subpixel_is_exact_on_ints(case, one_sample_chunks):
    nd, ks, ss, ds, ins, lo, out, groups, batch, cin, cout, seed = case
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, (batch, cin, *ins))
    w = rng.integers(-4, 5, (cin, cout // groups, *ks))
    saved = _gemm.CHUNK_BYTES
    _gemm.CHUNK_BYTES = 1 if one_sample_chunks else saved
    try:
        got = _subpixel.subpixel(x, w, groups, ss, ds, lo, out)
    finally:
        _gemm.CHUNK_BYTES = saved
    assert np.array_equal(got, reference(x, w, ss, ds, lo, out, groups))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("geometry", [((3, 3), (2, 2), (1, 1), (1, 1), (10, 9)),   # shared columns, odd size
                                      ((3, 2), (3, 2), (1, 1), (2, 0), (12, 7)),   # stride > kernel
                                      ((3, 3), (2, 2), (2, 1), (1, 0), (9, 8))])   # dilated: per phase
def test_subpixel_floats_within_dot_product_bound(dtype, geometry):
    ks, ss, ds, lo, out = geometry
    rng = np.random.default_rng(11)
    x, w = rng.standard_normal((2, 3, 5, 4)), rng.standard_normal((3, 4, *ks))
    expected = reference(x, w, ss, ds, lo, out, 1)
    bound = 2 * 3 * np.prod(ks) * np.finfo(dtype).eps * reference(np.abs(x), np.abs(w), ss, ds, lo, out, 1)
    got = _subpixel.subpixel(x.astype(dtype), w.astype(dtype), 1, ss, ds, lo, out)
    assert got.dtype == dtype and np.all(np.abs(got - expected) <= bound)
