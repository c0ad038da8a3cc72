r"""Size theorems: output size, transposed size, output padding and preimages, dilated span, receptive field.

Every theorem is stated over universally quantified integers; each wrong variant a user commonly
writes sits next to the theorem it corrupts (``name~variant``).
"""

from __future__ import annotations

import z3

from .common import STANDARD_TEX, ceil_div, ints, is_count, real, span, standard
from .engine import Query, Theorem

__all__ = ["SIZE_THEOREMS"]

_V = "n k s d p_lo p_hi"
_O = r"o = \left\lfloor \frac{n + p_{lo} + p_{hi} - d(k-1) - 1}{s} \right\rfloor + 1"


def _padded(v):
    return v["n"] + v["p_lo"] + v["p_hi"]


def _floor_o(v):
    return (_padded(v) - span(v["k"], v["d"])) / v["s"] + 1


def _output_count() -> Query:
    v = ints(_V)
    t = z3.Int("t")
    o, width = _floor_o(v), span(v["k"], v["d"])
    claim = z3.Implies(t >= 0, (t < o) == (v["s"] * t + width <= _padded(v)))
    return Query({**v, "t": t}, standard(v), z3.And(o >= 1, claim), {"o": o})


def _formula_vs_count(equal, shown, divisible: bool = False) -> Query:
    """``equal(v, o)``: the formula equals ``o``, the number of placements (a hypothesis on ``o``).

    ``divisible`` adds the hypothesis ``s | n + p_lo + p_hi - d(k-1) - 1``, stated as
    ``n + p_lo + p_hi - d(k-1) - 1 = s q`` for an integer ``q``.
    """
    v, o, q = ints(_V), z3.Int("o"), z3.Int("q")
    hyps = standard(v) + [is_count(o, _padded(v), span(v["k"], v["d"]), v["s"])]
    if divisible:
        hyps.append(_padded(v) - span(v["k"], v["d"]) == v["s"] * q)
    names = {**v, "o": o, **({"q": q} if divisible else {})}
    return Query(names, hyps, equal(v, o), {"formula": shown(v), "count": o})


def _exact_equal(v, o):
    """``(N - span)/s + 1 = o`` over the rationals, i.e. ``N - span = s (o - 1)`` (``s > 0``)."""
    return _padded(v) - span(v["k"], v["d"]) == v["s"] * (o - 1)


def _exact(v):
    return real(_padded(v) - span(v["k"], v["d"])) / real(v["s"]) + 1


def _ceil_form(v):
    return ceil_div(_padded(v) - span(v["k"], v["d"]), v["s"]) + 1


def _output_padding(v):
    return (_padded(v) - span(v["k"], v["d"])) % v["s"]


def _transposed(with_a: bool = True) -> Query:
    v = ints(_V)
    o = _floor_o(v)
    a = _output_padding(v) if with_a else 0
    back = (o - 1) * v["s"] - v["p_lo"] - v["p_hi"] + span(v["k"], v["d"]) + a
    claim = back == v["n"]
    if with_a:
        claim = z3.And(claim, 0 <= a, a < v["s"])
    return Query(v, standard(v), claim, {"o": o, "transposed": back})


def _preimages() -> Query:
    v, o = ints(_V), z3.Int("o")
    base = (o - 1) * v["s"] - v["p_lo"] - v["p_hi"] + span(v["k"], v["d"])
    a = v["n"] - base
    claim = is_count(o, _padded(v), span(v["k"], v["d"]), v["s"]) == z3.And(0 <= a, a < v["s"])
    return Query({**v, "o": o}, standard(v, fits=False) + [o >= 1], claim, {"base": base})


def _injective() -> Query:
    v, m = ints(_V), z3.Int("m")
    w = dict(v, n=m)
    hyps = standard(v) + standard(w)
    return Query({**v, "m": m}, hyps, z3.Implies(_floor_o(v) == _floor_o(w), v["n"] == m),
                 {"o(n)": _floor_o(v), "o(m)": _floor_o(w)})


def _span_taps(width) -> Query:
    v, t = ints("k d"), z3.Int("t")
    w = width(v["k"], v["d"])
    inside = z3.Implies(z3.And(0 <= t, t < v["k"]), z3.And(0 <= v["d"] * t, v["d"] * t < w))
    return Query({**v, "t": t}, [v["k"] >= 1, v["d"] >= 1], z3.And(inside, v["d"] * (v["k"] - 1) == w - 1),
                 {"span": w, "last tap": v["d"] * (v["k"] - 1)})


