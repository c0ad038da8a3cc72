"""Structural identities: dilated, grouped, depthwise-separable, rank-1 separable and 1x1 convolutions.

Each is proven symbolically (SymPy arrays compared term by term with the symbolic engine's
``compare_arrays``) and cross-checked on integers between the reference loops and the fast path.
The factorised side is built here from the engines' plain convolutions (the symbolic engine has no
dedicated constructions for these; these adapters are the statements' own).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ... import numeric
from ...geometry import ConvSpec
from ...numeric import reference
from ..compare import compare
from ..registry import register
from ..statement import Comparison, Statement
from ._common import EXAMPLES, SYMBOLIC_LIMIT, draw_conv, numeric_call, proof_check, small_specs

SYMBOLIC = ("convproof.symbolic",)


def _proof(name: str, routes: dict, spec: ConvSpec) -> Comparison:
    from ...symbolic.proofs import compare_arrays

    return proof_check(compare_arrays(name, routes, spec))


def _sym(shape, letter: str) -> np.ndarray:
    return np.array([sp.Symbol(f"{letter}_{{{i + 1}}}") for i in range(math.prod(shape))],
                    dtype=object).reshape(shape)


# --- dilated convolution = convolution with a zero-inserted kernel ---------------------------------
def zero_inserted(spec: ConvSpec, w: np.ndarray) -> tuple[ConvSpec, np.ndarray]:
    out = np.zeros(w.shape[:2] + spec.kernel_span, dtype=w.dtype)
    if w.dtype == object:
        out[...] = sp.S.Zero
    out[(slice(None), slice(None), *[slice(None, None, d) for d in spec.dilation])] = w
    return spec.replace(kernel_size=spec.kernel_span, dilation=1, padding=spec.padding), out


def prove_dilated(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    if spec.replace(kernel_size=spec.kernel_span, dilation=1, padding=spec.padding).products > SYMBOLIC_LIMIT:
        return []
    w = S.kernel_symbols(spec)
    zspec, wz = zero_inserted(spec, w)
    return [_proof("dilated", {"dilated kernel": S.conv(spec, weight=w),
                               "zero-inserted kernel": S.conv(zspec, weight=wz)}, spec)]


def crosscheck_dilated(spec: ConvSpec, inputs) -> Comparison:
    a = draw_conv(spec, inputs, batch=2)
    zspec, wz = zero_inserted(spec, a["weight"])
    return compare("fast dilated vs reference zero-inserted kernel", numeric_call(numeric.conv, spec, "conv", a),
                   numeric_call(reference.conv, zspec, "conv", {**a, "weight": wz}))


register(Statement(
    name="dilated.zero_inserted_kernel",
    latex=r"y \star_{d} f = y \star \tilde f,\quad \tilde f_{(u-1)d+1} = f_u,\ \text{other entries } 0",
    description="A dilated convolution equals an ordinary convolution whose kernel has d-1 zeros inserted "
                "between taps (span d(k-1)+1), for every padding mode.",
    space=lambda mode: small_specs(mode, dilations=(2, 3), padding_modes=("zeros", "reflect", "replicate",
                                                                         "circular", "constant")),
    prove=prove_dilated, crosscheck=crosscheck_dilated, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic", "reference", "fast"), source="seed 001 dilated convolution"))


# --- grouped convolution = block-diagonal stack ----------------------------------------------------
def _group_parts(spec: ConvSpec, x, w, g: int):
    cg, kg = spec.in_per_group, spec.out_per_group
    sub = spec.replace(in_channels=cg, out_channels=kg, groups=1, padding=spec.padding)
    return sub, x[:, g * cg:(g + 1) * cg], w[g * kg:(g + 1) * kg]


def block_diagonal(spec: ConvSpec, w: np.ndarray) -> np.ndarray:
    full = np.zeros((spec.out_channels, spec.in_channels, *spec.kernel_size), dtype=w.dtype)
    cg, kg = spec.in_per_group, spec.out_per_group
    for g in range(spec.groups):
        full[g * kg:(g + 1) * kg, g * cg:(g + 1) * cg] = w[g * kg:(g + 1) * kg]
    return full


def prove_grouped(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    if spec.replace(groups=1, padding=spec.padding).products > SYMBOLIC_LIMIT:
        return []
    T = S.toeplitz(spec)
    w = S.kernel_symbols(spec)
    blocks = [S.toeplitz(sub, weight=wg) for sub, _, wg in
              (_group_parts(spec, np.zeros((1, spec.in_channels)), w, g) for g in range(spec.groups))]
    D = sp.diag(*blocks)
    return [Comparison("symbolic T(grouped) == diag(T(group 1), ..., T(group g))", T.shape == D.shape and T == D)]


def crosscheck_grouped(spec: ConvSpec, inputs) -> list[Comparison]:
    a = draw_conv(spec, inputs, batch=2, bias=False)
    out = numeric_call(numeric.conv, spec, "conv", a)
    parts = [numeric_call(reference.conv, sub, "conv", {"input": xg, "weight": wg})
             for sub, xg, wg in (_group_parts(spec, a["input"], a["weight"], g) for g in range(spec.groups))]
    full = spec.replace(groups=1, padding=spec.padding)
    dense = numeric_call(reference.conv, full, "conv", {"input": a["input"], "weight": block_diagonal(spec, a["weight"])})
    return [compare("fast grouped vs per-group reference convolutions stacked", out, np.concatenate(parts, axis=1)),
            compare("fast grouped vs reference with block-diagonal dense kernel", out, dense)]


register(Statement(
    name="grouped.block_diagonal",
    latex=r"T_{groups=g} = \mathrm{diag}\big(T^{(1)}, \dots, T^{(g)}\big),\quad "
          r"F^{s,m'k'}_{uv}\ \text{for group } s",
    description="A grouped convolution is the block-diagonal stack of g independent convolutions (each "
                "C_in/g -> C_out/g), i.e. a dense convolution whose kernel is zero off the diagonal blocks.",
    space=lambda mode: small_specs(mode, groups=(2, 3), padding_modes=("zeros", "reflect", "circular")),
    prove=prove_grouped, crosscheck=crosscheck_grouped, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic block matrix", "reference per group", "reference dense", "fast"),
    source="seed 001 grouped convolution; seed 003"))


# --- depthwise-separable = depthwise then 1x1 ------------------------------------------------------
def _dw_specs(spec: ConvSpec) -> tuple[ConvSpec, ConvSpec, ConvSpec]:
    c = spec.in_channels
    dw = spec.replace(out_channels=c, groups=c, padding=spec.padding)
    pw = ConvSpec(input_size=dw.output_size, kernel_size=(1,) * spec.ndim, in_channels=c,
                  out_channels=spec.out_channels)
    return dw, pw, spec.replace(groups=1, padding=spec.padding)


def merged_kernel(D: np.ndarray, P: np.ndarray) -> np.ndarray:
    """``W[k, m, u] = P[k, m] * D[m, 0, u]``: the dense kernel of depthwise-then-pointwise."""
    return P.reshape(P.shape[0], P.shape[1], *([1] * (D.ndim - 2))) * D[:, 0][None]


def prove_dws(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    dw, pw, full = _dw_specs(spec)
    if full.products > SYMBOLIC_LIMIT:
        return []
    D, P = _sym(dw.weight_shape, "d"), _sym(pw.weight_shape, "p")
    two = S.conv(pw, y=S.conv(dw, weight=D), weight=P)
    return [_proof("depthwise_separable", {"pointwise(depthwise(y))": two,
                                           "conv with W=P*D": S.conv(full, weight=merged_kernel(D, P))}, spec)]


def crosscheck_dws(spec: ConvSpec, inputs) -> Comparison:
    dw, pw, full = _dw_specs(spec)
    x = inputs.ints("y", spec.input_shape(2))
    D, P = inputs.ints("D", dw.weight_shape), inputs.ints("P", pw.weight_shape)
    two = numeric.conv(numeric_call(numeric.conv, dw, "conv", {"input": x, "weight": D}), P)
    return compare("fast depthwise then 1x1 vs reference dense conv with W=P*D", two,
                   numeric_call(reference.conv, full, "conv", {"input": x, "weight": merged_kernel(D, P)}))


register(Statement(
    name="depthwise_separable.factorization",
    latex=r"\mathrm{conv}_{1\times1}^{P}\big(\mathrm{dw}^{D}(y)\big) = \mathrm{conv}^{W}(y),\quad "
          r"W^{mk}_{u} = P^{mk} D^{m}_{u}",
    description="Depthwise convolution (groups = C_in) followed by a 1x1 convolution equals one dense "
                "convolution whose kernel factorises as W[k,m,u] = P[k,m] D[m,u].",
    space=lambda mode: small_specs(mode, groups=(1,), max_channels=3,
                                   padding_modes=("zeros", "reflect", "replicate", "circular")),
    prove=prove_dws, crosscheck=crosscheck_dws, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic", "reference", "fast"), source="seed 001 depthwise-separable; seed 003"))


# --- rank-1 kernel = two 1D convolutions ------------------------------------------------------------
def _rank1_specs(spec: ConvSpec) -> tuple[ConvSpec, ConvSpec]:
    (kh, kw), (sh, sw), (dh, dw), (ph, pw) = spec.kernel_size, spec.stride, spec.dilation, spec.padding
    rows = spec.replace(kernel_size=(kh, 1), stride=(sh, 1), dilation=(dh, 1), padding=(ph, (0, 0)))
    cols = ConvSpec(input_size=rows.output_size, kernel_size=(1, kw), stride=(1, sw), dilation=(1, dw),
                    padding=((0, 0), pw), padding_mode=spec.padding_mode)
    return rows, cols


def prove_rank1(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    if spec.products > SYMBOLIC_LIMIT:
        return []
    rows, cols = _rank1_specs(spec)
    a, b = _sym((1, 1, spec.kernel_size[0], 1), "a"), _sym((1, 1, 1, spec.kernel_size[1]), "b")
    two = S.conv(cols, y=S.conv(rows, weight=a), weight=b)
    return [_proof("rank1", {"conv(conv(y, a), b)": two, "conv(y, a b^T)": S.conv(spec, weight=a * b)}, spec)]


def crosscheck_rank1(spec: ConvSpec, inputs) -> Comparison:
    rows, cols = _rank1_specs(spec)
    x = inputs.ints("y", spec.input_shape(2))
    a, b = inputs.ints("a", (1, 1, spec.kernel_size[0], 1)), inputs.ints("b", (1, 1, 1, spec.kernel_size[1]))
    two = numeric_call(numeric.conv, cols, "conv", {"input": numeric_call(numeric.conv, rows, "conv",
                                                                          {"input": x, "weight": a}), "weight": b})
    return compare("fast column conv then row conv vs reference conv with a b^T", two,
                   numeric_call(reference.conv, spec, "conv", {"input": x, "weight": a * b}))


register(Statement(
    name="separable.rank1",
    latex=r"y \star (a\,b^{\top}) = \big(y \star a\big) \star b^{\top}",
    description="A 2D convolution with a rank-1 kernel a b^T equals a k_h x 1 convolution with a followed by "
                "a 1 x k_w convolution with b (stride, dilation and padding split per axis; any padding mode "
                "except a non-zero constant).",
    space=lambda mode: small_specs(mode, dims=(2,), groups=(1,), max_channels=1,
                                   padding_modes=("zeros", "reflect", "replicate", "circular")),
    prove=prove_rank1, crosscheck=crosscheck_rank1, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic", "reference", "fast"), source="seed 001/003 spatially separable convolution"))


# --- 1x1 convolution = matrix product over channels ------------------------------------------------
def pointwise_specs(mode: str) -> st.SearchStrategy:
    return small_specs(mode, max_kernel=1, dilations=(1,), groups=(1,), max_channels=3, padding=("zero",))


def prove_pointwise(spec: ConvSpec) -> Comparison:
    from ... import symbolic as S

    y, w = S.input_symbols(spec), S.kernel_symbols(spec)
    sub = y[(slice(None), *[slice(None, None, s) for s in spec.stride])].reshape(spec.in_channels, -1)
    Z = sp.Matrix(w.reshape(spec.out_channels, -1).tolist()) * sp.Matrix(sub.tolist())
    return _proof("pointwise", {"conv": S.conv(spec, y=y, weight=w),
                                "W Y": np.array(Z.tolist(), dtype=object).reshape(spec.output_shape(1)[1:])}, spec)


def crosscheck_pointwise(spec: ConvSpec, inputs) -> Comparison:
    x, w = inputs.ints("y", spec.input_shape(2)), inputs.ints("f", spec.weight_shape)
    sub = x[(slice(None), slice(None), *[slice(None, None, s) for s in spec.stride])]
    prod = np.einsum("km,nm...->nk...", w.reshape(spec.out_channels, spec.in_channels), sub)
    return compare("fast 1x1 conv vs channel matrix product", numeric_call(numeric.conv, spec, "conv",
                                                                           {"input": x, "weight": w}), prod)


register(Statement(
    name="pointwise.matrix_product",
    latex=r"z^{k}_{i} = \sum_{m} F^{mk} y^{m}_{is} \iff Z = W\,Y_{:, ::s}",
    description="A 1x1 convolution is a matrix product over channels at every (strided) position.",
    space=pointwise_specs, prove=prove_pointwise, crosscheck=crosscheck_pointwise, examples=EXAMPLES,
    requires=SYMBOLIC, oracles=("symbolic matrix product", "numpy einsum", "fast"),
    source="seed 001/003 1x1 convolution"))
