"""Forward convolution reached three ways: the direct sum formula, ``T y`` and the im2col product.

The direct route is written independently of the index map: NumPy pads the input (``np.pad`` with
``constant`` / ``reflect`` / ``edge`` / ``wrap``) and loops over output positions and kernel offsets,
exactly as seed 000 eq. 2 and seed 001's multichannel and grouped formulas read::

    z^k_{rc} = sum_{m'} sum_{u,v} ypad^{(s-1)M/g+m'}_{(r-1)S+(u-1)d+1, (c-1)S+(v-1)d+1} F^{s,m'k'}_{uv} + b^k

Every function takes numbers or SymPy expressions (object arrays) and returns an object array of
shape ``(C_out, *output_size)``.
"""

from __future__ import annotations

from itertools import product
from math import prod
from typing import Any

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import check_spec
from ..values import as_values
from .indexmap import EXPRESSION_BUDGET, check_products
from .matrices import _inputs, _weights, fill_offset, im2col, sparse_matvec, toeplitz, weight_matrix
from .symbols import DEFAULT, Notation

__all__ = ["conv", "conv_direct", "conv_toeplitz", "conv_im2col", "pad_input", "FORWARD_METHODS"]

_NP_MODES = {"zeros": "constant", "constant": "constant", "reflect": "reflect", "replicate": "edge",
             "circular": "wrap"}


def pad_input(spec: ConvSpec, y: np.ndarray) -> np.ndarray:
    """Pad ``(C_in, *input_size)`` with ``np.pad`` in the spec's mode (independent of the index map).

    >>> pad_input(ConvSpec(input_size=3, kernel_size=3, padding=2, padding_mode="circular"),
    ...           np.array([[1, 2, 3]], dtype=object))
    array([[2, 3, 1, 2, 3, 1, 2]], dtype=object)
    """
    check_spec(spec)
    widths = [(0, 0)] + [tuple(p) for p in spec.padding]
    mode = _NP_MODES[spec.padding_mode]
    if mode == "constant":
        c = sp.Integer(spec.padding_value if spec.padding_mode == "constant" else 0)
        return np.pad(y, widths, mode="constant", constant_values=c)
    return np.pad(y, widths, mode=mode)


def _bias(spec: ConvSpec, bias: Any) -> np.ndarray:
    if bias is None:
        return np.full(spec.out_channels, sp.S.Zero, dtype=object)
    b = as_values("bias", bias).reshape(-1)
    if b.shape != (spec.out_channels,):
        raise fail("bias", b.shape, f"must have shape ({spec.out_channels},)")
    return b


def conv_direct(spec: ConvSpec, y: Any = None, weight: Any = None, bias: Any = None,
                notation: Notation = DEFAULT, budget: int = EXPRESSION_BUDGET) -> np.ndarray:
    """The direct sum formula (seed 000 eq. 2; seed 001 multichannel/grouped formulas).

    ``y``, ``weight``, ``bias`` default to the symbols of ``notation``; pass ``bias=None`` for no bias.

    Examples
    --------
    Seed 000 eq. 13 (input 5, kernel 3, same padding):

    >>> conv_direct(ConvSpec(input_size=5, kernel_size=3, padding=1))[0]
    array([f_{2}*y_{1} + f_{3}*y_{2}, f_{1}*y_{1} + f_{2}*y_{2} + f_{3}*y_{3},
           f_{1}*y_{2} + f_{2}*y_{3} + f_{3}*y_{4},
           f_{1}*y_{3} + f_{2}*y_{4} + f_{3}*y_{5}, f_{1}*y_{4} + f_{2}*y_{5}], dtype=object)
    """
    check_spec(spec)
    check_products(spec, budget, "conv_direct")
    ypad = pad_input(spec, _inputs(spec, y, notation))
    w = _weights(spec, weight, notation)
    b = _bias(spec, bias)
    cg, kg = spec.in_per_group, spec.out_per_group
    out = np.empty((spec.out_channels, *spec.output_size), dtype=object)
    for k in range(spec.out_channels):
        first = (k // kg) * cg
        for o in np.ndindex(*spec.output_size):
            terms = [b[k]]
            for m, u in product(range(cg), np.ndindex(*spec.kernel_size)):
                at = tuple(oi * s + ui * d for oi, ui, s, d in zip(o, u, spec.stride, spec.dilation))
                terms.append(ypad[(first + m, *at)] * w[(k, m, *u)])
            out[(k, *o)] = sp.Add(*terms)
    return out


def conv_toeplitz(spec: ConvSpec, y: Any = None, weight: Any = None, bias: Any = None,
                  notation: Notation = DEFAULT) -> np.ndarray:
    """``T vec(y) + c*t + b``: the convolution matrix route.

    >>> conv_toeplitz(ConvSpec(input_size=5, kernel_size=3))[0, 0]
    f_{1}*y_{1} + f_{2}*y_{2} + f_{3}*y_{3}
    """
    check_spec(spec)
    y = _inputs(spec, y, notation)
    T = toeplitz(spec, weight=_weights(spec, weight, notation))
    z = sparse_matvec(T, y.ravel())
    off = fill_offset(spec, weight=_weights(spec, weight, notation))
    n = prod(spec.output_size)
    b = _bias(spec, bias)
    vals = [z[i] + off[i] + b[i // n] for i in range(len(z))]
    return _as_array(vals, (spec.out_channels, *spec.output_size))


def conv_im2col(spec: ConvSpec, y: Any = None, weight: Any = None, bias: Any = None,
                notation: Notation = DEFAULT) -> np.ndarray:
    """``weight_matrix @ im2col + b`` (per group, as seed 000 eqs. 5-6 and 9).

    >>> conv_im2col(ConvSpec(input_size=(3, 3), kernel_size=(2, 2)))[0, 0, 0]
    f_{11}*y_{11} + f_{12}*y_{12} + f_{21}*y_{21} + f_{22}*y_{22}
    """
    check_spec(spec)
    W = weight_matrix(spec, weight=_weights(spec, weight, notation))
    b = _bias(spec, bias)
    kg = spec.out_per_group
    rows = []
    for g in range(spec.groups):
        cols = im2col(spec, y, notation, group=g)
        rows.append(W[g * kg:(g + 1) * kg, :] * cols)
    Z = sp.Matrix.vstack(*rows)
    vals = [Z[k, j] + b[k] for k in range(Z.rows) for j in range(Z.cols)]
    return _as_array(vals, (spec.out_channels, *spec.output_size))


FORWARD_METHODS = {"direct": conv_direct, "toeplitz": conv_toeplitz, "im2col": conv_im2col}


def conv(spec: ConvSpec, y: Any = None, weight: Any = None, bias: Any = None, notation: Notation = DEFAULT,
         method: str = "direct", budget: int = EXPRESSION_BUDGET) -> np.ndarray:
    """Forward convolution as an object array ``(C_out, *output_size)``; ``method`` picks the route.

    >>> conv(ConvSpec(input_size=3, kernel_size=2), y=[[1, 2, 3]], weight=[[[1, -1]]], method="im2col")
    array([[-1, -1]], dtype=object)
    """
    check_spec(spec)
    if not isinstance(method, str) or method not in FORWARD_METHODS:
        raise fail("method", method, f"must be one of {sorted(FORWARD_METHODS)}")
    check_products(spec, budget, "conv")
    return FORWARD_METHODS[method](spec, y, weight, bias, notation)


def _as_array(values: list, shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out.reshape(shape)