def _rf_step(jump: bool = True) -> Query:
    """Induction step: ``r' = r + J d (k-1)``, ``J' = J s`` describe the stack with one more layer."""
    v = ints("r J k s d i t")
    r, J, k, s, d, i, t = v.values()
    hyps = [r >= 1, J >= 1, k >= 1, s >= 1, d >= 1, i >= 0]
    r2, J2 = r + (J if jump else 1) * d * (k - 1), J * s
    lo, hi = lambda u: J * u, lambda u: J * u + r - 1  # layer-L output u covers [J u, J u + r - 1]
    covered = z3.Implies(z3.And(0 <= t, t < k), z3.And(J2 * i <= lo(s * i + d * t), hi(s * i + d * t) <= J2 * i + r2 - 1))
    attained = z3.And(lo(s * i) == J2 * i, hi(s * i + d * (k - 1)) == J2 * i + r2 - 1)
    return Query(v, hyps, z3.And(covered, attained))


def _rf_two(formula) -> Query:
    v = ints("k1 s1 d1 k2 d2 t1 t2")
    k1, s1, d1, k2, d2, t1, t2 = v.values()
    hyps = [k1 >= 1, s1 >= 1, d1 >= 1, k2 >= 1, d2 >= 1]
    r = formula(span(k1, d1), span(k2, d2), s1)
    x = s1 * (d2 * t2) + d1 * t1  # input position read by output 0 through taps t2 (layer 2), t1 (layer 1)
    taps = z3.And(0 <= t1, t1 < k1, 0 <= t2, t2 < k2)
    last = s1 * d2 * (k2 - 1) + d1 * (k1 - 1)
    return Query(v, hyps, z3.And(z3.Implies(taps, z3.And(0 <= x, x <= r - 1)), last == r - 1), {"r": r, "extent": last + 1})


def _rf_three(products: bool = True) -> Query:
    v = ints("k1 s1 d1 k2 s2 d2 k3 d3 t1 t2 t3")
    k1, s1, d1, k2, s2, d2, k3, d3, t1, t2, t3 = v.values()
    hyps = [x >= 1 for x in (k1, s1, d1, k2, s2, d2, k3, d3)]
    if products:
        r = 1 + (span(k1, d1) - 1) + (span(k2, d2) - 1) * s1 + (span(k3, d3) - 1) * s1 * s2
    else:  # each layer's own stride instead of the product of the strides below it
        r = 1 + (span(k1, d1) - 1) + (span(k2, d2) - 1) * s1 + (span(k3, d3) - 1) * s2
    x = s1 * (s2 * (d3 * t3) + d2 * t2) + d1 * t1
    taps = z3.And(0 <= t1, t1 < k1, 0 <= t2, t2 < k2, 0 <= t3, t3 < k3)
    last = s1 * (s2 * d3 * (k3 - 1) + d2 * (k2 - 1)) + d1 * (k1 - 1)
    return Query(v, hyps, z3.And(z3.Implies(taps, z3.And(0 <= x, x <= r - 1)), last == r - 1))


def _t(name, en, ru, latex, hyps, build, wrong_of=""):
    return Theorem(name, (en, ru), latex, tuple(hyps), build, wrong_of=wrong_of, group="sizes")


