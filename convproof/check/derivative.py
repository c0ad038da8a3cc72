"""Derivatives of defined names: ``\\frac{\\partial L}{\\partial y}`` computed, not assumed.

A derivative written as a name (``\\frac{\\partial L}{\\partial v_{4}}``, ``\\frac{dL}{dy}``) whose
numerator the document defines by an expression (``L = (y - t)^2``, ``y = \\tanh(v_4)``, ...) is
computed: the definition of the numerator is expanded through the definitions it read, down to
the denominator (treated as the variable) or to given inputs, differentiated exactly with SymPy,
and evaluated at the values bound when those definitions were made.  A numerator defined without
an expression (a printed value, a sum the parser does not read) gives no derivative: the link is
then unchecked.

>>> import sympy as sp
>>> from convproof.check.env import Env
>>> from convproof.check.parse import parse_chain
>>> env = Env()
>>> env.define("y", sp.Integer(3), 1)
>>> side = parse_chain("y^2").sides[0]
>>> env.define("L", sp.Integer(9), 2, expr=side, sources=(("y", env.lookup("y")),))
>>> derivative("L", "y", env)
(6, '')
"""

from __future__ import annotations

import re

import sympy as sp

from .env import Env
from .evaluate import EvalError, Evaluator

__all__ = ["derivative", "exact_value", "split_derivative"]

_PARTS = re.compile(r"^\\frac\{(?:\\partial |d)(.+?)\}\{(?:\\partial |d)(.+)\}$")
MAX_DEPTH = 40


def split_derivative(key: str):
    """``(numerator, denominator)`` keys of a derivative name, or ``None``."""
    m = _PARTS.match(key)
    return (m.group(1).strip(), m.group(2).strip()) if m else None


def _leaf(key, binding, values):
    symbol = sp.Symbol(key)
    if isinstance(binding.value, sp.MatrixBase):
        raise EvalError(f"{key} is a vector or matrix")
    values[symbol] = binding.exact if binding.exact is not None else binding.value
    return symbol


def _expand(binding, stop: str, values: dict, funcs: Env, depth: int = 0):
    """The defining expression of ``binding`` in terms of ``stop`` and given inputs."""
    if depth > MAX_DEPTH:
        raise EvalError("definitions nested too deeply")
    bound = {}
    for key, source in binding.sources:
        if source is None:
            continue
        if key != stop and source.expr is not None and source.sources:
            bound[key] = _expand(source, stop, values, funcs, depth + 1)
        else:
            bound[key] = _leaf(key, source, values)
    return Evaluator(funcs, bound).eval(binding.expr)


def derivative(num: str, den: str, env: Env):
    """``(value, reason)``: the derivative of ``num`` by ``den`` at the document's values, or
    ``(None, why not)``."""
    binding = env.lookup(num)
    if num == den:
        return sp.Integer(1), ""
    if binding is None or binding.expr is None or not binding.sources:
        return None, f"{num} is not defined by an expression the checker can differentiate"
    values: dict = {}
    try:
        expr = _expand(binding, den, values, Env(funcs=dict(env.funcs)))
    except (EvalError, TypeError, ValueError, AttributeError) as exc:
        return None, f"the definition of {num} cannot be expanded ({exc})"
    if isinstance(expr, sp.MatrixBase):
        return None, f"{num} is a vector or matrix"
    var = sp.Symbol(den)
    if var not in expr.free_symbols:
        return None, f"{num} does not depend on {den} through its definitions"
    return sp.diff(expr, var).subs(values), ""


def exact_value(side, env):
    """``side`` re-evaluated with the exact values behind the printed decimals it read (the
    value itself when it read none), or ``None``."""
    bound = {}
    for key in side.used:
        binding = env.lookup(key)
        if binding is not None and binding.exact is not None:
            bound[key] = binding.exact
    if not bound:
        return side.value
    try:
        return Evaluator(env, bound).eval(side.node)
    except (EvalError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
