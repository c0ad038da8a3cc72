r"""Seed 000's statements about sizes, shapes and rules, each recomputed (the text around eqs. 2, 6-9, 3.1, 3.3).

The statements are input data (:data:`convproof.seeds.seed000.REMARKS`); the truth is
computed here with :mod:`convproof.symbolic` (matrices of the seed's examples, the layer's output),
:mod:`convproof.geometry` (output sizes) and :func:`convproof.symbolic.backprop.sharing_rule` (untied
kernel copies); a statement holds when the computation agrees with it.

>>> [(c.statement.line, c.holds) for c in statement_checks()]  # doctest: +NORMALIZE_WHITESPACE
[(70, False), (98, False), (109, True), (123, False), (190, False), (190, False), (200, True), (210, True),
 (210, False), (212, False), (216, False)]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .. import symbolic as S
from ..errors import ConvProofError, fail
from ..geometry import ConvSpec, conv_output_size
from .seed000 import REMARKS, Remark, parse_dims
from .seed000_errata import EXAMPLES, SHARING_SPEC

__all__ = [
    "BATCH",
    "BATCH_SPEC",
    "EQ2_SPEC",
    "TextVerdict",
    "batch_matrices",
    "out_size",
    "quantities",
    "seed_conv_formula",
    "statement_checks",
    "stride_sizes",
]

EQ2_SPEC = ConvSpec((3, 3), (2, 2), in_channels=2)  # eq. (2) with D = 2 input channels and one filter
BATCH_SPEC = ConvSpec((4, 4), (2, 2), out_channels=3)  # table 1's 4x4 map, K = 3 filters (eqs. 7-9)
BATCH = 2  # M, samples in the mini-batch
EQ_NAME = r"\hat{\mathbf{z}}^{(l+1)}"  # the left-hand side of eqs. (6) (line 188) and (9) (line 212)


@dataclass(frozen=True)
class TextVerdict:
    """A statement, whether it holds, and the computed values (``facts``) behind the verdict."""

    statement: Remark
    holds: bool
    facts: dict = field(default_factory=dict)


def seed_conv_formula(spec: ConvSpec, shift: int = -1, bias_index: str = "d", bias_scope: str = "outside",
                      sums: tuple = ("i", "j", "d")) -> np.ndarray:
    r"""Eq. (2) as written, evaluated on the symbols of ``spec`` for every filter ``k``.

    ``Y_{(r+i+shift)(c+j+shift)d} F_{ijd}`` summed over ``sums`` (1-based ``r, c, i, j``), plus the
    bias: ``b_{d}`` of the input channel (``bias_index="d"``) or ``b^{k}`` of the filter (``"k"``),
    after the sums (``"outside"``: a bias index that the sums bind stays free, giving one map per value
    of it, shape ``(K, D, *out)``) or under them (``"inside"``: added once per summed term).

    >>> seed_conv_formula(ConvSpec(2, 2), sums=("i", "d"))[0].tolist()   # 1D: one position, one channel
    [[b_{1} + f_{1}*y_{1} + f_{2}*y_{2}]]
    """
    y = S.input_symbols(spec).reshape(spec.in_channels, *spec.input_size[:2], *(1,) * (2 - spec.ndim))
    f = S.kernel_symbols(spec)
    f = f.reshape(*f.shape[:2], *spec.kernel_size[:2], *(1,) * (2 - spec.ndim))
    if bias_index == "d":
        b = [sp.Symbol(f"b_{{{d + 1}}}") for d in range(spec.in_channels)]
    else:
        b = list(S.bias_symbols(spec))
    kh, kw = f.shape[2:]
    reach = [n - 1 + k - 1 + 1 + shift for n, k in zip(out_size(spec), (kh, kw))]
    if 1 + shift < 0 or any(r >= n for r, n in zip(reach, y.shape[1:])):
        raise fail("shift", shift, "the formula must read inside the input (1-based r+i+shift in 1..H)")
    per_term = (kh if "i" in sums else 1) * (kw if "j" in sums else 1)
    free_d = bias_index == "d" and bias_scope == "outside"
    out = np.empty((spec.out_channels, spec.in_channels if free_d else 1, *spec.output_size), dtype=object)
    for k, dd, *pos in np.ndindex(*out.shape):
        r, c = (list(pos) + [0])[:2]
        total = sp.Add(*[y[d, r + i + 1 + shift, c + j + 1 + shift] * f[k, d, i, j]
                         for d in range(spec.in_channels) for i in range(kh) for j in range(kw)])
        if bias_index == "k":
            bias = b[k] * (per_term * (spec.in_channels if "d" in sums else 1) if bias_scope == "inside" else 1)
        else:
            bias = b[dd] if free_d else per_term * sp.Add(*b)
        out[(k, dd, *pos)] = total + bias
    return out if free_d else out[:, 0]


def out_size(spec: ConvSpec) -> tuple[int, int]:
    """The output size padded to two dimensions (a 1D spec has width 1)."""
    return (tuple(spec.output_size) + (1,))[:2]


def _layer(spec: ConvSpec) -> np.ndarray:
    return S.conv(spec, bias=S.bias_symbols(spec))


def _formula_vs_layer(spec: ConvSpec, **reading: Any) -> dict:
    seed, layer = seed_conv_formula(spec, **reading), _layer(spec)
    if seed.shape != layer.shape:
        per_map = seed.reshape(-1, *spec.output_size)
        diffs = {sp.expand(v - w) for m in per_map for v, w in zip(m.ravel(), layer[0].ravel())}
        return {"shape": seed.shape, "layer_shape": layer.shape, "difference": sorted(diffs, key=str), "same": False}
    diffs = {sp.expand(v - w) for v, w in zip(seed.ravel(), layer.ravel())}
    return {"shape": seed.shape, "layer_shape": layer.shape, "difference": sorted(diffs, key=str), "same": diffs == {0}}


def _conv_formula(st: Remark) -> TextVerdict:
    c = dict(st.claim)
    try:
        seed_conv_formula(EQ2_SPEC, shift=c["shift"], sums=c["sums"])
    except ConvProofError as err:
        return TextVerdict(st, False, {"error": str(err)})
    reading = {"shift": c["shift"], "bias_index": c["bias_index"], "sums": c["sums"]}
    printed = _formula_vs_layer(EQ2_SPEC, bias_scope=c["bias_scope"], **reading)
    other = "inside" if c["bias_scope"] == "outside" else "outside"
    facts = {"spec": EQ2_SPEC, "printed": printed, "other": _formula_vs_layer(EQ2_SPEC, bias_scope=other, **reading),
             "per_filter": _formula_vs_layer(EQ2_SPEC, bias_scope="outside", shift=c["shift"], bias_index="k",
                                             sums=c["sums"])["same"]}
    return TextVerdict(st, printed["same"], facts)


def _sharing(st: Remark) -> TextVerdict:
    r = S.backprop.sharing_rule(SHARING_SPEC)
    rule = dict(st.claim)["rule"]
    return TextVerdict(st, bool(r[f"{rule}_equals_shared"]), {"positions": r["positions"], "sum": r["sum_equals_shared"],
                                                      "mean": r["mean_equals_shared"]})


def stride_sizes(divide_by: int, rounding: str, stride: int = 2) -> tuple[list, list, int]:
    """The claim ``size(stride) = size(1) / divide_by`` on the seed's examples and on a grid.

    Returns ``(rows, wrong, cases)``: ``rows`` are ``(key, size at stride 1, at stride, claimed)`` for
    the seed's padded examples (section 5.3 and eq. 14); ``wrong`` lists the stride-1 sizes where the
    claim fails on a grid of ``cases`` (inputs 1-12, kernels 1-5, padding 0-2).

    >>> [(len(w), n) for _, w, n in (stride_sizes(2, "ceil"), stride_sizes(2, "none"))]
    [(0, 167), (85, 167)]
    """
    claim: Callable[[int], Any] = ((lambda n: Fraction(n, divide_by)) if rounding == "none"
                                   else (lambda n: math.ceil(Fraction(n, divide_by))))
    rows = []
    for key in ("same2d", "same"):
        spec = EXAMPLES[key]
        n1, ns = spec.output_size[0], spec.replace(stride=stride).output_size[0]
        rows.append((key, n1, ns, claim(n1)))
    cases = [(i, k, p) for i in range(1, 13) for k in range(1, 6) for p in range(3) if i + 2 * p >= k]
    wrong = [conv_output_size(i, k, 1, p) for i, k, p in cases
             if claim(conv_output_size(i, k, 1, p)) != conv_output_size(i, k, stride, p)]
    return rows, wrong, len(cases)


def _stride_size(st: Remark) -> TextVerdict:
    c = dict(st.claim)
    rows, wrong, cases = stride_sizes(c["divide_by"], c["rounding"], c["stride"])
    holds = not wrong and all(claimed == ns for _, _, ns, claimed in rows)
    return TextVerdict(st, holds, {"rows": rows, "mismatches": len(wrong), "cases": cases,
                             "odd_only": all(n % 2 for n in wrong),
                             "ceil_mismatches": len(stride_sizes(c["divide_by"], "ceil", c["stride"])[1])})


def quantities(spec: ConvSpec = BATCH_SPEC, batch: int = BATCH) -> dict[str, int]:
    """The named quantities of eqs. (6)-(9) for ``spec``: ``Fh, Fw, D, C`` (positions), ``K``, ``M``."""
    return {"Fh": spec.kernel_size[0], "Fw": spec.kernel_size[1], "D": spec.in_channels,
            "C": math.prod(spec.output_size), "K": spec.out_channels, "M": batch}


def _dims(shape: tuple, values: dict) -> tuple:
    """Evaluate a transcribed shape; ``None`` for a dimension naming an undefined quantity."""
    out = []
    for names in parse_dims(shape):
        out.append(math.prod([values[n] for n in names]) if all(n in values for n in names) else None)
    return tuple(out)


def _eq6_parts() -> dict:
    spec = EXAMPLES["im2col"]
    Y, f, b = S.im2col(spec), S.filter_matrix(spec), S.bias_symbols(spec)[0]
    product = Y.T * f
    b_F = sp.Matrix([b] * product.rows)
    layer = list(S.conv(spec, bias=[b])[0].ravel())
    return {"Y": Y.shape, "f": f.shape, "product": product.shape, "C": Y.cols,
            "matches_layer": all(sp.expand(v - w) == 0 for v, w in zip(product + b_F, layer))}


def _eq6_bias(st: Remark) -> TextVerdict:
    c, parts = dict(st.claim), _eq6_parts()
    shape = _dims(c["shape"], {"C": parts["C"]})
    copies_defined = c["copies"] in {"C"}
    holds = shape == parts["product"] and copies_defined and parts["matches_layer"]
    return TextVerdict(st, holds, {**parts, "claimed": shape, "copies": c["copies"], "copies_defined": copies_defined})


def _eq6_result(st: Remark) -> TextVerdict:
    c, parts = dict(st.claim), _eq6_parts()
    shape = _dims(c["shape"], {"C": parts["C"]})
    holds = shape == parts["product"] and c["name"] == EQ_NAME
    return TextVerdict(st, holds, {**parts, "claimed": shape, "name": c["name"], "equation": EQ_NAME})


def batch_matrices(spec: ConvSpec = BATCH_SPEC, batch: int = BATCH) -> dict[str, sp.Matrix]:
    """Eq. (7)'s ``Y`` (:func:`convproof.symbolic.im2col_batch`) and eq. (8)'s ``F`` (``filter_matrix``)."""
    return {"Y": S.im2col_batch(spec, batch), "F": S.filter_matrix(spec)}


def _factor(name: str, mats: dict) -> sp.Matrix:
    return mats[name[:-2]].T if name.endswith("^T") else mats[name]


def _product(factors: tuple, mats: dict) -> dict:
    a, b = (_factor(n, mats) for n in factors)
    facts = {"factors": (a.shape, b.shape), "conformable": a.cols == b.rows, "shape": None}
    if facts["conformable"]:
        facts["shape"] = (a.rows, b.cols)
    return facts


def _product_is_conv(spec: ConvSpec = BATCH_SPEC, batch: int = BATCH) -> bool:
    """``(Y^T F)[m C + p, k]`` is output position ``p`` of filter ``k`` on sample ``m``."""
    mats = batch_matrices(spec, batch)
    P = mats["Y"].T * mats["F"]
    ys = S.input_symbols(spec, batch=batch)
    outs = [S.conv(spec, y=ys[m]).reshape(spec.out_channels, -1) for m in range(batch)]
    expected = sp.Matrix(np.concatenate([o.T for o in outs]).tolist())
    return (P - expected).expand() == sp.zeros(*P.shape)


def _general_shape(factors: tuple) -> tuple:
    """The product's shape for symbolic sizes, the factor shapes taken from eqs. (7)-(8)'s claims."""
    q = {n: sp.Symbol(n) for n in quantities()}
    shapes = {dict(s.claim)["matrix"]: s.claim for s in REMARKS if s.what == "batch_shape"}
    mats = {k: sp.MatrixSymbol(k, *[sp.Mul(*[q[n] for n in d]) for d in parse_dims(dict(v)["shape"])])
            for k, v in shapes.items()}
    a, b = (_factor(n, mats) for n in factors)
    return (a * b).shape


def _batch_shape(st: Remark) -> TextVerdict:
    c = dict(st.claim)
    got, claimed = batch_matrices()[c["matrix"]].shape, _dims(c["shape"], quantities())
    return TextVerdict(st, got == claimed, {"shape": got, "claimed": claimed})


def _batch_product(st: Remark) -> TextVerdict:
    facts = _product(dict(st.claim)["factors"], batch_matrices())
    return TextVerdict(st, facts["conformable"], facts)


def _batch_symbol(st: Remark) -> TextVerdict:
    c = dict(st.claim)
    facts = {**_product(c["factors"], batch_matrices()), "symbol": c["symbol"], "defined": c["defined"]}
    return TextVerdict(st, facts["conformable"] and c["symbol"] == c["defined"], facts)


def _batch_result(st: Remark) -> TextVerdict:
    c = dict(st.claim)
    facts = _product(("Y^T", "F"), batch_matrices())
    facts.update(claimed=_dims(c["shape"], quantities()), name=c["name"], equation=EQ_NAME, quantities=quantities(),
                 general=_general_shape(("Y^T", "F")), is_conv=_product_is_conv())
    claimed_general = tuple(sp.Mul(*[sp.Symbol(n) for n in d]) for d in parse_dims(c["shape"]))
    facts["claimed_general"] = claimed_general
    holds = facts["claimed"] == facts["shape"] and c["name"] == EQ_NAME and facts["is_conv"]
    return TextVerdict(st, holds, facts)


STATEMENT_CHECKS: dict[str, Callable[[Remark], TextVerdict]] = {
    "conv_formula": _conv_formula, "sharing_rule": _sharing, "stride_size": _stride_size, "eq6_bias": _eq6_bias,
    "eq6_result": _eq6_result, "batch_shape": _batch_shape, "batch_product": _batch_product,
    "batch_symbol": _batch_symbol, "batch_result": _batch_result,
}


def statement_checks(statements: tuple[Remark, ...] = REMARKS) -> list[TextVerdict]:
    """Every transcribed statement with its computed verdict, in seed order."""
    return [STATEMENT_CHECKS[st.what](st) for st in statements]
