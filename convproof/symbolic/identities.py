"""Identities between convolution variants, each proven by two routes (results: :class:`ProofResult`).

* dilated convolution = convolution with the zero-inserted kernel (seed 001: ``d-1`` zeros between taps);
* grouped convolution = block-diagonal stack of per-group convolution matrices;
* depthwise-separable = depthwise then 1x1 = one convolution with kernel ``W[k,m,u] = sum_j P[k,j] D[j,u]``;
* rank-1 (spatially separable) kernel ``f_{uv} = alpha_u beta_v`` = a column conv then a row conv;
* 1x1 convolution = a matrix product over channels at every position;
* average pooling = depthwise convolution with the constant kernel ``1/prod(k)`` (``count_include_pad``);
* the gradient of max pooling routes ``g`` to the argmax of each window.

Every ``prove_*`` takes ``method="symbolic"`` (SymPy expressions compared term by term; small sizes) or
``method="structural"`` (integer rows compared, :mod:`.identities_structural`; 128x128 in well under a
second per identity).
"""

from __future__ import annotations

import time
from math import prod
from typing import Any, Optional, Sequence

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import as_int, check_spec
from ..values import as_values
from .forward import conv_direct
from .indexmap import index_map
from .matrices import toeplitz
from . import identities_structural as _st
from .proofs import ProofResult, _method, compare_arrays, compare_triples
from .symbols import Notation, input_symbols, kernel_symbols, symbol_array

__all__ = ["prove_dilated_is_zero_inserted", "prove_grouped_is_block_diagonal", "prove_depthwise_separable",
           "prove_rank1_is_two_1d", "prove_pointwise_is_matmul", "prove_avg_pool_is_conv",
           "prove_max_pool_gradient_routes_to_argmax", "zero_inserted_kernel", "max_pool_symbolic"]


def zero_inserted_kernel(spec: ConvSpec, weight: Any = None) -> np.ndarray:
    """The undilated kernel of size ``d(k-1)+1`` holding ``f`` at multiples of ``d`` and 0 between.

    >>> zero_inserted_kernel(ConvSpec(input_size=7, kernel_size=3, dilation=2))[0, 0]
    array([f_{1}, 0, f_{2}, 0, f_{3}], dtype=object)
    """
    check_spec(spec)
    w = kernel_symbols(spec) if weight is None else as_values("weight", weight)
    big = np.full((*w.shape[:2], *spec.kernel_span), sp.S.Zero, dtype=object)
    big[(slice(None), slice(None), *[slice(None, None, d) for d in spec.dilation])] = w
    return big


def prove_dilated_is_zero_inserted(spec: ConvSpec, method: str = "symbolic") -> ProofResult:
    """Dilated conv = undilated conv with the zero-inserted kernel (same stride, padding, channels).

    >>> prove_dilated_is_zero_inserted(ConvSpec(input_size=(6, 7), kernel_size=(2, 3), dilation=(3, 2))).holds
    True
    """
    check_spec(spec)
    _method(method)
    t0 = time.perf_counter()
    big = spec.replace(kernel_size=spec.kernel_span, dilation=1, padding=spec.padding,
                       output_padding=0)
    if method == "structural":
        m, mb = index_map(spec), index_map(big)
        multi = list(np.unravel_index(m.ker, spec.weight_shape))
        for a, d in enumerate(spec.dilation):
            multi[2 + a] = multi[2 + a] * d
        remapped = np.ravel_multi_index(tuple(multi), big.weight_shape)
        keep = np.ones(len(mb), bool)
        bm = np.unravel_index(mb.ker, big.weight_shape)
        for a, d in enumerate(spec.dilation):
            keep &= bm[2 + a] % d == 0
        a_t = np.stack([m.out, m.padded, remapped], 1)
        b_t = np.stack([mb.out[keep], mb.padded[keep], mb.ker[keep]], 1)
        return compare_triples("dilated_is_zero_inserted", {"dilated": a_t, "zero_inserted_kernel": b_t}, spec, t0)
    routes = {"dilated": conv_direct(spec), "zero_inserted_kernel": conv_direct(big, weight=zero_inserted_kernel(spec))}
    return compare_arrays("dilated_is_zero_inserted", routes, spec, t0)


