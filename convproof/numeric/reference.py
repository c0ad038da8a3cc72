"""Direct-loop reference: every output element is one explicit sum, written to be obviously right.

Nothing here is shared with the fast path (:mod:`convproof.numeric.fast`): arguments are
resolved by :mod:`convproof.numeric.args` (shapes only), padding uses ``np.pad`` for the
forward direction and an explicit index map for the adjoints. The loops are slow on purpose;
use them on small arrays as an oracle. Layout is PyTorch's: input ``(N, C, *spatial)``,
weight ``(C_out, C_in/groups, *k)``, transposed weight ``(C_in, C_out/groups, *k)``.

Pooling lives in :mod:`convproof.numeric.reference_pool` and is re-exported here.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from ..errors import fail
from .args import as_array, check_bias, as_shape, check_shape, conv_spec, fold_geometry, matrix_spec, transpose_geometry, unfold_geometry
from .bounds import (col2im_dtype, conv_dtype, grad_bias_dtype, grad_input_dtype, grad_weight_dtype,
                     matrix_dtype, transpose_dtype)
from .exact import cast
from .reference_pool import avg_pool, avg_pool_backward, max_pool, max_pool_backward

__all__ = ["conv", "conv_transpose", "conv_grad_input", "conv_grad_weight", "conv_grad_bias", "im2col",
           "col2im", "conv_matrix", "max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]

_NP_PAD_MODE = {"zeros": "constant", "constant": "constant", "reflect": "reflect", "replicate": "edge",
                "circular": "wrap"}


def _pad(x: np.ndarray, spec: Any, value: Any = 0) -> np.ndarray:
    widths = [(0, 0), (0, 0), *spec.padding]
    mode = _NP_PAD_MODE[spec.padding_mode]
    if mode == "constant":
        fill = value if spec.padding_mode == "constant" else 0  # an object array keeps Python ints (no int64 0)
        return np.pad(x, widths, mode="constant", constant_values=np.array(fill, dtype=object)
                      if x.dtype == object else fill)
    return np.pad(x, widths, mode=mode)


def _source(j: int, n: int, lo: int, mode: str) -> Optional[int]:
    """Input index that padded index ``j`` copies (``None``: a constant, no input element)."""
    t = j - lo
    if 0 <= t < n:
        return t
    if mode in ("zeros", "constant"):
        return None
    if mode == "reflect":
        return -t if t < 0 else 2 * (n - 1) - t
    if mode == "replicate":
        return 0 if t < 0 else n - 1
    return t % n  # circular


def _sources(at: tuple[int, ...], spec: Any) -> Optional[tuple[int, ...]]:
    src = tuple(_source(j, n, lo, spec.padding_mode)
                for j, n, (lo, _) in zip(at, spec.input_size, spec.padding))
    return None if any(t is None for t in src) else src


def _tap(o: tuple[int, ...], k: tuple[int, ...], spec: Any) -> tuple[int, ...]:
    """Padded-input position read by output ``o`` at kernel offset ``k``: ``o*s + k*d``."""
    return tuple(oi * s + ki * d for oi, ki, s, d in zip(o, k, spec.stride, spec.dilation))




def conv(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
         groups: int = 1, padding_mode: str = "zeros", padding_value: Any = 0) -> np.ndarray:
    """N-d cross-correlation ``z[n,o,p] = b[o] + sum_{c,k} x_pad[n, c, p*s + k*d] * w[o, c, k]``.

    Parameters, layout and dtype rules are those of :func:`convproof.numeric.fast.conv`.

    Examples
    --------
    >>> conv([[[1, 2, 3, 4]]], [[[1, 0, -1]]])
    array([[[-2, -2]]])
    >>> conv([[[1, 2, 3]]], [[[1, 1]]], padding=[(1, 0)], padding_mode="circular")
    array([[[4, 3, 5]]])
    """
    x, w = as_array("input", input), as_array("weight", weight)
    spec = conv_spec(x.shape, w.shape, stride, padding, dilation, groups, padding_mode, padding_value)
    b = check_bias(bias, spec.out_channels)
    dtype = conv_dtype(spec, x, w, b, padding_value)
    w, b = w.astype(dtype), cast(b, dtype)
    xp = _pad(x.astype(dtype), spec, padding_value)
    out = np.zeros((x.shape[0], spec.out_channels, *spec.output_size), dtype=dtype)
    for n, co, *o in np.ndindex(*out.shape):
        g = co // spec.out_per_group
        total = 0 if b is None else b[co]
        for ci in range(spec.in_per_group):
            for k in np.ndindex(*spec.kernel_size):
                total = total + xp[(n, g * spec.in_per_group + ci, *_tap(o, k, spec))] * w[(co, ci, *k)]
        out[(n, co, *o)] = total
    return out


def _grad_output(grad_output: Any, spec: Any, batch: int) -> np.ndarray:
    gy = as_array("grad_output", grad_output)
    check_shape("grad_output", gy.shape, (batch, spec.out_channels, *spec.output_size),
                "must have the forward output's shape (N, C_out, *output_size)")
    return gy


def _unpad_adjoint(gp: np.ndarray, spec: Any) -> np.ndarray:
    """Adjoint of the padding map: every padded cell sends its value back to the input cell it copies."""
    gx = np.zeros((*gp.shape[:2], *spec.input_size), dtype=gp.dtype)
    for at in np.ndindex(*gp.shape[2:]):
        src = _sources(at, spec)
        if src is not None:
            gx[(slice(None), slice(None), *src)] += gp[(slice(None), slice(None), *at)]
    return gx


def conv_grad_input(input_shape: Any, weight: Any, grad_output: Any, stride: Any = 1, padding: Any = 0,
                    dilation: Any = 1, groups: int = 1, padding_mode: str = "zeros") -> np.ndarray:
    """Gradient of ``conv`` w.r.t. its input (``torch.nn.grad.conv*d_input``), any padding mode.

    >>> conv_grad_input((1, 1, 3), [[[1, 2]]], [[[1, 1]]])
    array([[[1, 3, 2]]])
    """
    w = as_array("weight", weight)
    input_shape = as_shape("input_shape", input_shape)
    spec = conv_spec(input_shape, w.shape, stride, padding, dilation, groups, padding_mode)
    gy = _grad_output(grad_output, spec, input_shape[0])
    dtype = grad_input_dtype(spec, w, gy)
    w, gy = w.astype(dtype), gy.astype(dtype)
    gp = np.zeros((input_shape[0], spec.in_channels, *spec.padded_size), dtype=dtype)
    for n, co, *o in np.ndindex(*gy.shape):
        g = co // spec.out_per_group
        for ci in range(spec.in_per_group):
            for k in np.ndindex(*spec.kernel_size):
                gp[(n, g * spec.in_per_group + ci, *_tap(o, k, spec))] += gy[(n, co, *o)] * w[(co, ci, *k)]
    return _unpad_adjoint(gp, spec)


def conv_grad_weight(input: Any, weight_shape: Any, grad_output: Any, stride: Any = 1, padding: Any = 0,
                     dilation: Any = 1, groups: int = 1, padding_mode: str = "zeros",
                     padding_value: Any = 0) -> np.ndarray:
    """Gradient of ``conv`` w.r.t. its weight (``torch.nn.grad.conv*d_weight``).

    >>> conv_grad_weight([[[1, 2, 3]]], (1, 1, 2), [[[1, 1]]])
    array([[[3, 5]]])
    """
    x = as_array("input", input)
    weight_shape = as_shape("weight_shape", weight_shape)
    spec = conv_spec(x.shape, weight_shape, stride, padding, dilation, groups, padding_mode,
                     padding_value)
    gy = _grad_output(grad_output, spec, x.shape[0])
    dtype = grad_weight_dtype(spec, x, gy, padding_value)
    gy = gy.astype(dtype)
    xp = _pad(x.astype(dtype), spec, padding_value)
    gw = np.zeros(tuple(weight_shape), dtype=dtype)
    for n, co, *o in np.ndindex(*gy.shape):
        g = co // spec.out_per_group
        for ci in range(spec.in_per_group):
            for k in np.ndindex(*spec.kernel_size):
                gw[(co, ci, *k)] += gy[(n, co, *o)] * xp[(n, g * spec.in_per_group + ci, *_tap(o, k, spec))]
    return gw


def conv_grad_bias(grad_output: Any) -> np.ndarray:
    """Gradient w.r.t. the bias: ``grad_output`` summed over every axis but the channel axis.

    >>> conv_grad_bias([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    array([14, 22])
    """
    gy = as_array("grad_output", grad_output)
    if gy.ndim < 3:
        raise fail("grad_output", gy.shape, "must have shape (N, C_out, *spatial)")
    gy = gy.astype(grad_bias_dtype(gy))
    gb = np.zeros(gy.shape[1], dtype=gy.dtype)
    for n, c, *o in np.ndindex(*gy.shape):
        gb[c] += gy[(n, c, *o)]
    return gb


def conv_transpose(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,
                   output_padding: Any = 0, groups: int = 1, dilation: Any = 1,
                   padding_mode: str = "zeros") -> np.ndarray:
    """Transposed convolution (``F.conv_transpose*d``): every input cell scatters ``x * w`` into the output.

    ``out[n, o, i*s + k*d - p_lo] += x[n, c, i] * w[c, o, k]``; positions outside the
    cropped output (``padding`` crops, ``output_padding`` extends the end) are dropped.

    >>> conv_transpose([[[1, 2]]], [[[1, 1, 1]]], stride=2)
    array([[[1, 1, 3, 2, 2]]])
    """
    x, w = as_array("input", input), as_array("weight", weight)
    geo = transpose_geometry(x.shape, w.shape, stride, padding, output_padding, groups, dilation, padding_mode)
    b = check_bias(bias, geo.out_channels)
    dtype = transpose_dtype(geo, x, w, b)
    x, w, b = x.astype(dtype), w.astype(dtype), cast(b, dtype)
    out = np.zeros((x.shape[0], geo.out_channels, *geo.out_size), dtype=dtype)
    if b is not None:
        for co in range(geo.out_channels):
            out[:, co] = b[co]
    cin_g, cout_g = geo.in_channels // geo.groups, geo.out_channels // geo.groups
    for n, ci, *i in np.ndindex(*x.shape):
        g = ci // cin_g
        for co in range(cout_g):
            for k in np.ndindex(*geo.kernel_size):
                at = tuple(ii * s + kk * d - lo for ii, kk, s, d, (lo, _) in
                           zip(i, k, geo.stride, geo.dilation, geo.padding))
                if all(0 <= a < m for a, m in zip(at, geo.out_size)):
                    out[(n, g * cout_g + co, *at)] += x[(n, ci, *i)] * w[(ci, co, *k)]
    return out


def im2col(input: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> np.ndarray:
    """``torch.nn.functional.unfold`` for any number of spatial dims: ``(N, C*prod(k), L)``.

    Row ``c*prod(k) + ravel(k)`` and column ``ravel(o)`` hold ``x_pad[n, c, o*s + k*d]``.

    >>> im2col([[[1, 2, 3, 4]]], 2, stride=2)
    array([[[1, 3],
            [2, 4]]])
    """
    x = as_array("input", input)
    spec = unfold_geometry(x.shape, kernel_size, dilation, padding, stride)
    xp = np.pad(x, [(0, 0), (0, 0), *spec.padding], constant_values=np.array(0, dtype=x.dtype))
    taps, blocks = math.prod(spec.kernel_size), math.prod(spec.output_size)
    cols = np.zeros((x.shape[0], x.shape[1] * taps, blocks), dtype=x.dtype)
    for n, c in np.ndindex(*x.shape[:2]):
        for k in np.ndindex(*spec.kernel_size):
            for o in np.ndindex(*spec.output_size):
                row = c * taps + int(np.ravel_multi_index(k, spec.kernel_size))
                cols[n, row, int(np.ravel_multi_index(o, spec.output_size))] = xp[(n, c, *_tap(o, k, spec))]
    return cols


def col2im(input: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> np.ndarray:
    """``torch.nn.functional.fold``: sum every column entry back into the image cell it came from.

    >>> col2im([[[1, 3], [2, 4]]], 3, 2)
    array([[[1, 5, 4]]])
    """
    cols = as_array("input", input)
    spec, channels = fold_geometry(cols.shape, output_size, kernel_size, dilation, padding, stride)
    cols = cols.astype(col2im_dtype(spec, cols))
    taps = math.prod(spec.kernel_size)
    out = np.zeros((cols.shape[0], channels, *spec.padded_size), dtype=cols.dtype)
    for n, c in np.ndindex(cols.shape[0], channels):
        for k in np.ndindex(*spec.kernel_size):
            for o in np.ndindex(*spec.output_size):
                row = c * taps + int(np.ravel_multi_index(k, spec.kernel_size))
                out[(n, c, *_tap(o, k, spec))] += cols[n, row, int(np.ravel_multi_index(o, spec.output_size))]
    crop = tuple(slice(lo, lo + i) for (lo, _), i in zip(spec.padding, spec.input_size))
    return out[(slice(None), slice(None), *crop)]


def conv_matrix(input_size: Any, weight: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
                groups: int = 1, padding_mode: str = "zeros") -> np.ndarray:
    """Dense matrix ``M`` with ``vec(conv(x, weight)) = M @ vec(x)`` for one sample (row-major vec).

    Rows are ``ravel(c_out, *o)``, columns ``ravel(c_in, *i)``. Linear padding modes only
    (zeros, reflect, replicate, circular): a cell of the padded input that copies input cell
    ``j`` adds its weight to column ``j``.

    >>> conv_matrix(3, [[[1, 2]]])
    array([[1, 2, 0],
           [0, 1, 2]])
    """
    w = as_array("weight", weight)
    spec = matrix_spec(input_size, w, stride, padding, dilation, groups, padding_mode)
    in_shape, out_shape = (spec.in_channels, *spec.input_size), (spec.out_channels, *spec.output_size)
    w = w.astype(matrix_dtype(spec, w))
    m = np.zeros((math.prod(out_shape), math.prod(in_shape)), dtype=w.dtype)
    for co, *o in np.ndindex(*out_shape):
        g = co // spec.out_per_group
        for ci in range(spec.in_per_group):
            for k in np.ndindex(*spec.kernel_size):
                src = _sources(_tap(o, k, spec), spec)
                if src is not None:
                    col = np.ravel_multi_index((g * spec.in_per_group + ci, *src), in_shape)
                    m[np.ravel_multi_index((co, *o), out_shape), col] += w[(co, ci, *k)]
    return m

