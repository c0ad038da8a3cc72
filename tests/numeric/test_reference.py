"""The direct-loop reference against hand-computed values and exact algebraic identities.

The identities tie the functions together without trusting any of them: the adjoint test
``<conv(x, w), g> == <x, grad_input(g)> == <w, grad_weight(x, g)>`` is exact on integers, so
a transposed index, a dropped border or a wrong group offset in any one of them breaks it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from _numeric_cases import LINEAR_MODES, conv_cases, dot, grad_kwargs, pool_cases
from convproof.numeric import reference as ref


def test_hand_computed_2d():
    x = np.arange(1, 10).reshape(1, 1, 3, 3)           # 1 2 3 / 4 5 6 / 7 8 9
    w = np.array([[[[1, 0], [0, -1]]]])
    assert ref.conv(x, w).tolist() == [[[[1 - 5, 2 - 6], [4 - 8, 5 - 9]]]]
    assert ref.conv(x, w, stride=2, padding=1).tolist() == [[[[-1, -3], [-7, -4]]]]


def test_hand_computed_padding_modes():
    x = np.array([[[1, 2, 3]]])
    w = np.array([[[1]]])
    pad = [(2, 2)]
    assert ref.conv(x, w, padding=pad, padding_mode="zeros").ravel().tolist() == [0, 0, 1, 2, 3, 0, 0]
    assert ref.conv(x, w, padding=pad, padding_mode="constant", padding_value=7).ravel().tolist() == \
        [7, 7, 1, 2, 3, 7, 7]
    assert ref.conv(x, w, padding=pad, padding_mode="reflect").ravel().tolist() == [3, 2, 1, 2, 3, 2, 1]
    assert ref.conv(x, w, padding=pad, padding_mode="replicate").ravel().tolist() == [1, 1, 1, 2, 3, 3, 3]
    assert ref.conv(x, w, padding=pad, padding_mode="circular").ravel().tolist() == [2, 3, 1, 2, 3, 1, 2]


def test_grad_input_of_reflect_scatters_back():
    # padded = [x1, x0, x1, x2, x1]; an all-ones gradient counts how often each x is copied
    assert ref.conv_grad_input((1, 1, 3), [[[1]]], [[[1, 1, 1, 1, 1]]], padding=1,
                               padding_mode="reflect").ravel().tolist() == [1, 3, 1]


def test_same_padding_and_groups():
    x = np.arange(8).reshape(1, 2, 4)
    w = np.array([[[1, 1]], [[1, -1]]])                 # depthwise: one filter per channel
    out = ref.conv(x, w, padding="same", groups=2)      # torch 'same': extra pad at the end
    assert out.tolist() == [[[1, 3, 5, 3], [-1, -1, -1, 7]]]


@settings(max_examples=60)
@given(conv_cases(modes=LINEAR_MODES))
def test_adjoint_identity_exact(case):
    x, w, _, g = case.arrays()
    kw = grad_kwargs(case)
    lhs = dot(ref.conv(x, w, **kw), g)
    assert lhs == dot(x, ref.conv_grad_input(case.input_shape, w, g, **kw))
    assert lhs == dot(w, ref.conv_grad_weight(x, w.shape, g, **kw))


@settings(max_examples=30)
@given(conv_cases(modes=("constant",)))
def test_constant_padding_is_affine(case):
    x, w, b, g = case.arrays()
    c = case.kwargs["padding_value"]
    # conv(x) - conv(0) is linear in x, so the adjoint identity holds for the difference
    diff = ref.conv(x, w, b, **case.kwargs) - ref.conv(np.zeros_like(x), w, b, **case.kwargs)
    assert dot(diff, g) == dot(x, ref.conv_grad_input(case.input_shape, w, g, **grad_kwargs(case)))
    explicit = np.pad(x, [(0, 0), (0, 0), *case.spec.padding], constant_values=c)
    plain = {k: v for k, v in grad_kwargs(case).items() if k not in ("padding", "padding_mode")}
    assert np.array_equal(ref.conv(x, w, b, **case.kwargs), ref.conv(explicit, w, b, **plain))


@settings(max_examples=40)
@given(conv_cases(modes=("zeros",)))
def test_conv_transpose_is_grad_input(case):
    spec = case.spec
    _, w, _, g = case.arrays()
    got = ref.conv_transpose(g, w, stride=spec.stride, padding=spec.padding,
                             output_padding=spec.restoring_output_padding, groups=spec.groups,
                             dilation=spec.dilation)
    assert np.array_equal(got, ref.conv_grad_input(case.input_shape, w, g, **grad_kwargs(case)))


@settings(max_examples=40)
@given(conv_cases(modes=("zeros",), max_groups=1))
def test_im2col_gemm_is_conv_and_col2im_is_its_adjoint(case):
    spec = case.spec
    x, w, _, _ = case.arrays()
    kw = dict(kernel_size=spec.kernel_size, dilation=spec.dilation, padding=spec.padding, stride=spec.stride)
    cols = ref.im2col(x, **kw)
    z = ref.conv(x, w, **grad_kwargs(case))
    assert np.array_equal(np.matmul(w.reshape(w.shape[0], -1), cols), z.reshape(*z.shape[:2], -1))
    c = case.ints(cols.shape)
    assert dot(cols, c) == dot(x, ref.col2im(c, spec.input_size, **kw))


@settings(max_examples=40)
@given(conv_cases(max_nd=2, modes=LINEAR_MODES))
def test_conv_matrix_applies_conv_and_its_transpose_applies_grad_input(case):
    x, w, _, g = case.arrays()
    kw = grad_kwargs(case)
    m = ref.conv_matrix(case.spec.input_size, w, **kw)
    for n in range(case.batch):
        assert np.array_equal(m @ x[n].ravel(), ref.conv(x[n:n + 1], w, **kw).ravel())
        assert np.array_equal(m.T @ g[n].ravel(), ref.conv_grad_input((1, *x.shape[1:]), w, g[n:n + 1], **kw).ravel())


@settings(max_examples=40)
@given(pool_cases(dilation=False))
def test_avg_pool_adjoint_exact(case):
    for include_pad in (True, False):
        x = case.rng.integers(-3, 4, size=case.input_shape)
        kw = dict(case.kwargs, count_include_pad=include_pad)
        out = ref.avg_pool(x, **kw)
        g = case.rng.integers(-3, 4, size=out.shape)
        assert dot(out, g) == dot(x, ref.avg_pool_backward(g, x.shape, **kw))


@settings(max_examples=40)
@given(pool_cases())
def test_max_pool_backward_routes_to_the_argmax(case):
    x = case.rng.integers(-3, 4, size=case.input_shape)
    out, idx = ref.max_pool(x, **case.kwargs, return_indices=True)
    flat = x.reshape(*x.shape[:2], -1)
    assert np.array_equal(np.take_along_axis(flat, idx.reshape(*idx.shape[:2], -1), 2), out.reshape(*out.shape[:2], -1))
    g = case.rng.integers(-3, 4, size=out.shape)
    gx = ref.max_pool_backward(g, x, **case.kwargs)
    assert dot(out, g) == dot(x, gx)  # max pooling is linear on each argmax pattern


def test_max_pool_first_max_wins_ties():
    out, idx = ref.max_pool([[[2, 2, 1, 2]]], 2, stride=1, return_indices=True)
    assert out.tolist() == [[[2, 2, 2]]] and idx.tolist() == [[[0, 1, 3]]]


def test_conv_grad_bias_sums_all_but_channels():
    g = np.arange(2 * 3 * 2 * 2).reshape(2, 3, 2, 2)
    assert ref.conv_grad_bias(g).tolist() == g.sum(axis=(0, 2, 3)).tolist()


@pytest.mark.parametrize("padding,expected", [("valid", 2), ("same", 4), ("full", 6)])
def test_string_paddings_set_the_output_size(padding, expected):
    assert ref.conv(np.ones((1, 1, 4), dtype=int), np.ones((1, 1, 3), dtype=int), padding=padding).shape[-1] \
        == expected