def prove_grouped_is_block_diagonal(spec: ConvSpec, method: str = "symbolic") -> ProofResult:
    """``toeplitz(spec)`` of a grouped conv = block-diagonal of the per-group convolution matrices.

    >>> prove_grouped_is_block_diagonal(ConvSpec(input_size=4, kernel_size=2, in_channels=4, out_channels=6,
    ...                                          groups=2)).holds
    True
    """
    check_spec(spec)
    if _method(method) == "structural":
        return _st.structural_grouped(spec)
    t0 = time.perf_counter()
    w = kernel_symbols(spec)
    one = spec.replace(in_channels=spec.in_per_group, out_channels=spec.out_per_group, groups=1,
                       padding=spec.padding)
    kg = spec.out_per_group
    blocks = [toeplitz(one, weight=w[g * kg:(g + 1) * kg]) for g in range(spec.groups)]
    T = toeplitz(spec)
    B = sp.diag(*blocks) if len(blocks) > 1 else blocks[0]
    a = np.array(T.tolist(), dtype=object) if T.shape != (0, 0) else np.zeros((0, 0), object)
    return compare_arrays("grouped_is_block_diagonal", {"grouped_toeplitz": a,
                                                         "block_diagonal": np.array(B.tolist(), dtype=object)},
                          spec, t0)


def prove_depthwise_separable(spec: ConvSpec, out_channels: int, multiplier: int = 1,
                              method: str = "symbolic") -> ProofResult:
    """Depthwise (``groups = C_in``) then pointwise 1x1 = one conv with the product kernel.

    ``spec`` gives input, kernel, stride, padding, dilation and ``in_channels``; its channel fields
    for the output are replaced.

    >>> prove_depthwise_separable(ConvSpec(input_size=4, kernel_size=3, in_channels=2), out_channels=3).holds
    True
    """
    check_spec(spec)
    if _method(method) == "structural":
        return _st.structural_depthwise_separable(spec, out_channels, multiplier)
    t0 = time.perf_counter()
    M = spec.in_channels
    dw, pw, full = _st.separable_specs(spec, out_channels, multiplier)
    D = kernel_symbols(dw)
    P = kernel_symbols(pw, Notation(kernel="p"))
    y = input_symbols(spec)
    composed = conv_direct(pw, y=conv_direct(dw, y=y, weight=D), weight=P)
    W = np.empty(full.weight_shape, dtype=object)
    for k, m in np.ndindex(out_channels, M):
        for u in np.ndindex(*spec.kernel_size):
            W[(k, m, *u)] = sp.Add(*[P[(k, j, *(0,) * spec.ndim)] * D[(j, 0, *u)]
                                     for j in range(m * multiplier, (m + 1) * multiplier)])
    return compare_arrays("depthwise_separable", {"depthwise_then_pointwise": composed,
                                                  "single_conv_product_kernel": conv_direct(full, y=y, weight=W)},
                          spec, t0)


def prove_rank1_is_two_1d(spec: ConvSpec, method: str = "symbolic") -> ProofResult:
    """2D conv with ``f_{uv} = alpha_u beta_v`` = conv with column ``alpha`` then with row ``beta``.

    Holds for zero, reflect, replicate and circular padding (separable padding); not for constant
    padding with a nonzero value.

    >>> prove_rank1_is_two_1d(ConvSpec(input_size=(4, 5), kernel_size=(3, 2), stride=(2, 1), padding=1)).holds
    True
    """
    check_spec(spec)
    if spec.ndim != 2 or spec.in_channels != 1 or spec.out_channels != 1:
        raise fail("spec", spec.describe(), "the rank-1 identity is stated for one-channel 2D convolutions")
    if spec.padding_mode == "constant" and spec.padding_value != 0:
        raise fail("padding_mode", "constant", "constant padding with a nonzero value is not separable")
    if _method(method) == "structural":
        return _st.structural_rank1(spec)
    t0 = time.perf_counter()
    (kh, kw), (ph, pw) = spec.kernel_size, spec.padding
    alpha = symbol_array(r"\alpha", (kh,))
    beta = symbol_array(r"\beta", (kw,))
    y = input_symbols(spec)
    W = np.outer(alpha, beta).reshape(1, 1, kh, kw)
    col = ConvSpec(input_size=spec.input_size, kernel_size=(kh, 1), stride=(spec.stride[0], 1),
                   padding=(ph, (0, 0)), dilation=(spec.dilation[0], 1), padding_mode=spec.padding_mode)
    row = ConvSpec(input_size=col.output_size, kernel_size=(1, kw), stride=(1, spec.stride[1]),
                   padding=((0, 0), pw), dilation=(1, spec.dilation[1]), padding_mode=spec.padding_mode)
    two = conv_direct(row, y=conv_direct(col, y=y, weight=alpha.reshape(1, 1, kh, 1)),
                      weight=beta.reshape(1, 1, 1, kw))
    return compare_arrays("rank1_is_two_1d", {"rank1_kernel": conv_direct(spec, y=y, weight=W),
                                              "column_then_row": two}, spec, t0)


