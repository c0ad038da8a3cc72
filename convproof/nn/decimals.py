"""Exact comparison of a printed decimal with an exact value: holds, rounded, truncated or wrong.

A lecture writes ``tanh(0.285) \\approx 0.277``; the exact value is ``0.27752...``, whose correct
3-decimal rounding is ``0.278``; ``0.277`` is the value cut off after three decimals.  This module
decides such cases exactly: the floor of ``|v| * 10**d`` is computed by SymPy on the exact
expression (interval evaluation with increasing precision), never on a float.

Verdicts (:data:`VERDICTS`):

``holds``
    the decimal equals the exact value.
``rounded correctly``
    the decimal is the exact value rounded half away from zero to its number of decimals (it may
    coincide with the truncation; the note says so).
``truncated``
    the decimal is the exact value cut toward zero, and that is not the correct rounding.
``wrong``
    neither; the note gives the error in units of the last printed decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from ..errors import fail
from ..values import as_value

__all__ = ["VERDICTS", "DecimalVerdict", "parse_decimal", "decimals_of", "round_half_up", "truncate",
           "classify_decimal"]

VERDICTS = ("holds", "rounded correctly", "truncated", "wrong")


def parse_decimal(text: str) -> sp.Rational:
    """Exact rational value of a decimal literal such as ``"-0.6043"`` (``"1,5"`` is rejected).

    >>> parse_decimal("-0.6043")
    -6043/10000
    """
    cleaned = text.strip().replace("\u2212", "-")
    try:
        frac = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise fail("text", text, "must be a decimal literal like -0.6043") from None
    return sp.Rational(frac.numerator, frac.denominator)


def decimals_of(text: str) -> int:
    """Number of digits after the decimal point of a literal.

    >>> decimals_of("0.5022"), decimals_of("57")
    (4, 0)
    """
    cleaned = text.strip()
    return len(cleaned.split(".", 1)[1]) if "." in cleaned else 0


def _sign(value: sp.Expr) -> int:
    return -1 if bool(sp.N(as_value("value", value), 50) < 0) else 1


def _scaled_floor(value: sp.Expr, scale: int, shift: sp.Rational) -> int:
    return int(sp.floor(sp.Abs(as_value("value", value)) * scale + shift))


def round_half_up(value: sp.Expr, digits: int) -> sp.Rational:
    """Exact ``value`` rounded half away from zero to ``digits`` decimals.

    >>> round_half_up(sp.tanh(sp.Rational(57, 200)), 3)
    139/500
    >>> round_half_up(sp.Rational(-5, 1000), 2)
    -1/100
    """
    sign = _sign(value)
    return sign * sp.Rational(_scaled_floor(value, 10 ** digits, sp.Rational(1, 2)), 10 ** digits)


def truncate(value: sp.Expr, digits: int) -> sp.Rational:
    """Exact ``value`` cut toward zero after ``digits`` decimals.

    >>> truncate(sp.tanh(sp.Rational(57, 200)), 3)
    277/1000
    """
    sign = _sign(value)
    return sign * sp.Rational(_scaled_floor(value, 10 ** digits, sp.Integer(0)), 10 ** digits)


@dataclass(frozen=True)
class DecimalVerdict:
    """Outcome of :func:`classify_decimal`; ``error_ulps`` is ``|printed - exact| * 10**digits``."""

    printed: str
    exact: sp.Expr
    digits: int
    verdict: str
    rounded: sp.Rational
    truncated: sp.Rational
    error_ulps: float
    note: str

    @property
    def acceptable(self) -> bool:
        """True for ``holds`` and ``rounded correctly``."""
        return self.verdict in ("holds", "rounded correctly")


def _equal(value: sp.Rational, exact: sp.Expr) -> bool:
    if exact.is_Rational:
        return bool(value == exact)
    if abs(sp.N(value - exact, 60)) > sp.Rational(1, 10 ** 40):
        return False  # clearly different: no need to simplify
    return sp.simplify(value - exact) == 0


def _fmt(value: sp.Rational, digits: int) -> str:
    return f"{float(value):.{digits}f}" if digits else str(int(value))


def classify_decimal(printed: str, exact: sp.Expr) -> DecimalVerdict:
    """Classify a printed decimal against an exact SymPy value (see the module docstring).

    >>> classify_decimal("0.277", sp.tanh(sp.Rational(57, 200))).verdict
    'truncated'
    >>> classify_decimal("0.642", sp.tanh(sp.Rational(381, 500))).verdict
    'rounded correctly'
    >>> classify_decimal("0.285", sp.Rational(57, 200)).verdict
    'holds'
    >>> classify_decimal("0.1567", (sp.tanh(sp.Rational(-7, 10)) + 1) ** 2).verdict
    'wrong'
    """
    value, exact = parse_decimal(printed), as_value("exact", exact)
    digits = decimals_of(printed)
    rounded, cut = round_half_up(exact, digits), truncate(exact, digits)
    error = float(sp.N(sp.Abs(value - exact) * 10 ** digits, 30))
    if _equal(value, exact):
        verdict, note = "holds", "equal to the exact value"
    elif value == rounded:
        verdict = "rounded correctly"
        note = "correct rounding" + (" (truncation gives the same digits)" if rounded == cut else "")
    elif value == cut:
        verdict, note = "truncated", f"cut off, correct rounding is {_fmt(rounded, digits)}"
    else:
        verdict = "wrong"
        note = f"correct rounding is {_fmt(rounded, digits)}; off by {error:.3g} units of the last digit"
    return DecimalVerdict(printed, exact, digits, verdict, rounded, cut, error, note)
