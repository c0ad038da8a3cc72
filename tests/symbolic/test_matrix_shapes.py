"""The shape functions of convproof.symbolic.shapes equal the shapes of the built matrices."""

from itertools import product

import pytest
import sympy as sp

from convproof.geometry import ConvSpec
from convproof.symbolic import im2col, toeplitz
from convproof.symbolic.shapes import im2col_dims, im2col_shape, toeplitz_dims, toeplitz_shape

SPECS = [ConvSpec(input_size=(h, w), kernel_size=(kh, kw), stride=s, padding=p, dilation=d, in_channels=c,
                  out_channels=co)
         for h, w, kh, kw, s, p, d, c, co in product((3, 5), (4,), (1, 2), (2, 3), (1, 2), (0, 1), (1, 2), (1, 2), (1, 3))
         if (kh - 1) * d + 1 <= h + 2 * p and (kw - 1) * d + 1 <= w + 2 * p]
SPECS += [ConvSpec(input_size=n, kernel_size=k, stride=s, padding=p) for n, k, s, p in
          product((3, 6), (1, 3), (1, 2, 3), (0, 2)) if k <= n + 2 * p]


@pytest.mark.parametrize("spec", SPECS, ids=repr)
def test_shapes_equal_built_matrices(spec):
    assert im2col_shape(spec) == im2col(spec).shape
    assert toeplitz_shape(spec) == toeplitz(spec).shape
    assert toeplitz_shape(spec, padded=True) == toeplitz(spec, padded=True).shape


def test_grouped_im2col_has_every_channel_row():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(2, 2), in_channels=4, out_channels=2, groups=2)
    assert im2col_shape(spec) == im2col(spec).shape == (16, 9)


def test_symbolic_dims_are_the_lecture_formula():
    c, kh, kw, oh, ow = sp.symbols("C K_h K_w H_o W_o", positive=True, integer=True)
    rows, cols = im2col_dims(c, (kh, kw), (oh, ow))
    assert sp.expand(rows - c * kh * kw) == 0 and sp.expand(cols - oh * ow) == 0
    assert toeplitz_dims(1, 1, (c,), (oh,)) == (oh, c)
