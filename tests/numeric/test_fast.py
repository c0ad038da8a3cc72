"""Fast path == direct-loop reference, exactly, on integer, Fraction and SymPy arrays; dtypes kept."""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from _numeric_cases import LINEAR_MODES, conv_cases, grad_kwargs, pool_cases
from convproof import numeric as fast
from convproof.numeric import reference as ref


def same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    assert np.array_equal(a, b)


def test_both_families_export_the_same_names():
    assert fast.__all__ == ref.__all__
    for name in fast.__all__:
        assert getattr(fast, name) is not getattr(ref, name)
        assert inspect.signature(getattr(fast, name)) == inspect.signature(getattr(ref, name)), name


@settings(max_examples=120)
@given(conv_cases())
def test_conv_and_gradients_agree(case):
    x, w, b, g = case.arrays()
    kw, gkw = case.kwargs, grad_kwargs(case)
    same(fast.conv(x, w, b, **kw), ref.conv(x, w, b, **kw))
    same(fast.conv_grad_input(case.input_shape, w, g, **gkw), ref.conv_grad_input(case.input_shape, w, g, **gkw))
    same(fast.conv_grad_weight(x, w.shape, g, **kw), ref.conv_grad_weight(x, w.shape, g, **kw))
    same(fast.conv_grad_bias(g), ref.conv_grad_bias(g))


@settings(max_examples=80)
@given(conv_cases(modes=("zeros",)), st.data())
def test_conv_transpose_agrees(case, data):
    spec = case.spec
    z = case.ints((case.batch, spec.out_channels, *spec.output_size))
    wt = case.ints(spec.weight_shape)  # (C_in_t, C_out_t/groups, *k) of the transposed layer
    out_pad = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(spec.stride, spec.dilation))
    pads = spec.padding if data.draw(st.booleans()) else tuple(lo for lo, _ in spec.padding)
    kw = dict(stride=spec.stride, padding=pads, output_padding=out_pad, groups=spec.groups,
              dilation=spec.dilation)
    bias = case.ints((spec.in_per_group * spec.groups,))
    try:
        expected = ref.conv_transpose(z, wt, bias, **kw)
    except Exception as exc:  # noqa: BLE001 - only the project error is acceptable
        assert type(exc).__name__ == "ConvProofError"
        with pytest.raises(type(exc)):
            fast.conv_transpose(z, wt, bias, **kw)
        return
    same(fast.conv_transpose(z, wt, bias, **kw), expected)


@settings(max_examples=60)
@given(conv_cases(modes=("zeros",), max_groups=1))
def test_im2col_col2im_agree(case):
    spec = case.spec
    x = case.ints(case.input_shape)
    kw = dict(kernel_size=spec.kernel_size, dilation=spec.dilation, padding=spec.padding, stride=spec.stride)
    cols = ref.im2col(x, **kw)
    same(fast.im2col(x, **kw), cols)
    c = case.ints(cols.shape)
    same(fast.col2im(c, spec.input_size, **kw), ref.col2im(c, spec.input_size, **kw))


@settings(max_examples=60)
@given(conv_cases(max_nd=2, modes=LINEAR_MODES))
def test_conv_matrix_agrees(case):
    w = case.ints(case.weight_shape)
    kw = grad_kwargs(case)
    same(fast.conv_matrix(case.spec.input_size, w, **kw), ref.conv_matrix(case.spec.input_size, w, **kw))


@settings(max_examples=80)
@given(pool_cases())
def test_max_pool_agrees(case):
    x = case.rng.integers(-3, 4, size=case.input_shape)  # small range: many ties, first max must win
    out, idx = ref.max_pool(x, **case.kwargs, return_indices=True)
    f_out, f_idx = fast.max_pool(x, **case.kwargs, return_indices=True)
    same(f_out, out)
    same(f_idx, idx)
    g = case.rng.integers(-3, 4, size=out.shape)
    same(fast.max_pool_backward(g, x, **case.kwargs), ref.max_pool_backward(g, x, **case.kwargs))


