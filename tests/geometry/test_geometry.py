"""Geometry layer: ConvSpec, 'same' conventions, output sizes, preimages, parameter counts."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from convproof import ConvProofError, ConvSpec
from convproof.geometry import (conv_output_size, conv_params, conv_transpose_output_size,
                                depthwise_params, depthwise_separable_params, fully_connected_params,
                                locally_connected_params, pointwise_params, receptive_field, same_padding,
                                spatially_separable_params, transposed_preimage_range,
                                transposed_preimages)
from convproof.geometry.formulas import conv_output_size_expr, conv_transpose_output_size_expr


def count_positions(i: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
    """Independent oracle: count kernel placements that fit in the padded input."""
    return sum(1 for start in range(0, i + lo + hi, s) if start + d * (k - 1) < i + lo + hi)


def covered_outputs(o: int, k: int, s: int, lo: int, hi: int, d: int, op: int) -> int:
    """Independent oracle for transposed size: scatter every (input, tap) pair, crop, add output_padding."""
    full = max(j * s + t * d for j in range(o) for t in range(k)) + 1
    return full - lo - hi + op


dims = st.integers(1, 12)


@given(i=dims, k=st.integers(1, 5), s=st.integers(1, 4), lo=st.integers(0, 3), hi=st.integers(0, 3),
       d=st.integers(1, 3))
def test_conv_output_size_matches_counting_and_sympy_floor(i, k, s, lo, hi, d):
    if i + lo + hi < d * (k - 1) + 1:
        with pytest.raises(ConvProofError, match="kernel span"):
            conv_output_size(i, k, s, lo, hi, d)
        return
    o = conv_output_size(i, k, s, lo, hi, d)
    assert o == count_positions(i, k, s, lo, hi, d)
    assert conv_output_size_expr(i, k, s, lo, hi, d) == o


def test_symbolic_formula_agrees_over_a_range():
    n, kk, ss, pp = sp.symbols("n k s p", integer=True, positive=True)
    expr = conv_output_size_expr(n, kk, ss, pp)
    for i in range(3, 20):
        for s in (1, 2, 3):
            assert expr.subs({n: i, kk: 3, ss: s, pp: 1}) == conv_output_size(i, 3, s, 1)


@given(o=st.integers(1, 8), k=st.integers(1, 4), s=st.integers(1, 3), lo=st.integers(0, 2),
       d=st.integers(1, 2), op=st.integers(0, 2))
def test_transposed_size_matches_scatter(o, k, s, lo, d, op):
    if op >= max(s, d):
        with pytest.raises(ConvProofError, match="output_padding"):
            conv_transpose_output_size(o, k, s, lo, lo, d, op)
        return
    expected = covered_outputs(o, k, s, lo, lo, d, op)
    if expected < 1:
        with pytest.raises(ConvProofError):
            conv_transpose_output_size(o, k, s, lo, lo, d, op)
        return
    assert conv_transpose_output_size(o, k, s, lo, lo, d, op) == expected
    assert conv_transpose_output_size_expr(o, k, s, lo, lo, d, op) == expected


@given(i=st.integers(1, 30), k=st.integers(1, 5), s=st.integers(1, 4), p=st.integers(0, 2),
       d=st.integers(1, 2))
@example(i=24, k=3, s=2, p=1, d=1)
def test_preimages_are_exactly_the_inputs_with_that_output(i, k, s, p, d):
    if i + 2 * p < d * (k - 1) + 1:
        return
    o = conv_output_size(i, k, s, p, p, d)
    pre = transposed_preimages(o, k, s, p, p, d)
    brute = [n for n in range(1, i + 3 * s + 5) if n + 2 * p >= d * (k - 1) + 1
             and conv_output_size(n, k, s, p, p, d) == o]
    assert [n for n, _ in pre] == brute
    assert i in brute
    for n, a in pre:
        if a < max(s, d):
            assert conv_transpose_output_size(o, k, s, p, p, d, a) == n


@given(o=st.integers(-2, 12), k=st.integers(1, 5), s=st.integers(1, 5), lo=st.integers(0, 3), hi=st.integers(0, 3),
       d=st.integers(1, 3))
def test_preimage_range_is_the_scanned_set(o, k, s, lo, hi, d):
    span = d * (k - 1) + 1
    scanned = [n for n in range(1, (max(o, 0) + 2) * s + span + 1)
               if n + lo + hi >= span and conv_output_size(n, k, s, lo, hi, d) == o]
    assert list(transposed_preimage_range(o, k, s, lo, hi, d)) == scanned


def test_huge_stride_preimages_are_a_range_not_a_list():
    r = transposed_preimage_range(1, 3, 10**9)
    assert (r[0], r[-1], len(r)) == (3, 10**9 + 2, 10**9)
    with pytest.raises(ConvProofError, match=r"s=1000000000: 1,000,000,000 preimages"):
        transposed_preimages(1, 3, 10**9)


def test_keras_9883_example():
    assert transposed_preimages(12, 3, 2, 1) == [(23, 0), (24, 1)]


# --- 'same' conventions ---------------------------------------------------------------------------

@pytest.mark.parametrize("conv", ["torch", "tensorflow", "onnx-same-lower", "scipy"])
@given(i=st.integers(1, 20), k=st.integers(1, 6), d=st.integers(1, 3))
def test_same_stride_one_keeps_size(conv, i, k, d):
    lo, hi = same_padding(i, k, 1, d, conv)
    assert lo + hi == d * (k - 1)
    assert conv_output_size(i, k, 1, lo, hi, d) == i


@given(i=st.integers(1, 40), k=st.integers(1, 8), s=st.integers(1, 4), d=st.integers(1, 2))
def test_tensorflow_same_gives_ceil_and_minimal_padding(i, k, s, d):
    lo, hi = same_padding(i, k, s, d, "tensorflow")
    assert conv_output_size(i, k, s, lo, hi, d) == -(-i // s)
    assert hi - lo in (0, 1)
    lo2, hi2 = same_padding(i, k, s, d, "onnx-same-lower")
    assert (lo2, hi2) == (hi, lo)
    # minimal: with one element less of total padding the output would be shorter (or empty)
    if lo + hi > 0:
        total = lo + hi - 1
        span = d * (k - 1) + 1
        assert i + total < span or conv_output_size(i, k, s, total, 0, d) < -(-i // s)


def test_documented_same_examples():
    assert same_padding(5, 4, convention="torch") == (1, 2)
    assert same_padding(5, 4, convention="scipy") == (2, 1)
    assert same_padding(224, 7, 2, convention="tensorflow") == (2, 3)
    assert same_padding(224, 7, 2, convention="jax-same-lower") == (3, 2)
    assert same_padding(5, 3, convention="keras") == (1, 1)


# --- ConvSpec --------------------------------------------------------------------------------------

def test_spec_normalizes_and_is_hashable():
    s = ConvSpec(input_size=(4, 4), kernel_size=3, padding="same")
    assert s.kernel_size == (3, 3) and s.padding == ((1, 1), (1, 1)) and s.output_size == (4, 4)
    assert s == ConvSpec(input_size=(4, 4), kernel_size=(3, 3), padding=1)
    assert len({s, ConvSpec(input_size=(4, 4), kernel_size=(3, 3), padding=1)}) == 1
    with pytest.raises(Exception):
        s.stride = 2  # frozen


def test_spec_asymmetric_and_modes():
    s = ConvSpec(input_size=(5, 6), kernel_size=(2, 3), padding=[(0, 1), 2], padding_mode="mirror")
    assert s.padding == ((0, 1), (2, 2)) and s.padding_mode == "reflect"
    assert s.output_size == (5, 8)
    assert ConvSpec(input_size=4, kernel_size=3, padding=1, padding_mode="cyclic").padding_mode == "circular"


def test_spec_from_transposed_roundtrip():
    s = ConvSpec.from_transposed(input_size=(3, 4), kernel_size=3, stride=2, padding=1, output_padding=(1, 0))
    assert s.input_size == (6, 7) and s.output_size == (3, 4)
    assert s.transposed_output_size == s.input_size
    assert s.restoring_output_padding == s.output_padding


def test_restoring_output_padding():
    s = ConvSpec(input_size=24, kernel_size=3, stride=2, padding=1)
    assert s.restoring_output_padding == (1,)
    assert s.replace(output_padding=1).transposed_output_size == (24,)


def test_describe():
    s = ConvSpec(input_size=(4, 4), kernel_size=3, stride=2, padding=1, in_channels=4, out_channels=8, groups=2)
    assert s.describe() == "2D conv 4x4, kernel 3x3, stride 2x2, padding 1,1, channels 4->8, groups 2 -> 2x2"
    assert s.weight_shape == (8, 2, 3, 3)


BAD_SPECS = {
    "kernel_wider_than_padded_input": (dict(input_size=3, kernel_size=5), r"kernel_size=\(5,\).*span.*5.*3"),
    "dilated_kernel_too_wide": (dict(input_size=4, kernel_size=3, dilation=2), r"span d\*\(k-1\)\+1=5"),
    "groups_not_dividing_in": (dict(input_size=4, kernel_size=3, in_channels=3, out_channels=4, groups=2),
                               r"groups=2: must divide in_channels=3"),
    "groups_not_dividing_out": (dict(input_size=4, kernel_size=3, in_channels=4, out_channels=3, groups=2),
                                r"groups=2: must divide out_channels=3"),
    "output_padding_too_big": (dict(input_size=5, kernel_size=3, stride=2, output_padding=2),
                               r"output_padding=\(2,\).*smaller than either stride \(2\) or dilation \(1\)"),
    "zero_input": (dict(input_size=0, kernel_size=1), r"input_size=0: every entry must be >= 1"),
    "negative_stride": (dict(input_size=4, kernel_size=1, stride=-1), r"stride=-1: every entry must be >= 1"),
    "zero_dilation": (dict(input_size=4, kernel_size=1, dilation=0), r"dilation=0"),
    "negative_padding": (dict(input_size=4, kernel_size=1, padding=-1), r"padding=-1: every entry must be >= 0"),
    "zero_channels": (dict(input_size=4, kernel_size=1, in_channels=0), r"in_channels=0: must be >= 1"),
    "same_with_stride_torch": (dict(input_size=8, kernel_size=3, stride=2, padding="same"),
                               r"stride=2: PyTorch padding='same' requires stride 1"),
    "same_with_stride_scipy": (dict(input_size=8, kernel_size=3, stride=2, padding="same",
                                    same_convention="scipy"), r"stride=2: scipy"),
    "wrong_tuple_length": (dict(input_size=(4, 4), kernel_size=(3, 3), stride=(1, 1, 1)),
                           r"stride=\(1, 1, 1\): must have one entry per spatial dimension \(2\), got 3"),
    "mismatched_ndim": (dict(input_size=(4, 4), kernel_size=(3, 3, 3)),
                        r"kernel_size=\(3, 3, 3\): must have one entry per spatial dimension \(2\), got 3"),
    "padding_pair_length": (dict(input_size=(4,), kernel_size=(3,), padding=[(1, 2, 3)]), r"\(lo, hi\) pair"),
    "bad_padding_string": (dict(input_size=4, kernel_size=3, padding="half"), r"'valid', 'same' or 'full'"),
    "bad_padding_mode": (dict(input_size=4, kernel_size=3, padding_mode="zero-ish"),
                         r"padding_mode='zero-ish': must be one of"),
    "reflect_too_wide": (dict(input_size=3, kernel_size=3, padding=3, padding_mode="reflect"),
                         r"reflect padding must be < input size 3"),
    "circular_too_wide": (dict(input_size=3, kernel_size=3, padding=4, padding_mode="circular"),
                          r"circular padding must be <= input size 3"),
    "bool_is_not_int": (dict(input_size=4, kernel_size=True), r"kernel_size=True: must be an integer, not a bool"),
    "float_size": (dict(input_size=4.5, kernel_size=3), r"input_size=4.5: must be an integer"),
    "unknown_convention": (dict(input_size=4, kernel_size=3, padding="same", same_convention="tensorflw"),
                           r"did you mean 'tensorflow'"),
}


@pytest.mark.parametrize("kwargs,match", list(BAD_SPECS.values()), ids=list(BAD_SPECS))
def test_bad_specs_raise_one_error_type(kwargs, match):
    with pytest.raises(ConvProofError, match=match):
        ConvSpec(**kwargs)


# --- parameter counts ------------------------------------------------------------------------------

@given(cin=st.integers(1, 6), cout=st.integers(1, 6), k=st.integers(1, 4), g=st.integers(1, 3),
       bias=st.booleans())
def test_conv_params_count_weight_array(cin, cout, k, g, bias):
    if cin % g or cout % g:
        with pytest.raises(ConvProofError, match="groups"):
            conv_params(cin, cout, k, g, bias)
        return
    spec = ConvSpec(input_size=(k, k), kernel_size=k, in_channels=cin, out_channels=cout, groups=g)
    assert conv_params(cin, cout, k, g, bias) == math.prod(spec.weight_shape) + (cout if bias else 0)


def test_named_parameter_counts():
    assert conv_params(3, 96, 11) == 96 * 11 * 11 * 3 + 96
    assert depthwise_params(32, 3, bias=False) == 32 * 9
    assert depthwise_separable_params(32, 64, 3, bias=False) == 32 * 9 + 32 * 64
    assert spatially_separable_params(1, 1, 3, bias=False) == 6
    assert pointwise_params(64, 16) == 64 * 16 + 16
    assert fully_connected_params(32 * 32, 1024) == 1024 * 1024 + 1024
    # locally connected = one filter per output position: output positions times an ordinary conv
    assert locally_connected_params(3, 96, 11, 55, bias=False) == 55 * 55 * conv_params(3, 96, 11, bias=False)


def test_receptive_field():
    assert receptive_field([3, 3]) == 5
    assert receptive_field([3, 3, 3]) == 7
    assert receptive_field([3], dilations=[2]) == 5
    # brute force: which inputs influence output 0 of a stride-2 then stride-1 stack
    ks, ss = [3, 3], [2, 1]
    reach = {0}
    for k, s in reversed(list(zip(ks, ss))):
        reach = {o * s + t for o in reach for t in range(k)}
    assert receptive_field(ks, ss) == max(reach) + 1
