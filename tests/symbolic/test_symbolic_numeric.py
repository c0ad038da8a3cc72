"""Symbolic results with random integers substituted agree exactly with independent numeric oracles.

Oracles: a plain NumPy loop written here, ``convproof.numeric.reference`` (direct loops),
``convproof.numeric`` (fast path) and PyTorch (float64 on small integers, exact) over
Hypothesis-drawn specs covering 1D/2D, stride, dilation, groups, every padding mode and output_padding.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from convproof import ConvSpec
from convproof.symbolic import (bias_symbols, conv, conv_transpose, col2im, fill_offset, grad_output_symbols,
                                gradients, im2col, input_symbols, kernel_symbols, output_symbols, toeplitz)
from convproof.symbolic.matrices import sparse_matvec
from convproof.testing import conv_specs

numeric = pytest.importorskip("convproof.numeric")
reference = pytest.importorskip("convproof.numeric.reference")

MODES = ("zeros", "constant", "reflect", "replicate", "circular")
PADS = ("symmetric", "asymmetric", "same", "valid")
specs_any_mode = conv_specs(dims=(1, 2), max_size=5, max_kernel=3, max_channels=2, padding=PADS,
                            padding_modes=MODES)
specs_zero = conv_specs(dims=(1, 2), max_size=5, max_kernel=3, max_channels=2, padding=PADS,
                        output_padding=True)


def values(spec, seed):
    rng = np.random.default_rng(seed)
    ints = lambda shape: rng.integers(-4, 5, size=shape).astype(object)  # noqa: E731
    return (ints((spec.in_channels, *spec.input_size)), ints(spec.weight_shape), ints(spec.out_channels),
            ints((spec.out_channels, *spec.output_size)))


def substitute(arr, pairs):
    """Replace symbols by integers; the result must be an integer array (no symbol left)."""
    mapping = {}
    for syms, vals in pairs:
        mapping.update(zip(np.asarray(syms).ravel().tolist(), (sp.Integer(int(v)) for v in np.ravel(vals))))
    out = np.array([int(sp.sympify(e).xreplace(mapping)) for e in np.ravel(arr)], dtype=object)
    return out.reshape(np.shape(arr))


def read(xc, pos, spec):
    """Plain padded read of one channel at unpadded position ``pos`` (independent oracle)."""
    idx = []
    for j, n in zip(pos, xc.shape):
        if 0 <= j < n:
            idx.append(j)
        elif spec.padding_mode in ("zeros", "constant"):
            return spec.padding_value if spec.padding_mode == "constant" else 0
        elif spec.padding_mode == "reflect":
            idx.append(-j if j < 0 else 2 * (n - 1) - j)
        elif spec.padding_mode == "replicate":
            idx.append(min(max(j, 0), n - 1))
        else:
            idx.append(j % n)
    return xc[tuple(idx)]


def loop_conv(x, w, b, spec):
    out = np.zeros((spec.out_channels, *spec.output_size), dtype=object)
    cg, kg = spec.in_per_group, spec.out_per_group
    for k, *o in np.ndindex(*out.shape):
        acc = b[k]
        for m in range(cg):
            for u in np.ndindex(*spec.kernel_size):
                pos = [oi * s + ui * d - lo for oi, ui, s, d, (lo, _) in
                       zip(o, u, spec.stride, spec.dilation, spec.padding)]
                acc += read(x[(k // kg) * cg + m], pos, spec) * w[(k, m, *u)]
        out[(k, *o)] = acc
    return out


def loop_conv_transpose(z, w, spec):
    out = np.zeros((spec.in_channels, *spec.transposed_output_size), dtype=object)
    cg, kg = spec.in_per_group, spec.out_per_group
    for k, *o in np.ndindex(*z.shape):
        for m in range(cg):
            for u in np.ndindex(*spec.kernel_size):
                x = [oi * s + ui * d - lo for oi, ui, s, d, (lo, _) in
                     zip(o, u, spec.stride, spec.dilation, spec.padding)]
                if all(0 <= xi < n for xi, n in zip(x, out.shape[1:])):
                    out[((k // kg) * cg + m, *x)] += z[(k, *o)] * w[(k, m, *u)]
    return out


def numeric_kwargs(spec):
    kw = dict(stride=spec.stride, padding=spec.padding, dilation=spec.dilation, groups=spec.groups,
              padding_mode=spec.padding_mode)
    return kw


@settings(max_examples=30)
@given(spec=specs_any_mode, seed=st.integers(0, 2**16))
def test_forward_matches_loop_reference_and_fast(spec, seed):
    x, w, b, _ = values(spec, seed)
    z_sym = conv(spec, bias=bias_symbols(spec))
    y_s, f_s, b_s = input_symbols(spec), kernel_symbols(spec), bias_symbols(spec)
    z = substitute(z_sym, [(y_s, x), (f_s, w), (b_s, b)])
    assert np.array_equal(z, loop_conv(x, w, b, spec))
    kw = numeric_kwargs(spec)
    extra = dict(padding_value=spec.padding_value) if spec.padding_mode == "constant" else {}
    for engine in (reference, numeric):
        got = engine.conv(x[None].astype(int), w.astype(int), b.astype(int), **kw, **extra)[0]
        assert np.array_equal(z, got.astype(object)), engine.__name__
    # T with the integers substituted, plus the constant-padding offset
    T = toeplitz(spec, weight=w)
    off = fill_offset(spec, weight=w)
    n = int(np.prod(spec.output_size))
    tz = [v + off[i] + b[i // n] for i, v in enumerate(sparse_matvec(T, x.ravel()))]
    assert [int(v) for v in tz] == z.ravel().tolist()


@settings(max_examples=25)
@given(spec=specs_zero, seed=st.integers(0, 2**16))
def test_transposed_matches_loop_and_numeric(spec, seed):
    _, w, _, g = values(spec, seed)
    sym = conv_transpose(spec)
    got = substitute(sym, [(output_symbols(spec), g), (kernel_symbols(spec), w)])
    assert np.array_equal(got, loop_conv_transpose(g, w, spec))
    for engine in (reference, numeric):
        ref = engine.conv_transpose(g[None].astype(int), w.astype(int), None, stride=spec.stride,
                                    padding=spec.padding, output_padding=spec.output_padding,
                                    groups=spec.groups, dilation=spec.dilation)[0]
        assert np.array_equal(got, ref.astype(object)), engine.__name__


@settings(max_examples=20)
@given(spec=specs_any_mode, seed=st.integers(0, 2**16))
def test_gradients_match_numeric(spec, seed):
    x, w, b, g = values(spec, seed)
    grads = gradients(spec)  # coefficient collection on symbols, then substitute
    pairs = [(input_symbols(spec), x), (kernel_symbols(spec), w), (bias_symbols(spec), b),
             (grad_output_symbols(spec), g)]
    gi, gw, gb = (substitute(a, pairs) for a in grads)
    kw = numeric_kwargs(spec)
    extra = dict(padding_value=spec.padding_value) if spec.padding_mode == "constant" else {}
    for engine in (reference, numeric):
        ref_gi = engine.conv_grad_input((1, spec.in_channels, *spec.input_size), w.astype(int),
                                        g[None].astype(int), **kw)[0]
        ref_gw = engine.conv_grad_weight(x[None].astype(int), spec.weight_shape, g[None].astype(int), **kw,
                                         **extra)
        assert np.array_equal(gi, ref_gi.astype(object)), engine.__name__
        assert np.array_equal(gw, ref_gw.astype(object)), engine.__name__
        assert np.array_equal(gb, engine.conv_grad_bias(g[None].astype(int)).astype(object)), engine.__name__


@settings(max_examples=20)
@given(spec=conv_specs(dims=(1, 2), max_size=5, padding=("symmetric", "asymmetric", "valid")),
       seed=st.integers(0, 2**16))
def test_im2col_and_col2im_match_numeric(spec, seed):
    x, *_ = values(spec, seed)
    cols = im2col(spec, x)
    ref = reference.im2col(x[None].astype(int), spec.kernel_size, spec.dilation, spec.padding, spec.stride)[0]
    assert np.array_equal(np.array(cols.tolist(), dtype=object).astype(int), ref)
    c = np.random.default_rng(seed).integers(-3, 4, size=cols.shape)
    folded = col2im(spec, c.astype(object))
    ref_f = reference.col2im(c[None], spec.input_size, spec.kernel_size, spec.dilation, spec.padding,
                             spec.stride)[0]
    assert np.array_equal(folded.astype(int), ref_f)


# ------------------------------------------------------------------------------ PyTorch
def torch_forward(torch, spec, x, w, b):
    F = torch.nn.functional
    pads = [p for pair in reversed(spec.padding) for p in pair]
    xt = torch.tensor(x.astype(float)[None], dtype=torch.float64, requires_grad=True)
    mode = {"zeros": "constant", "constant": "constant"}.get(spec.padding_mode, spec.padding_mode)
    value = float(spec.padding_value) if spec.padding_mode == "constant" else 0.0
    xp = F.pad(xt, pads, mode=mode, value=value) if mode == "constant" else F.pad(xt, pads, mode=mode)
    wt = torch.tensor(w.astype(float), dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b.astype(float), dtype=torch.float64, requires_grad=True)
    fn = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[spec.ndim]
    return xt, wt, bt, fn(xp, wt, bt, stride=spec.stride, dilation=spec.dilation, groups=spec.groups)


@settings(max_examples=20)
@given(spec=specs_any_mode, seed=st.integers(0, 2**16))
def test_forward_and_gradients_match_torch(spec, seed):
    torch = pytest.importorskip("torch")
    x, w, b, g = values(spec, seed)
    xt, wt, bt, zt = torch_forward(torch, spec, x, w, b)
    (zt * torch.tensor(g.astype(float)[None], dtype=torch.float64)).sum().backward()
    z = substitute(conv(spec, bias=bias_symbols(spec)), [(input_symbols(spec), x), (kernel_symbols(spec), w),
                                                          (bias_symbols(spec), b)])
    assert np.array_equal(z.astype(float), zt.detach().numpy()[0])
    grads = gradients(spec, method="closed")
    pairs = [(input_symbols(spec), x), (kernel_symbols(spec), w), (grad_output_symbols(spec), g)]
    for mine, theirs in zip(grads, (xt.grad.numpy()[0], wt.grad.numpy(), bt.grad.numpy())):
        assert np.array_equal(substitute(mine, pairs).astype(float), theirs)


@settings(max_examples=20)
@given(spec=conv_specs(dims=(1, 2), max_size=5, padding=("symmetric", "valid"), output_padding=True),
       seed=st.integers(0, 2**16))
def test_transposed_matches_torch(spec, seed):
    torch = pytest.importorskip("torch")
    _, w, _, g = values(spec, seed)
    fn = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d}[spec.ndim]
    out = fn(torch.tensor(g.astype(float)[None]), torch.tensor(w.astype(float)), stride=spec.stride,
             padding=spec.symmetric_padding, output_padding=spec.output_padding, groups=spec.groups,
             dilation=spec.dilation)[0].numpy()
    for method in ("matrix", "zero_insertion", "col2im"):
        got = substitute(conv_transpose(spec, method=method), [(output_symbols(spec), g),
                                                               (kernel_symbols(spec), w)])
        assert np.array_equal(got.astype(float), out), method


@settings(max_examples=15)
@given(spec=conv_specs(dims=(1, 2), max_size=5, padding=("symmetric", "valid")), seed=st.integers(0, 2**16))
def test_im2col_col2im_match_torch_unfold_fold(spec, seed):
    torch = pytest.importorskip("torch")
    x, *_ = values(spec, seed)
    if spec.ndim == 1:  # torch unfold is 2D only: view 1D as (1, n)
        spec2 = ConvSpec(input_size=(1, *spec.input_size), kernel_size=(1, *spec.kernel_size),
                         stride=(1, *spec.stride), padding=((0, 0), *spec.padding),
                         dilation=(1, *spec.dilation), in_channels=spec.in_channels)
        x = x.reshape(spec.in_channels, 1, -1)
        spec = spec2
    kw = dict(kernel_size=spec.kernel_size, dilation=spec.dilation, padding=spec.symmetric_padding,
              stride=spec.stride)
    want = torch.nn.functional.unfold(torch.tensor(x.astype(float)[None]), **kw)[0].numpy()
    cols = im2col(spec, x)
    assert np.array_equal(np.array(cols.tolist(), dtype=float), want)
    c = np.random.default_rng(seed).integers(-3, 4, size=cols.shape)
    folded = torch.nn.functional.fold(torch.tensor(c.astype(float)[None]), spec.input_size, **kw)[0].numpy()
    assert np.array_equal(col2im(spec, c.astype(object)).astype(float), folded)


def test_toeplitz_matches_numeric_conv_matrix():
    spec = ConvSpec(input_size=(4, 5), kernel_size=(3, 2), stride=(2, 1), padding=1, dilation=(1, 2),
                    in_channels=2, out_channels=4, groups=2)
    w = np.arange(1, 1 + int(np.prod(spec.weight_shape))).reshape(spec.weight_shape)
    want = reference.conv_matrix(spec.input_size, w, stride=spec.stride, padding=spec.padding,
                                 dilation=spec.dilation, groups=spec.groups)
    got = np.array(toeplitz(spec, weight=w.astype(object)).tolist(), dtype=object).astype(int)
    assert np.array_equal(got, want)


GRID = [dict(input_size=5, kernel_size=3, padding=2), dict(input_size=6, kernel_size=2, stride=2, padding=[(1, 2)]),
        dict(input_size=(4, 5), kernel_size=(3, 2), padding=((2, 1), (1, 1)), stride=(2, 1), dilation=(1, 2)),
        dict(input_size=(4, 4), kernel_size=(2, 2), padding=1, in_channels=2, out_channels=4, groups=2),
        dict(input_size=(3, 3, 4), kernel_size=(2, 2, 2), padding=1, stride=(1, 2, 1))]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("geometry", GRID, ids=lambda g: "-".join(f"{k}{v}" for k, v in g.items()))
def test_every_route_on_a_grid_of_padding_modes(mode, geometry):
    spec = ConvSpec(**geometry, padding_mode=mode, padding_value=3 if mode == "constant" else 0)
    x, w, b, g = values(spec, 7)
    pairs = [(input_symbols(spec), x), (kernel_symbols(spec), w), (bias_symbols(spec), b),
             (grad_output_symbols(spec), g)]
    want = loop_conv(x, w, b, spec)
    for method in ("direct", "toeplitz", "im2col"):
        assert np.array_equal(substitute(conv(spec, bias=bias_symbols(spec), method=method), pairs), want), method
    kw = numeric_kwargs(spec)
    extra = dict(padding_value=spec.padding_value) if mode == "constant" else {}
    ref_gi = reference.conv_grad_input((1, spec.in_channels, *spec.input_size), w.astype(int),
                                       g[None].astype(int), **kw)[0]
    ref_gw = reference.conv_grad_weight(x[None].astype(int), spec.weight_shape, g[None].astype(int), **kw, **extra)
    for method in ("collect", "closed"):
        gi, gw, gb = (substitute(a, pairs) for a in gradients(spec, method=method))
        assert np.array_equal(gi, ref_gi.astype(object)), method
        assert np.array_equal(gw, ref_gw.astype(object)), method
        assert gb.tolist() == [int(v) for v in g.reshape(spec.out_channels, -1).sum(axis=1)]
