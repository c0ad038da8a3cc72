"""LaTeX for expected values in findings: decimals as printed, polynomials in the claimed order.

>>> import sympy as sp
>>> f1, f3, z1, z2 = sp.symbols("f_{1} f_{3} z_{1} z_{2}")
>>> value_latex(f3*z1 + f1*z2, order={"f_{3}": 0, "z_{1}": 1, "f_{1}": 2})
'f_{3} z_{1} + f_{1} z_{2}'
>>> value_latex(sp.Rational(57, 100), digits=2)
'0.57'
"""

from __future__ import annotations

import sympy as sp

from .approx import format_decimal, numeric
from ..decimals import round_half_up

__all__ = ["terminating_decimal", "value_latex"]


def terminating_decimal(value: sp.Rational, max_digits: int = 12) -> str | None:
    """Exact decimal text of a rational with a terminating expansion, else ``None``."""
    if not isinstance(value, sp.Rational):
        return None
    for digits in range(max_digits + 1):
        scaled = value * 10 ** digits
        if scaled.is_Integer:
            return format_decimal(value, digits)
    return None


def _factor_latex(sym, exp) -> str:
    name = sym.name if isinstance(sym, sp.Symbol) else sp.latex(sym)
    if exp == 1:
        return name
    return f"{{{name}}}^{{{sp.latex(exp)}}}" if "^" in name else f"{name}^{{{sp.latex(exp)}}}"


def _term_latex(term, order: dict) -> tuple[int, str]:
    coeff, factors = term.as_coeff_mul()
    if not factors:
        return 10**9, value_latex(coeff)
    if not all(isinstance(f, sp.Symbol) or (f.is_Pow and isinstance(f.base, sp.Symbol))
               for f in factors):
        return 10**9, sp.latex(term)
    parts = []
    for f in factors:
        base, exp = (f.base, f.exp) if f.is_Pow else (f, 1)
        parts.append((order.get(base.name, 10**8), base.name, _factor_latex(base, exp)))
    parts.sort()
    body = " ".join(p[2] for p in parts)
    if coeff == 1:
        text = body
    elif coeff == -1:
        text = "-" + body
    else:
        text = value_latex(coeff) + " " + body
    return min(p[0] for p in parts), text


def value_latex(value, digits: int | None = None, order: dict | None = None) -> str:
    """LaTeX of an expected value.

    Numbers: rounded to ``digits`` decimals when given, else exact decimal, integer or fraction.
    Polynomials in symbols: terms and factors ordered by ``order`` (first position of each
    symbol name in the claimed entry), so a corrected entry reads like the original.
    """
    if isinstance(value, sp.MatrixBase):
        rows = [" & ".join(value_latex(v, digits, order) for v in value.row(i))
                for i in range(value.rows)]
        return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
    value = sp.sympify(value)
    if value.is_number:
        if digits is not None and digits < 0 and numeric(value) is not None:  # \approx 22000: to thousands
            return str(round_half_up(value, digits))
        if digits is not None and digits > 0:
            exact = terminating_decimal(value) if isinstance(value, sp.Rational) else None
            if exact is not None and len(exact.split(".")[-1]) <= digits:
                return format_decimal(value, digits)
            return format_decimal(value, digits)
        if value.is_Integer:
            return str(value)
        exact = terminating_decimal(value)
        if exact is not None:
            return exact
        if isinstance(value, sp.Rational):
            sign = "-" if value < 0 else ""
            return sign + r"\frac{" + str(abs(value.p)) + "}{" + str(value.q) + "}"
        return sp.latex(value)
    order = order or {}
    expanded = sp.expand(value)
    terms = sorted((_term_latex(t, order) for t in sp.Add.make_args(expanded)),
                   key=lambda t: t[0])
    text = ""
    for _, term in terms:
        if not text:
            text = term
        elif term.startswith("-"):
            text += " - " + term[1:]
        else:
            text += " + " + term
    return text
