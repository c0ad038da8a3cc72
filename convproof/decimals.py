"""A printed decimal against an exact value: equal, rounded, truncated, or wrong (the one classifier).

``\\tanh(0.285) \\approx 0.277`` is checked to the precision of the digits shown: the exact value
``0.27752...`` rounds to ``0.278``; ``0.277`` is what cutting after three decimals gives, and is
reported as truncated rather than silently accepted or called wrong.  Decisions are exact on a
60-significant-digit evaluation of the value, compared with rational bounds.

:func:`classify` answers ``exact``, ``rounded``, ``truncated`` or ``wrong``; its callers say it in
their own words where they render it (the equation checker, :mod:`convproof.check.compare`;
the seed-002 errata, :mod:`convproof.seeds.decimals`: ``holds``, ``rounded correctly``...).

>>> import sympy as sp
>>> classify(sp.tanh(sp.Rational(57, 200)), sp.Rational(277, 1000), 3)
'truncated'
>>> classify(sp.Rational(15657849, 10**8), sp.Rational(1566, 10**4), 4)
'rounded'
>>> classify(sp.Rational(3, 5), sp.Rational(3, 5), 1)
'exact'
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .errors import fail

__all__ = ["VERDICTS", "classify", "numeric", "round_half_up", "truncate", "parse_decimal", "decimals_of"]

#: The words of :func:`classify`.
VERDICTS = ("exact", "rounded", "truncated", "wrong")
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


def round_half_up(value, digits: int) -> sp.Rational:
    """Round half away from zero to ``digits`` decimals (exactly, from 60 digits).

    >>> round_half_up(sp.tanh(sp.Rational(57, 200)), 3), round_half_up(sp.Rational(-5, 1000), 2)
    (139/500, -1/100)
    """
    val = sp.Rational(str(numeric(value)))
    scaled = abs(val) * sp.Integer(10) ** digits  # digits < 0: to tens, hundreds, ...
    out = sp.floor(scaled + sp.Rational(1, 2)) / sp.Integer(10) ** digits
    return out if val >= 0 else -out


def truncate(value, digits: int) -> sp.Rational:
    """Cut toward zero after ``digits`` decimals.

    >>> truncate(sp.tanh(sp.Rational(57, 200)), 3)
    277/1000
    """
    val = sp.Rational(str(numeric(value)))
    out = sp.floor(abs(val) * sp.Integer(10) ** digits) / sp.Integer(10) ** digits
    return out if val >= 0 else -out


def _exact_equal(value, claimed) -> bool:
    if isinstance(value, sp.Rational):
        return value == claimed
    val = numeric(value - claimed)
    return val is not None and abs(val) < sp.Float(10) ** (-(_PREC - 10))


def classify(value, claimed: sp.Rational, digits: int) -> str:
    """``exact``, ``rounded``, ``truncated`` or ``wrong`` for a decimal with ``digits`` decimals.

    ``rounded``: ``claimed`` is ``value`` rounded half away from zero, or ``value`` lies exactly
    half-way (either neighbour is a correct rounding); ``truncated``: ``value`` cut toward zero.
    """
    if _exact_equal(value, claimed):
        return "exact"
    if numeric(value) is None:
        return "wrong"
    if round_half_up(value, digits) == claimed:
        return "rounded"
    val = sp.Rational(str(numeric(value)))
    half = sp.Rational(1, 2) / sp.Integer(10) ** digits
    if abs(val - claimed) == half:
        return "rounded"
    if truncate(value, digits) == claimed:
        return "truncated"
    return "wrong"


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