@settings(max_examples=80)
@given(pool_cases(dilation=False), st.booleans(), st.sampled_from([None, 1, 5]))
def test_avg_pool_agrees_with_exact_fractions(case, include_pad, override):
    x = case.rng.integers(-3, 4, size=case.input_shape)
    kw = dict(case.kwargs, count_include_pad=include_pad, divisor_override=override)
    out = ref.avg_pool(x, **kw)
    same(fast.avg_pool(x, **kw), out)
    assert out.dtype == object and all(isinstance(v, Fraction) for v in out.flat)
    g = case.rng.integers(-3, 4, size=out.shape)
    same(fast.avg_pool_backward(g, x.shape, **kw), ref.avg_pool_backward(g, x.shape, **kw))


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.int64, np.float32, np.float64])
def test_dtype_is_kept(dtype):
    """Integer dtypes are kept while the worst case fits (narrower ones: tests/test_numeric_exact.py)."""
    x = np.arange(2 * 2 * 5 * 4, dtype=dtype).reshape(2, 2, 5, 4) % 5
    w = (np.arange(3 * 2 * 2 * 3, dtype=dtype).reshape(3, 2, 2, 3) % 3) - 1
    for family in (fast, ref):
        out = family.conv(x, w, padding=1, stride=(2, 1))
        assert out.dtype == dtype
        assert family.conv_grad_input(x.shape, w, out, padding=1, stride=(2, 1)).dtype == dtype
        assert family.conv_grad_weight(x, w.shape, out, padding=1, stride=(2, 1)).dtype == dtype
        assert family.conv_transpose(out, np.ones((3, 2, 2, 3), dtype=dtype), stride=2).dtype == dtype
    same(fast.conv(x, w, padding=1, stride=(2, 1)), ref.conv(x, w, padding=1, stride=(2, 1)))


@settings(max_examples=25)
@given(conv_cases(max_nd=2))
def test_fraction_arrays_are_exact(case):
    x, w, b, g = case.arrays()
    to_frac = np.frompyfunc(lambda v: Fraction(int(v), 3), 1, 1)
    xf, wf, gf = (to_frac(a).astype(object) for a in (x, w, g))
    kw = dict(case.kwargs)
    if "padding_value" in kw:  # a Fraction fill value, scaled like the input
        kw["padding_value"] = Fraction(kw["padding_value"], 3)
    out = fast.conv(xf, wf, **kw)
    same(out, ref.conv(xf, wf, **kw))
    assert np.array_equal(out * 9, fast.conv(x, w, **case.kwargs))  # exact: no rounding anywhere
    same(fast.conv_grad_input(case.input_shape, wf, gf, **grad_kwargs(case)),
         ref.conv_grad_input(case.input_shape, wf, gf, **grad_kwargs(case)))
    same(fast.conv_grad_weight(xf, w.shape, gf, **kw), ref.conv_grad_weight(xf, w.shape, gf, **kw))


def test_sympy_symbols_give_the_lecture_formula():
    y = np.array(sp.symbols("y1:5"), dtype=object).reshape(1, 1, 4)
    f = np.array(sp.symbols("f1:3"), dtype=object).reshape(1, 1, 2)
    y1, y2, y3, y4 = y.ravel()
    f1, f2 = f.ravel()
    for family in (fast, ref):
        z = family.conv(y, f, stride=2)
        assert list(z.ravel()) == [f1 * y1 + f2 * y2, f1 * y3 + f2 * y4]
        back = family.conv_transpose(z, f, stride=2)
        assert sp.expand(back[0, 0, 1] - f2 * (f1 * y1 + f2 * y2)) == 0


def test_sympy_conv_matrix_matches_reference():
    w = np.array(sp.symbols("f1:7"), dtype=object).reshape(1, 1, 2, 3)
    kw = dict(stride=(1, 2), padding=[(1, 0), (0, 1)], padding_mode="reflect")
    m = fast.conv_matrix((3, 4), w, **kw)
    assert m.shape == (3 * 2, 12)
    assert all(sp.expand(a - b) == 0 for a, b in zip(m.flat, ref.conv_matrix((3, 4), w, **kw).flat))