def prove_pointwise_is_matmul(spec: ConvSpec, method: str = "symbolic") -> ProofResult:
    """A 1x1 conv (no padding) = ``W (C_out x C_in) @ Y (C_in x positions)`` at the strided positions.

    >>> prove_pointwise_is_matmul(ConvSpec(input_size=(2, 3), kernel_size=(1, 1), in_channels=3,
    ...                                    out_channels=2)).holds
    True
    """
    check_spec(spec)
    if any(k != 1 for k in spec.kernel_size) or any(p != (0, 0) for p in spec.padding):
        raise fail("spec", spec.describe(), "needs kernel_size 1 and padding 0")
    if _method(method) == "structural":
        return _st.structural_pointwise(spec)
    t0 = time.perf_counter()
    w = kernel_symbols(spec).reshape(spec.out_channels, spec.in_per_group)
    Wfull = sp.zeros(spec.out_channels, spec.in_channels)
    kg, cg = spec.out_per_group, spec.in_per_group
    for k in range(spec.out_channels):
        for m in range(cg):
            Wfull[k, (k // kg) * cg + m] = w[k, m]
    y = input_symbols(spec)
    picked = y[(slice(None), *[slice(None, (o - 1) * s + 1, s) for o, s in zip(spec.output_size, spec.stride)])]
    Z = Wfull * sp.Matrix(picked.reshape(spec.in_channels, -1).tolist())
    prod_arr = np.array(Z.tolist(), dtype=object).reshape(spec.out_channels, *spec.output_size)
    return compare_arrays("pointwise_is_matmul", {"conv_1x1": conv_direct(spec), "channel_matmul": prod_arr},
                          spec, t0)


def _pool_spec(input_size: Any, kernel_size: Any, stride: Any, padding: Any, channels: int) -> ConvSpec:
    return ConvSpec(input_size=input_size, kernel_size=kernel_size,
                    stride=kernel_size if stride is None else stride, padding=padding,
                    in_channels=channels, out_channels=channels, groups=channels)


def prove_avg_pool_is_conv(input_size: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
                           channels: int = 1, method: str = "symbolic") -> ProofResult:
    """Average pooling (zero padding counted, ``count_include_pad=True``) = depthwise conv, kernel ``1/prod(k)``.

    >>> prove_avg_pool_is_conv((4, 4), (2, 2)).holds
    True
    """
    spec = _pool_spec(input_size, kernel_size, stride, padding, channels)
    if _method(method) == "structural":
        return _st.structural_avg_pool(spec)
    t0 = time.perf_counter()
    y = input_symbols(spec)
    ypad = np.full((channels, *spec.padded_size), sp.S.Zero, dtype=object)
    ypad[(slice(None), *[slice(lo, lo + n) for (lo, _), n in zip(spec.padding, spec.input_size)])] = y
    n = prod(spec.kernel_size)
    pooled = np.empty((channels, *spec.output_size), dtype=object)
    for c in range(channels):
        for o in np.ndindex(*spec.output_size):
            window = tuple(slice(oi * s, oi * s + k) for oi, s, k in zip(o, spec.stride, spec.kernel_size))
            pooled[(c, *o)] = sp.Add(*ypad[c][window].ravel()) / n
    weight = np.full(spec.weight_shape, sp.Rational(1, n), dtype=object)
    return compare_arrays("avg_pool_is_conv", {"average_pool": pooled,
                                               "constant_kernel_conv": conv_direct(spec, y=y, weight=weight)},
                          spec, t0)


def max_pool_symbolic(spec: ConvSpec, y: Any = None) -> np.ndarray:
    """``Max`` over every window (padding reads ``-oo``), as SymPy expressions.

    >>> max_pool_symbolic(_pool_spec(4, 2, None, 0, 1))
    array([[Max(y_{1}, y_{2}), Max(y_{3}, y_{4})]], dtype=object)
    """
    check_spec(spec)
    y = input_symbols(spec) if y is None else as_values("y", y)
    ypad = np.full((spec.in_channels, *spec.padded_size), sp.S.NegativeInfinity, dtype=object)
    ypad[(slice(None), *[slice(lo, lo + n) for (lo, _), n in zip(spec.padding, spec.input_size)])] = y
    out = np.empty((spec.in_channels, *spec.output_size), dtype=object)
    for c in range(spec.in_channels):
        for o in np.ndindex(*spec.output_size):
            window = tuple(slice(oi * s, oi * s + (k - 1) * d + 1, d)
                           for oi, s, k, d in zip(o, spec.stride, spec.kernel_size, spec.dilation))
            out[(c, *o)] = sp.Max(*ypad[c][window].ravel())
    return out


def prove_max_pool_gradient_routes_to_argmax(input_size: Any, kernel_size: Any, stride: Any = None,
                                             padding: Any = 0, channels: int = 1,
                                             values: Optional[Sequence[int]] = None, seed: int = 0,
                                             method: str = "symbolic") -> ProofResult:
    """``d/dy sum(g * maxpool(y))`` by SymPy ``diff`` of ``Max`` at distinct integer inputs = ``g`` routed
    to each window's argmax.

    ``values`` (distinct integers, ``channels * prod(input_size)`` of them) default to a seeded
    permutation. At ties SymPy's ``Heaviside(0) = 1/2`` splits the gradient, so ties are refused.

    >>> prove_max_pool_gradient_routes_to_argmax((4, 4), (2, 2)).holds
    True
    """
    t0 = time.perf_counter()
    spec = _pool_spec(input_size, kernel_size, stride, padding, channels)
    n = channels * prod(spec.input_size)
    vals = (np.random.default_rng(seed).permutation(n) + 1) if values is None else np.array(
        [as_int("values", v) for v in as_values("values", values).ravel()], dtype=object)
    if vals.size != n or len(set(vals.ravel().tolist())) != n:
        raise fail("values", values, f"must be {n} distinct integers (ties make the max non-differentiable)")
    vals = vals.reshape(channels, *spec.input_size)
    if _method(method) == "structural":
        return _st.structural_max_pool_gradient(spec, vals)
    y = input_symbols(spec)
    g = symbol_array("g", (channels, *spec.output_size), channel_axes=1,
                     sup=(lambda h: [str(h[0] + 1)] if channels > 1 else []))
    L = sp.Add(*[gi * zi for gi, zi in zip(g.ravel(), max_pool_symbolic(spec, y).ravel())])
    at = dict(zip(y.ravel(), (sp.Integer(int(v)) for v in vals.ravel())))
    by_diff = np.array([sp.diff(L, yi).xreplace(at).doit() for yi in y.ravel()], dtype=object).reshape(y.shape)
    routed = np.full(y.shape, sp.S.Zero, dtype=object)
    for c in range(channels):
        for o in np.ndindex(*spec.output_size):
            best = _argmax(vals[c], o, spec)
            routed[(c, *best)] = routed[(c, *best)] + g[(c, *o)]
    return compare_arrays("max_pool_gradient_routes_to_argmax", {"sympy_diff_of_max": by_diff,
                                                                 "routed_to_argmax": routed}, spec, t0)


def _argmax(v: np.ndarray, o: tuple[int, ...], spec: ConvSpec) -> tuple[int, ...]:
    best, where = None, None
    for u in np.ndindex(*spec.kernel_size):
        p = tuple(oi * s + ui * d - lo for oi, ui, s, d, (lo, _) in
                  zip(o, u, spec.stride, spec.dilation, spec.padding))
        if all(0 <= pi < n for pi, n in zip(p, spec.input_size)) and (best is None or v[p] > best):
            best, where = v[p], p
    return where
