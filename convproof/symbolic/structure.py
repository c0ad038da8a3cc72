"""Integer-triple forms of each route, for structural proofs at large sizes.

Every function returns an ``(n, 3)`` int64 array of ``(out, inp, ker)`` flat indices (C order:
output ``(C_out, *output_size)``, unpadded input ``(C_in, *input_size)``, weight ``weight_shape``),
one row per product ``z[out] <- f[ker] * y[inp]``; fill (zero/constant) reads are dropped. Two routes
are equal as linear maps exactly when their sorted triples are equal (multiplicities included).

The routes share no code with :func:`convproof.symbolic.indexmap.index_map` except where stated:

* :func:`direct_triples`: the direct formula on an *index image* padded by ``np.pad``;
* :func:`grad_input_triples`: zero insertion + flipped-kernel correlation onto the padded input,
  folded back through an ``np.pad``-built padding map;
* :func:`grad_weight_triples`: correlation of the padded index image with ``g`` dilated by the stride;
* :func:`col2im_triples`: the im2col layout of the canvas spec (this one *is* index-map based).
"""

from __future__ import annotations

from math import prod

import numpy as np

from ..geometry import ConvSpec
from .forward import _NP_MODES
from .matrices import _im2col_rows_cols
from .transpose import _canvas_out, canvas_spec, zero_insertion_triples

__all__ = ["direct_triples", "grad_input_triples", "grad_weight_triples", "col2im_triples",
           "padded_index_image"]


def padded_index_image(spec: ConvSpec) -> np.ndarray:
    """``np.pad`` of the array of input flat indices: each padded position's source, -1 for fill.

    >>> padded_index_image(ConvSpec(input_size=3, kernel_size=3, padding=1, padding_mode="replicate")).tolist()
    [[0, 0, 1, 2, 2]]
    """
    ids = np.arange(spec.in_channels * prod(spec.input_size)).reshape(spec.in_channels, *spec.input_size)
    widths = [(0, 0)] + [tuple(p) for p in spec.padding]
    mode = _NP_MODES[spec.padding_mode]
    if mode == "constant":
        return np.pad(ids, widths, mode="constant", constant_values=-1)
    return np.pad(ids, widths, mode=mode)


def _taps(spec: ConvSpec):
    cg, kg = spec.in_per_group, spec.out_per_group
    for k in range(spec.out_channels):
        for m in range(cg):
            for u in np.ndindex(*spec.kernel_size):
                yield k, (k // kg) * cg + m, np.ravel_multi_index((k, m, *u), spec.weight_shape), u


def direct_triples(spec: ConvSpec) -> np.ndarray:
    """Triples of the direct sum formula: output ``o`` reads padded position ``o*s + u*d``.

    >>> direct_triples(ConvSpec(input_size=3, kernel_size=2)).tolist()
    [[0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 2, 1]]
    """
    img = padded_index_image(spec)
    n_o = prod(spec.output_size)
    o_ids = np.arange(n_o).reshape(spec.output_size)
    parts = []
    for k, ci, ker, u in _taps(spec):
        window = tuple(slice(ui * d, ui * d + (o - 1) * s + 1, s) for ui, d, o, s in
                       zip(u, spec.dilation, spec.output_size, spec.stride))
        src = img[ci][window]
        hit = src >= 0
        parts.append(np.stack([k * n_o + o_ids[hit], src[hit], np.full(hit.sum(), ker)], axis=1))
    return np.concatenate(parts)


def grad_input_triples(spec: ConvSpec) -> np.ndarray:
    """Triples of the closed-form ``dL/dy``: transposed conv onto the padded input, folded back.

    >>> from convproof.symbolic.indexmap import sorted_rows
    >>> sorted_rows(grad_input_triples(ConvSpec(input_size=3, kernel_size=2))).tolist()
    [[0, 0, 0], [0, 1, 1], [1, 1, 0], [1, 2, 1]]
    """
    onto = spec.replace(input_size=spec.padded_size, padding=0, padding_mode="zeros", padding_value=0,
                        output_padding=spec.restoring_output_padding)
    t = zero_insertion_triples(onto)          # (x padded flat, o, ker)
    src = padded_index_image(spec).ravel()[t[:, 0]]
    keep = src >= 0
    return np.stack([t[keep, 1], src[keep], t[keep, 2]], axis=1)


def grad_weight_triples(spec: ConvSpec) -> np.ndarray:
    """Triples of the closed-form ``dL/df``: ``sum_t ypad[t + u*d] * g_dil[t]`` (``g`` dilated by s).

    >>> from convproof.symbolic.indexmap import sorted_rows
    >>> sorted_rows(grad_weight_triples(ConvSpec(input_size=3, kernel_size=2))).tolist()
    [[0, 0, 0], [0, 1, 1], [1, 1, 0], [1, 2, 1]]
    """
    img = padded_index_image(spec)
    n_o = prod(spec.output_size)
    grown = tuple((o - 1) * s + 1 for o, s in zip(spec.output_size, spec.stride))
    g_dil = np.full(grown, -1, dtype=np.int64)
    g_dil[tuple(slice(None, None, s) for s in spec.stride)] = np.arange(n_o).reshape(spec.output_size)
    parts = []
    for k, ci, ker, u in _taps(spec):
        window = tuple(slice(ui * d, ui * d + n) for ui, d, n in zip(u, spec.dilation, grown))
        src = img[ci][window]
        hit = (g_dil >= 0) & (src >= 0)
        parts.append(np.stack([k * n_o + g_dil[hit], src[hit], np.full(hit.sum(), ker)], axis=1))
    return np.concatenate(parts)


def col2im_triples(spec: ConvSpec) -> np.ndarray:
    """``(x, o, ker)`` triples of the col2im route of the transposed convolution (canvas spec).

    >>> from convproof.symbolic.indexmap import sorted_rows
    >>> sorted_rows(col2im_triples(ConvSpec(input_size=3, kernel_size=2))).tolist()
    [[0, 0, 0], [1, 0, 1], [1, 1, 0], [2, 1, 1]]
    """
    canvas = canvas_spec(spec)
    rows, cols, pads = _im2col_rows_cols(canvas, 10 ** 12)
    kk = prod(spec.kernel_size)
    ci, u = np.divmod(rows, kk)
    n_pad, n_x = prod(canvas.padded_size), prod(canvas.input_size)
    # padded canvas position -> canvas input position (zero padding: inside or dropped)
    multi = np.unravel_index(pads % n_pad, canvas.padded_size)
    inside = np.logical_and.reduce([(m >= lo) & (m < lo + n) for m, (lo, _), n in
                                    zip(multi, canvas.padding, canvas.input_size)])
    x_sp = np.ravel_multi_index(tuple(np.clip(m - lo, 0, n - 1) for m, (lo, _), n in
                                      zip(multi, canvas.padding, canvas.input_size)), canvas.input_size)
    parts = []
    cg, kg = spec.in_per_group, spec.out_per_group
    for kl in range(kg):
        k = (ci // cg) * kg + kl
        o = _canvas_out(spec, canvas, k * prod(canvas.output_size) + cols)
        keep = inside & (o >= 0)
        ker = (k * cg + ci % cg) * kk + u
        parts.append(np.stack([(ci * n_x + x_sp)[keep], o[keep], ker[keep]], axis=1))
    return np.concatenate(parts)
