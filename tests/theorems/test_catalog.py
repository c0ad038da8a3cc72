"""Every theorem is proved; every wrong variant is refuted, and its counterexample is confirmed by
evaluating both sides with convproof.geometry / convproof.numeric at those sizes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import z3

from convproof import numeric
from convproof.geometry import (conv_output_size, conv_transpose_output_size, kernel_span, receptive_field,
                                same_padding)
from convproof.geometry import params as P
from convproof.theorems import THEOREMS, WRONG, correct, prove, wrong_variants
from convproof.theorems.same import same_pads

PROVED = {}


def _outcome(name):
    if name not in PROVED:
        PROVED[name] = prove(THEOREMS[name])
    return PROVED[name]


@pytest.mark.parametrize("name", [t.name for t in correct()])
def test_theorem_is_proved(name):
    r = _outcome(name)
    assert r.status == "proved", r


def test_every_theorem_has_a_wrong_variant():
    assert {t.name for t in correct()} == set(WRONG)


def _o(c):
    return conv_output_size(c["n"], c["k"], c["s"], c["p_lo"], c["p_hi"], c["d"])


def _x(n, c=1, m=1):
    return np.arange(1, m * c * n + 1, dtype=np.int64).reshape(m, c, n)


def _no_flip(c):
    """T^T g by numeric.conv_transpose vs zero insertion + padding + the unflipped kernel."""
    n, k, s, d, lo, hi = (c[x] for x in ("n", "k", "s", "d", "p_lo", "p_hi"))
    o = _o(c)
    a = (n + lo + hi - kernel_span(k, d)) % s
    g, f = _x(o), _x(k) * 10
    true = numeric.conv_transpose(g, f, stride=s, padding=[(lo, hi)], output_padding=a, dilation=d)[0, 0]
    u = np.zeros(s * (o - 1) + 1, dtype=np.int64)
    u[::s] = g[0, 0]
    left, right = d * (k - 1) - lo, d * (k - 1) - hi + a
    padded = np.pad(u, (max(left, 0), max(right, 0)))[max(-left, 0):len(u) + max(left, 0) + min(right, 0)]
    wrong = numeric.conv(padded[None, None], f, dilation=d)[0, 0]
    return list(true), list(wrong)


def _grouped(c):
    G, a, b = c["G"], c["a"], c["b"]
    w = _x(a, G * b).reshape(G * b, a, 1)
    x = _x(1, G * a)
    true = numeric.conv(x, w, groups=G)
    dense = np.zeros((G * b, G * a, 1), dtype=np.int64)
    for oc in range(G * b):
        grp = oc % G  # the wrong claim: interleaved groups
        dense[oc, grp * a:(grp + 1) * a] = w[oc]
    return true.tolist(), numeric.conv(x, dense).tolist()


def _im2col_rows(c):
    C, K = c["C"], c["K"]
    cols = numeric.im2col(_x(K, C), K)[0]  # (C*K, 1): row r holds x[r // K, r % K]
    r = c["r"]
    return int(cols[r, 0]), int(_x(K, C)[0, r % C, r // C])


def _im2col_batch(c):
    M, O = c["M"], c["O"]
    x = _x(O, 1, M)
    batched = np.concatenate(list(numeric.im2col(x, 1)), axis=1)  # column q = sample q // O, position q % O
    q = c["q"]
    return int(batched[0, q]), int(x[q % M, 0, q // M])


def _avg(c):
    n, k, s, p = c["n"], c["k"], c["s"], c["p"]
    x = _x(n)
    pool = numeric.avg_pool(x, k, s, p, count_include_pad=False)[0, 0]
    conv = numeric.conv(x, np.ones((1, 1, k), dtype=np.int64), stride=s, padding=p)[0, 0]
    return list(pool), [Fraction(int(v), k) for v in conv]


def _grad_weight(c):
    n, k, s, d, lo, hi = (c[x] for x in ("n", "k", "s", "d", "p_lo", "p_hi"))
    o = _o(c)
    y, g = _x(n), _x(o)
    as_conv = numeric.conv(y, g, stride=d, dilation=s, padding=[(lo, hi)])[0, 0]
    grad = numeric.conv_grad_weight(y, (1, 1, k), g, stride=s, padding=[(lo, hi)], dilation=d)[0, 0]
    assert list(as_conv[:k]) == list(grad)  # the first k outputs are the gradient
    return len(as_conv), k


def _adjoint(c):
    """<T x, g> by numeric.conv vs <x, A g> with the wrong adjoint A[j, i] = f[j - s i + p_lo] (dilation ignored)."""
    n, k, s, d, lo, hi = (c[x] for x in ("n", "k", "s", "d", "p_lo", "p_hi"))
    o = _o(c)
    x, f, g = _x(n), 10 ** _x(k), _x(o) + 100
    forward = int((numeric.conv(x, f, stride=s, dilation=d, padding=[(lo, hi)])[0, 0] * g[0, 0]).sum())
    back = numeric.conv_grad_input(x.shape, f, g, stride=s, dilation=d, padding=[(lo, hi)])
    assert forward == int((x * back).sum())  # the true adjoint: <T x, g> = <x, T^T g>
    wrong = np.zeros((n, o), dtype=np.int64)
    for j in range(n):
        for i in range(o):
            if 0 <= j - s * i + lo < k:
                wrong[j, i] = f[0, 0, j - s * i + lo]
    return forward, int(x[0, 0] @ (wrong @ g[0, 0]))


def _dil(c):
    n, k, s, d, lo, hi = (c[x] for x in ("n", "k", "s", "d", "p_lo", "p_hi"))
    f = _x(k)
    zero = np.zeros((1, 1, d * k), dtype=np.int64)
    zero[0, 0, ::d] = f[0, 0]
    return (numeric.conv(_x(n), f, stride=s, dilation=d, padding=[(lo, hi)]).shape[-1],
            numeric.conv(_x(n), zero, stride=s, padding=[(lo, hi)]).shape[-1])


def _span(c):
    return kernel_span(c["k"], c["d"]), c["d"] * c["k"]


def _shared(c):
    """A kernel of one tap shared over o + 1 positions: numeric gradient vs the mean of the copies'."""
    m = c["o"] + 1
    y, g = _x(m), _x(m) * 0 + 1
    grad = int(numeric.conv_grad_weight(y, (1, 1, 1), g)[0, 0, 0])
    copies = [int(g[0, 0, i] * y[0, 0, i]) for i in range(m)]  # copy i sees only position i
    assert grad == sum(copies)
    return grad, Fraction(sum(copies), m)


