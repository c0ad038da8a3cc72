"""How a claimed entry is read: its printed precision (a decimal, a round number under
``\\approx``, ``1.05 \\cdot 10^8``), whether it is one printed number, and an identity that only
the exponential form shows, a fix's thousands grouping (:mod:`.compare` uses them).

>>> from convproof.check.parse import parse_chain
>>> claimed_precision(parse_chain(r"x = 1.05 \\cdot 10^8").sides[1], r"\\approx")
(105000000, -6)
"""

from __future__ import annotations

import re

import sympy as sp

from .nodes import Bin, Num, Pow, printed_decimal as _decimal

__all__ = ["claimed_precision", "exp_form_zero", "regrouped", "scientific"]


def scientific(node):
    """``(value, digits)`` of ``m \\cdot 10^k`` or ``10^k`` (digits may be negative: ``10^6`` is
    printed to the millions), else ``None``."""
    if isinstance(node, Bin) and node.op == "*" and isinstance(node.right, Pow) and \
            (mantissa := _decimal(node.left)) is not None and (power := scientific(node.right)) is not None:
        return mantissa[0] * power[0], mantissa[1] + power[1]
    if isinstance(node, Pow) and isinstance(node.base, Num) and node.base.value == 10:
        exponent = _decimal(node.exponent)
        if exponent is not None and exponent[1] == 0 and abs(exponent[0]) <= 100:
            return sp.Integer(10) ** exponent[0], -int(exponent[0])
    return None


def claimed_precision(node, rel: str):
    """``(value, digits)`` of a claimed entry: a printed decimal; under ``\\approx`` also an integer
    with trailing zeros (``22000``: to the thousands) and ``1.05 \\cdot 10^8`` (to 10^6)."""
    dec = _decimal(node)
    if rel != r"\approx":
        return dec
    if dec is not None and dec[1] == 0 and dec[0] != 0 and dec[0].is_Integer:
        zeros = len(str(abs(int(dec[0])))) - len(str(abs(int(dec[0]))).rstrip("0"))
        return dec[0], -zeros
    return dec if dec is not None else scientific(node)


def exp_form_zero(diff) -> bool:
    """Zero once hyperbolic and trigonometric functions are written with ``exp``
    (``\\tanh(x) = 2\\sigma(2x) - 1``)."""
    if not diff.has(sp.tanh, sp.sinh, sp.cosh, sp.sin, sp.cos, sp.tan):
        return False
    return sp.simplify(diff.rewrite(sp.exp)) == 0


_GROUPED = re.compile(r"\d{1,3}((?:\\[,;: ]|\\thinspace ?|~| |\{,\})\d{3})+")


def regrouped(expected: str, claimed: str) -> str:
    """``expected`` (digits) with its thousands grouped as the claimed number was (``34\\,849``
    corrected to ``34\\,848``, not ``34848``)."""
    m = _GROUPED.fullmatch(claimed.strip())
    if m is None or not expected.isdigit():
        return expected
    sep = re.search(r"\\[,;: ]|\\thinspace ?|~| |\{,\}", claimed).group()
    head = len(expected) % 3 or 3
    return sep.join([expected[:head]] + [expected[i:i + 3] for i in range(head, len(expected), 3)])
