"""Statements for seeds 001 / 003 / 004 items of :mod:`convproof.nn` (imported by ``statements``)."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ..geometry import conv_params, locally_connected_params, receptive_field
from ..nn import deformable as dfm
from ..nn import graphconv as gc
from ..nn.locally_connected import locally_connected, prove_sharing_ratios, sharing_counts
from ..nn.pooling import l2_pool, l2_pool_backward
from ..nn.receptive import prove_receptive_recursion, receptive_field_bruteforce, receptive_field_expr
from ..verify import Comparison, Statement, compare
from .seed003 import conv1d_seed, conv1d_symbolic, linear_classifier_as_conv, linear_classifier_params
from .seed004 import alexnet_conv1, im2col_sizes, verdicts
from .statements_common import _add, _exact, fd_check, fixed


# --- deformable convolution (seed 001) ---------------------------------------------------------
def _deform_cross(case, inputs) -> list[Comparison]:
    per_position = case
    X, F, g = inputs.floats("X", (2, 5, 5)), inputs.floats("F", (2, 2, 2, 3)), inputs.floats("g", (2, 4, 3))
    raw = inputs.floats("o", (2, 2, 3) + ((4, 3) if per_position else ()))
    off = np.round(1.5 * raw) + 0.1 + 0.4 * (raw + 1)     # fractional part in [0.1, 0.9]: away from the kinks
    grads = dfm.deform_conv_backward(X, F, off, g)
    loss = lambda X_=X, F_=F, o_=off: float(np.sum(g * dfm.deform_conv(X_, F_, o_)))
    return [fd_check("dL/dX vs central differences", lambda v: loss(X_=v), X, grads.input),
            fd_check("dL/dF vs central differences", lambda v: loss(F_=v), F, grads.weight),
            fd_check("dL/d offsets vs central differences", lambda v: loss(o_=v), off, grads.offsets, h=1e-7)]


_add(Statement(
    name="deformable.gradients", latex=r"Y_{ij} = \sum_{u,v} X_{i+u-1+o_{uv},\,j+v-1+p_{uv}} F_{uv} + b,\ "
    r"X_{\alpha\beta} = \sum_{s,t} G((s,t),(\alpha,\beta)) X_{st}",
    description="Gradients of the deformable convolution wrt input, weights and offsets (shared as in the seed, or "
                "per position as in Dai et al.) against central differences, away from integer sampling points.",
    space=lambda mode: st.booleans(), crosscheck=_deform_cross, oracles=("analytic backward", "finite differences"),
    examples={"quick": 2, "thorough": 10}, source="seed 001, deformable convolution"))


def _deform_symbolic() -> list[Comparison]:
    d = dfm.deform_conv_symbolic(3, 3, 2, 2)
    vals = {d["X"][s, t]: sp.Integer((3 * s + 2 * t) % 5 - 2) for s, t in product(range(3), range(3))}
    vals |= {d["F"][u, v]: sp.Integer(u - 2 * v + 1) for u, v in product(range(2), range(2))}
    offs = {d["offset"](n, u, v, 0, 0): sp.Rational(2 * u - v + 1 + k, 3) - sp.Rational(1, 2)
            for k, n in enumerate("op") for u, v in product(range(2), range(2))}
    X = np.array([[Fraction(str(vals[d["X"][s, t]])) for t in range(3)] for s in range(3)], dtype=object)[None]
    F = np.array([[Fraction(str(vals[d["F"][u, v]])) for v in range(2)] for u in range(2)], dtype=object)[None, None]
    off = np.array([[[Fraction(str(offs[d["offset"](n, u, v, 0, 0)])) for v in range(2)] for u in range(2)]
                    for n in "op"], dtype=object)
    Y = dfm.deform_conv(X, F, off)
    sym = d["Y"].subs({**vals, **offs, d["b"]: 0})
    loss = sp.Add(*d["Y"]).subs(vals)
    grads = dfm.deform_conv_backward(X, F, off, np.ones((1, 2, 2), dtype=object))
    got = [grads.offsets[k, u, v] for k, u, v in product(range(2), range(2), range(2))]
    want = [sp.diff(loss, d["offset"]("op"[k], u, v, 0, 0)).subs(offs) for k, u, v in product(range(2), range(2), range(2))]
    return [_exact("numeric forward vs seed's G-sum (exact rationals)", sym.tolist() == Y[0].tolist()),
            _exact("offset gradient vs SymPy derivative", [sp.Rational(str(v)) for v in got] == want, f"{got} vs {want}")]


fixed("deformable.symbolic", r"G((s,t),(\alpha,\beta)) = \max(0, 1-|\alpha-s|)\max(0, 1-|\beta-t|)",
      "On a 3x3 input with a 2x2 kernel and rational offsets: the 4-neighbour numeric forward equals the seed's "
      "formula summed over the whole grid, and the offset gradient equals SymPy's derivative.",
      _deform_symbolic, "seed 001, deformable convolution", oracles=("SymPy G-sum", "numeric 4-neighbour"))


def _deform_zero(case, inputs) -> Comparison:
    from ..numeric.reference import conv

    X, F = inputs.ints("X", (2, 4, 5)), inputs.ints("F", (3, 2, 2, 3))
    return compare("deformable (zero offsets) vs reference conv", conv(X[None], F)[0],
                   dfm.deform_conv(X, F, np.zeros((2, 2, 3), dtype=np.int64)))


_add(Statement(name="deformable.zero_offsets", latex=r"o_{uv} = p_{uv} = 0 \Rightarrow \text{ordinary convolution}",
               description="With zero offsets the deformable convolution is the ordinary one (integers, exact).",
               space=lambda mode: st.just(None), crosscheck=_deform_zero, oracles=("deformable", "numeric reference"),
               examples={"quick": 3, "thorough": 20}, source="seed 001, deformable convolution"))

# --- locally connected (seed 001) ------------------------------------------------------------------
fixed("locally_connected.sharing_ratios", r"\frac{N_{lc}}{N_c} = w_2 h_2,\quad \frac{N_{fc}}{N_c} = "
      r"\frac{w_1 h_1 w_2 h_2}{w h},\quad \frac{N_{fc}}{N_{lc}} = \frac{w_1 h_1}{w h}",
      "Parameter ratios of full / partial / no sharing (no biases). N_lc/N_c = w2 h2 is how many times MORE "
      "weights a locally connected layer has than a convolution (the seed calls it a gain).",
      lambda: [_exact("SymPy ratios", prove_sharing_ratios()),
               _exact("counts vs geometry.locally_connected_params",
                      sharing_counts(3, (227, 227), (11, 11), 96, (55, 55))["N_lc"]
                      == locally_connected_params(3, 96, 11, 55, bias=False))],
      "seed 001, weight sharing")


def _lc_cross(case, inputs) -> Comparison:
    from ..numeric.reference import conv

    X, F = inputs.ints("X", (2, 5, 4)), inputs.ints("F", (3, 2, 2, 2))
    shared = np.broadcast_to(F, (4, 3) + F.shape).copy()
    return compare("locally connected (same filter everywhere) vs conv", conv(X[None], F)[0], locally_connected(X, shared))


_add(Statement(name="locally_connected.shared_equals_conv", latex=r"F^{(ij)} = F\ \forall i,j \Rightarrow \text{LC} = \text{conv}",
               description="A locally connected layer whose per-position filters are all equal is a convolution.",
               space=lambda mode: st.just(None), crosscheck=_lc_cross, oracles=("locally connected", "numeric reference"),
               examples={"quick": 3, "thorough": 20}, source="seed 001, weight sharing"))


# --- pooling, receptive field ----------------------------------------------------------------------
def _l2_cross(case, inputs) -> list[Comparison]:
    k, s, p = case
    # L2 pooling is not differentiable where a whole window is zero: keep every entry at least 0.5
    # away from 0 (both signs), so finite differences compare against a true derivative.
    raw = inputs.floats("x", (1, 2, 6, 5))
    x = np.where(raw >= 0, raw + 0.5, raw - 0.5)
    g = inputs.floats("g", l2_pool(x, k, s, p).shape)
    return [fd_check("L2 pooling backward vs central differences", lambda v: float(np.sum(g * l2_pool(v, k, s, p))),
                     x, l2_pool_backward(g, x, k, s, p))]


_add(Statement(name="pooling.l2_backward", latex=r"y = \sqrt{\textstyle\sum_{window} x^2},\ \frac{\partial y}{\partial x} = \frac{x}{y}",
               description="L2 pooling backward (stride, padding, overlapping windows) against central differences.",
               space=lambda mode: st.sampled_from([(2, 2, 0), (3, 1, 1), (2, 1, 0), (3, 2, 1)]),
               crosscheck=_l2_cross, oracles=("analytic", "finite differences"),
               examples={"quick": 4, "thorough": 8}, source="seed 003, pooling"))


def _rf_prove(case) -> list[Comparison]:
    ks, ss, ds = case
    r, k, s, d = receptive_field_expr(len(ks))
    val = r.subs({**dict(zip(k, ks)), **dict(zip(s, ss)), **dict(zip(d, ds))})
    return [_exact("formula vs geometry.receptive_field", val == receptive_field(ks, ss, ds)),
            _exact("formula vs following index maps", val == receptive_field_bruteforce(ks, ss, ds)),
            _exact("recursion r_{L+1} = r_L + d(k-1) prod s", prove_receptive_recursion(len(ks)))]


_layers = st.integers(1, 4).flatmap(lambda n: st.tuples(*[st.lists(st.integers(lo, hi), min_size=n, max_size=n)
                                                          for lo, hi in ((1, 5), (1, 3), (1, 3))]))
_add(Statement(name="receptive.formula", latex=r"r_L = 1 + \sum_{l=1}^{L} d_l (k_l - 1) \prod_{m=1}^{l-1} s_m",
               description="Receptive field of stacked convolutions with stride and dilation; pinned: two 3x3 see 5x5.",
               space=lambda mode: _layers, prove=_rf_prove, pinned=(([3, 3], [1, 1], [1, 1]),),
               oracles=("SymPy formula", "geometry", "index maps"), examples={"quick": 15, "thorough": 150},
               source="seed 001 receptive field; issue 7"))

# --- graph convolution (seed 003) ----------------------------------------------------------------
_GRAPHS = {"path3": lambda: gc.path_laplacian(3), "path4": lambda: gc.path_laplacian(4),
           "cycle4": lambda: gc.cycle_laplacian(4), "cycle6": lambda: gc.cycle_laplacian(6)}


def _gc_prove(name) -> list[Comparison]:
    return [_exact(f"{fact} ({name})", ok) for fact, ok in gc.prove_graph_conv(_GRAPHS[name]()).items()]


def _gc_cross(name, inputs) -> Comparison:
    L = np.array(_GRAPHS[name]().tolist(), dtype=float)
    lam = np.linalg.eigvalsh(L)
    X = inputs.floats("X", (L.shape[0], 2))
    c = inputs.floats("c", (3,))
    poly = c[0] * np.eye(len(L)) + c[1] * L + c[2] * L @ L
    return compare("U diag(p(lambda)) U^T X (eigh) vs p(L) X", poly @ X,
                   gc.graph_conv_numeric(L, c[0] + c[1] * lam + c[2] * lam ** 2, X),
                   tolerance=(1e-12 * 16, "eigh backward error ~ n eps ||L||^2, ||L|| <= 4"))


_add(Statement(name="graphconv.polynomial_filter", latex=r"U \Lambda_\theta U^T L = L\, U \Lambda_\theta U^T,\ "
               r"\theta_i = \sum_k c_k \lambda_i^k \Rightarrow U \Lambda_\theta U^T = \sum_k c_k L^k",
               description="Spectral graph convolution commutes with the Laplacian and is a polynomial filter when "
                           "theta is a polynomial of the eigenvalues (exact on path/cycle graphs; numeric with eigh).",
               space=lambda mode: st.sampled_from(["cycle4", "path3"] if mode == "quick" else sorted(_GRAPHS)),
               prove=_gc_prove, pinned=("cycle4",), crosscheck=_gc_cross,
               oracles=("SymPy eigenvectors", "NumPy eigh", "polynomial in L"), examples={"quick": 4, "thorough": 8},
               source="seed 003, graph convolution"))
fixed("graphconv.basis_dependence", r"\lambda_2 = \lambda_3 = 2 \text{ on } C_4:\ U \Lambda_\theta U^T \text{ depends on } U",
      "With a repeated eigenvalue, different theta on the eigenspace give a filter that depends on the chosen "
      "eigenbasis and is not a polynomial in L.",
      lambda: [_exact("filters differ", gc.basis_dependent_example()["filters_differ"]),
               _exact("not a polynomial", not gc.basis_dependent_example()["is_polynomial"])], "seed 003, graph convolution")


# --- seed 003 linear classifier and 1D example; seed 004 arithmetic --------------------------------
def _lin_cross(case, inputs) -> Comparison:
    img, W, b = inputs.ints("image", (3, 4, 4)), inputs.ints("W", (10, 48)), inputs.ints("b", (10,))
    scores, conv_scores = linear_classifier_as_conv(img, W, b)
    return compare("Wx + b vs conv with a full-image kernel", scores, conv_scores)


_add(Statement(name="linear.classifier_as_conv", latex=r"f(x) = Wx + b = \mathrm{conv}(X, W_{K \times C \times H \times W}) + b",
               description="The linear classifier on a flattened image is a convolution whose kernel covers the image.",
               space=lambda mode: st.just(None), crosscheck=_lin_cross, oracles=("matrix product", "numeric conv"),
               examples={"quick": 3, "thorough": 20}, source="seed 003, linear classifier"))
fixed("linear.cifar_params", r"D = 32 \cdot 32 \cdot 3 = 3072,\ K D + K = 30730",
      "CIFAR-10 linear classifier: 3072 inputs, 10 classes.",
      lambda: _exact("count", linear_classifier_params(32, 32, 3, 10) == 30730 == 3072 * 10 + 10), "seed 003, seed 004")
fixed("conv1d.kernel_1_0_m1", r"B = (1, 0, -1):\ c_i = a_i - a_{i+2},\ |C| = n - 2",
      "The 1D example kernel is a (negated, doubled-step) difference; with padding 1 the length is kept, stride 2 "
      "halves it (rounding up).",
      lambda: [_exact("symbolic c_i", conv1d_symbolic(6)[0] == [a - c for a, c in zip(conv1d_symbolic(6)[1], conv1d_symbolic(6)[1][2:])]),
               _exact("padding 1 keeps length 5", len(conv1d_seed([1, 2, -1, 1, -3], padding=1)) == 5),
               _exact("stride 2 gives 3", len(conv1d_seed([1, 2, -1, 1, -3], padding=1, stride=2)) == 3)],
      "seed 003 fig. 4; seed 004 (W=5, F=3, P=1)")
fixed("alexnet.conv1_output", r"\frac{227 - 11}{4} + 1 = 55,\ \frac{224 - 11}{4} + 1 \notin \mathbb{Z}",
      "AlexNet conv1 output size; 224 does not give an integer.",
      lambda: [_exact("227 -> 55", alexnet_conv1()["output"] == 55),
               _exact("224 is not integral", Fraction(224 - 11, 4).denominator != 1)], "seed 004")
fixed("alexnet.params", r"290400 \cdot 364 = 105705600,\ 96 \cdot 363 + 96 = 34944",
      "AlexNet conv1 parameters without sharing (one filter and bias per neuron) and with sharing "
      "(the seed prints 24 944 for 34 944).",
      lambda: [_exact("without sharing", alexnet_conv1()["params_without_sharing"] == 290400 * 364 == 105705600),
               _exact("with sharing", alexnet_conv1()["params_with_sharing"] == conv_params(3, 96, 11) == 34944)],
      "seed 004, parameter sharing")
fixed("alexnet.im2col_sizes", r"X_{col} \in \mathbb{R}^{363 \times 3025},\ W_{row} \in \mathbb{R}^{96 \times 363}",
      "im2col matrix sizes of AlexNet conv1 and of their product.",
      lambda: _exact("sizes", im2col_sizes() == {"X_col": (363, 3025), "W_row": (96, 363), "product": (96, 3025)}),
      "seed 004, im2col")
fixed("seed004.arithmetic", r"\text{every arithmetic claim of seed 004 recomputed}",
      "All seed-004 numbers except the two known errata (24 944; (5-3+1)/S+1) hold when recomputed.",
      lambda: _exact("only the known errata fail",
                     {v[0] for v in verdicts() if v[4] == "wrong"} == {"alexnet.sharing_params", "size.1d_s1", "size.1d_s2"},
                     str([v for v in verdicts() if v[4] == "wrong"])), "seed 004")
