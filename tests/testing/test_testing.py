"""convproof.testing: strategies draw valid specs; check_implementation passes correct code and
catches each classic convolution bug (a zoo of small NumPy "user implementations" below), with
the spec-space, data and report options of issue 11."""

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
    if bug == "valid_same_swapped" and padding in ("same", "valid"):
        padding = "valid" if padding == "same" else "same"
    if padding == "valid":
        return [(0, 0)] * n
    if padding == "same":
        tot = [dd * (kk - 1) for kk, dd in zip(k, d)]
        if bug == "same_even_n_minus_1":  # (k-1)//2 on both sides: n - 1 for even kernels
            return [(t // 2, t // 2) for t in tot]
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
    elif bug == "width_uses_height":  # every output size computed with the first kernel dimension
        size = [(m - span[0]) // ss + 1 for m, ss in zip(xp.shape[2:], s)]
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
    if bug == "crop_exceeds_span":  # np.pad with a negative width when padding > d(k-1)
        return user_conv(np.pad(up, [(0, 0), (0, 0)] + full), wt, bias, 1, 0, d, groups)
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
FAST = dict(shrink_seconds=1.0)


def grad_input_pad_slice(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """Gradient of the padded input, then ``dx_pad[p:-p]``: empty when p = 0 (a real course bug)."""
    p = padding
    padded = tuple(input_size[:2]) + tuple(i + 2 * p for i in input_size[2:])
    dx_pad = user_grad_input(padded, weight, grad_output, stride, 0, dilation, groups)
    inner = dx_pad[(slice(None), slice(None)) + (slice(p, -p),) * (len(input_size) - 2)]
    return inner.reshape(input_size)


def grad_input_stride_ignored(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    return user_grad_input(input_size, weight, grad_output, 1, padding, dilation, groups)


def crash_at_pad0_and_stride_bug(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Two bugs in one file: the pad = 0 crash must not hide the ignored stride."""
    x = np.asarray(input)
    if padding == 0:
        x = x[:, :, padding:-padding]
    out = user_conv(x, weight, bias, 1, padding, dilation, groups)
    return out[:, :, :len(range(0, out.shape[2], stride))]  # right length, wrong positions


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("op, fn", [
    ("conv", user_conv), ("conv_transpose", user_conv_transpose),
    ("conv_grad_input", user_grad_input), ("conv_grad_weight", user_grad_weight),
], ids=["conv", "conv_transpose", "grad_input", "grad_weight"])
def test_correct_implementation_passes(op, fn):
    report = check_implementation(fn, op=op, dims=(1, 2), max_examples=30, **ZERO_PADDING)
    assert report.checked > 0 and report.skipped == 0 and "agrees" in str(report)


@pytest.mark.parametrize("op, fn", [
    ("conv", user_conv), ("conv_transpose", user_conv_transpose),
    ("conv_grad_input", user_grad_input), ("conv_grad_weight", user_grad_weight),
], ids=["conv", "conv_transpose", "grad_input", "grad_weight"])
def test_correct_numpy_loops_pass_with_default_arguments(op, fn):
    check_implementation(fn, op=op, max_examples=20)


# (op, fn, bug, options, words the report must contain)
BUGS = [
    ("conv", user_conv, "same_side", dict(dims=1, padding=("same",)), ["returned a wrong value", "first differing entry (n="]),
    ("conv", user_conv, "stride_off_by_one", {}, ["returned the wrong shape"]),
    ("conv", user_conv, "same_even_n_minus_1", dict(dims=1, padding=("same",)), ["returned the wrong shape", "kernel 2"]),
    ("conv", user_conv, "width_uses_height", {}, ["returned the wrong shape|raised ValueError", "isotropic=True"]),
    ("conv", user_conv, "valid_same_swapped", dict(dims=1, padding=("same", "valid")), ["padding='same'"]),
    ("conv_transpose", user_conv_transpose, "no_flip", {}, ["returned a wrong value"]),
    ("conv_transpose", user_conv_transpose, "flip_twice", {}, ["returned a wrong value"]),
    ("conv_transpose", user_conv_transpose, "crop_exceeds_span", {}, ["raised ValueError"]),
    ("conv_grad_input", user_grad_input, "dilation_ignored", {}, ["dilation", "returned"]),
    ("conv_grad_weight", user_grad_weight, "groups_mixed", {}, ["groups 2", "returned a wrong value"]),
]


@pytest.mark.parametrize("op, fn, bug, options, words", BUGS, ids=[b[2] for b in BUGS])
def test_classic_bug_is_caught(op, fn, bug, options, words):
    with pytest.raises(AssertionError) as info:
        check_implementation(_with_bug(fn, bug), op=op, max_examples=60, max_failures=1, **FAST, **options)
    msg = str(info.value)
    assert msg.startswith(f"check_implementation(op={op!r}): {fn.__name__}[{bug}]")
    assert "smallest failing spec:" in msg and "call: fn(" in msg
    for word in words:
        assert any(w in msg for w in word.split("|")), word


def test_empty_slice_at_pad_zero_is_caught():
    with pytest.raises(AssertionError) as info:
        check_implementation(grad_input_pad_slice, op="conv_grad_input", isotropic=True, max_examples=40, **FAST)
    msg = str(info.value)
    assert "raised ValueError" in msg and "padding=0" in msg
    assert "input_size=(1, 1, 1, 1)" in msg or "input_size=(" in msg


def test_stride_ignored_in_backward_is_caught():
    with pytest.raises(AssertionError, match=r"stride 1x2|stride 2"):
        check_implementation(grad_input_stride_ignored, op="conv_grad_input", max_examples=40, **FAST)


def test_distinct_failure_classes_are_reported_separately():
    with pytest.raises(AssertionError) as info:
        check_implementation(crash_at_pad0_and_stride_bug, dims=1, isotropic=True, padding_forms=("int",),
                             max_examples=60, **FAST)
    msg = str(info.value)
    assert "distinct failures" in msg
    assert "] raised ValueError" in msg and "] returned a wrong value" in msg and "stride 2" in msg


def test_counterexample_is_minimal_for_same_side_bug():
    with pytest.raises(AssertionError) as info:
        check_implementation(_with_bug(user_conv, "same_side"), op="conv", dims=1, max_examples=100,
                             padding=("same",), **FAST)
    msg = str(info.value)
    # the smallest witness: 1D, kernel 2, one channel, one sample
    assert "1D conv" in msg and "kernel 2," in msg
    assert "expected" in msg and "got" in msg and "entries differ" in msg


def test_crashing_implementation_is_reported():
    def crashes(*args, **kwargs):
        raise RuntimeError("boom")
    with pytest.raises(AssertionError, match="crashes raised RuntimeError: boom") as info:
        check_implementation(crashes, max_examples=5, **FAST)
    assert "disagrees" not in str(info.value)


def test_system_exit_from_user_code_is_reported_not_propagated():
    def exits(*args, **kwargs):
        raise SystemExit(3)
    with pytest.raises(AssertionError, match="raised SystemExit: 3"):
        check_implementation(exits, max_examples=5, **FAST)


def test_keyboard_interrupt_still_interrupts():
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        check_implementation(interrupted, max_examples=5, **FAST)


@pytest.mark.filterwarnings("ignore:check_implementation")
def test_not_implemented_is_skipped_and_counted():
    def no_groups(input, weight, bias=None, groups=1, **kw):
        if groups != 1:
            raise NotImplementedError("groups")
        return user_conv(input, weight, bias, groups=groups, **kw)
    report = check_implementation(no_groups, max_examples=30)
    assert report.skipped > 0 and report.checked > 0


def test_mostly_skipped_run_says_so():
    def only_1x1(input, weight, bias=None, **kw):
        if np.shape(weight)[2:] != (1, 1):
            raise NotImplementedError("1x1 kernels only")
        return user_conv(input, weight, bias, **kw)
    with pytest.warns(UserWarning, match="most examples were skipped"):
        report = check_implementation(only_1x1, max_examples=20)
    assert report.mostly_skipped


def test_nothing_checked_is_a_failure():
    def nothing(*args, **kwargs):
        raise NotImplementedError
    with pytest.raises(AssertionError, match="nothing was checked: every example was skipped"):
        check_implementation(nothing, max_examples=5)
    with pytest.raises(AssertionError, match="spec-space options exclude every spec"):
        check_implementation(user_conv, spec_filter=lambda spec: False, max_examples=5)


def test_integer_rejecting_function_runs_on_float64_and_says_so():
    def floats_only(input, weight, bias=None, **kw):
        if np.asarray(input).dtype.kind != "f":
            raise TypeError("not implemented for 'Long'")
        return user_conv(input, weight, bias, **kw)
    report = check_implementation(floats_only, max_examples=20)
    assert any("float64" in n for n in report.notes)


def test_explicit_dtype_and_hint_for_integer_rejection():
    def floats_only(input, weight, bias=None, **kw):
        if np.asarray(input).dtype.kind != "f":
            raise TypeError("not implemented for 'Long'")
        return user_conv(input, weight, bias, **kw)
    check_implementation(floats_only, dtype=np.float32, max_examples=10)
    with pytest.raises(AssertionError, match="pass dtype=np.float64"):
        check_implementation(floats_only, dtype=np.int64, max_examples=5, **FAST)


def _isotropic_only(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if not all(isinstance(v, int) for v in (stride, padding, dilation)):
        raise TypeError(f"stride, padding and dilation must be int, got {stride!r}, {padding!r}, {dilation!r}")
    if len(set(np.shape(weight)[2:])) != 1:
        raise ValueError("square kernels only")
    return user_conv(input, weight, bias, stride, padding, dilation, groups)


def test_isotropic_code_gets_a_hint_then_passes():
    with pytest.raises(AssertionError, match="isotropic=True"):
        check_implementation(_isotropic_only, max_examples=30, padding_forms=("int", "tuple"), **FAST)
    check_implementation(_isotropic_only, isotropic=True, padding_forms=("int",), max_examples=30)


def test_odd_kernels_bias_and_filter_options():
    seen = []

    def record(input, weight, bias=None, stride=1, **kw):
        seen.append((np.shape(weight)[2:], bias is None, stride))
        return user_conv(input, weight, bias, stride, **kw)
    check_implementation(record, odd_kernels=True, bias="required", groups=False, dilations=False,
                         spec_filter=lambda s: s.stride[0] == 1, max_examples=30)
    assert all(k % 2 for ks, _, _ in seen for k in ks)
    assert not any(none for _, none, _ in seen)
    assert all(s[0] == 1 for _, _, s in seen)
    seen.clear()
    check_implementation(record, bias="absent", max_examples=10)
    assert all(none for _, none, _ in seen)


def test_pairs_are_drawn_only_when_asked():
    seen = []

    def record(input, weight, bias=None, padding=0, **kw):
        seen.append(padding)
        return user_conv(input, weight, bias, padding=padding, **kw)
    check_implementation(record, dims=1, max_examples=40)
    assert not any(isinstance(p, tuple) and isinstance(p[0], tuple) for p in seen)
    check_implementation(record, dims=1, padding_forms=("pairs",), max_examples=20)
    assert any(isinstance(p, tuple) and isinstance(p[0], tuple) and p[0][0] != p[0][1] for p in seen)


@pytest.mark.parametrize("op, layout, weight_layout", [
    ("conv", "NHWC", "HWIO"), ("conv", "NLC", None), ("conv_grad_weight", "NHWC", "HWIO"),
    ("conv_grad_input", "NDHWC", "DHWIO"), ("conv_transpose", "NHWC", "HWIO"),
])
def test_channels_last_layouts(op, layout, weight_layout):
    from convproof.testing.data import axis_order, from_layout, to_layout

    fn = {"conv": user_conv, "conv_grad_weight": user_grad_weight, "conv_grad_input": user_grad_input,
          "conv_transpose": user_conv_transpose}[op]
    nd = len(layout) - 2
    data, wt = axis_order(layout, nd), axis_order(weight_layout, nd, weight=True)

    def channels_last(a, b, c=None, **kw):
        back = lambda v, p: from_layout(v, p) if isinstance(v, np.ndarray) else tuple(  # noqa: E731
            v[i] for i in np.argsort(p)) if isinstance(v, tuple) and p else v
        roles = {"conv_grad_input": (data, wt, data), "conv_grad_weight": (data, wt, data)}.get(op, (data, wt, None))
        args = [back(v, p) if p else v for v, p in zip((a, b, c), roles)]
        out = fn(*args, **kw)
        return to_layout(out, wt if op == "conv_grad_weight" else data)
    check_implementation(channels_last, op=op, layout=layout, weight_layout=weight_layout, max_examples=10,
                         max_size=4)
    with pytest.raises(AssertionError, match="wrong|raised"):
        check_implementation(fn, op=op, layout=layout, weight_layout=weight_layout, max_examples=10, max_size=4,
                             max_failures=1, **FAST)


def test_unknown_op_is_a_convproof_error():
    with pytest.raises(ConvProofError, match="op='conv3'"):
        check_implementation(user_conv, op="conv3")


@pytest.mark.parametrize("kwargs,match", [
    (dict(padding_forms=("ints",)), r"padding_forms='ints'"),
    (dict(op="conv_transpose", padding_forms=("same",)), r"takes explicit padding"),
    (dict(bias="maybe"), r"bias='maybe'"),
    (dict(layout="NCHX"), r"layout='NCHX'"),
    (dict(arrays="jax"), r"arrays='jax'"),
    (dict(spec_filter=3), r"spec_filter=3"),
    (dict(padding=("asymmetric",)), r"needs 'pairs' in padding_forms"),
], ids=["forms", "transpose-same", "bias", "layout", "arrays", "filter", "asymmetric"])
def test_check_implementation_rejects_bad_options(kwargs, match):
    with pytest.raises(ConvProofError, match=match):
        check_implementation(user_conv, max_examples=1, **kwargs)


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


def test_testing_is_a_leaf():
    """No module outside convproof/testing imports it (verify imported it before: a package cycle)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "convproof"
    importers = []
    for path in root.rglob("*.py"):
        if "testing" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and (
                    (node.level and node.module.split(".")[0] == "testing")
                    or node.module.startswith("convproof.testing")):
                importers.append(str(path.relative_to(root)))
            elif isinstance(node, ast.Import) and any("convproof.testing" in a.name for a in node.names):
                importers.append(str(path.relative_to(root)))
    assert importers == []


def test_float_elements_compare_within_tolerance():
    from hypothesis import strategies as st

    elements = st.floats(-2, 2, allow_nan=False, allow_subnormal=False, width=64)
    check_implementation(user_conv, dtype=np.float64, elements=elements, max_examples=10)

    def off(input, weight, bias=None, **kw):
        return user_conv(input, weight, bias, **kw) + 1e-3
    with pytest.raises(AssertionError, match="tolerance"):
        check_implementation(off, dtype=np.float64, elements=elements, max_examples=10, shrink_seconds=0.5)
