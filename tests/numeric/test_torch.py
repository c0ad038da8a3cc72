"""Agreement with PyTorch (an independent oracle) in float64, wherever PyTorch supports the case.

Asymmetric padding and the non-zero padding modes go through ``F.pad`` first. Tolerance: a sum
of ``n`` products computed in floating point is within ``gamma_n * sum|a_i b_i|`` of the exact
value (``gamma_n ~ n*eps``); two such computations differ by at most ``2 (n + 2) eps |A| |B|``,
evaluated elementwise with the same operation on absolute values. Max pooling does no
arithmetic and must agree exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _numeric_cases import conv_cases, grad_kwargs, pool_cases
from convproof import numeric

torch = pytest.importorskip("torch")
F = torch.nn.functional
EPS = np.finfo(np.float64).eps


def close(got: np.ndarray, want: np.ndarray, magnitude: np.ndarray, terms: int) -> None:
    tol = 2 * (terms + 2) * EPS * magnitude + np.finfo(np.float64).tiny
    assert got.shape == want.shape
    assert np.all(np.abs(got - want) <= tol), np.max(np.abs(got - want) - tol)


def t(a: np.ndarray, grad: bool = False):
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def torch_pad(x, case):
    flat = [p for lo_hi in reversed(case.spec.padding) for p in lo_hi]
    mode = case.spec.padding_mode
    if mode in ("zeros", "constant"):
        return F.pad(x, flat, mode="constant", value=float(case.kwargs.get("padding_value", 0)))
    return F.pad(x, flat, mode=mode)


def floats(case, shape):
    return case.rng.standard_normal(shape) * 10.0 ** case.rng.integers(-3, 4)


@settings(max_examples=50)
@given(conv_cases())
def test_conv_and_autograd_gradients(case):
    spec, kw = case.spec, case.kwargs
    x, w = floats(case, case.input_shape), floats(case, case.weight_shape)
    b, g = floats(case, (spec.out_channels,)), floats(case, case.output_shape)
    tx, tw, tb = t(x, True), t(w, True), t(b, True)
    conv = getattr(F, f"conv{spec.ndim}d")
    tz = conv(torch_pad(tx, case), tw, tb, stride=spec.stride, dilation=spec.dilation, groups=spec.groups)
    tz.backward(t(g))
    terms = spec.in_per_group * math.prod(spec.kernel_size) + 1
    close(numeric.conv(x, w, b, **kw), tz.detach().numpy(), numeric.conv(abs(x), abs(w), abs(b), **{
        **kw, **({"padding_value": abs(kw["padding_value"])} if "padding_value" in kw else {})}), terms)
    gkw = grad_kwargs(case)
    many = case.batch * math.prod(spec.output_size) * spec.out_channels * math.prod(spec.kernel_size)
    close(numeric.conv_grad_input(x.shape, w, g, **gkw), tx.grad.numpy(),
          numeric.conv_grad_input(x.shape, abs(w), abs(g), **gkw), many)
    absx = {**kw, **({"padding_value": abs(kw["padding_value"])} if "padding_value" in kw else {})}
    close(numeric.conv_grad_weight(x, w.shape, g, **kw), tw.grad.numpy(),
          numeric.conv_grad_weight(abs(x), w.shape, abs(g), **absx), many)
    close(numeric.conv_grad_bias(g), tb.grad.numpy(), numeric.conv_grad_bias(abs(g)), many)


@settings(max_examples=30)
@given(conv_cases(modes=("zeros",)).filter(lambda c: c.spec.symmetric_padding is not None))
def test_torch_nn_grad_helpers(case):
    spec = case.spec
    x, w, g = floats(case, case.input_shape), floats(case, case.weight_shape), floats(case, case.output_shape)
    kw = dict(stride=spec.stride, padding=spec.symmetric_padding, dilation=spec.dilation, groups=spec.groups)
    n = spec.ndim
    many = case.batch * math.prod(spec.output_size) * spec.out_channels * math.prod(spec.kernel_size)
    want = getattr(torch.nn.grad, f"conv{n}d_input")(x.shape, t(w), t(g), **kw).numpy()
    close(numeric.conv_grad_input(x.shape, w, g, **kw), want, numeric.conv_grad_input(x.shape, abs(w), abs(g), **kw), many)
    want = getattr(torch.nn.grad, f"conv{n}d_weight")(t(x), w.shape, t(g), **kw).numpy()
    close(numeric.conv_grad_weight(x, w.shape, g, **kw), want,
          numeric.conv_grad_weight(abs(x), w.shape, abs(g), **kw), many)


@settings(max_examples=40)
@given(conv_cases(modes=("zeros",)), st.data())
def test_conv_transpose(case, data):
    spec = case.spec
    z, w = floats(case, case.output_shape), floats(case, case.weight_shape)
    b = floats(case, (spec.in_channels,))
    out_pad = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(spec.stride, spec.dilation))
    pads = tuple(lo for lo, _ in spec.padding)
    kw = dict(stride=spec.stride, padding=pads, output_padding=out_pad, groups=spec.groups, dilation=spec.dilation)
    try:
        want = getattr(F, f"conv_transpose{spec.ndim}d")(t(z), t(w), t(b), **kw).numpy()
    except RuntimeError:  # torch refuses (e.g. a crop larger than the output): so must we
        with pytest.raises(ValueError):
            numeric.conv_transpose(z, w, b, **kw)
        return
    terms = spec.out_per_group * math.prod(spec.kernel_size) + 1
    close(numeric.conv_transpose(z, w, b, **kw), want, numeric.conv_transpose(abs(z), abs(w), abs(b), **kw), terms)


@settings(max_examples=30)
@given(conv_cases(max_nd=2, modes=("zeros",), max_groups=1).filter(
    lambda c: c.spec.ndim == 2 and c.spec.symmetric_padding is not None))
def test_unfold_fold(case):
    spec = case.spec
    x = floats(case, case.input_shape)
    kw = dict(kernel_size=spec.kernel_size, dilation=spec.dilation, padding=spec.symmetric_padding,
              stride=spec.stride)
    cols = F.unfold(t(x), **kw).numpy()
    assert np.array_equal(numeric.im2col(x, **kw), cols)  # a gather: no arithmetic
    c = floats(case, cols.shape)
    want = F.fold(t(c), spec.input_size, **kw).numpy()
    close(numeric.col2im(c, spec.input_size, **kw), want, numeric.col2im(abs(c), spec.input_size, **kw),
          math.prod(spec.kernel_size))


@settings(max_examples=50)
@given(pool_cases())
def test_max_pool_and_backward(case):
    n = len(case.input_shape) - 2
    x = np.round(case.rng.standard_normal(case.input_shape), 1)  # one decimal: ties happen
    tx = t(x, True)
    tout, tidx = getattr(F, f"max_pool{n}d")(tx, **case.kwargs, return_indices=True)
    out, idx = numeric.max_pool(x, **case.kwargs, return_indices=True)
    assert np.array_equal(out, tout.detach().numpy()) and np.array_equal(idx, tidx.numpy())
    g = case.rng.standard_normal(out.shape)
    tout.backward(t(g))
    got = numeric.max_pool_backward(g, x, **case.kwargs)
    close(got, tx.grad.numpy(), numeric.max_pool_backward(abs(g), x, **case.kwargs), math.prod(out.shape[2:]))


@settings(max_examples=50)
@given(pool_cases(dilation=False), st.booleans(), st.sampled_from([None, 3]))
def test_avg_pool_and_backward(case, include_pad, override):
    n = len(case.input_shape) - 2
    if n == 1:
        override = None  # avg_pool1d has no divisor_override
    kw = dict(case.kwargs, count_include_pad=include_pad)
    if override is not None:
        kw["divisor_override"] = override
    x = case.rng.standard_normal(case.input_shape)
    tx = t(x, True)
    try:
        tout = getattr(F, f"avg_pool{n}d")(tx, **kw)
    except RuntimeError as exc:  # avg_pool3d refuses inputs smaller than the kernel even when padded
        assert "smaller than kernel size" in str(exc)
        assume(False)
    terms = math.prod(case.kwargs["kernel_size"]) + 1
    out = numeric.avg_pool(x, **kw)
    close(out, tout.detach().numpy(), numeric.avg_pool(abs(x), **kw), terms)
    g = case.rng.standard_normal(out.shape)
    tout.backward(t(g))
    close(numeric.avg_pool_backward(g, x.shape, **kw), tx.grad.numpy(),
          numeric.avg_pool_backward(abs(g), x.shape, **kw), terms * math.prod(out.shape[2:]))
