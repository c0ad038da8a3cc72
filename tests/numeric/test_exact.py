"""Integer results are never wrapped: every op, both families, at and past the dtype's range.

The oracle is the reference family on object arrays of Python ints (exact at any size). PyTorch
is not compared here: it wraps on these inputs itself.
"""

from __future__ import annotations

import numpy as np
import pytest

from convproof import numeric as fast
from convproof.numeric import reference as ref
from convproof.numeric.exact import exact_dtype

FAMILIES = {"fast": fast, "reference": ref}


def _arr(values, dtype):
    return np.array(values, dtype=dtype)


def _ops(top: int, dtype):
    """(name, call) per operation: inputs filled with ``top``-sized entries of ``dtype``."""
    x = _arr([[[top, top, top, top]]], dtype)
    w = _arr([[[top, top]]], dtype)
    g3 = _arr([[[top, top, top]]], dtype)
    cols = _arr([[[top, top, top], [top, top, top]]], dtype)
    b = _arr([top], dtype)
    return {
        "conv": lambda F: F.conv(x, w, bias=b),
        "conv-reflect": lambda F: F.conv(x, w, padding=1, padding_mode="reflect"),
        "conv-stride2": lambda F: F.conv(x, w, stride=2),
        "conv_transpose": lambda F: F.conv_transpose(g3, w, bias=b),
        "conv_transpose-stride2": lambda F: F.conv_transpose(g3, w, stride=2, padding=1),
        "grad_input": lambda F: F.conv_grad_input((1, 1, 4), w, g3),
        "grad_input-stride2": lambda F: F.conv_grad_input((1, 1, 4), w, _arr([[[top, top]]], dtype), stride=2),
        "grad_input-replicate": lambda F: F.conv_grad_input((1, 1, 4), w, _arr([[[top] * 5]], dtype), padding=1,
                                                            padding_mode="replicate"),
        "grad_weight": lambda F: F.conv_grad_weight(x, (1, 1, 2), g3),
        "grad_bias": lambda F: F.conv_grad_bias(g3),
        "col2im": lambda F: F.col2im(cols, 4, 2),
        "conv_matrix": lambda F: F.conv_matrix(3, w, padding=1, padding_mode="circular"),
        "max_pool_backward": lambda F: F.max_pool_backward(_arr([[[top, top, top]]], dtype), x, 2, stride=1),
        "avg_pool": lambda F: F.avg_pool(x, 2, stride=1),
    }


def _exact(name: str, top: int, dtype):
    """The oracle: the reference family on Python ints."""
    return _ops(top, object)[name](ref) if dtype is not object else None


CASES = [(np.int64, 2**62), (np.int64, 2**31), (np.int64, 3 * 2**30), (np.uint64, 2**64 - 1),
         (np.uint8, 200), (np.int8, -128), (np.int16, 2**15 - 1), (np.int32, 2**31 - 1)]


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("name", sorted(_ops(1, np.int64)))
@pytest.mark.parametrize("dtype, top", CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_integer_results_equal_exact_python_ints(family, name, dtype, top):
    got = _ops(top, dtype)[name](FAMILIES[family])
    want = _exact(name, top, dtype)
    assert got.shape == want.shape
    assert got.astype(object).tolist() == want.tolist()
    if got.dtype != object:
        assert all(np.iinfo(got.dtype).min <= v <= np.iinfo(got.dtype).max for v in want.ravel().tolist()
                   if isinstance(v, int))


@pytest.mark.parametrize("name", sorted(_ops(1, np.int64)))
@pytest.mark.parametrize("dtype, top", CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_families_pick_the_same_dtype(name, dtype, top):
    ops = _ops(top, dtype)[name]
    assert ops(fast).dtype == ops(ref).dtype


def test_issue_reproduction_int64():
    for F in FAMILIES.values():
        out = F.conv([[[2**62, 2**62]]], [[[2, 2]]])
        assert out.dtype == object and out.tolist() == [[[2**64]]]


def test_issue_reproduction_uint8():
    for F in FAMILIES.values():
        out = F.conv(np.array([[[200, 200]]], np.uint8), np.array([[[1, 1]]], np.uint8))
        assert out.tolist() == [[[400]]] and out.dtype == np.int64


def test_boundary_of_int64_is_kept_then_left():
    fits = 2**31 - 1  # (2**31 - 1)**2 * 2 < 2**63: stays int64
    assert fast.conv([[[fits, fits]]], [[[fits, fits]]]).dtype == np.int64
    over = 2**31 + 1  # 2 * (2**31 + 1)**2 > 2**63 - 1: exact Python ints
    out = fast.conv([[[over, over]]], [[[over, over]]])
    assert out.dtype == object and out.tolist() == [[[2 * over * over]]]


def test_big_constant_padding_value_is_exact():
    for F in FAMILIES.values():
        out = F.conv([[[1, 2]]], [[[1, 1]]], padding=1, padding_mode="constant", padding_value=10**30)
        assert out.tolist() == [[[10**30 + 1, 3, 2 + 10**30]]]


def test_object_arrays_of_numpy_ints_do_not_wrap():
    x = np.array([[[np.int64(2**62), np.int64(2**62)]]], dtype=object)
    for F in FAMILIES.values():
        assert F.conv(x, [[[4, 4]]]).tolist() == [[[2**65]]]


@pytest.mark.parametrize("operands, bound, expected", [
    ([np.array([1], np.uint8)], 255, np.uint8), ([np.array([1], np.uint8)], 256, np.int64),
    ([np.array([-1], np.int8)], 127, np.int8), ([np.array([1])], 2**63 - 1, np.int64),
    ([np.array([1])], 2**63, object), ([np.array([1], np.uint64), np.array([-1])], 5, np.int64),
    ([np.array([1.5])], 2**70, np.float64), ([np.array([1], np.uint8), -3], 10, np.int64),
], ids=["u8-fits", "u8-promoted", "i8-fits", "i64-edge", "i64-over", "u64-mixed-sign", "float", "neg-fill"])
def test_exact_dtype_rule(operands, bound, expected):
    assert exact_dtype(operands, bound) == np.dtype(expected)