def _bias(c):
    g = _x(c["o"] + 1)
    total = int(numeric.conv_grad_bias(g)[0])
    return total, Fraction(total, c["o"] + 1)


def _separable(c):
    P, D, Y = c["P_c"], c["D_ct"], c["Y_ct"]
    y = np.array([[[Y]]])
    two = numeric.conv(numeric.conv(y, np.array([[[D]]]), groups=1), np.array([[[P]]]))
    return int(two[0, 0, 0]), int(numeric.conv(y, np.array([[[P + D]]]))[0, 0, 0])


def _params(name):
    def both(c):
        t = THEOREMS[name].build()
        sub = {t.variables[k]: v for k, v in c.items()}
        return t.lhs.subs(sub), t.rhs.subs(sub)
    return both


CONFIRM = {
    "size.output_count~no_floor": lambda c: (_o(c), Fraction(c["n"] + c["p_lo"] + c["p_hi"]
                                                            - kernel_span(c["k"], c["d"]), c["s"]) + 1),
    "size.exact_division~ceil": lambda c: (_o(c), -((kernel_span(c["k"], c["d"]) - c["n"] - c["p_lo"] - c["p_hi"])
                                                    // c["s"]) + 1),
    "size.transposed~no_output_padding": lambda c: (c["n"], conv_transpose_output_size(
        _o(c), c["k"], c["s"], c["p_lo"], c["p_hi"], c["d"])),
    "size.receptive_field_step~no_jump": lambda c: (
        receptive_field([3, c["k"]], [c["J"], c["s"]], [1, c["d"]]) - 3, c["d"] * (c["k"] - 1)),
    "size.receptive_field_3~own_stride": lambda c: (
        receptive_field([c["k1"], c["k2"], c["k3"]], [c["s1"], c["s2"], 1], [c["d1"], c["d2"], c["d3"]]),
        1 + sum(kernel_span(c[f"k{i}"], c[f"d{i}"]) - 1 for i in (1, 2, 3)) + (kernel_span(c["k2"], c["d2"]) - 1)
        * (c["s1"] - 1) + (kernel_span(c["k3"], c["d3"]) - 1) * (c["s2"] - 1)),
    "size.same.onnx-same-lower~extra_at_end": lambda c: _extra_side(c, "onnx-same-lower"),
    "size.same.scipy~extra_at_end": lambda c: _extra_side(c, "scipy"),
    "size.preimages~injective": lambda c: (c["n"], c["m"]) if _o(c) == _o(dict(c, n=c["m"])) else (0, 0),
    "size.kernel_span~dk": _span,
    "size.receptive_field_2~no_stride": lambda c: (
        receptive_field([c["k1"], c["k2"]], [c["s1"], 1], [c["d1"], c["d2"]]),
        kernel_span(c["k1"], c["d1"]) + kernel_span(c["k2"], c["d2"]) - 1),
    "size.same.tensorflow~n_over_s": lambda c: (
        conv_output_size(c["n"], c["k"], c["s"], *same_padding(c["n"], c["k"], c["s"], c["d"], "tensorflow"), c["d"]),
        Fraction(c["n"], c["s"])),
    "size.same.torch~k_half": lambda c: (conv_output_size(c["n"], c["k"], 1, c["k"] // 2, c["k"] // 2), c["n"]),
    "index.conv_matrix~padding_sign": lambda c: (
        int(numeric.conv_matrix(c["n"], _x(c["k"]), c["s"], [(c["p_lo"], c["p_hi"])], c["d"])[c["i"], c["j"]]),
        _wrong_entry(c)),
    "index.im2col_rows~tap_major": _im2col_rows,
    "index.im2col_batch~sample_minor": _im2col_batch,
    "index.transposed_zero_insertion~no_flip": _no_flip,
    "index.grad_weight~exact_k": _grad_weight,
    "index.adjoint~no_dilation": _adjoint,
    "index.stride_sampling~half": lambda c: (2 * _o(c), _o(dict(c, s=1))),
    "index.dilation_zero_kernel~length_dk": _dil,
    "index.grouped_block_diagonal~interleaved": _grouped,
    "index.pointwise_matmul~any_stride": lambda c: (
        numeric.conv(_x(c["n"]), np.ones((1, 1, 1), dtype=np.int64), stride=c["s"]).shape[-1], c["n"]),
    "index.avg_pool_conv~padded": _avg,
    "index.shared_weight_sum~average": _shared,
    "index.bias_sum~mean": _bias,
    "index.separable_factorisation~sum_weight": _separable,
    "index.nd_product~column_major": lambda c: (
        int(np.ravel_multi_index((c["j1"], c["j2"]), (c["n1"], c["n2"]))), c["j1"] + c["j2"] * c["n1"]),
}


def _extra_side(c, conv):
    """The claim: p_hi - p_lo = (p_lo + p_hi) mod 2; geometry's pads disagree."""
    lo, hi = same_padding(c["n"], c["k"], c.get("s", 1), c["d"], conv)
    return hi - lo, (lo + hi) % 2


def _wrong_entry(c):
    e = c["j"] - c["s"] * c["i"] - c["p_lo"]
    return int(_x(c["k"])[0, 0, e // c["d"]]) if e % c["d"] == 0 and 0 <= e // c["d"] < c["k"] else 0


@pytest.mark.parametrize("name", [t.name for t in wrong_variants()])
def test_wrong_variant_is_refuted_and_confirmed(name):
    r = _outcome(name)
    assert r.status == "refuted", r
    if THEOREMS[name].engine == "sympy":
        counted = {"count.conv~no_channels": lambda C_in, C_out, k_h, k_w: P.conv_params(C_in, C_out, (k_h, k_w))}
        lhs, rhs = _params(name)(r.counterexample)
        assert lhs != rhs
        if name in counted:
            assert lhs == counted[name](**r.counterexample)
        return
    lhs, rhs = CONFIRM[name](r.counterexample)
    assert lhs != rhs, (name, r.counterexample, lhs, rhs)


def test_every_z3_variant_has_an_independent_confirmation():
    assert {t.name for t in wrong_variants() if t.engine == "z3"} == set(CONFIRM)


@pytest.mark.parametrize("conv", ["torch", "tensorflow", "onnx-same-lower", "scipy"])
def test_same_pads_are_convproofs(conv):
    """The pads the 'same' theorems reason about are geometry.same_padding's, on a grid."""
    n, k, s, d = z3.Ints("n k s d")
    lo, hi = same_pads(conv, n, k, s, d)
    strides = (1, 2, 3) if conv in ("tensorflow", "onnx-same-lower") else (1,)
    for vals in [(a, b, c, e) for a in range(1, 9) for b in range(1, 5) for c in strides for e in (1, 2)]:
        sub = list(zip((n, k, s, d), map(z3.IntVal, vals)))
        got = tuple(z3.simplify(z3.substitute(x, *sub)).as_long() for x in (lo, hi))
        assert got == same_padding(vals[0], vals[1], vals[2], vals[3], conv), vals


def test_refuted_correct_theorem_would_be_caught():
    """Mutation: a theorem with its claim negated is refuted (the tests above can fail)."""
    t = THEOREMS["size.transposed"]
    q = t.build()
    from convproof.theorems.engine import Query, prove_query

    assert prove_query(Query(q.variables, q.hypotheses, z3.Not(q.claim))).status == "refuted"


def test_plain_title_unwraps_math():
    t = THEOREMS["size.exact_division"]
    assert t.text() == "Without floor the formula is exact when s | n + p_lo + p_hi - d(k-1) - 1"
    assert t.text("ru").startswith("Без округления") and "$" not in t.text("ru")
