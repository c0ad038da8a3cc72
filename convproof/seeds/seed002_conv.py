"""Seed 002 ("Introduction to neural networks") on convolution: the output-size formula with floor, its
two worked examples, and the 4x6 image / 3x3 filter example with padding and stride.

Findings, checked by these statements: the slide's numbers (2x4, 4x6 and 2x3 results) are all right
and are cross-correlations; the slide's formula ``sum_{x=0}^{f_w} input(i-x, j-y) filter(x, y)`` is a
*flipped* convolution with one term too many per axis (the sums should stop at ``f_w - 1``), so the
worked example does not follow the formula printed above it unless the filter is rotated by 180 degrees.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from .. import numeric
from ..geometry import ConvSpec, conv_output_size
from ..geometry.formulas import conv_output_size_expr
from ..numeric import reference
from ..verify import oracles
from ..verify.compare import compare
from ..verify.registry import register
from ..verify.statement import Comparison, Statement
from ..verify.statements.shapes import count_positions

IMAGE = np.array([[6, 5, 3, -1, 6, 7], [4, 6, 2, 4, 6, 2], [1, 3, 6, 0, 0, 1], [5, 7, 2, 1, 5, 8]])
FILTER = np.array([[3, 2, -1], [-1, 1, 4], [1, 3, 2]])
# The slides' results: (padding, stride) -> matrix printed on the slide.
SLIDE_RESULTS = {
    (0, 1): [[57, 55, 33, 14], [78, 36, 17, 58]],
    (1, 1): [[50, 37, 14, 46, 61, 13], [44, 57, 55, 33, 14, 31], [44, 78, 36, 17, 58, 52], [32, 13, 20, 37, 35, 5]],
    (1, 2): [[50, 14, 61], [44, 36, 58]],
}


def prove_formula(case: tuple) -> list[Comparison]:
    """``floor((W + 2P - F)/S) + 1`` equals the general formula (d=1, p_lo=p_hi=P) and the count."""
    w, f, p, s = case
    W, F, P, S = sp.symbols("W F P S", integer=True, positive=True)
    slide = sp.floor((W + 2 * P - F) / S) + 1
    general = conv_output_size_expr(W, F, S, P, P, 1)
    diff = sp.simplify(general - slide)
    value = slide.subs({W: w, F: f, P: p, S: s})
    return [Comparison("slide formula - general formula simplifies to 0", diff == 0, detail=str(diff)),
            Comparison.exact_equal("slide formula vs integer geometry", value, conv_output_size(w, f, s, p)),
            Comparison.exact_equal("slide formula vs counting window positions", value, count_positions(w + 2 * p, f, s))]


def formula_cases(mode: str) -> st.SearchStrategy:
    top = 40 if mode == "quick" else 200
    return st.tuples(st.integers(1, top), st.integers(1, 7), st.integers(0, 3), st.integers(1, 4)).filter(
        lambda c: c[0] + 2 * c[2] >= c[1])


register(Statement(
    name="seed002.output_size_formula",
    latex=r"W_{out} = \left\lfloor \frac{W_{in} + 2P - F_w}{S} \right\rfloor + 1",
    description="The slide's output-size formula equals the general floor formula (no dilation, P zeros per "
                "side) symbolically, and the number of filter positions for every size tried.",
    space=formula_cases, prove=prove_formula, examples={"quick": 40, "thorough": 500},
    oracles=("SymPy simplification", "integer geometry", "counting positions"),
    show=lambda c: "W_in={}, F={}, P={}, S={}".format(*c), source="seed 002 output-size formula"))


def prove_examples(w: int) -> list[Comparison]:
    """The slide's simplified forms: F=3,P=1,S=1 -> W; F=5x3,P=3,S=2 -> floor((W+1)/2)+1, floor((H+3)/2)+1."""
    W = sp.Symbol("W", integer=True, positive=True)
    rows = [("F=3, P=1, S=1: W_out = W_in", (3, 1, 1), W),
            ("F_w=5, P=3, S=2: W_out = floor((W_in+1)/2)+1", (5, 3, 2), sp.floor((W + 1) / 2) + 1),
            ("F_h=3, P=3, S=2: H_out = floor((H_in+3)/2)+1", (3, 3, 2), sp.floor((W + 3) / 2) + 1)]
    checks = []
    for what, (f, p, s), simplified in rows:
        general = sp.floor((W + 2 * p - f) / s) + 1
        checks.append(Comparison(f"{what} (symbolic)", sp.simplify(general - simplified) == 0))
        if w + 2 * p >= f:
            checks.append(Comparison.exact_equal(f"{what} at W_in={w} vs counting", simplified.subs(W, w),
                                            count_positions(w + 2 * p, f, s)))
    return checks


register(Statement(
    name="seed002.output_size_examples",
    latex=r"F{=}3, P{=}1, S{=}1: W_{out} = W_{in};\quad F{=}5{\times}3, P{=}3, S{=}2: "
          r"W_{out} = \left\lfloor \tfrac{W_{in}+1}{2} \right\rfloor + 1,\ H_{out} = \left\lfloor \tfrac{H_{in}+3}{2} "
          r"\right\rfloor + 1",
    description="The slide's two worked output-size examples simplify as printed (for every input size, "
                "symbolically) and match the counted number of filter positions.",
    space=lambda mode: st.integers(1, 60 if mode == "quick" else 500), prove=prove_examples,
    examples={"quick": 30, "thorough": 300}, oracles=("SymPy simplification", "counting positions"),
    show=lambda w: f"W_in={w}", source="seed 002 output-size examples"))


