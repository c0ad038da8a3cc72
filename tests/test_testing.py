"""convproof.testing: strategies draw valid specs; check_implementation passes correct code and
catches each classic convolution bug (implemented below as a small NumPy "user implementation")."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import find, given, settings

from convproof import ConvSpec
from convproof.errors import ConvProofError
from convproof.testing import call_arguments, check_implementation, conv_arrays, conv_specs


# ---------------------------------------------------------------------------------------------
# A user's own N-d convolution (shift-and-add over kernel offsets), with switchable bugs.
# ---------------------------------------------------------------------------------------------
def _tup(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _pairs(padding, k, d, n, bug):
    if padding == "valid":
        return [(0, 0)] * n
    if padding == "same":
        tot = [dd * (kk - 1) for kk, dd in zip(k, d)]
        if bug == "same_side":  # extra element at the start instead of the end
            return [(t - t // 2, t // 2) for t in tot]
        return [(t // 2, t - t // 2) for t in tot]
    if isinstance(padding, int):
        return [(padding, padding)] * n
    return [p if isinstance(p, tuple) else (p, p) for p in padding]


def user_conv(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, bug=None):
    x, w = np.asarray(input), np.asarray(weight)
    n = w.ndim - 2
    s, d, k = _tup(stride, n), _tup(dilation, n), w.shape[2:]
    pads = _pairs(padding, k, d, n, bug)
    xp = np.pad(x, [(0, 0), (0, 0)] + [tuple(p) for p in pads])
    span = [dd * (kk - 1) + 1 for kk, dd in zip(k, d)]
    if bug == "stride_off_by_one":
        size = [(m - e + 1) // ss for m, e, ss in zip(xp.shape[2:], span, s)]
    else:
        size = [(m - e) // ss + 1 for m, e, ss in zip(xp.shape[2:], span, s)]
    cout, cin_g = w.shape[:2]
    out = np.zeros((x.shape[0], cout, *size), dtype=np.result_type(x, w))
    for o in range(cout):
        grp = o // (cout // groups)
        for c in range(cin_g):
            for off in np.ndindex(*k):
                sl = tuple(slice(oo * dd, oo * dd + ss * (m - 1) + 1, ss)
                           for oo, dd, ss, m in zip(off, d, s, size))
                out[:, o] += w[o, c][off] * xp[(slice(None), grp * cin_g + c) + sl]
    if bias is not None:
        out += np.asarray(bias).reshape((1, -1) + (1,) * n)
    return out


def user_conv_transpose(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                        dilation=1, bug=None, ignore_dilation=False):
    """Zero insertion, padding by d(k-1)-p, correlation with the flipped, channel-swapped kernel."""
    z, w = np.asarray(input), np.asarray(weight)
    n = w.ndim - 2
    s, d, a, k = _tup(stride, n), _tup(dilation, n), _tup(output_padding, n), w.shape[2:]
    if ignore_dilation:
        d = (1,) * n
    pads = _pairs(padding, k, d, n, None)
    up = np.zeros(z.shape[:2] + tuple((m - 1) * ss + 1 for m, ss in zip(z.shape[2:], s)), dtype=z.dtype)
    up[(slice(None), slice(None)) + tuple(slice(None, None, ss) for ss in s)] = z
    cin_t, cout_g = w.shape[:2]
    wt = w.reshape(groups, cin_t // groups, cout_g, *k).swapaxes(1, 2).reshape(groups * cout_g, cin_t // groups, *k)
    if bug != "no_flip":
        wt = wt[(slice(None), slice(None)) + (slice(None, None, -1),) * n]
    if bug == "flip_twice":
        wt = wt[(slice(None), slice(None)) + (slice(None, None, -1),) * n]
    full = [(dd * (kk - 1) - lo, dd * (kk - 1) - hi + aa) for kk, dd, (lo, hi), aa in zip(k, d, pads, a)]
    grow = [(max(lo, 0), max(hi, 0)) for lo, hi in full]
    crop = tuple(slice(max(-lo, 0), up.shape[2 + i] + grow[i][0] + grow[i][1] - max(-hi, 0))
                 for i, (lo, hi) in enumerate(full))
    up = np.pad(up, [(0, 0), (0, 0)] + grow)[(slice(None), slice(None)) + crop]
    return user_conv(up, wt, bias, 1, 0, d, groups)


def user_grad_input(input_shape, weight, grad_output, stride=1, padding=0, dilation=1, groups=1, bug=None):
    w = np.asarray(weight)
    n = w.ndim - 2
    s, d, k = _tup(stride, n), _tup(dilation, n), w.shape[2:]
    pads = _pairs(padding, k, d, n, None)
    g = np.asarray(grad_output)
    a = tuple(i - ((o - 1) * ss - lo - hi + dd * (kk - 1) + 1)
              for i, o, ss, (lo, hi), dd, kk in zip(input_shape[2:], g.shape[2:], s, pads, d, k))
    return user_conv_transpose(g, w, None, s, [tuple(p) for p in pads], a, groups, d,
                               ignore_dilation=bug == "dilation_ignored")


def user_grad_weight(input, weight_shape, grad_output, stride=1, padding=0, dilation=1, groups=1, bug=None):
    x, g = np.asarray(input), np.asarray(grad_output)
    n = x.ndim - 2
    s, d, k = _tup(stride, n), _tup(dilation, n), tuple(weight_shape[2:])
    xp = np.pad(x, [(0, 0), (0, 0)] + [tuple(p) for p in _pairs(padding, k, d, n, None)])
    cout, cin_g = weight_shape[:2]
    out = np.zeros(tuple(weight_shape), dtype=np.result_type(x, g))
    size = g.shape[2:]
    for o in range(cout):
        grp = o % groups if bug == "groups_mixed" else o // (cout // groups)
        for c in range(cin_g):
            for off in np.ndindex(*k):
                sl = tuple(slice(oo * dd, oo * dd + ss * (m - 1) + 1, ss) for oo, dd, ss, m in zip(off, d, s, size))
                out[(o, c) + off] = np.sum(g[:, o] * xp[(slice(None), grp * cin_g + c) + sl])
    return out


def _with_bug(fn, bug):
    def wrapped(*args, **kwargs):
        return fn(*args, bug=bug, **kwargs)
    wrapped.__name__ = f"{fn.__name__}[{bug}]"
    return wrapped


ZERO_PADDING = dict(padding_modes=("zeros",))


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("op, fn", [
    ("conv", user_conv), ("conv_transpose", user_conv_transpose),
    ("conv_grad_input", user_grad_input), ("conv_grad_weight", user_grad_weight),
], ids=["conv", "conv_transpose", "grad_input", "grad_weight"])
def test_correct_implementation_passes(op, fn):
    check_implementation(fn, op=op, dims=(1, 2), max_examples=30, **ZERO_PADDING)


BUGS = [
    ("conv", user_conv, "same_side", {}),
    ("conv", user_conv, "stride_off_by_one", {}),
    ("conv_transpose", user_conv_transpose, "no_flip", {}),
    ("conv_transpose", user_conv_transpose, "flip_twice", {}),
    ("conv_grad_input", user_grad_input, "dilation_ignored", {}),
    ("conv_grad_weight", user_grad_weight, "groups_mixed", {}),
]


@pytest.mark.parametrize("op, fn, bug, space", BUGS, ids=[b[2] for b in BUGS])
def test_classic_bug_is_caught(op, fn, bug, space):
    with pytest.raises(AssertionError) as info:
        check_implementation(_with_bug(fn, bug), op=op, dims=(1, 2), max_examples=100, **ZERO_PADDING, **space)
    msg = str(info.value)
    assert f"check_implementation(op={op!r})" in msg
    assert "smallest failing spec:" in msg and "call: fn(" in msg
    assert "first differing entry" in msg or "output shape" in msg


def test_counterexample_is_minimal_for_same_side_bug():
    with pytest.raises(AssertionError) as info:
        check_implementation(_with_bug(user_conv, "same_side"), op="conv", dims=1, max_examples=100,
                             padding=("same",))
    msg = str(info.value)
    # the smallest witness: 1D, kernel 2, one channel, one sample
    assert "1D conv" in msg and "kernel 2," in msg
    assert "expected" in msg and "actual" in msg


def test_crashing_implementation_is_reported():
    def crashes(*args, **kwargs):
        raise RuntimeError("boom")
    with pytest.raises(AssertionError, match="fn raised RuntimeError: boom"):
        check_implementation(crashes, max_examples=5)


def test_unknown_op_is_a_convproof_error():
    with pytest.raises(ConvProofError, match="op='conv3'"):
        check_implementation(user_conv, op="conv3")


# ---------------------------------------------------------------------------------------------
@settings(max_examples=150)
@given(conv_specs(dims=(1, 2, 3), strides=3, dilations=3, groups=(1, 2, 3), output_padding=True,
                  padding=("zero", "symmetric", "asymmetric", "same", "valid", "full"),
                  padding_modes=("zeros", "constant", "reflect", "replicate", "circular"),
                  same_conventions=("torch", "tensorflow", "onnx-same-lower", "scipy")))
def test_conv_specs_draws_valid_specs(spec):
    assert isinstance(spec, ConvSpec)
    assert all(o >= 1 for o in spec.output_size)
    assert spec.in_channels % spec.groups == 0 and spec.out_channels % spec.groups == 0
    assert all(a < max(s, d) for a, s, d in zip(spec.output_padding, spec.stride, spec.dilation))


def test_conv_specs_rejects_unknown_padding_kind():
    with pytest.raises(ConvProofError, match="padding kinds"):
        find(conv_specs(padding=("sideways",)), lambda s: True)


@settings(max_examples=30)
@given(conv_specs(groups=(1, 2)).flatmap(lambda s: conv_arrays(s, "conv").map(lambda a: (s, a))))
def test_conv_arrays_shapes_match_spec(case):
    spec, arrays = case
    n = arrays["input"].shape[0]
    assert arrays["input"].shape == spec.input_shape(n)
    assert arrays["weight"].shape == spec.weight_shape
    assert arrays["input"].dtype == np.int64


def test_call_arguments_passes_torch_style_padding():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(2, 2), padding="same")
    _, kw = call_arguments(spec, "conv", {"input": None, "weight": None})
    assert kw["padding"] == "same"
    spec = ConvSpec(input_size=(4,), kernel_size=(2,), padding="same", same_convention="tensorflow", stride=2)
    _, kw = call_arguments(spec, "conv", {"input": None, "weight": None})
    assert kw["padding"] == ((0, 0),) or kw["padding"] == 0


@pytest.mark.parametrize("kwargs,match", [
    (dict(padding=("int",)), r"padding='int': padding kinds are"),
    (dict(padding_modes=("zero-ish",)), r"padding_mode='zero-ish': must be one of"),
    (dict(same_conventions=("tensorflw",)), r"did you mean 'tensorflow'"),
], ids=["padding-kind", "padding-mode", "convention"])
def test_conv_specs_rejects_bad_arguments_when_called(kwargs, match):
    # eager: the error comes from the call, not from deep inside a Hypothesis run
    with pytest.raises(ConvProofError, match=match):
        conv_specs(**kwargs)


def test_call_arguments_pass_the_constant_border_to_the_weight_gradient():
    # the weight sees the constant border: dropping padding_value made backprop.grad_weight fail
    # against finite differences for padding_mode="constant"
    from convproof import numeric

    spec = ConvSpec(input_size=(4, 4), kernel_size=(1, 2), stride=(2, 1), padding=[(0, 0), (0, 1)],
                    padding_mode="constant", padding_value=2, in_channels=2)
    x = np.arange(32).reshape(1, 2, 4, 4)
    g = np.ones((1,) + spec.output_shape()[1:], dtype=int)
    args, kw = call_arguments(spec, "conv_grad_weight", {"input": x, "grad_output": g})
    assert kw["padding_value"] == 2
    got = numeric.conv_grad_weight(*args, **kw)
    w = np.zeros(spec.weight_shape, dtype=int)
    expected = np.zeros(spec.weight_shape, dtype=int)
    for idx in np.ndindex(*spec.weight_shape):  # L = sum(g * conv(x, w)) is linear in w
        e = w.copy(); e[idx] = 1
        expected[idx] = np.sum(g * numeric.conv(x, e, padding=spec.padding, stride=spec.stride,
                                                padding_mode="constant", padding_value=2))
    assert np.array_equal(got, expected)
