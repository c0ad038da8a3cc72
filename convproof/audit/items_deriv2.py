r"""More derivative items of the audit corpus: the operator form and activation derivatives
written with ``cases``.

Truth is computed here with SymPy from expressions built in Python (never by reading LaTeX,
never with :mod:`convproof.check`):

``derivative-operator``  ``\frac{d}{dz}\left(<operand>\right) = <claim>`` and
                         ``\frac{\partial}{\partial x}\left(x^2 \cdot y\right) = 2 \cdot x \cdot y``;
                         planted errors change a sign, drop a factor, differentiate by the other
                         variable;
``activation-cases``     ``\operatorname{ReLU}'(x)`` / ``\operatorname{HardTanh}'(x)`` as
                         ``cases``; planted errors swap the branches, change a value or a
                         boundary.  Truth: the derivative of the Python definition at rational
                         points strictly inside every branch (boundaries never probed).
"""

from __future__ import annotations

import sympy as sp

from .items import Item

__all__ = ["DERIV2_BUILDERS", "activation_cases", "derivative_operator"]

_X, _Y = sp.symbols("x y")
_SIG = 1 / (1 + sp.exp(-_X))
# (operand latex, operand, variable) and candidate claims (latex, SymPy value)
_OPERATORS = [
    (r"\sigma(x)", _SIG, "x", [
        (r"\sigma(x)(1 - \sigma(x))", _SIG * (1 - _SIG)),
        (r"\sigma(x)(1 + \sigma(x))", _SIG * (1 + _SIG)),
        (r"-\sigma(x)(1 - \sigma(x))", -_SIG * (1 - _SIG))]),
    (r"x^3", _X ** 3, "x", [(r"3 x^2", 3 * _X ** 2), (r"3 x", 3 * _X), (r"x^2", _X ** 2)]),
    (r"\ln(1 + e^x)", sp.log(1 + sp.exp(_X)), "x", [
        (r"\frac{e^x}{1 + e^x}", sp.exp(_X) / (1 + sp.exp(_X))),
        (r"\frac{1}{1 + e^x}", 1 / (1 + sp.exp(_X))),
        (r"\frac{-e^x}{1 + e^x}", -sp.exp(_X) / (1 + sp.exp(_X)))]),
    (r"x^2 \cdot y", _X ** 2 * _Y, "x", [(r"2 \cdot x \cdot y", 2 * _X * _Y),
                                       (r"2 \cdot x", 2 * _X), (r"x^2", _X ** 2)]),
    (r"x^2 \cdot y", _X ** 2 * _Y, "y", [(r"x^2", _X ** 2), (r"2 \cdot x", 2 * _X)]),
]


def derivative_operator(rng, note=None, error=None, numeric=False) -> Item:
    """``\\frac{d}{dx}\\left(f\\right) = claim``; ``error`` picks a false claim."""
    want = error is None
    choices = []
    for op_tex, op, var, claims in _OPERATORS:
        truth = sp.diff(op, sp.Symbol(var))
        for claim_tex, value in claims:
            if (sp.simplify((truth - value).rewrite(sp.exp)) == 0) == want:
                choices.append((op_tex, var, claim_tex, op.free_symbols))
    op_tex, var, claim_tex, free = rng.choice(choices)
    d = r"\partial" if len(free) > 1 else "d"
    sep = " " if d == r"\partial" else ""
    body = rf"\frac{{{d}}}{{{d}{sep}{var}}}\left({op_tex}\right) = {claim_tex}"
    return Item("derivative-operator", body, want, None if want else (error or "value"),
                "A derivative written with the operator d/dx.")


_RELU = sp.Max(0, _X)
_HARDTANH = sp.Max(-1, sp.Min(1, _X))
# (name latex, definition, branches: list of (value, condition latex, (lo, hi)) or otherwise)
_CASES = [
    (r"\operatorname{ReLU}", _RELU, [("1", "x > 0", (0, None)), ("0", "x < 0", (None, 0))]),
    (r"\operatorname{ReLU}", _RELU, [("0", "x > 0", (0, None)), ("1", "x < 0", (None, 0))]),
    (r"\operatorname{ReLU}", _RELU, [("1", "x > 0", (0, None)), ("-1", "x < 0", (None, 0))]),
    (r"\operatorname{ReLU}", _RELU, [("1", "x > 0", (0, None)), ("0", r"\text{otherwise}", None)]),
    (r"\operatorname{HardTanh}", _HARDTANH, [("1", "-1 < x < 1", (-1, 1)),
                                             ("0", r"\text{otherwise}", None)]),
    (r"\operatorname{HardTanh}", _HARDTANH, [("0", "-1 < x < 1", (-1, 1)),
                                             ("1", r"\text{otherwise}", None)]),
    (r"\operatorname{HardTanh}", _HARDTANH, [("1", "-2 < x < 2", (-2, 2)),
                                             ("0", r"\text{otherwise}", None)]),
]
_POINTS = [sp.Rational(k, 7) for k in range(-30, 31) if k % 7]   # never an integer boundary


def _inside(point, bounds) -> bool:
    lo, hi = bounds
    return (lo is None or point > lo) and (hi is None or point < hi)


def _cases_true(func, branches) -> bool:
    deriv = sp.diff(func, _X)
    for point in _POINTS:
        stated = [b for b in branches if b[2] is not None and _inside(point, b[2])]
        chosen = stated or [b for b in branches if b[2] is None]
        for value, _, _ in chosen:
            if deriv.subs(_X, point) != sp.Integer(value):
                return False
    return True


def activation_cases(rng, note=None, error=None, numeric=False) -> Item:
    """``f'(x) = \\begin{cases} .. \\end{cases}``; ``error`` picks a false one."""
    want = error is None
    choices = [c for c in _CASES if _cases_true(c[1], c[2]) == want]
    name, _, branches = rng.choice(choices)
    rows = r" \\ ".join(f"{v} & {c}" for v, c, _ in branches)
    body = rf"{name}'(x) = \begin{{cases}} {rows} \end{{cases}}"
    return Item("activation-cases", body, want, None if want else (error or "value"),
                "The derivative of an activation, branch by branch.")


DERIV2_BUILDERS = {"derivative-operator": derivative_operator, "activation-cases": activation_cases}