@settings(max_examples=40)
@given(conv_cases(max_groups=2))
def test_threaded_copies_agree(case):
    """Force the thread-pool path of the copies (normally only for large arrays) on small cases."""
    from convproof.numeric import _threads

    x, w, b, g = case.arrays()
    saved = _threads.PARALLEL_MIN, _threads.workers
    _threads.PARALLEL_MIN, _threads.workers = 0, (lambda: 3)
    try:
        same(fast.conv(x, w, b, **case.kwargs), ref.conv(x, w, b, **case.kwargs))
        gkw = grad_kwargs(case)
        same(fast.conv_grad_input(case.input_shape, w, g, **gkw), ref.conv_grad_input(case.input_shape, w, g, **gkw))
        same(fast.conv_grad_weight(x, w.shape, g, **case.kwargs), ref.conv_grad_weight(x, w.shape, g, **case.kwargs))
    finally:
        _threads.PARALLEL_MIN, _threads.workers = saved


@contextmanager
def float_routes_on_ints(row_blocks: bool = False):
    """Send integer arrays through the float-only routes (sub-pixel phases) with one sample per chunk,
    or (``row_blocks``) one output row per GEMM wherever a sample has more than one output row."""
    from convproof.numeric import _gemm, fast as fast_mod

    names = ("ROW_BLOCK_ELEMENTS", "ROW_BLOCK_MIN_COLS")
    saved = fast_mod.SUBPIXEL_KINDS, fast_mod.SUBPIXEL_CHANNEL_RATIO, _gemm.CHUNK_BYTES, *(getattr(_gemm, n) for n in names)
    fast_mod.SUBPIXEL_KINDS, fast_mod.SUBPIXEL_CHANNEL_RATIO, _gemm.CHUNK_BYTES = "fciu", float("inf"), 1
    if row_blocks:
        _gemm.ROW_BLOCK_ELEMENTS, _gemm.ROW_BLOCK_MIN_COLS = 1, 1
    try:
        yield
    finally:
        fast_mod.SUBPIXEL_KINDS, fast_mod.SUBPIXEL_CHANNEL_RATIO, _gemm.CHUNK_BYTES = saved[:3]
        for n, v in zip(names, saved[3:]):
            setattr(_gemm, n, v)


@settings(max_examples=100)
@given(conv_cases(), st.data())
def test_subpixel_and_chunked_routes_are_exact_on_ints(case, data):
    """The sub-pixel transposed convolution adds the same products as col2im: exact on integers."""
    x, w, b, g = case.arrays()
    gkw = grad_kwargs(case)
    spec = case.spec
    out_pad = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(spec.stride, spec.dilation))
    kw = dict(stride=spec.stride, padding=spec.padding, output_padding=out_pad, groups=spec.groups,
              dilation=spec.dilation)
    bt = b[:1].repeat(spec.in_channels)
    with float_routes_on_ints(data.draw(st.booleans(), label="row_blocks")):
        same(fast.conv(x, w, b, **case.kwargs), ref.conv(x, w, b, **case.kwargs))
        same(fast.conv_grad_input(case.input_shape, w, g, **gkw), ref.conv_grad_input(case.input_shape, w, g, **gkw))
        same(fast.conv_grad_weight(x, w.shape, g, **case.kwargs), ref.conv_grad_weight(x, w.shape, g, **case.kwargs))
        if spec.padding_mode == "zeros":
            try:
                expected = ref.conv_transpose(g, w, bt, **kw)
            except Exception as exc:  # noqa: BLE001 - an output_padding the geometry rejects
                assert type(exc).__name__ == "ConvProofError"
                return
            same(fast.conv_transpose(g, w, bt, **kw), expected)


def close(a: np.ndarray, b: np.ndarray, n_terms: int, magnitude: np.ndarray) -> None:
    """Float agreement within ``2 * n_terms * eps * magnitude`` (Higham's dot-product bound, both sides)."""
    assert a.shape == b.shape and b.dtype == np.float64, (a.shape, b.shape, b.dtype)
    tol = 2 * n_terms * np.finfo(a.dtype).eps * magnitude
    assert np.all(np.abs(a.astype(np.float64) - b) <= tol + 1e-300)


