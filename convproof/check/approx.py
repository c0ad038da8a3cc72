"""A printed decimal against an exact value: equal, rounded, truncated, or wrong.

``\\tanh(0.285) \\approx 0.277`` is checked to the precision of the digits shown: the exact value
``0.27752...`` rounds to ``0.278``; ``0.277`` is what cutting after three decimals gives, and is
reported as truncated rather than silently accepted or called wrong.  Decisions are exact: the
value is evaluated to 60 significant digits and compared with rational bounds.

>>> import sympy as sp
>>> classify(sp.tanh(sp.Rational(57, 200)), sp.Rational(277, 1000), 3)
'truncated'
>>> classify(sp.Rational(15657849, 10**8), sp.Rational(1566, 10**4), 4)
'rounded'
>>> classify(sp.Rational(3, 5), sp.Rational(3, 5), 1)
'exact'
"""

from __future__ import annotations

import sympy as sp

__all__ = ["classify", "format_decimal", "numeric", "round_to", "truncate_to", "within"]

_PREC = 60


def numeric(value) -> sp.Float | None:
    """``value`` to 60 digits as a real Float, or ``None`` if not a real number."""
    try:
        val = sp.N(value, _PREC)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not val.is_real or val.free_symbols or not val.is_finite:
        return None
    return val


def round_to(value, digits: int) -> sp.Rational:
    """Round half away from zero to ``digits`` decimals (exactly, from 60 digits)."""
    val = sp.Rational(str(numeric(value)))
    scaled = abs(val) * 10 ** digits
    out = sp.floor(scaled + sp.Rational(1, 2)) / sp.Integer(10) ** digits
    return out if val >= 0 else -out


def truncate_to(value, digits: int) -> sp.Rational:
    """Cut toward zero after ``digits`` decimals."""
    val = sp.Rational(str(numeric(value)))
    out = sp.floor(abs(val) * 10 ** digits) / sp.Integer(10) ** digits
    return out if val >= 0 else -out


def _exact_equal(value, claimed) -> bool:
    if isinstance(value, sp.Rational):
        return value == claimed
    val = numeric(value - claimed)
    return val is not None and abs(val) < sp.Float(10) ** (-(_PREC - 10))


def classify(value, claimed: sp.Rational, digits: int) -> str:
    """``exact``, ``rounded``, ``truncated`` or ``wrong`` for a decimal with ``digits`` decimals."""
    if _exact_equal(value, claimed):
        return "exact"
    if numeric(value) is None:
        return "wrong"
    if round_to(value, digits) == claimed:
        return "rounded"
    val = sp.Rational(str(numeric(value)))
    half = sp.Rational(1, 2) / sp.Integer(10) ** digits
    if abs(val - claimed) == half:
        return "rounded"
    if truncate_to(value, digits) == claimed:
        return "truncated"
    return "wrong"


def within(lo, hi, claimed: sp.Rational, digits: int) -> bool:
    """Whether some value in ``[lo, hi]`` rounds or truncates to ``claimed``."""
    ulp = sp.Rational(1, 10 ** digits)
    c_lo = claimed - ulp if claimed <= 0 else claimed - ulp / 2
    c_hi = claimed + ulp if claimed >= 0 else claimed + ulp / 2
    return not (hi < c_lo or lo > c_hi)


def format_decimal(value, digits: int) -> str:
    """``value`` rounded to ``digits`` decimals, printed with exactly that many decimals.

    >>> format_decimal(sp.Rational(-19999769, 10**7), 4)
    '-2.0000'
    """
    rounded = round_to(value, digits)
    sign = "-" if rounded < 0 else ""
    scaled = abs(rounded) * 10 ** digits
    text = str(int(scaled)).rjust(digits + 1, "0")
    if digits == 0:
        return sign + text
    return f"{sign}{text[:-digits]}.{text[-digits:]}"
