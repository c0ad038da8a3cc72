"""Range of a computed value when the printed decimals it was computed from vary in their last digit.

A slide prints ``\\frac{\\partial L}{\\partial v_2} = 0.5022`` (cut from ``0.50225...``) and later
``\\frac{\\partial L}{\\partial v_2} \\cdot 3.0 = 1.5067``; ``0.5022 \\cdot 3 = 1.5066``.  The claim is
not wrong: it is what the unrounded input gives.  :func:`relaxed_range` re-evaluates a side with
every printed-decimal input moved to the ends of the interval its unrounded value can lie in
(magnitude ``[|v| - u/2, |v| + u)`` for a last-digit unit ``u``: rounded or truncated; all corner
combinations, up to :data:`MAX_INPUTS` inputs), so a checker can report such a link as unchecked
rather than wrong.

>>> import sympy as sp
>>> from convproof.check.env import Env
>>> from convproof.check.parse import parse_chain
>>> env = Env(); env.define("a", sp.Rational(5022, 10000), 1, ulp=sp.Rational(1, 10000))
>>> lo, hi = relaxed_range(parse_chain("3 a").sides[0], env, {"a": 1})
>>> float(lo), float(hi)
(1.50645, 1.5069)
"""

from __future__ import annotations

import itertools

import sympy as sp

from .approx import numeric
from .evaluate import EvalError, Evaluator

__all__ = ["MAX_INPUTS", "relaxed_range"]

MAX_INPUTS = 6


def _candidates(value, ulp) -> tuple:
    """Where the unrounded value behind a printed ``value`` can lie: its magnitude is in
    ``[|v| - ulp/2, |v| + ulp)`` (rounded: within half a unit; truncated: up to one unit more)."""
    if value == 0:
        return (-ulp, 0, ulp)
    sign = 1 if value > 0 else -1
    return (value - sign * ulp / 2, value, value + sign * ulp)


def relaxed_range(node, env, used: dict):
    """``(lo, hi)`` of ``node`` over the corners of its uncertain inputs, or ``(None, None)``."""
    uncertain = {}
    for key in used:
        binding = env.lookup(key)
        if binding is not None and binding.ulp is not None and numeric(binding.value) is not None:
            uncertain[key] = (binding.value, binding.ulp)
    if not uncertain or len(uncertain) > MAX_INPUTS:
        return None, None
    symbols = {key: sp.Dummy(f"u{i}") for i, key in enumerate(uncertain)}
    try:
        expr = Evaluator(env, dict(symbols)).eval(node)
    except (EvalError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if isinstance(expr, sp.MatrixBase):
        return None, None
    values = []
    for shifts in itertools.product(*(_candidates(v, u) for v, u in uncertain.values())):
        subs = {symbols[k]: c for k, c in zip(uncertain, shifts)}
        val = numeric(expr.subs(subs))
        if val is None:
            return None, None
        values.append(sp.Rational(str(val)))
    return min(values), max(values)
