"""Bad API arguments: the project's error (ConvProofError) naming the argument, or a correct result.

One validation table (Hypothesis ``test_argument_validation`` style) pins each reproduction; the
fuzz tests draw arbitrary argument values (None, bools, huge and negative ints, floats, strings,
empty and ragged sequences, arrays of every dtype) for ConvSpec, the numeric ops and the symbolic
constructors and accept only a ConvProofError or a result equal to an independent computation.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convproof import ConvProofError, ConvSpec
from convproof import numeric as fast
from convproof import symbolic as S
from convproof.geometry import transposed_preimages
from convproof.numeric import reference as ref

X = np.arange(5).reshape(1, 1, 5)
W = np.ones((1, 1, 3), dtype=int)
SPEC = ConvSpec(input_size=5, kernel_size=3)

TABLE = [
    ("spec-empty-stride", lambda: ConvSpec(input_size=-7, kernel_size=-3, stride=[]),
     r"stride=\[\]: must have at least one spatial dimension"),
    ("spec-empty-input", lambda: ConvSpec(input_size=(), kernel_size=3), r"input_size=\(\): must have at least one"),
    ("spec-negative-input", lambda: ConvSpec(input_size=-7, kernel_size=3), r"input_size=-7: every entry must be >= 1"),
    ("spec-float-padding-value", lambda: ConvSpec(5, 3, padding_value=0.5), r"padding_value=0.5: must be an integer"),
    ("spec-none-padding", lambda: ConvSpec(5, 3, padding=None), r"padding=None: must be an integer"),
    ("spec-mode-none", lambda: ConvSpec(5, 3, padding_mode=None), r"padding_mode=None: must be one of"),
    ("numeric-bias-none-entry", lambda: fast.conv(X, W, bias=[None]), r"bias='NoneType': object array entries"),
    ("reference-bias-none-entry", lambda: ref.conv(X, W, bias=[None]), r"bias='NoneType': object array entries"),
    ("numeric-string-entry", lambda: fast.conv(np.array([[["1", 2, 3]]], dtype=object), W),
     r"input='str': object array entries"),
    ("numeric-padding-huge", lambda: fast.conv(X, W, padding=10**9), r"over the size budget"),
    ("numeric-ceil-mode-array", lambda: fast.max_pool(X, 2, ceil_mode=np.array([1, 2])), r"ceil_mode=.*True or False"),
    ("numeric-count-include-pad", lambda: ref.avg_pool(X, 2, count_include_pad="no"), r"count_include_pad='no'"),
    ("numeric-matrix-mode-array", lambda: fast.conv_matrix(4, W, padding_mode=np.array([1])),
     r"padding_mode=.*must be a string"),
    ("numeric-empty-batch", lambda: fast.im2col(np.zeros((0, 1, 3)), 2), r"batch size N and channel count C"),
    ("numeric-matrix-huge", lambda: fast.conv_matrix(10**5, W), r"input_size=100000: .*over the size budget"),
    ("symbolic-bias-none-entry", lambda: S.conv(SPEC, bias=[None]), r"bias=None: must be a number"),
    ("symbolic-notation-none", lambda: S.toeplitz(SPEC, notation=None), r"notation='NoneType': must be a"),
    ("symbolic-budget-none", lambda: S.toeplitz(SPEC, budget=None), r"budget=None: must be an integer"),
    ("symbolic-budget-zero", lambda: S.conv(SPEC, budget=0), r"budget=0: must be an integer >= 1"),
    ("symbolic-spec-none", lambda: S.toeplitz(None), r"spec='NoneType': must be a convproof.ConvSpec"),
    ("symbolic-im2col-huge", lambda: S.im2col(ConvSpec(10**9, 1, stride=10**9)),
     r"padded input needs 1,000,000,000 entries, over the size budget"),
    ("symbolic-input-symbols-huge", lambda: S.input_symbols(ConvSpec(10**9, 1, stride=10**9)),
     r"1,000,000,000 symbols, over the size budget"),
    ("symbolic-method-array", lambda: S.conv(SPEC, method=np.array([1, 2])), r"method=.*must be one of"),
    ("symbolic-method-list", lambda: S.conv_transpose(SPEC, method=[1]), r"method=\[1\]: must be one of"),
    ("proof-method-array", lambda: S.prove_all(SPEC, method=np.array([1, 2])), r"method=.*must be one of"),
    ("proof-spec-none", lambda: S.prove_all(None), r"spec='NoneType': must be a convproof.ConvSpec"),
    ("symbolic-group-string", lambda: S.im2col(SPEC, group="0"), r"group='0': must be an integer"),
    ("symbolic-batch-bool", lambda: S.input_symbols(SPEC, batch=True), r"batch=True: must be a positive integer"),
    ("size-formulas-kernels", lambda: S.prove_size_formulas(kernels=None), r"kernels=None: must be a non-empty"),
    ("size-formulas-huge", lambda: S.prove_size_formulas(10**9), r"max_input=1000000000: must be >= 1 with at most"),
    ("notation-base-bool", lambda: S.Notation(base=True), r"base=True: must be 0 or 1"),
    ("notation-sep-int", lambda: S.Notation(sep=5), r"sep=5: must be one of \[None, '', ',', ';'\]"),
    ("notation-layer-list", lambda: S.Notation(layer=[1]), r"layer=\[1\]: a layer label must be None, a whole number"),
    ("preimage-list-huge", lambda: transposed_preimages(1, 3, 10**9), r"s=1000000000: 1,000,000,000 preimages"),
    ("proof-budget-string", lambda: S.prove_forward(SPEC, budget="x"), r"budget='x': must be an integer"),
]


@pytest.mark.parametrize("call, match", [t[1:] for t in TABLE], ids=[t[0] for t in TABLE])
def test_argument_validation(call, match):
    with pytest.raises(ConvProofError, match=match):
        call()


def test_huge_padding_value_is_exact_everywhere():
    spec = ConvSpec(input_size=3, kernel_size=2, padding=1, padding_mode="constant", padding_value=10**30)
    y, w = np.array([[1, 2, 3]]), np.array([[[1, 1]]])
    want = fast.conv(y[None], w, padding=1, padding_mode="constant", padding_value=10**30)[0]
    assert S.conv(spec, y=y, weight=w).tolist() == want.tolist() == [[10**30 + 1, 3, 5, 10**30 + 3]]


# --- fuzzing -----------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 7), st.sampled_from([10**9, 2**63, 10**30, -10**30]),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4), st.just(b"x"),
    st.lists(st.integers(-2, 5), max_size=3), st.tuples(st.integers(0, 3), st.integers(0, 3)),
    st.lists(st.tuples(st.integers(-1, 2), st.integers(-1, 2)), max_size=2),
    st.sampled_from(["same", "valid", "full", "zeros", "reflect", "circular", "torch", "tf", "", "__import__('os')"]),
    st.just([[None]]), st.just([]), st.just(Fraction(1, 2)), st.just(sp.Symbol("a")), st.just(object()),
)
SPEC_KEYS = ("input_size", "kernel_size", "stride", "padding", "dilation", "in_channels", "out_channels",
             "groups", "padding_mode", "output_padding", "same_convention", "padding_value")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))


def _only_our_error(call):
    try:
        return call()
    except ConvProofError:
        return None


@FUZZ
@given(st.dictionaries(st.sampled_from(SPEC_KEYS), JUNK, max_size=5))
def test_fuzz_convspec(kwargs):
    kwargs.setdefault("input_size", 5)
    kwargs.setdefault("kernel_size", 2)
    spec = _only_our_error(lambda: ConvSpec(**kwargs))
    if spec is not None:
        assert all(o >= 1 for o in spec.output_size) and spec.ndim >= 1
        assert spec.replace() == spec


ARRAYS = st.sampled_from([
    np.arange(6).reshape(1, 1, 6), np.arange(6, dtype=np.uint8).reshape(1, 1, 6) * 40,
    np.full((1, 2, 4), 2**62), np.ones((1, 1, 3, 3)), np.array([[[1, 2, 3]]], dtype=object),
    np.array([[[Fraction(1, 2), 2, 3]]], dtype=object), np.array(["a"]), np.zeros((0, 1, 3)), np.zeros(3), 5, None,
    [[[1, 2], [3]]], [[[True, False, True]]],
])
NUMERIC_KEYS = ("stride", "padding", "dilation", "groups", "padding_mode", "padding_value", "bias", "ceil_mode",
                "count_include_pad")
OPS = ("conv", "conv_grad_weight", "conv_transpose", "im2col", "max_pool", "avg_pool", "conv_matrix")


def _numeric_call(family, op, a, b, kw):
    f = getattr(family, op)
    kw = dict(kw)
    pool = {k: kw.pop(k) for k in ("ceil_mode", "count_include_pad") if k in kw}
    if op == "conv":
        return f(a, b, **kw)
    if op == "conv_grad_weight":
        return f(a, (1, 1, 2), b, **{k: v for k, v in kw.items() if k != "bias"})
    if op == "conv_transpose":
        return f(a, b, **{k: v for k, v in kw.items() if k not in ("padding_value",)})
    if op == "conv_matrix":
        return f(4, b, **{k: v for k, v in kw.items() if k not in ("bias", "padding_value")})
    size = {k: v for k, v in kw.items() if k in ("stride", "padding") + (("dilation",) if op == "max_pool" else ())}
    if op != "im2col":
        size.update({k: v for k, v in pool.items() if op == "avg_pool" or k == "ceil_mode"})
    return f(a, 2, **size)


@FUZZ
@given(st.sampled_from(OPS), ARRAYS, ARRAYS, st.dictionaries(st.sampled_from(NUMERIC_KEYS), JUNK, max_size=3))
def test_fuzz_numeric(op, a, b, kw):
    got = _only_our_error(lambda: _numeric_call(fast, op, a, b, kw))
    want = _only_our_error(lambda: _numeric_call(ref, op, a, b, kw))
    assert (got is None) == (want is None)
    if got is not None and np.asarray(got).dtype.kind in "iuO":
        assert np.asarray(got).astype(object).tolist() == np.asarray(want).astype(object).tolist()


SYMBOLIC = {
    "toeplitz": lambda spec, kw: S.toeplitz(spec, **kw),
    "im2col": lambda spec, kw: S.im2col(spec, **kw),
    "conv": lambda spec, kw: S.conv(spec, **kw),
    "conv_transpose": lambda spec, kw: S.conv_transpose(spec, **kw),
    "transposed_matrix": lambda spec, kw: S.transposed_matrix(spec, **kw),
    "gradients": lambda spec, kw: S.gradients(spec, **kw),
    "padded_input": lambda spec, kw: S.padded_input(spec, **kw),
}
SYMBOLIC_KEYS = {
    "toeplitz": ("weight", "notation", "budget", "order", "padded"), "im2col": ("y", "notation", "budget", "group"),
    "conv": ("y", "weight", "bias", "notation", "budget", "method"),
    "conv_transpose": ("z", "weight", "bias", "notation", "budget", "method"),
    "transposed_matrix": ("weight", "notation", "budget"), "gradients": ("y", "weight", "g", "notation"),
    "padded_input": ("y", "notation", "budget"),
}


@st.composite
def symbolic_calls(draw):
    name = draw(st.sampled_from(sorted(SYMBOLIC)))
    spec = draw(st.sampled_from([SPEC, ConvSpec(3, 2, padding=1, padding_mode="circular"), None, "5",
                                 ConvSpec((2, 2), 1, in_channels=2, out_channels=2, groups=2)]))
    keys = draw(st.lists(st.sampled_from(SYMBOLIC_KEYS[name]), max_size=2, unique=True))
    return name, spec, {k: draw(JUNK) for k in keys}


@FUZZ
@given(symbolic_calls())
def test_fuzz_symbolic(call):
    name, spec, kw = call
    _only_our_error(lambda: SYMBOLIC[name](spec, kw))
