"""A cheap, exact proof that an expression is not identically zero: its value at a point.

``simplify`` of a difference that is *not* zero is the checker's most expensive step (tens of
milliseconds, most of the time of a chain-rule line). If the difference, evaluated exactly at an
admissible point, is a nonzero rational number, it is not zero for all values of its symbols, so
no simplification could make it zero: the caller may skip ``simplify``. The point gives each
symbol a distinct odd prime, used only when that number satisfies every assumption the symbol
carries (``positive``, ``integer``, ...); otherwise, or when the value is not a plain rational
(a root, a function left unevaluated, a division by zero), nothing is concluded.

>>> import sympy as sp
>>> x, y = sp.symbols("x y", positive=True)
>>> surely_nonzero(x * y - 2 * x), surely_nonzero(sp.sqrt(x**2) - x), surely_nonzero(x - x)
(True, False, False)
"""

from __future__ import annotations

import sympy as sp

__all__ = ["surely_nonzero"]

_PRIMES = (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)


def _admissible(symbol: sp.Symbol, value: sp.Integer) -> bool:
    return all(getattr(value, f"is_{key}", None) == want for key, want in symbol.assumptions0.items())


def surely_nonzero(expr) -> bool:
    """True only when ``expr`` (SymPy) has a nonzero rational value at an admissible integer point."""
    if not isinstance(expr, sp.Basic) or expr.has(sp.Function, sp.Derivative, sp.Integral):
        return False  # floor, exp, undefined f(x): not evaluated here
    symbols = sorted(expr.free_symbols, key=sp.default_sort_key)
    if not symbols or len(symbols) > len(_PRIMES) or not all(isinstance(s, sp.Symbol) for s in symbols):
        return False
    point = {s: sp.Integer(p) for s, p in zip(symbols, _PRIMES)}
    if not all(_admissible(s, v) for s, v in point.items()):
        return False
    value = expr.xreplace(point)
    return bool(value.is_Rational) and value != 0
