"""Transposed convolution reached three ways, with ``output_padding`` (PyTorch ``conv_transpose`` semantics).

A spec describes the forward convolution ``y -> z``; its transposed convolution maps
``z`` (``(C_out, *output_size)``) to ``(C_in, *transposed_output_size)``:

``matrix``          ``T^T vec(z)``. With ``output_padding`` equal to ``spec.restoring_output_padding``
                    this is the transpose of ``toeplitz(spec)``; otherwise T is that of the *canvas*
                    spec (input size = transposed output size) restricted to the ``output_size`` rows.
``zero_insertion``  seed 001: insert ``s-1`` zeros between the elements of z, pad each side with
                    ``d(k-1) - p_lo`` and ``d(k-1) - p_hi + output_padding`` zeros (negative: crop),
                    and correlate with the flipped kernel (dilation ``d``).
``col2im``          columns ``W_g^T z_g`` per group, scatter-added onto the canvas by col2im.

Position ``x`` of the result receives ``z[o] * f[u]`` whenever ``x = o*s + u*d - p_lo``.
Transposed convolution exists for zero padding only (as in PyTorch); the adjoint of the other padding
modes is the input gradient, :func:`convproof.symbolic.backprop.grad_input`.
"""

from __future__ import annotations

from math import prod
from typing import Any, Callable, Iterator

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import check_spec
from ..values import as_values
from .indexmap import DEFAULT_BUDGET, EXPRESSION_BUDGET, MATRIX_BUDGET, check_products, index_map
from .matrices import _sparse, _weights, col2im, sparse_matvec, weight_matrix
from .symbols import DEFAULT, Notation, output_symbols

__all__ = ["conv_transpose", "canvas_spec", "transposed_matrix", "transpose_triples", "overlap_count",
           "TRANSPOSE_METHODS", "zero_insertion_triples"]


def canvas_spec(spec: ConvSpec) -> ConvSpec:
    """The forward spec whose input is the transposed output (zero padding, same geometry).

    >>> canvas_spec(ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1, output_padding=1)).input_size
    (6,)
    """
    if check_spec(spec).padding_mode != "zeros" and not (spec.padding_mode == "constant" and spec.padding_value == 0):
        raise fail("padding_mode", spec.padding_mode, "transposed convolution is defined for zero padding "
                   "(PyTorch); use backprop.grad_input for the adjoint of other padding modes")
    return spec.replace(input_size=spec.transposed_output_size, padding=spec.padding, padding_mode="zeros",
                        output_padding=0, padding_value=0)


def _canvas_out(spec: ConvSpec, canvas: ConvSpec, out_flat: np.ndarray) -> np.ndarray:
    """Map canvas output flat indices to the spec's output grid; -1 outside ``output_size``."""
    n_c = prod(canvas.output_size)
    ch, rest = np.divmod(out_flat, n_c)
    multi = np.unravel_index(rest, canvas.output_size)
    inside = np.logical_and.reduce([m < o for m, o in zip(multi, spec.output_size)])
    clipped = tuple(np.minimum(m, o - 1) for m, o in zip(multi, spec.output_size))
    flat = ch * prod(spec.output_size) + np.ravel_multi_index(clipped, spec.output_size)
    return np.where(inside, flat, -1)


def transpose_triples(spec: ConvSpec, budget: int = DEFAULT_BUDGET) -> np.ndarray:
    """``(x, o, ker)`` triples of the transposed conv read off the (canvas) forward index map.

    >>> transpose_triples(ConvSpec(input_size=3, kernel_size=2)).tolist()
    [[0, 0, 0], [1, 0, 1], [1, 1, 0], [2, 1, 1]]
    """
    check_spec(spec)
    canvas = canvas_spec(spec)
    m = index_map(canvas, budget)
    o = _canvas_out(spec, canvas, m.out)
    keep = (o >= 0) & ~m.fill
    return np.stack([m.inp[keep], o[keep], m.ker[keep]], axis=1)


def transposed_matrix(spec: ConvSpec, notation: Notation = DEFAULT, weight: Any = None,
                      budget: int = MATRIX_BUDGET) -> sp.SparseMatrix:
    """The matrix of the transposed convolution (``T^T`` when ``output_padding`` restores the input).

    >>> transposed_matrix(ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1))
    Matrix([
    [f_{2},     0,     0],
    [f_{3}, f_{1},     0],
    [    0, f_{2},     0],
    [    0, f_{3}, f_{1}],
    [    0,     0, f_{2}]])
    """
    check_spec(spec)
    t = transpose_triples(spec, budget)
    w = _weights(spec, weight, notation).ravel()
    rows = spec.in_channels * prod(spec.transposed_output_size)
    return _sparse(t[:, 0], t[:, 1], w[t[:, 2]], (rows, spec.out_channels * prod(spec.output_size)))


