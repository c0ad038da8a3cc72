"""Seed 001's convolution variants computed: identities proven on small examples, parameter counts.

Rendered by the ``layers`` report (:mod:`convproof.reports.layers`): depthwise-separable equals one
convolution with the factored kernel ``F^{mk}_{u} = P^{mk} D^{m}_{u}``; dilated and transposed
convolution equal their zero-insertion descriptions; parameter counts three ways (the formula,
:mod:`convproof.geometry.params`, the weight shapes); the seed's weight-sharing ratios.
"""

from __future__ import annotations

from math import prod

import numpy as np
import sympy as sp

from .. import symbolic as S
from ..geometry import (ConvSpec, conv_params, depthwise_params, depthwise_separable_params,
                        fully_connected_params, locally_connected_params, pointwise_params)

__all__ = ["COUNT_VALUES", "count_rows", "separable_identity", "dilation_identity", "transposed_identity",
           "sharing_rows"]

M, K, p, q, g = sp.symbols("M K p q g", positive=True, integer=True)
COUNT_VALUES = {M: 32, K: 64, p: 3, q: 3, g: 4}


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=object).ravel(), np.asarray(b, dtype=object).ravel()
    return a.shape == b.shape and all(sp.expand(x - y) == 0 for x, y in zip(a, b))


def count_rows() -> list[tuple[str, str, sp.Expr, int, int, int]]:
    """``(name en, name ru, formula, formula value, geometry value, weight-shape count)`` per layer type."""
    v = {s.name: int(val) for s, val in COUNT_VALUES.items()}
    m, k, kk, gg = v["M"], v["K"], (v["p"], v["q"]), v["g"]

    def shapes(*specs: ConvSpec) -> int:
        return sum(prod(s.weight_shape) + s.out_channels for s in specs)

    grid = ConvSpec((8, 8), kk, in_channels=m, out_channels=k)
    rows = [
        ("standard (seed 001)", "обычная (семинар 001)", M * K * p * q + K, conv_params(m, k, kk), shapes(grid)),
        (f"grouped, $g = {gg}$", f"групповая, $g = {gg}$", M / g * K * p * q + K, conv_params(m, k, kk, gg),
         shapes(grid.replace(groups=gg))),
        ("depthwise ($K = M$)", "поканальная ($K = M$)", M * p * q + M, depthwise_params(m, kk),
         shapes(grid.replace(out_channels=m, groups=m))),
        ("pointwise $1 \\times 1$", "точечная $1 \\times 1$", M * K + K, pointwise_params(m, k),
         shapes(grid.replace(kernel_size=(1, 1)))),
        ("depthwise separable", "поканально разделяемая", M * p * q + M + M * K + K,
         depthwise_separable_params(m, k, kk),
         shapes(grid.replace(out_channels=m, groups=m), grid.replace(in_channels=m, kernel_size=(1, 1)))),
    ]
    return [(en, ru, f, int(f.subs(COUNT_VALUES)), geo, shp) for en, ru, f, geo, shp in rows]


def separable_identity(m: int = 2, k: int = 3, n: int = 3, ksize: int = 2) -> tuple[bool, np.ndarray, np.ndarray]:
    """Depthwise then pointwise equals one conv with ``F[k, m, u] = P[k, m] * D[m, 0, u]`` (no biases)."""
    dw = ConvSpec(n, ksize, in_channels=m, out_channels=m, groups=m)
    pw = ConvSpec(dw.output_size, 1, in_channels=m, out_channels=k)
    full = ConvSpec(n, ksize, in_channels=m, out_channels=k)
    D = S.kernel_symbols(dw, S.Notation(kernel="D"))
    P = S.kernel_symbols(pw, S.Notation(kernel="P"))
    y = S.input_symbols(dw)
    two = S.conv_direct(pw, S.conv_direct(dw, y, D), P)
    F = np.empty(full.weight_shape, dtype=object)
    for kk, mm, u in np.ndindex(*full.weight_shape):
        F[kk, mm, u] = P[kk, mm, 0] * D[mm, 0, u]
    one = S.conv_direct(full, y, F)
    return _same(two, one), two, F


def dilation_identity(n: int = 7, ksize: int = 3, d: int = 2) -> tuple[bool, np.ndarray, np.ndarray]:
    """A dilated conv equals the conv with ``d - 1`` zeros inserted between the kernel taps."""
    spec = ConvSpec(n, ksize, dilation=d)
    f = S.kernel_symbols(spec)
    wide = np.zeros((1, 1, d * (ksize - 1) + 1), dtype=object)
    wide[0, 0, ::d] = f[0, 0]
    plain = ConvSpec(n, wide.shape[-1])
    return _same(S.conv_direct(spec), S.conv_direct(plain, weight=wide)), wide[0, 0], S.conv_direct(spec)[0]


def transposed_identity(n: int = 5, ksize: int = 3, s: int = 2) -> tuple[bool, np.ndarray, np.ndarray]:
    """Transposed conv (matrix route) equals zero insertion: ``s - 1`` zeros between the z, full padding,
    flipped kernel."""
    spec = ConvSpec(n, ksize, stride=s)
    z = S.output_symbols(spec)
    inserted = S.backprop.dilate(z, spec.stride)
    padded = np.pad(inserted, [(0, 0), (ksize - 1, ksize - 1)], constant_values=sp.S.Zero)
    by_matrix = S.conv_transpose(spec, method="matrix")
    return _same(by_matrix, S.conv_transpose(spec, method="zero_insertion")), padded[0], by_matrix[0]


def sharing_rows() -> list[tuple[str, int, int, bool]]:
    """Seed 001's sharing ratios (``d1=3``, ``8x8`` input, ``3x3`` kernel, ``d2=4``): claimed vs computed."""
    d1, w1, w, d2 = 3, 8, 3, 4
    spec = ConvSpec((w1, w1), (w, w), in_channels=d1, out_channels=d2)
    w2 = spec.output_size[0]
    n_c = conv_params(d1, d2, w, bias=False)
    n_lc = locally_connected_params(d1, d2, w, spec.output_size, bias=False)
    n_fc = fully_connected_params(d1 * w1 * w1, d2 * w2 * w2, bias=False)
    return [("N_{lc} / N_c = w_2 h_2", w2 * w2, n_lc // n_c, n_lc % n_c == 0),
            ("N_{fc} / N_c = w_1 h_1 w_2 h_2 / (w h)", w1 * w1 * w2 * w2 // (w * w), n_fc // n_c, n_fc % n_c == 0)]
