"""A printed decimal of a seed against its exact value, in the errata's words.

A lecture writes ``tanh(0.285) \\approx 0.277``; the exact value is ``0.27752...``, whose correct
3-decimal rounding is ``0.278``; ``0.277`` is the value cut off after three decimals.  The decision
is :func:`convproof.decimals.classify` (the one classifier, shared with the equation checker);
this module says it in the words of ``reports/errata/seed002.md`` (:data:`VERDICTS`) and adds a note:

``holds``
    the decimal equals the exact value.
``rounded correctly``
    the decimal is the exact value rounded (half away from zero, or either way from an exact
    half); it may coincide with the truncation, and the note says so.
``truncated``
    the decimal is the exact value cut toward zero, and that is not a correct rounding.
``wrong``
    neither; the note gives the error in units of the last printed decimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..decimals import classify, decimals_of, parse_decimal, round_half_up, truncate
from ..values import as_value

__all__ = ["VERDICTS", "DecimalVerdict", "classify_decimal"]

#: The errata's word for each word of :func:`convproof.decimals.classify`.
WORDS = {"exact": "holds", "rounded": "rounded correctly", "truncated": "truncated", "wrong": "wrong"}
VERDICTS = tuple(WORDS.values())


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


def _fmt(value: sp.Rational, digits: int) -> str:
    return f"{float(value):.{digits}f}" if digits else str(int(value))


def _note(verdict: str, rounded: sp.Rational, cut: sp.Rational, digits: int, error: float) -> str:
    if verdict == "holds":
        return "equal to the exact value"
    if verdict == "rounded correctly":
        return "correct rounding" + (" (truncation gives the same digits)" if rounded == cut else "")
    if verdict == "truncated":
        return f"cut off, correct rounding is {_fmt(rounded, digits)}"
    return f"correct rounding is {_fmt(rounded, digits)}; off by {error:.3g} units of the last digit"


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
    verdict = WORDS[classify(exact, value, digits)]
    return DecimalVerdict(printed, exact, digits, verdict, rounded, cut, error,
                          _note(verdict, rounded, cut, digits, error))
