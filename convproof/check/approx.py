"""A printed decimal against an exact value: equal, rounded, truncated, or wrong.

The classifier is :func:`convproof.decimals.classify` (one for the whole package); this module
adds what only the checker needs: a decimal within an interval, and printing a rounded value.

>>> import sympy as sp
>>> classify(sp.tanh(sp.Rational(57, 200)), sp.Rational(277, 1000), 3)  # the same function
'truncated'
"""

from __future__ import annotations

import sympy as sp

from ..decimals import classify, numeric, round_half_up

__all__ = ["classify", "format_decimal", "numeric", "within"]


def within(lo, hi, claimed: sp.Rational, digits: int) -> bool:
    """Whether some value in ``[lo, hi]`` rounds or truncates to ``claimed``."""
    ulp = sp.Integer(10) ** -digits
    c_lo = claimed - ulp if claimed <= 0 else claimed - ulp / 2
    c_hi = claimed + ulp if claimed >= 0 else claimed + ulp / 2
    return not (hi < c_lo or lo > c_hi)


def format_decimal(value, digits: int) -> str:
    """``value`` rounded to ``digits`` decimals, printed with exactly that many decimals.

    >>> format_decimal(sp.Rational(-19999769, 10**7), 4)
    '-2.0000'
    """
    rounded = round_half_up(value, digits)
    sign = "-" if rounded < 0 else ""
    scaled = abs(rounded) * 10 ** digits
    text = str(int(scaled)).rjust(digits + 1, "0")
    if digits == 0:
        return sign + text
    return f"{sign}{text[:-digits]}.{text[-digits:]}"