_OP_TEX = r"a = (n + p_{lo} + p_{hi} - d(k-1) - 1) \bmod s"
_RF2 = r"r = 1 + (d_1(k_1-1)) + d_2(k_2-1)\, s_1"
SIZE_THEOREMS = [
    _t("size.output_count", "The output size counts the window placements",
       "Размер выхода равен числу положений окна",
       _O + r",\quad \forall t \ge 0:\; t < o \iff s t + d(k-1) + 1 \le n + p_{lo} + p_{hi}", STANDARD_TEX,
       _output_count),
    _t("size.output_count~no_floor", r"$(W - F + 2P)/S + 1$ without floor is the output size",
       r"$(W - F + 2P)/S + 1$ без округления --- размер выхода",
       r"o = \frac{n + p_{lo} + p_{hi} - d(k-1) - 1}{s} + 1", STANDARD_TEX,
       lambda: _formula_vs_count(_exact_equal, _exact), "size.output_count"),
    _t("size.exact_division", r"Without floor the formula is exact when $s \mid n + p_{lo} + p_{hi} - d(k-1) - 1$",
       r"Без округления формула точна, когда $s \mid n + p_{lo} + p_{hi} - d(k-1) - 1$",
       r"s \mid n + p_{lo} + p_{hi} - d(k-1) - 1 \implies o = \frac{n + p_{lo} + p_{hi} - d(k-1) - 1}{s} + 1",
       STANDARD_TEX, lambda: _formula_vs_count(_exact_equal, _exact, True)),
    _t("size.exact_division~ceil", "Rounding up instead of down gives the output size",
       "Округление вверх вместо вниз даёт размер выхода",
       r"o = \left\lceil \frac{n + p_{lo} + p_{hi} - d(k-1) - 1}{s} \right\rceil + 1", STANDARD_TEX,
       lambda: _formula_vs_count(lambda v, o: _ceil_form(v) == o, _ceil_form), "size.exact_division"),
    _t("size.transposed", r"The transposed size with output_padding $a$ restores the input size, $0 \le a < s$",
       r"Транспонированная свёртка с output_padding $a$ восстанавливает размер входа, $0 \le a < s$",
       r"(o-1)s - p_{lo} - p_{hi} + d(k-1) + 1 + a = n,\quad " + _OP_TEX + r",\quad 0 \le a < s",
       STANDARD_TEX, _transposed),
    _t("size.transposed~no_output_padding", "The transposed convolution restores the input size without output_padding",
       "Транспонированная свёртка восстанавливает размер входа без output_padding",
       r"(o-1)s - p_{lo} - p_{hi} + d(k-1) + 1 = n", STANDARD_TEX, lambda: _transposed(False),
       "size.transposed"),
    _t("size.preimages",
       r"The inputs of output size $o$ are $n = (o-1)s - p_{lo} - p_{hi} + d(k-1) + 1 + a$, $0 \le a < s$: "
       "output_padding $a$ selects exactly one",
       r"Входы с размером выхода $o$: $n = (o-1)s - p_{lo} - p_{hi} + d(k-1) + 1 + a$, "
       r"$0 \le a < s$: output_padding $a$ выбирает ровно один",
       r"o(n) = o \iff 0 \le n - \bigl((o-1)s - p_{lo} - p_{hi} + d(k-1) + 1\bigr) < s",
       STANDARD_TEX[:5] + (r"o \ge 1",), _preimages),
    _t("size.preimages~injective", "Different inputs give different output sizes",
       "Разные входы дают разные размеры выхода", r"o(n) = o(m) \implies n = m",
       STANDARD_TEX + (r"d(k-1) + 1 \le m + p_{lo} + p_{hi}",), _injective, "size.preimages"),
    _t("size.kernel_span", "A dilated kernel spans $d(k-1) + 1$ inputs: taps $d t$, $t < k$, the last at $d(k-1)$",
       "Ядро с дилатацией покрывает $d(k-1) + 1$ входов: отсчёты $d t$, $t < k$, последний $d(k-1)$",
       r"0 \le t < k \implies 0 \le d t < d(k-1) + 1,\quad d(k-1) = (d(k-1) + 1) - 1", (r"k \ge 1", r"d \ge 1"),
       lambda: _span_taps(span)),
    _t("size.kernel_span~dk", "A dilated kernel spans $d k$ inputs", "Ядро с дилатацией покрывает $d k$ входов",
       r"\text{span} = d k", (r"k \ge 1", r"d \ge 1"), lambda: _span_taps(lambda k, d: d * k), "size.kernel_span"),
    _t("size.receptive_field_step", "Receptive field of a stack of any depth, induction step: adding a layer "
       "$(k, s, d)$ to a stack with field $r$ and jump $J$ gives $r' = r + J d(k-1)$, $J' = J s$",
       "Рецептивное поле стека любой глубины, шаг индукции: слой $(k, s, d)$ поверх стека с полем $r$ и шагом $J$ "
       "даёт $r' = r + J d(k-1)$, $J' = J s$",
       r"r' = r + J d (k-1),\; J' = J s \quad (r_0 = 1,\; J_0 = 1)",
       (r"r, J \ge 1", r"k, s, d \ge 1", r"i \ge 0"), _rf_step),
    _t("size.receptive_field_step~no_jump", "Adding a layer grows the receptive field by $d(k-1)$",
       "Новый слой увеличивает рецептивное поле на $d(k-1)$", r"r' = r + d(k-1)",
       (r"r, J \ge 1", r"k, s, d \ge 1", r"i \ge 0"), lambda: _rf_step(False), "size.receptive_field_step"),
    _t("size.receptive_field_2", "Receptive field of two layers", "Рецептивное поле двух слоёв", _RF2,
       (r"k_l, s_1, d_l \ge 1",), lambda: _rf_two(lambda a, b, s1: a + (b - 1) * s1)),
    _t("size.receptive_field_2~no_stride", "The receptive field of two layers ignores the stride",
       "Рецептивное поле двух слоёв не зависит от шага", r"r = d_1(k_1-1) + 1 + d_2(k_2 - 1)",
       (r"k_l, s_1, d_l \ge 1",), lambda: _rf_two(lambda a, b, s1: a + b - 1), "size.receptive_field_2"),
    _t("size.receptive_field_3", "Receptive field of three layers", "Рецептивное поле трёх слоёв",
       r"r = 1 + d_1(k_1-1) + d_2(k_2-1)\, s_1 + d_3(k_3-1)\, s_1 s_2", (r"k_l, s_l, d_l \ge 1",), _rf_three),
    _t("size.receptive_field_3~own_stride", "Each layer's span is scaled by its input's stride only",
       "Размах каждого слоя умножается только на шаг предыдущего слоя",
       r"r = 1 + d_1(k_1-1) + d_2(k_2-1)\, s_1 + d_3(k_3-1)\, s_2", (r"k_l, s_l, d_l \ge 1",),
       lambda: _rf_three(False), "size.receptive_field_3"),
]