def _example_spec(p: int, s: int) -> ConvSpec:
    return ConvSpec(input_size=(4, 6), kernel_size=(3, 3), padding=p, stride=s)


def crosscheck_worked(case: tuple, inputs) -> list[Comparison]:
    p, s = case
    spec = _example_spec(p, s)
    x, w = IMAGE[None, None], FILTER[None, None]
    slide = np.array(SLIDE_RESULTS[case])[None, None]
    ref = reference.conv(x, w, padding=p, stride=s)
    checks = [Comparison.exact_equal(f"slide result size {slide.shape[2:]} vs spec output size", slide.shape[2:],
                                spec.output_size),
              compare("slide numbers vs reference cross-correlation", slide, ref),
              compare("slide numbers vs fast path", slide, numeric.conv(x, w, padding=p, stride=s))]
    if oracles.has("convproof.symbolic"):
        from .. import symbolic as S

        checks.append(compare("slide numbers vs symbolic T y (integers substituted)", slide[0],
                              np.asarray(S.conv(spec, y=IMAGE[None], weight=w, method="toeplitz"), dtype=np.int64)))
    if oracles.torch() is not None:
        checks.append(compare("slide numbers vs torch conv2d", slide, oracles.torch_conv(spec, x, w)))
    return checks


register(Statement(
    name="seed002.worked_example",
    latex=r"\begin{pmatrix}57&55&33&14\\78&36&17&58\end{pmatrix},\ P{=}1 \to 4{\times}6,\ "
          r"P{=}1, S{=}2 \to \begin{pmatrix}50&14&61\\44&36&58\end{pmatrix}",
    description="The slide's 4x6 image convolved with its 3x3 filter gives the printed 2x4 result; with P=1 the "
                "printed 4x6 result; with P=1, S=2 the printed 2x3 result (all cross-correlations, no flip).",
    space=lambda mode: st.sampled_from(sorted(SLIDE_RESULTS)), crosscheck=crosscheck_worked,
    examples={"quick": 6, "thorough": 6}, pinned=tuple(sorted(SLIDE_RESULTS)),
    oracles=("slide", "reference", "fast", "symbolic", "torch"),
    show=lambda c: "4x6 image, 3x3 filter, P={}, S={}".format(*c), source="seed 002 worked convolution example"))


def slide_formula(image: np.ndarray, filt: np.ndarray, i: int, j: int, upper: int) -> int:
    """``sum_{x=0}^{upper} sum_{y=0}^{upper} input(i - x, j - y) * filter(x, y)``; out-of-range terms are 0."""
    total = 0
    for x in range(upper + 1):
        for y in range(upper + 1):
            a, b = i - x, j - y
            if 0 <= a < image.shape[0] and 0 <= b < image.shape[1] and x < filt.shape[0] and y < filt.shape[1]:
                total += int(image[a, b] * filt[x, y])
    return total


def prove_flip(case: None) -> list[Comparison]:
    """The example is correlation; the printed formula gives it only with the filter rotated by 180 degrees."""
    corr = reference.conv(IMAGE[None, None], FILTER[None, None])[0, 0]
    f = FILTER.shape[0]
    # output (r, c) of the valid correlation sits at the formula's (i, j) = (r + f - 1, c + f - 1)
    flipped = np.array([[slide_formula(IMAGE, FILTER[::-1, ::-1], r + f - 1, c + f - 1, f - 1)
                         for c in range(corr.shape[1])] for r in range(corr.shape[0])])
    as_printed = np.array([[slide_formula(IMAGE, FILTER, r + f - 1, c + f - 1, f - 1)
                            for c in range(corr.shape[1])] for r in range(corr.shape[0])])
    extra = slide_formula(np.ones((8, 8), int), np.ones((4, 4), int), 5, 5, f) - f * f
    return [compare("slide example vs printed formula with the filter rotated 180 degrees", corr, flipped),
            Comparison("printed formula with the filter as printed gives different numbers", not np.array_equal(corr, as_printed),
                  detail=f"{as_printed.tolist()}"),
            Comparison("sums to x = f_w include f_w + 1 terms per axis (one too many)", extra == 2 * f + 1,
                  detail=f"extra terms {extra}")]


register(Statement(
    name="seed002.example_is_correlation",
    latex=r"\langle y * f \rangle(i,j) = \sum_{x=0}^{f_w-1}\sum_{y=0}^{f_h-1} y(i-x, j-y) f(x,y)"
          r"\ \text{(flip)}\ \ne\ \text{the example's}\ \sum y(i+x, j+y) f(x, y)",
    description="Seed 002 prints the flipped convolution formula (with sums running to f_w, one term too many) "
                "but its worked example computes a cross-correlation: the example's numbers equal the printed "
                "formula only with the filter rotated by 180 degrees.",
    space=lambda mode: st.just(None), prove=prove_flip, examples={"quick": 1, "thorough": 1},
    oracles=("reference correlation", "the slide's formula evaluated term by term"),
    show=lambda c: "seed 002 4x6 image, 3x3 filter", source="seed 002 convolution definition and example"))
