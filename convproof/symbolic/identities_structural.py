"""Structural (integer-row) proofs of the identities of :mod:`.identities`, fast at 128x128 and beyond.

Each identity is an equality of multilinear maps whose coefficients are products of kernel entries;
it holds exactly when the multisets of rows ``(out, inp, kernel index of each factor)`` of the two
routes are equal. Compositions are joined on the intermediate index with NumPy.
"""

from __future__ import annotations

import time
from math import prod
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..geometry import ConvSpec
from .indexmap import index_map
from .proofs import ProofResult, compare_triples

__all__ = ["grouped_rows", "join", "structural_grouped", "structural_depthwise_separable", "structural_rank1",
           "structural_pointwise", "structural_avg_pool", "structural_max_pool_gradient"]


def grouped_rows(spec: ConvSpec) -> np.ndarray:
    """Triples of the block-diagonal stack: one group's map tiled with channel offsets.

    >>> grouped_rows(ConvSpec(input_size=2, kernel_size=2, in_channels=2, out_channels=2, groups=2)).tolist()
    [[0, 0, 0], [0, 1, 1], [1, 2, 2], [1, 3, 3]]
    """
    one = spec.replace(in_channels=spec.in_per_group, out_channels=spec.out_per_group, groups=1,
                       padding=spec.padding)
    t = index_map(one).triples()
    n_o, n_i = spec.out_per_group * prod(spec.output_size), spec.in_per_group * prod(spec.input_size)
    n_k = spec.out_per_group * spec.in_per_group * prod(spec.kernel_size)
    offsets = np.arange(spec.groups)[:, None] * np.array([n_o, n_i, n_k])[None, :]
    return (t[None, :, :] + offsets[:, None, :]).reshape(-1, 3)