def _z(spec: ConvSpec, z: Any, notation: Notation) -> np.ndarray:
    z = output_symbols(spec, notation) if z is None else as_values("z", z)
    shape = (spec.out_channels, *spec.output_size)
    if z.shape != shape:
        raise fail("z", z.shape, f"must have shape {shape} (C_out, *output_size)")
    return z


def _pad_or_crop(a: np.ndarray, widths: list[tuple[int, int]], fill: Any) -> np.ndarray:
    pos = [(0, 0)] + [(max(lo, 0), max(hi, 0)) for lo, hi in widths]
    a = np.pad(a, pos, mode="constant", constant_values=fill) if a.dtype != object else _pad_obj(a, pos, fill)
    crop = tuple([slice(None)] + [slice(max(-lo, 0), a.shape[i + 1] - max(-hi, 0))
                                  for i, (lo, hi) in enumerate(widths)])
    return a[crop]


def _pad_obj(a: np.ndarray, pos: list[tuple[int, int]], fill: Any) -> np.ndarray:
    out = np.full(tuple(n + lo + hi for n, (lo, hi) in zip(a.shape, pos)), fill, dtype=object)
    out[tuple(slice(lo, lo + n) for n, (lo, _) in zip(a.shape, pos))] = a
    return out


def _insert_and_pad(spec: ConvSpec, z: np.ndarray, zero: Any) -> np.ndarray:
    """Zero insertion (``s-1`` between elements) then pad/crop to the full-correlation canvas."""
    grown = tuple((o - 1) * s + 1 for o, s in zip(spec.output_size, spec.stride))
    zi = np.full((z.shape[0], *grown), zero, dtype=z.dtype)
    zi[(slice(None), *[slice(None, None, s) for s in spec.stride])] = z
    widths = [(e - 1 - lo, e - 1 - hi + op) for e, (lo, hi), op in
              zip(spec.kernel_span, spec.padding, spec.output_padding)]
    return _pad_or_crop(zi, widths, zero)


def _flipped_taps(spec: ConvSpec) -> Iterator[tuple[int, int, int, tuple, tuple]]:
    """``(input channel, output channel k, m, flipped kernel index, window slices)`` of the correlation."""
    cg, kg = spec.in_per_group, spec.out_per_group
    n_out = spec.transposed_output_size
    for k in range(spec.out_channels):
        for m in range(cg):
            for u in np.ndindex(*spec.kernel_size):
                flipped = tuple(kk - 1 - ui for kk, ui in zip(spec.kernel_size, u))
                window = tuple(slice(ui * d, ui * d + n) for ui, d, n in zip(u, spec.dilation, n_out))
                yield (k // kg) * cg + m, k, m, flipped, window


def zero_insertion_triples(spec: ConvSpec) -> np.ndarray:
    """``(x, o, ker)`` triples of the zero-insertion route, built from index arrays (no index map).

    >>> from convproof.symbolic.indexmap import sorted_rows
    >>> sorted_rows(zero_insertion_triples(ConvSpec(input_size=3, kernel_size=2))).tolist()
    [[0, 0, 0], [1, 0, 1], [1, 1, 0], [2, 1, 1]]
    """
    check_spec(spec)
    canvas_spec(spec)
    ids = np.arange(spec.out_channels * prod(spec.output_size)).reshape(spec.out_channels, *spec.output_size)
    zp = _insert_and_pad(spec, ids, -1)
    n_x = prod(spec.transposed_output_size)
    x_grid = np.arange(n_x).reshape(spec.transposed_output_size)
    parts = []
    for ci, k, m, flipped, window in _flipped_taps(spec):
        o = zp[k][window]
        hit = o >= 0
        ker = np.ravel_multi_index((k, m, *flipped), spec.weight_shape)
        parts.append(np.stack([ci * n_x + x_grid[hit], o[hit], np.full(hit.sum(), ker)], axis=1))
    return np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)