@settings(max_examples=60)
@given(conv_cases(modes=("zeros", "reflect", "replicate", "circular")), st.sampled_from([np.float32, np.float64]))
def test_float_routes_agree_with_reference(case, dtype):
    """Floats take the sub-pixel and chunked routes: integer-valued floats give the exact integer result;
    random floats agree with the float64 reference within the dot-product bound on sum|products|."""
    x, w, b, g = case.arrays()
    gkw = grad_kwargs(case)
    f = lambda a: a.astype(dtype)  # noqa: E731
    same(fast.conv(f(x), f(w), f(b), **case.kwargs), f(ref.conv(x, w, b, **case.kwargs)))
    same(fast.conv_grad_input(case.input_shape, f(w), f(g), **gkw), f(ref.conv_grad_input(case.input_shape, w, g, **gkw)))
    xr, wr, gr = (f(case.rng.standard_normal(a.shape)).astype(np.float64) for a in (x, w, g))  # exact in dtype
    n_terms = case.spec.in_per_group * int(np.prod(case.spec.kernel_size)) * max(1, case.spec.out_per_group)
    close(fast.conv(f(xr), f(wr), **case.kwargs), ref.conv(xr, wr, **case.kwargs), n_terms,
          ref.conv(np.abs(xr), np.abs(wr), **case.kwargs))
    close(fast.conv_grad_input(case.input_shape, f(wr), f(gr), **gkw), ref.conv_grad_input(case.input_shape, wr, gr, **gkw),
          n_terms, ref.conv_grad_input(case.input_shape, np.abs(wr), np.abs(gr), **gkw))
    n_terms = case.batch * int(np.prod(case.spec.output_size))
    close(fast.conv_grad_weight(f(xr), w.shape, f(gr), **case.kwargs), ref.conv_grad_weight(xr, w.shape, gr, **case.kwargs),
          n_terms, ref.conv_grad_weight(np.abs(xr), w.shape, np.abs(gr), **case.kwargs))


@pytest.mark.parametrize("op", ["conv", "conv_grad_weight"])
def test_columns_are_built_one_chunk_at_a_time(monkeypatch, op):
    """Peak memory: one chunk of columns (here one sample's), never the whole batch's (issue 14)."""
    import tracemalloc

    from convproof.numeric import _gemm

    monkeypatch.setattr(_gemm, "CHUNK_BYTES", 1)
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((6, 8, 24, 24)), rng.standard_normal((8, 8, 3, 3))
    g = rng.standard_normal((6, 8, 24, 24))
    run = {"conv": lambda: fast.conv(x, w, padding=1),
           "conv_grad_weight": lambda: fast.conv_grad_weight(x, w.shape, g, padding=1)}[op]
    run()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    one_sample_columns = 8 * 9 * 24 * 24 * 8
    padded, result = 6 * 8 * 26 * 26 * 8, max(x.nbytes, w.nbytes)
    assert peak <= padded + result + one_sample_columns + 2 * w.nbytes + (64 << 10), (peak, 6 * one_sample_columns)


@pytest.mark.parametrize("stride", [1, (2, 1)])
def test_row_blocks_are_exact_on_fractions(monkeypatch, stride):
    """One output row per GEMM (the route of large samples, issue 14) on Fractions: exactly the reference."""
    from convproof.numeric import _gemm

    monkeypatch.setattr(_gemm, "ROW_BLOCK_ELEMENTS", 1)
    monkeypatch.setattr(_gemm, "ROW_BLOCK_MIN_COLS", 1)
    rng = np.random.default_rng(3)
    frac = np.vectorize(lambda v, q: Fraction(int(v), q), otypes=[object])
    x, w = frac(rng.integers(-5, 5, (2, 3, 6, 5)), 3), frac(rng.integers(-5, 5, (4, 3, 3, 2)), 7)
    kw = dict(padding=1, stride=stride)
    y = ref.conv(x, w, **kw)
    g = frac(rng.integers(-3, 3, y.shape), 2)
    same(fast.conv(x, w, **kw), y)
    same(fast.conv_grad_weight(x, w.shape, g, **kw), ref.conv_grad_weight(x, w.shape, g, **kw))