def join(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Compose maps: rows ``(a, mid, *x)`` of ``left`` with ``(mid, b, *y)`` of ``right`` give
    ``(a, b, *x, *y)`` for every pair sharing ``mid``.

    >>> join(np.array([[0, 5, 1]]), np.array([[5, 7, 2], [5, 8, 3], [6, 9, 4]])).tolist()
    [[0, 7, 1, 2], [0, 8, 1, 3]]
    """
    order = np.argsort(right[:, 0], kind="stable")
    r = right[order]
    n_mid = int(max(left[:, 1].max(initial=-1), r[:, 0].max(initial=-1))) + 1
    counts = np.bincount(r[:, 0], minlength=n_mid)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    reps = counts[left[:, 1]]
    li = np.repeat(np.arange(len(left)), reps)
    within = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    ri = starts[left[li, 1]] + within
    return np.concatenate([left[li, :1], r[ri, 1:2], left[li, 2:], r[ri, 2:]], axis=1)


def structural_grouped(spec: ConvSpec) -> ProofResult:
    """Grouped conv = block-diagonal stack, as triples."""
    t0 = time.perf_counter()
    return compare_triples("grouped_is_block_diagonal", {"grouped": index_map(spec).triples(),
                                                         "block_diagonal": grouped_rows(spec)}, spec, t0)


def separable_specs(spec: ConvSpec, out_channels: int, multiplier: int = 1) -> tuple[ConvSpec, ...]:
    """``(depthwise, pointwise, full)`` specs of a depthwise-separable factorisation of ``spec``."""
    m = spec.in_channels
    dw = spec.replace(out_channels=m * multiplier, groups=m, padding=spec.padding)
    pw = ConvSpec(input_size=dw.output_size, kernel_size=(1,) * spec.ndim, in_channels=m * multiplier,
                  out_channels=out_channels)
    return dw, pw, spec.replace(out_channels=out_channels, groups=1, padding=spec.padding)


def structural_depthwise_separable(spec: ConvSpec, out_channels: int, multiplier: int = 1) -> ProofResult:
    """Depthwise then pointwise = one conv with the product kernel, as rows ``(out, inp, p, d)``."""
    t0 = time.perf_counter()
    M = spec.in_channels
    dw, pw, full = separable_specs(spec, out_channels, multiplier)
    d_t = index_map(dw).triples()                                  # (mid, inp, d)
    p_t = index_map(pw).triples()                                  # (out, mid, p)
    composed = join(p_t, d_t)                                      # (out, inp, p, d)
    f_t = index_map(full).triples()                                # (out, inp, (k*M + m)*K + u)
    kk = prod(spec.kernel_size)
    km, u = np.divmod(f_t[:, 2], kk)
    k, m = np.divmod(km, M)
    j = m[:, None] * multiplier + np.arange(multiplier)[None, :]   # depthwise outputs of channel m
    rows = np.stack([np.repeat(f_t[:, 0], multiplier), np.repeat(f_t[:, 1], multiplier),
                     (k[:, None] * (M * multiplier) + j).ravel(), (j * kk + u[:, None]).ravel()], axis=1)
    return compare_triples("depthwise_separable", {"depthwise_then_pointwise": composed,
                                                   "single_conv_product_kernel": rows}, spec, t0,
                           "(out, inp, pointwise, depthwise) rows")


def structural_rank1(spec: ConvSpec) -> ProofResult:
    """2D conv with a rank-1 kernel = column conv then row conv, as rows ``(out, inp, u, v)``."""
    t0 = time.perf_counter()
    (kh, kw), (ph, pw) = spec.kernel_size, spec.padding
    col = ConvSpec(input_size=spec.input_size, kernel_size=(kh, 1), stride=(spec.stride[0], 1),
                   padding=(ph, (0, 0)), dilation=(spec.dilation[0], 1), padding_mode=spec.padding_mode)
    row = ConvSpec(input_size=col.output_size, kernel_size=(1, kw), stride=(1, spec.stride[1]),
                   padding=((0, 0), pw), dilation=(1, spec.dilation[1]), padding_mode=spec.padding_mode)
    t = index_map(spec).triples()
    direct = np.stack([t[:, 0], t[:, 1], t[:, 2] // kw, t[:, 2] % kw], axis=1)
    two = join(index_map(row).triples(), index_map(col).triples())  # (out, inp, v, u)
    return compare_triples("rank1_is_two_1d", {"rank1_kernel": direct, "column_then_row": two[:, [0, 1, 3, 2]]},
                           spec, t0, "(out, inp, u, v) rows")


def structural_pointwise(spec: ConvSpec) -> ProofResult:
    """1x1 conv = channel matrix product at the strided positions, as triples."""
    t0 = time.perf_counter()
    n_o, cg, kg = prod(spec.output_size), spec.in_per_group, spec.out_per_group
    pos = np.arange(n_o)
    src = np.ravel_multi_index(tuple(m * s for m, s in zip(np.unravel_index(pos, spec.output_size), spec.stride)),
                               spec.input_size)
    k, m, p = np.meshgrid(np.arange(spec.out_channels), np.arange(cg), pos, indexing="ij")
    ci = (k // kg) * cg + m
    rows = np.stack([(k * n_o + p).ravel(), (ci * prod(spec.input_size) + src[p]).ravel(), (k * cg + m).ravel()], 1)
    return compare_triples("pointwise_is_matmul", {"conv_1x1": index_map(spec).triples(), "channel_matmul": rows},
                           spec, t0)


def _windows(spec: ConvSpec, fill: Any) -> np.ndarray:
    """Per channel, windows of the padded index image: shape ``(C, *output_size, prod(k))``."""
    ids = np.arange(spec.in_channels * prod(spec.input_size)).reshape(spec.in_channels, *spec.input_size)
    padded = np.pad(ids, [(0, 0)] + [tuple(p) for p in spec.padding], constant_values=fill)
    w = sliding_window_view(padded, spec.kernel_span, axis=tuple(range(1, spec.ndim + 1)))
    w = w[(slice(None), *[slice(None, None, s) for s in spec.stride])]
    w = w[(slice(None), *[slice(0, o) for o in spec.output_size])]
    w = w[(Ellipsis, *[slice(None, None, d) for d in spec.dilation])]
    return w.reshape(*w.shape[:1 + spec.ndim], -1)


def structural_avg_pool(spec: ConvSpec) -> ProofResult:
    """Average pooling windows = depthwise constant-kernel conv: equal ``(out, inp)`` multisets."""
    t0 = time.perf_counter()
    w = _windows(spec, -1)
    out = np.broadcast_to(np.arange(prod(w.shape[:-1])).reshape(w.shape[:-1])[..., None], w.shape)
    keep = w >= 0
    pool = np.stack([out[keep], w[keep]], axis=1)
    t = index_map(spec).triples()
    return compare_triples("avg_pool_is_conv", {"average_pool": pool, "constant_kernel_conv": t[:, :2]}, spec, t0,
                           "(out, inp) pairs (every kernel entry is 1/prod(k))")


def structural_max_pool_gradient(spec: ConvSpec, values: np.ndarray) -> ProofResult:
    """Max-pool gradient at distinct values: ``Heaviside(y_i - Max(others))`` per window = argmax routing."""
    t0 = time.perf_counter()
    w = _windows(spec, -1).reshape(-1, prod(spec.kernel_size))
    v = np.where(w >= 0, values.ravel()[np.maximum(w, 0)], -np.inf)
    n = w.shape[1]
    others = np.stack([np.delete(v, i, axis=1).max(axis=1) if n > 1 else np.full(len(v), -np.inf)
                       for i in range(n)], axis=1)
    r, c = np.nonzero((v - others > 0) & (w >= 0))
    heaviside = np.stack([r, w[r, c]], axis=1)
    best = np.argmax(v, axis=1)
    routed = np.stack([np.arange(len(w)), w[np.arange(len(w)), best]], axis=1)
    return compare_triples("max_pool_gradient_routes_to_argmax", {"heaviside_of_max_derivative": heaviside,
                                                                  "routed_to_argmax": routed}, spec, t0,
                           "(out, inp) gradient routes")