def _by_zero_insertion(spec: ConvSpec, z: np.ndarray, w: np.ndarray) -> np.ndarray:
    zp = _insert_and_pad(spec, z, sp.S.Zero)
    terms = np.empty((spec.in_channels, *spec.transposed_output_size), dtype=object)
    for idx in np.ndindex(*terms.shape):
        terms[idx] = []
    for ci, k, m, flipped, window in _flipped_taps(spec):
        wk = w[(k, m, *flipped)]
        for x, v in zip(np.ndindex(*spec.transposed_output_size), zp[k][window].ravel()):
            if v != 0:
                terms[(ci, *x)].append(v * wk)
    return _sum_lists(terms)


def _by_matrix(spec: ConvSpec, z: np.ndarray, w: np.ndarray) -> np.ndarray:
    M = transposed_matrix(spec, weight=w)
    return np.array(sparse_matvec(M, z.ravel()), dtype=object).reshape(spec.in_channels,
                                                                     *spec.transposed_output_size)


def _by_col2im(spec: ConvSpec, z: np.ndarray, w: np.ndarray) -> np.ndarray:
    canvas = canvas_spec(spec)
    zc = np.full((spec.out_channels, *canvas.output_size), sp.S.Zero, dtype=object)
    zc[(slice(None), *[slice(0, o) for o in spec.output_size])] = z
    W = weight_matrix(spec, weight=w)
    kg, blocks = spec.out_per_group, []
    for g in range(spec.groups):
        Zg = sp.Matrix(zc[g * kg:(g + 1) * kg].reshape(kg, -1).tolist())
        blocks.append(W[g * kg:(g + 1) * kg, :].T * Zg)
    return col2im(canvas, sp.Matrix.vstack(*blocks))


def _sum_lists(terms: np.ndarray) -> np.ndarray:
    out = np.empty(terms.shape, dtype=object)
    for idx in np.ndindex(*terms.shape):
        out[idx] = sp.Add(*terms[idx])
    return out


TRANSPOSE_METHODS: dict[str, Callable] = {"matrix": _by_matrix, "zero_insertion": _by_zero_insertion,
                                          "col2im": _by_col2im}


def conv_transpose(spec: ConvSpec, z: Any = None, weight: Any = None, bias: Any = None,
                   notation: Notation = DEFAULT, method: str = "matrix",
                   budget: int = EXPRESSION_BUDGET) -> np.ndarray:
    """Transposed convolution of ``z`` with the spec's kernel: ``(C_in, *transposed_output_size)``.

    ``z`` defaults to the output symbols; ``bias`` (shape ``(C_in,)``) is added per channel.

    Examples
    --------
    Seed 000 eq. 18 (stride 2, seen from the padded input: padding 0 here, output 7):

    >>> conv_transpose(ConvSpec(input_size=7, kernel_size=3, stride=2), method="zero_insertion")[0]
    array([f_{1}*z_{1}, f_{2}*z_{1}, f_{1}*z_{2} + f_{3}*z_{1}, f_{2}*z_{2},
           f_{1}*z_{3} + f_{3}*z_{2}, f_{2}*z_{3}, f_{3}*z_{3}], dtype=object)
    """
    check_spec(spec)
    if not isinstance(method, str) or method not in TRANSPOSE_METHODS:
        raise fail("method", method, f"must be one of {sorted(TRANSPOSE_METHODS)}")
    check_products(spec, budget, "conv_transpose")
    out = TRANSPOSE_METHODS[method](spec, _z(spec, z, notation), _weights(spec, weight, notation))
    if bias is not None:
        b = as_values("bias", bias).reshape(-1)
        if b.shape != (spec.in_channels,):
            raise fail("bias", b.shape, f"must have shape ({spec.in_channels},) (C_in of the forward spec)")
        out = out + b.reshape((-1,) + (1,) * spec.ndim)
    return out


def overlap_count(spec: ConvSpec) -> np.ndarray:
    """How many (output, kernel tap) placements reach each transposed-output position (one channel pair).

    Values above 1 next to values of 1 are the uneven overlap behind checkerboard artifacts (seed 000
    after eq. 18: the 3rd and 5th elements receive two kernel placements).

    >>> overlap_count(ConvSpec(input_size=7, kernel_size=3, stride=2)).tolist()
    [1, 1, 2, 1, 2, 1, 1]
    """
    check_spec(spec)
    single = spec.replace(in_channels=1, out_channels=1, groups=1, padding=spec.padding)
    t = transpose_triples(single)
    return np.bincount(t[:, 0], minlength=prod(single.transposed_output_size)).reshape(
        single.transposed_output_size)
