r"""Sums of any length, by induction: the shared-weight gradient, the bias gradient, depthwise separable.

z3 cannot sum over a symbolic number of terms, so each theorem is proved by induction on that
number ``o``: the base case (the empty sum) and the step (one more term) are one z3 query over
real-valued unknowns. The claims are about functions that are linear in the parameter being
differentiated (a convolution is linear in its kernel and in its bias), so the gradient is the
change of ``L`` per unit change ``h`` of the parameter.

* Weight sharing: ``L(f) = sum_i L_i(f)`` where copy ``i`` contributes ``G_i f``; then
  ``L(f + h) - L(f) = h sum_i G_i``: the tied gradient is the *sum* of the copies' gradients.
* Bias: ``L(b) = sum_i g_i (z_i + b)``; ``dL/db = sum_i g_i``.
* Depthwise separable: ``sum_c P_c (sum_t D_{c,t} Y_{c,t}) = sum_c sum_t (P_c D_{c,t}) Y_{c,t}``
  (depthwise then 1x1 equals one conv with weight ``P_c D_{c,t}``), an induction on the taps
  inside an induction on the channels.
"""

from __future__ import annotations

import z3

from .engine import Query, Theorem

__all__ = ["THEOREMS"]


def _shared(mean: bool = False) -> Query:
    """Hypothesis P(o): ``L_o(f+h) - L_o(f) = h S_o`` (``S_o/o`` for the mean); claim P(0) and P(o+1).

    The wrong variant draws its unknowns from the integers: an integer counterexample refutes a claim
    about all reals, and integers shrink to the smallest one.
    """
    o = z3.Int("o")
    f, h, A, Ah, S, G = (z3.Ints if mean else z3.Reals)("f h L_o(f) L_o(f+h) S_o G_o")
    scale = (lambda n: 1 / z3.ToReal(n)) if mean else (lambda n: 1)
    ok = o >= 1 if mean else o >= 0
    step = z3.Implies(Ah - A == h * S * scale(o), (Ah + G * (f + h)) - (A + G * f) == h * (S + G) * scale(o + 1))
    base = (h * 0 == 0) if not mean else (G * (f + h) - G * f == h * G * scale(z3.IntVal(1)))
    return Query({"o": o, "f": f, "h": h, "L_o(f)": A, "L_o(f+h)": Ah, "S_o": S, "G_o": G}, [ok], z3.And(base, step))


def _bias(mean: bool = False) -> Query:
    """``L_o(b) = sum_{i<o} g_i (z_i + b)``: ``L_o(b+h) - L_o(b) = h sum g`` (step: one more output)."""
    o = z3.Int("o")
    b, h, A, Ah, S, g, z = (z3.Ints if mean else z3.Reals)("b h L_o(b) L_o(b+h) S_o g_o z_o")
    scale = (lambda n: 1 / z3.ToReal(n)) if mean else (lambda n: 1)
    ok = o >= 1 if mean else o >= 0
    step = z3.Implies(Ah - A == h * S * scale(o),
                      (Ah + g * (z + b + h)) - (A + g * (z + b)) == h * (S + g) * scale(o + 1))
    return Query({"o": o, "b": b, "h": h, "L_o(b)": A, "L_o(b+h)": Ah, "S_o": S, "g_o": g, "z_o": z}, [ok], step)


def _separable(weight=lambda P, D: P * D, numbers=z3.Reals) -> Query:
    """Inner step (taps): ``P U = V -> P (U + D Y) = V + w(P, D) Y``; outer step (channels): sums add."""
    P, U, V, D, Y, A, B, X, W = numbers("P_c U V D_ct Y_ct A B X W")
    inner = z3.Implies(P * U == V, P * (U + D * Y) == V + weight(P, D) * Y)
    outer = z3.Implies(z3.And(A == B, X == W), A + X == B + W)  # channel c's two sums agree, so the totals do
    names = {"P_c": P, "U": U, "V": V, "D_ct": D, "Y_ct": Y}
    return Query(names, [], z3.And(P * 0 == 0, inner, outer))


def _t(name, en, ru, latex, hyps, build, wrong_of=""):
    return Theorem(name, (en, ru), latex, tuple(hyps), build, wrong_of=wrong_of, group="index")


THEOREMS = [
    _t("index.shared_weight_sum", "The gradient of a shared kernel is the sum of the untied copies' gradients "
       "(induction on the number of positions $o$)", "Градиент общего ядра --- сумма градиентов несвязанных копий "
       "(индукция по числу позиций $o$)",
       r"L(f) = \sum_{i<o} G_i f \implies L(f+h) - L(f) = h \sum_{i<o} G_i", (r"o \ge 0", r"f, h, G_i \in \mathbb{R}"),
       _shared),
    _t("index.shared_weight_sum~average", "The gradient of a shared kernel is the average of the copies' gradients",
       "Градиент общего ядра --- среднее градиентов копий", r"L(f+h) - L(f) = \frac{h}{o} \sum_{i<o} G_i",
       (r"o \ge 1", r"f, h, G_i \in \mathbb{R}"), lambda: _shared(True), "index.shared_weight_sum"),
    _t("index.bias_sum",
       r"$\partial L/\partial b$ = the sum of the output gradients (induction on the number of outputs)",
       r"$\partial L/\partial b$ = сумма градиентов выходов (индукция по числу выходов)",
       r"L(b) = \sum_{i<o} g_i (z_i + b) \implies L(b+h) - L(b) = h \sum_{i<o} g_i",
       (r"o \ge 0", r"b, h, g_i, z_i \in \mathbb{R}"), _bias),
    _t("index.bias_sum~mean", r"$\partial L/\partial b$ is the mean of the output gradients",
       r"$\partial L/\partial b$ --- среднее градиентов выходов",
       r"L(b+h) - L(b) = \frac{h}{o} \sum_{i<o} g_i", (r"o \ge 1", r"b, h, g_i, z_i \in \mathbb{R}"),
       lambda: _bias(True), "index.bias_sum"),
    _t("index.separable_factorisation", r"Depthwise then $1 \times 1$ = one conv with weight $W_{c,t} = P_c D_{c,t}$ "
       "(induction on taps and channels)",
       r"Поканальная, затем $1 \times 1$ = одна свёртка с весом $W_{c,t} = P_c D_{c,t}$ "
       "(индукция по отсчётам и каналам)",
       r"\sum_{c} P_c \sum_{t} D_{c,t} Y_{c,t} = \sum_{c} \sum_{t} (P_c D_{c,t})\, Y_{c,t}",
       (r"P_c, D_{c,t}, Y_{c,t} \in \mathbb{R}",), _separable),
    _t("index.separable_factorisation~sum_weight",
       r"Depthwise then $1 \times 1$ = one conv with weight $W_{c,t} = P_c + D_{c,t}$",
       r"Поканальная, затем $1 \times 1$ = одна свёртка с весом $W_{c,t} = P_c + D_{c,t}$", r"W_{c,t} = P_c + D_{c,t}",
       (r"P_c, D_{c,t}, Y_{c,t} \in \mathbb{R}",), lambda: _separable(lambda P, D: P + D, z3.Ints),
       "index.separable_factorisation"),
]
