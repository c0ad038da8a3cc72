"""Every worked value of seed 002 ("Introduction to neural networks") recomputed exactly.

:func:`worked_values` returns one :class:`WorkedValue` per number the seed prints: the quote, the
printed value, the exact value (Rationals for the seed's decimals; ``tanh(-7/10)`` and ``e^z`` kept
symbolic), and the verdict of :func:`convproof.seeds.decimals.classify_decimal` (``holds``,
``rounded correctly``, ``truncated``, ``wrong``).  Where the seed computes a value from its own
rounded intermediates, ``propagated`` is that value recomputed from the printed intermediates and
gets its own verdict, so "truncated" and "carried over a rounded intermediate" are told apart.
:func:`claims` lists the statements that are not single decimals (step-size regimes, notation).
Quotes are condensed from the slides: column vectors written as ``[...]^T``, repeated slide-build
text and the first factors of long products elided with ``\\dots``; the printed numbers are verbatim.

``python -m convproof.seeds.seed002`` writes ``reports/errata/seed002.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np
import sympy as sp

from .decimals import DecimalVerdict, classify_decimal
from ..nn.optim import classify_step, contraction_factor, gradient_descent
from .errata_file import write_main
from .seed002_graph import seed002_example

__all__ = ["WorkedValue", "Claim", "worked_values", "conv_example_values", "claims", "to_markdown", "main"]

R = sp.Rational


@dataclass(frozen=True)
class WorkedValue:
    """One printed number of the seed and its exact counterpart."""

    id: str
    section: str
    quote: str
    printed: str
    exact: sp.Expr
    verdict: DecimalVerdict
    propagated: sp.Expr | None = None
    propagated_verdict: DecimalVerdict | None = None


@dataclass(frozen=True)
class Claim:
    """A statement of the seed that is not one decimal: ``verdict`` is holds / wrong / note.

    ``detail`` is the computation in English, ``detail_ru`` the same in Russian (same computed numbers).
    """

    id: str
    section: str
    quote: str
    verdict: str
    detail: str
    detail_ru: str

    def explanation(self, lang: str = "en") -> str:
        """``detail_ru`` for ``lang == "ru"``, else ``detail``."""
        return self.detail_ru if lang == "ru" else self.detail


def _wv(id_: str, section: str, quote: str, printed: str, exact, propagated=None) -> WorkedValue:
    prop_verdict = None if propagated is None else classify_decimal(printed, propagated)
    return WorkedValue(id_, section, quote, printed, sp.sympify(exact), classify_decimal(printed, exact),
                       None if propagated is None else sp.sympify(propagated), prop_verdict)


def _neuron() -> list[WorkedValue]:
    s = "ReLU neuron"
    return [_wv("neuron.x1w1", s, r"y = f(0.8 \cdot 0.15 + \dots = f(0.12 + \dots", "0.12", R("0.8") * R("0.15")),
            _wv("neuron.x2w2", s, r"0.7 \cdot (-0.3) \dots y = f(0.12 - 0.21 + \dots", "-0.21", R("0.7") * R("-0.3")),
            _wv("neuron.x3w3", s, r"(-0.5) \cdot 0.1 \dots y = f(0.12 - 0.21 - 0.05 + \dots", "-0.05",
                R("-0.5") * R("0.1"))]


def _dense() -> list[WorkedValue]:
    W = sp.Matrix([[R("0.15"), R("-0.7")], [R("0.02"), R("0.81")], [R("1.1"), R("-0.24")]])
    z = W * sp.Matrix([R("0.5"), R("-0.3")]) + sp.Matrix([0, R("-0.3"), R("0.14")])
    s = "dense layer 2 -> 3, tanh"
    out = [_wv(f"dense.z{i + 1}", s, r"Wx + b = \dots = [0.285, -0.533, 0.762]^T", p, z[i])
           for i, p in enumerate(("0.285", "-0.533", "0.762"))]
    out += [_wv(f"dense.y{i + 1}", s, r"y = [\tanh(0.285), \tanh(-0.533), \tanh(0.762)]^T \approx "
                r"[0.277, -0.487, 0.642]^T", p, sp.tanh(z[i])) for i, p in enumerate(("0.277", "-0.487", "0.642"))]
    return out


def _softmax() -> list[WorkedValue]:
    z = [1, 0, R(1, 2), -1, 1]
    total = sp.Add(*[sp.exp(v) for v in z])
    quote = r"z = [1, 0, 0.5, -1, 1]: \text{softmax}(z) \approx [0.322, 0.118, 0.195, 0.043, 0.322]"
    return [_wv(f"softmax.s{i + 1}", "softmax", quote, p, sp.exp(v) / total)
            for i, (v, p) in enumerate(zip(z, ("0.322", "0.118", "0.195", "0.043", "0.322")))]


def _graph() -> list[WorkedValue]:
    g, run, new = seed002_example()
    v = {str(k): val for k, val in run.value.items()}
    d = {str(k): val for k, val in run.grad.items()}
    loc = {(str(c), str(p)): val for (c, p), val in run.local.items()}
    s = "computational graph"
    y_p, dv4_p = R("-0.6043"), R("0.5022")
    rows = [("graph.v1", r"v_1 = 2.0 \cdot 1.0 = 2.0", "2.0", v["v_1"], None),
            ("graph.v2", r"v_2 = -0.5 \cdot 3.0 = -1.5", "-1.5", v["v_2"], None),
            ("graph.dv1dx1", r"\frac{\partial v_1}{\partial x_1} = w_1 = 1.0", "1.0", loc[("v_1", "x_1")], None),
            ("graph.dv1dw1", r"\frac{\partial v_1}{\partial w_1} = x_1 = 2.0", "2.0", loc[("v_1", "w_1")], None),
            ("graph.dv2dx2", r"\frac{\partial v_2}{\partial x_2} = w_2 = 3.0", "3.0", loc[("v_2", "x_2")], None),
            ("graph.dv2dw2", r"\frac{\partial v_2}{\partial w_2} = x_2 = -0.5", "-0.5", loc[("v_2", "w_2")], None),
            ("graph.v3", r"v_3 = 2.0 - 1.5 = 0.5", "0.5", v["v_3"], None),
            ("graph.dv3dv1", r"\frac{\partial v_3}{\partial v_1} = 1.0", "1.0", loc[("v_3", "v_1")], None),
            ("graph.dv3dv2", r"\frac{\partial v_3}{\partial v_2} = 1.0", "1.0", loc[("v_3", "v_2")], None),
            ("graph.v4", r"v_4 = 0.5 - 1.2 = -0.7", "-0.7", v["v_4"], None),
            ("graph.dv4dv3", r"\frac{\partial v_4}{\partial v_3} = 1.0", "1.0", loc[("v_4", "v_3")], None),
            ("graph.dv4db", r"\frac{\partial v_4}{\partial b} = 1.0", "1.0", loc[("v_4", "b")], None),
            ("graph.y3", r"y = \tanh(-0.7) = -0.604", "-0.604", v["y"], None),
            ("graph.dydv4", r"\frac{\partial y}{\partial v_4} = \tanh'(-0.7) = 0.635", "0.635", loc[("y", "v_4")], None),
            ("graph.y4", r"y = -0.6043", "-0.6043", v["y"], None),
            ("graph.L", r"L(y, t) = (-0.6043 + 1)^2 = 0.1567", "0.1567", v["L"], (y_p + 1) ** 2),
            ("graph.dLdy", r"\frac{\partial L}{\partial y} = 2 \cdot (y - t) = 0.7912", "0.7912", d["y"], 2 * (y_p + 1)),
            ("graph.dLdv4", r"\frac{\partial L}{\partial v_4} = 0.5022", "0.5022", d["v_4"], R("0.7912") * R("0.635")),
            ("graph.dLdb", r"\frac{\partial L}{\partial b} = \dots = 0.5022", "0.5022", d["b"], dv4_p),
            ("graph.dLdv3", r"\frac{\partial L}{\partial v_3} = \dots = 0.5022", "0.5022", d["v_3"], dv4_p),
            ("graph.dLdv1", r"\frac{\partial L}{\partial v_1} = 0.5022", "0.5022", d["v_1"], dv4_p),
            ("graph.dLdx1", r"\frac{\partial L}{\partial x_1} = \dots = 0.5022", "0.5022", d["x_1"], dv4_p * 1),
            ("graph.dLdw1", r"\frac{\partial L}{\partial w_1} = \dots = 1.0044", "1.0044", d["w_1"], dv4_p * 2),
            ("graph.dLdv2", r"\frac{\partial L}{\partial v_2} = 0.5022", "0.5022", d["v_2"], dv4_p),
            ("graph.dLdx2", r"\frac{\partial L}{\partial x_2} = \dots = 1.5067", "1.5067", d["x_2"], dv4_p * 3),
            ("graph.dLdw2", r"\frac{\partial L}{\partial w_2} = \dots = -0.2511", "-0.2511", d["w_2"], dv4_p * R("-0.5")),
            ("graph.w1_new", r"w_1 = 1.0 - 0.7 \cdot 1.0044 = 0.2969", "0.2969", new["w_1"], 1 - R("0.7") * R("1.0044")),
            ("graph.w2_new", r"w_2 = 3.0 + 0.7 \cdot 0.2511 = 3.1757", "3.1757", new["w_2"], 3 + R("0.7") * R("0.2511")),
            ("graph.b_new", r"b = -1.2 - 0.7 \cdot 0.5022 = -1.5515", "-1.5515", new["b"], R("-1.2") - R("0.7") * dv4_p),
            ("graph.sum_x1", r"\frac{\partial L}{\partial x_1} = 0.7 + 1.5 = 2.2", "2.2", R("0.7") + R("1.5"), None),
            ("graph.sum_x2", r"\frac{\partial L}{\partial x_2} = 1.1 - 0.3 + 0.9 = 1.7", "1.7",
             R("1.1") - R("0.3") + R("0.9"), None)]
    return [_wv(i, s, q, p, e, pr) for i, q, p, e, pr in rows]


def _descent() -> list[WorkedValue]:
    x = sp.Symbol("x")
    it = gradient_descent(x ** 2 - 2, x, 3, R("0.4"), 5)
    s = "gradient descent f(x) = x^2 - 2, x_0 = 3, alpha = 0.4"
    rows = [(1, "0.6", "-1.64", r"x_1 = 3 - 0.4 \cdot 2 \cdot 3 = 0.6, f(x_1) = -1.64"),
            (2, "0.12", "-1.9856", r"x_2 = 0.6 - 0.4 \cdot 2 \cdot 0.6 = 0.12, f(x_2) = -1.9856"),
            (3, "0.024", "-1.9994", r"x_3 = 0.12 - 0.4 \cdot 2 \cdot 0.12 = 0.024, f(x_3) = -1.9994"),
            (4, "0.0048", "-1.9997", r"x_4 = 0.024 - 0.4 \cdot 2 \cdot 0.024 = 0.0048, f(x_4) = -1.9997"),
            (5, "0.00096", "-1.9999", r"x_5 = 0.0048 - 0.4 \cdot 2 \cdot 0.0048 = 0.00096, f(x_4) = -1.9999")]
    out = []
    for k, px, pf, quote in rows:
        out.append(_wv(f"gd.x{k}", s, quote, px, it[k][0]))
        out.append(_wv(f"gd.f{k}", s, quote, pf, it[k][1]))
    return out


@lru_cache(maxsize=1)
def worked_values() -> tuple[WorkedValue, ...]:
    """All decimal worked values of seed 002, in the order the seed prints them (computed once)."""
    return tuple(_neuron() + _dense() + _softmax() + _descent() + _graph())


IMAGE = np.array([[6, 5, 3, -1, 6, 7], [4, 6, 2, 4, 6, 2], [1, 3, 6, 0, 0, 1], [5, 7, 2, 1, 5, 8]])
FILTER = np.array([[3, 2, -1], [-1, 1, 4], [1, 3, 2]])
CONV_QUOTES = {  # the seed's eight expanded products for the 2x4 valid result, verbatim
    (0, 0): r"6 \cdot 3 + 5 \cdot 2 + 3 \cdot (-1) + 4 \cdot (-1) + 6 \cdot 1 + 2 \cdot 4 + 1 \cdot 1 + 3 \cdot 3 + 6 \cdot 2 = 57",
    (0, 1): r"5 \cdot 3 + 3 \cdot 2 + (-1) \cdot (-1) + 6 \cdot (-1) + 2 \cdot 1 + 4 \cdot 4 + 3 \cdot 1 + 6 \cdot 3 + 0 \cdot 2 = 55",
    (0, 2): r"3 \cdot 3 + (-1) \cdot 2 + 6 \cdot (-1) + 2 \cdot (-1) + 4 \cdot 1 + 6 \cdot 4 + 6 \cdot 1 + 0 \cdot 3 + 0 \cdot 2 = 33",
    (0, 3): r"(-1) \cdot 3 + 6 \cdot 2 + 7 \cdot (-1) + 4 \cdot (-1) + 6 \cdot 1 + 2 \cdot 4 + 0 \cdot 1 + 0 \cdot 3 + 1 \cdot 2 = 14",
    (1, 0): r"4 \cdot 3 + 6 \cdot 2 + 2 \cdot (-1) + 1 \cdot (-1) + 3 \cdot 1 + 6 \cdot 4 + 5 \cdot 1 + 7 \cdot 3 + 2 \cdot 2 = 78",
    (1, 1): r"6 \cdot 3 + 2 \cdot 2 + 4 \cdot (-1) + 3 \cdot (-1) + 6 \cdot 1 + 0 \cdot 4 + 7 \cdot 1 + 2 \cdot 3 + 1 \cdot 2 = 36",
    (1, 2): r"2 \cdot 3 + 4 \cdot 2 + 6 \cdot (-1) + 6 \cdot (-1) + 0 \cdot 1 + 0 \cdot 4 + 2 \cdot 1 + 1 \cdot 3 + 5 \cdot 2 = 17",
    (1, 3): r"4 \cdot 3 + 6 \cdot 2 + 2 \cdot (-1) + 0 \cdot (-1) + 0 \cdot 1 + 1 \cdot 4 + 1 \cdot 1 + 5 \cdot 3 + 8 \cdot 2 = 58",
}
PADDED_RESULT = [[50, 37, 14, 46, 61, 13], [44, 57, 55, 33, 14, 31], [44, 78, 36, 17, 58, 52], [32, 13, 20, 37, 35, 5]]
STRIDED_RESULT = [[50, 14, 61], [44, 36, 58]]
_PRODUCT = re.compile(r"\(?(-?\d+)\)?\s*\\cdot\s*\(?(-?\d+)\)?")


def _correlate(image: np.ndarray, kernel: np.ndarray, pad: int, stride: int) -> np.ndarray:
    from ..numeric.reference import conv

    return conv(image[None, None], kernel[None, None], stride=stride, padding=pad)[0, 0]


def conv_example_values() -> list[Claim]:
    """The 4x6 image / 3x3 filter example: each expanded product, then the padded and strided tables."""
    out = []
    valid = _correlate(IMAGE, FILTER, 0, 1)
    for (i, j), quote in CONV_QUOTES.items():
        pairs = [(int(a), int(b)) for a, b in _PRODUCT.findall(quote)]
        window = list(zip(IMAGE[i:i + 3, j:j + 3].ravel().tolist(), FILTER.ravel().tolist()))
        printed = int(quote.rsplit("=", 1)[1])
        ok = pairs == window and sum(a * b for a, b in pairs) == printed == int(valid[i, j])
        detail = f"window of the image at ({i},{j}) times the filter, no flip: exact {int(valid[i, j])}"
        detail_ru = f"окно изображения в ({i},{j}), умноженное на фильтр, без отражения: точно {int(valid[i, j])}"
        out.append(Claim(f"conv.valid_{i}{j}", "convolution example", quote, "holds" if ok else "wrong", detail,
                         detail_ru))
    for name, table, pad, stride in (("padded", PADDED_RESULT, 1, 1), ("strided", STRIDED_RESULT, 1, 2)):
        exact = _correlate(IMAGE, FILTER, pad, stride)
        bad = [(i, j) for i in range(exact.shape[0]) for j in range(exact.shape[1]) if exact[i, j] != table[i][j]]
        out.append(Claim(f"conv.{name}", "convolution example", f"P = {pad}, S = {stride}: result {table}",
                         "holds" if not bad else "wrong",
                         f"{exact.shape[0]}x{exact.shape[1]} result recomputed" + (f"; differs at {bad}" if bad else ""),
                         f"результат {exact.shape[0]}x{exact.shape[1]} пересчитан"
                         + (f"; отличается в {bad}" if bad else "")))
    return out


def _neuron_sum() -> sp.Rational:
    return R("0.12") - R("0.21") - R("0.05") + R("0.42")


def _output_size_claims() -> list[Claim]:
    from ..geometry.formulas import conv_output_size_expr

    W = sp.Symbol("W_{in}", integer=True, positive=True)
    rows = [("out.same", r"F = 3, P = 1, S = 1: W_{out} = W_{in}", conv_output_size_expr(W, 3, 1, 1), W),
            ("out.w", r"F_w = 5, P = 3, S = 2: W_{out} = \lfloor (W_{in} + 1)/2 \rfloor + 1",
             conv_output_size_expr(W, 5, 2, 3), sp.floor((W + 1) / 2) + 1),
            ("out.h", r"F_h = 3, P = 3, S = 2: H_{out} = \lfloor (H_{in} + 3)/2 \rfloor + 1",
             conv_output_size_expr(W, 3, 2, 3), sp.floor((W + 3) / 2) + 1)]
    return [Claim(i, "output-size formula", q, "holds" if sp.simplify(a - b) == 0 else "wrong",
                  f"floor((W + 2P - F)/S) + 1 = {a}", f"floor((W + 2P - F)/S) + 1 = {a}") for i, q, a, b in rows]


REGIME_RU = {"monotone": "монотонно", "one-step": "за один шаг", "oscillating": "с колебаниями",
             "divergent": "расходится"}


def _exact_text(value: sp.Expr) -> str:
    """A terminating decimal written out exactly, anything else to 11 significant digits.

    >>> _exact_text(sp.Rational(-19531241, 9765625)), _exact_text(sp.Rational(-781241, 390625))
    ('-1.9999990784', '-1.99997696')
    """
    if value.is_Rational:
        exact = Decimal(int(value.p)) / Decimal(int(value.q))
        if Decimal(int(value.q)) * exact == Decimal(int(value.p)):
            return str(exact)
    return str(sp.N(value, 11))


def _label_x5() -> tuple[str, str]:
    """The x_5 line labels its f value f(x_4); the printed -1.9999 is neither value correctly rounded."""
    by = {v.id: v for v in worked_values()}
    f4, f5 = by["gd.f4"], by["gd.f5"]
    r4, r5 = (f"{float(v.verdict.rounded):.{v.verdict.digits}f}" for v in (f4, f5))
    both_en = f"both round to {r5}" if r4 == r5 else f"round to {r5} and {r4}"
    both_ru = f"оба округляются до {r5}" if r4 == r5 else f"округляются до {r5} и {r4}"
    fx5, fx4 = _exact_text(f5.exact), _exact_text(f4.exact)
    return (f"label: the value belongs to f(x_5) (the line computes x_5); f(x_4) was printed on the line before. "
            f"Either way {f5.printed} is a truncation: f(x_5) = {fx5} and f(x_4) = {fx4} {both_en}",
            f"подпись: значение относится к f(x_5) (в строке вычисляется x_5); f(x_4) напечатано строкой выше. "
            f"В любом случае в значении {f5.printed} отброшены разряды: f(x_5) = {fx5} и f(x_4) = {fx4} {both_ru}")


def _regimes() -> list[Claim]:
    words = {"0.1": "Шаг слишком мал, долгая сходимость", "0.5": "Идеальный шаг, моментальная сходимость",
             "0.8": "Большой шаг, плохая сходимость, градиент постоянно меняет знак",
             "1.01": "Очень большой шаг, расходимость"}
    expect = {"0.1": "monotone", "0.5": "one-step", "0.8": "oscillating", "1.01": "divergent"}
    return [Claim(f"gd.alpha_{a}", "step-size regimes", f"alpha = {a}: {w}",
                  "holds" if classify_step(R(a)) == expect[a] else "wrong",
                  f"x_(k+1) = q x_k with q = 1 - 2 alpha = {contraction_factor(R(a))}: {classify_step(R(a))}",
                  f"x_(k+1) = q x_k, q = 1 - 2 alpha = {contraction_factor(R(a))}: {REGIME_RU[classify_step(R(a))]}")
            for a, w in words.items()]


@lru_cache(maxsize=1)
def claims() -> tuple[Claim, ...]:
    """Statements of seed 002 that are not single decimals, with verdicts and the computation."""
    blur = sum([R(1, 8)] * 9)
    first = int(_correlate(IMAGE, FILTER, 0, 1)[0, 0])
    flipped = int((IMAGE[:3, :3] * FILTER[::-1, ::-1]).sum())
    notes = [
        Claim("gd.label_x5", "gradient descent", r"x_5 = \dots = 0.00096, f(x_4) = -1.9999", "wrong", *_label_x5()),
        Claim("softmax.index", "softmax", r"\text{softmax}(z)_i = \frac{e^{z_i}}{\sum_{i=1}^n e^{z_i}}", "note",
              "the summation index i shadows the free index i; write \\sum_{j=1}^n e^{z_j}",
              "индекс суммирования i совпадает со свободным индексом i; нужно \\sum_{j=1}^n e^{z_j}"),
        Claim("logistic.brackets", "logistic regression",
              r"-\frac{1}{n} \sum_{i=1}^n \tilde{y}_i \log y(x_i) + (1 - \tilde{y}_i) \log(1 - y(x_i))", "note",
              "brackets missing: both terms belong under the sum, -1/n sum_i [ ... + ... ]",
              "не хватает скобок: оба слагаемых стоят под суммой, -1/n sum_i [ ... + ... ]"),
        Claim("relu.derivative_at_0", "activation table", r"f'(x) = 1 (x > 0), 0 (x \leq 0)", "note",
              "ReLU has no derivative at 0; the value 0 there is a convention (PyTorch uses the same)",
              "у ReLU нет производной в 0; значение 0 там — соглашение (так же в PyTorch)"),
        Claim("conv.formula", "convolution definition",
              r"\sum_{x=0}^{f_w} \sum_{y=0}^{f_h} input(i - x, j - y) \cdot filter(x, y)", "wrong",
              "the sums run over f_w + 1 and f_h + 1 values (should end at f_w - 1, f_h - 1), and input(i-x, j-y) "
              "flips the filter while the worked example computes a cross-correlation (no flip); with the flip "
              f"the first entry would be {flipped}, not {first}",
              "суммы пробегают f_w + 1 и f_h + 1 значений (должны заканчиваться на f_w - 1, f_h - 1), а "
              "input(i-x, j-y) отражает фильтр, тогда как в примере вычисляется взаимная корреляция (без "
              f"отражения); с отражением первый элемент был бы {flipped}, а не {first}"),
        Claim("conv.blur", "example filters", r"1/8 in all nine cells: размытие", "note",
              f"the entries sum to {blur}, so this blur brightens by {blur}; 1/9 would preserve the mean",
              f"сумма элементов равна {blur}, поэтому такое размытие увеличивает яркость в {blur} раза; "
              "1/9 сохранило бы среднее"),
        Claim("adam.eps", "optimizers", r"\theta = \theta - \eta \frac{\widehat{m}_t}{\sqrt{\widehat{v}_t + \epsilon}}",
              "note", "Kingma & Ba (2015) and PyTorch use sqrt(v_hat) + eps; the seed puts eps under the root",
              "у Kingma и Ba (2015) и в PyTorch sqrt(v_hat) + eps; в лекции eps стоит под корнем"),
        Claim("adagrad.eps", "optimizers", r"\theta = \theta - \eta \frac{\nabla L}{\sqrt{G_t + \epsilon}}", "note",
              "Duchi et al. (2011) / PyTorch use sqrt(G_t) + eps; same iterates only when eps = 0",
              "у Duchi и др. (2011) и в PyTorch sqrt(G_t) + eps; итерации совпадают только при eps = 0"),
        Claim("mse.name", "losses", r"MSE: (y - t)^2", "note",
              "per-sample squared error; the *mean* appears only in the dataset loss L = (1/n) sum l_i",
              "квадрат ошибки на одном примере; *среднее* появляется только в потере по выборке L = (1/n) sum l_i"),
        Claim("neuron.answer", "ReLU neuron", r"y = f(0.12 - 0.21 - 0.05 + 0.42)", "note",
              f"the seed stops here (y = ?); exact: the argument is {_neuron_sum()} > 0, so y = {_neuron_sum()}",
              f"лекция останавливается здесь (y = ?); точно: аргумент равен {_neuron_sum()} > 0, "
              f"поэтому y = {_neuron_sum()}"),
        *_output_size_claims(),
        Claim("dense.params", "dense layer", r"(n + 1) \cdot m", "holds", "n*m weights plus m biases",
              "n*m весов и m смещений"),
        Claim("fc.params", "images as vectors", r"1024 \times 1024 = 1048576", "holds",
              f"1024*1024 = {1024 * 1024} (without biases; {1024 * 1024 + 1024} with)",
              f"1024*1024 = {1024 * 1024} (без смещений; {1024 * 1024 + 1024} со смещениями)"),
    ]
    return tuple(_regimes() + notes + conv_example_values())


def _num(value: sp.Expr, digits: int = 12) -> str:
    return str(sp.N(value, digits))


def _row(v: WorkedValue) -> str:
    prop = "" if v.propagated is None else (f"{_num(v.propagated, 8)} ({v.propagated_verdict.verdict})")
    rounded = f"{float(v.verdict.rounded):.{v.verdict.digits}f}"
    cells = [v.id, f"`{v.quote}`", v.printed, _num(v.exact), rounded, v.verdict.verdict,
             prop, v.verdict.note]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def to_markdown() -> str:
    """The errata report as Markdown (no file written)."""
    values, others = worked_values(), claims()
    counts = {k: sum(v.verdict.verdict == k for v in values) for k in ("holds", "rounded correctly", "truncated", "wrong")}
    lines = ["# Seed 002 (Introduction to neural networks): every worked value recomputed", "",
             "Generated by `python -m convproof.seeds.seed002`. Decimals of the seed are exact Rationals; "
             "transcendental values (tanh, exp) are exact SymPy constants, rounded only when compared. "
             "Verdicts: *holds* (equal), *rounded correctly* (round half away from zero), *truncated* "
             "(digits cut off where rounding differs), *wrong*. *From seed's intermediates* recomputes the "
             "value from the rounded numbers the seed itself printed before it.", "",
             "Summary: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" of {len(values)} printed values.", "",
             "## Errata (values that are not the correct rounding)", ""]
    for v in values:
        if not v.verdict.acceptable:
            extra = "" if v.propagated is None else (
                f" From the seed's own rounded intermediates: {_num(v.propagated, 8)} -> {v.propagated_verdict.verdict}.")
            lines.append(f"- `{v.id}` `{v.quote}`: exact {_num(v.exact)}; {v.verdict.verdict} ({v.verdict.note}).{extra}")
    for c in others:
        if c.verdict == "wrong":
            lines.append(f"- `{c.id}` `{c.quote}`: {c.detail}")
    lines += ["", "## All worked values", "",
              "| id | seed | printed | exact | correct rounding | verdict | from seed's intermediates | note |",
              "|---|---|---|---|---|---|---|---|"]
    lines += [_row(v) for v in values]
    lines += ["", "## Other statements", "", "| id | section | seed | verdict | computation |", "|---|---|---|---|---|"]
    lines += [f"| {c.id} | {c.section} | `{c.quote}` | {c.verdict} | {c.detail} |".replace("\n", " ") for c in others]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``reports/errata/seed002.md`` (or the path given as the only argument)."""
    return write_main(to_markdown, "reports/errata/seed002.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())
