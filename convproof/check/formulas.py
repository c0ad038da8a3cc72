"""How a name is computed (``v_1 = x_1 w_1``), kept apart from its latest value (``v_1 = 2.0``).

A worked backpropagation example states the computational graph once (``v_1 = x_1 \\cdot w_1``,
``y = \\tanh(v_4)``, ``L = (y - t)^2``) and then prints the value of every node
(``v_1 = 2.0 \\cdot 1.0 = 2.0``).  The value replaces the binding of ``v_1`` in the
:class:`~convproof.check.env.Env`; its *formula* stays here, so that a derivative stated later
(``\\frac{\\partial L}{\\partial w_1}``) is computed from the graph (:mod:`.derivlink`).

A formula is the first side after the defined name when that side names other names and not the
defined name itself (an update rule ``w_1 = w_1 - \\eta \\ldots`` is no formula); a later formula
of the same name replaces it; a value without names (``v_1 = 2.0``) leaves it.  A function
(``L(y, t) = (y - t)^2``) is its own formula, in its parameters.

Formulas are evaluated with every name left as a SymPy symbol (:func:`symbolic`), expanded
through the formulas of the names they read (:func:`expand`, depth and size bounded), and valued
at the document's current bindings (:func:`value_of`).

>>> import sympy as sp
>>> from convproof.check.env import Env
>>> from convproof.check.parse import parse_chain
>>> env = Env()
>>> record("v", parse_chain("x w").sides[0], env, 1)
>>> expand(sp.Symbol("v"), env, None, {})
w*x
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .evaluate import EvalError, Evaluator
from .nodes import Call, Name
from .walk import walk

__all__ = ["Formula", "MAX_DEPTH", "depends", "expand", "fresh", "formula_of", "record",
           "set_aside", "symbolic", "value_of"]

MAX_DEPTH = 30
MAX_OPS = 4000
TOLERANCE = sp.Rational(1, 100)
_DERIVATIVE_PREFIX = r"\frac{"
_CONSTANTS = ("e", r"\pi")


@dataclass(frozen=True)
class Formula:
    """``key = node`` stated at ``line`` in ``passage``; ``params`` for a function."""

    node: object
    line: int
    passage: object
    params: tuple = ()


def _table(env) -> dict:
    return env.formulas


def name_keys(node) -> list:
    """Keys of the names a side reads as values (not the names of called functions)."""
    called = {id(n.func) for n in walk(node) if isinstance(n, Call)}
    out = []
    for n in walk(node):
        if isinstance(n, Name) and id(n) not in called and n.key not in out:
            out.append(n.key)
    return out


def record(key: str, node, env, line: int) -> None:
    """Remember ``key = node`` as the formula of ``key`` when ``node`` reads other names."""
    if key.startswith(_DERIVATIVE_PREFIX):
        return
    keys = [k for k in name_keys(node) if k not in _CONSTANTS]
    if not keys or key in keys:
        return
    _table(env)[key] = Formula(node, line, env.here[0] if env.here else None)


def formula_of(key: str, env) -> Formula | None:
    """The formula of ``key``: a recorded one, or a function's body in its parameters."""
    fdef = env.function(key)
    if fdef is not None:
        where = env.scopes.get(key)
        return Formula(fdef.body, fdef.line, where[0] if where else None, fdef.params)
    return _table(env).get(key)


def symbolic(node, env, extra: dict | None = None):
    """``node`` evaluated with every name it reads left as its symbol (``extra`` first)."""
    bound = {k: sp.Symbol(k) for k in name_keys(node)
             if env.function(k) is None and not (k in _CONSTANTS and env.lookup(k) is None)}
    bound.update(extra or {})
    value = Evaluator(env, bound).eval(node)
    if isinstance(value, sp.MatrixBase):
        raise EvalError("a vector or matrix")
    return value


_CACHE: dict = {"usable": {}, "aside": {}}


def fresh() -> None:
    """Forget what :func:`expand` learnt about the formulas (call once per statement: the
    values they are checked against change from one statement to the next)."""
    _CACHE.update(usable={}, aside={})


def _usable(key: str, env, depth: int):
    """The formula of ``key`` as a SymPy expression when it may stand for the name: it
    evaluates, and agrees (within 1 % and two printed digits) with the value the document
    prints for the name, if any; else ``None`` (the name is then an input).  Cached until
    :func:`fresh`."""
    usable = _CACHE["usable"]
    if key not in usable:
        usable[key] = _usable_now(key, env, depth)
    return usable[key]


def _usable_now(key: str, env, depth: int):
    form = formula_of(key, env)
    if form is None or form.params:
        return None, None
    try:
        inner = symbolic(form.node, env)
    except (EvalError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None, None
    binding = env.lookup(key)
    printed = getattr(binding, "value", None)
    if isinstance(printed, sp.Basic) and not isinstance(printed, sp.MatrixBase) and \
            not printed.free_symbols:
        point, _ = point_of(inner, env, depth + 1)
        value = inner.xreplace(point)
        if value.free_symbols or not _agrees(value, printed, binding.ulp):
            shown = sp.N(value, 6) if not value.free_symbols else "no value"
            _CACHE["aside"][key] = (
                f"the formula of {key} (line {form.line}) gives {shown} at the current values, "
                f"not the printed {key} = {sp.N(printed, 6)} (line {binding.line})")
            return None, None
    return form, inner


def set_aside() -> list:
    """Why formulas were not used for the statement being checked (their values disagree)."""
    return list(_CACHE["aside"].values())


def _agrees(value, printed, ulp) -> bool:
    try:
        val = sp.N(value, 30)
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    if not val.is_real:
        return False
    tol = max(abs(printed) * TOLERANCE, 2 * (ulp or 0), sp.Rational(1, 10**12))
    return abs(sp.Rational(str(val)) - printed) <= tol


def depends(key: str, stop: str, env, depth: int = 0) -> bool:
    """Whether the formula of ``key`` reads ``stop``, directly or through other formulas."""
    if key == stop:
        return True
    if depth > MAX_DEPTH:
        raise EvalError("formulas nested too deeply (or defined in a circle)")
    form, inner = _usable(key, env, depth)
    if form is None:
        return False
    return any(depends(s.name, stop, env, depth + 1) for s in inner.free_symbols)


def expand(expr, env, stop: str | None, used: dict, depth: int = 0):
    """``expr`` with symbols replaced by their usable formulas (recursively): with ``stop``,
    only those that read ``stop`` (which stays the variable); without, all of them.
    ``used`` collects ``key -> Formula`` of the formulas substituted."""
    if depth > MAX_DEPTH:
        raise EvalError("formulas nested too deeply (or defined in a circle)")
    subs = {}
    for sym in sorted(expr.free_symbols, key=lambda s: s.name):  # a fixed order, whatever the hash seed
        if sym.name == stop or (stop is not None and not depends(sym.name, stop, env)):
            continue
        form, inner = _usable(sym.name, env, depth)
        if form is None:
            continue
        used[sym.name] = form
        subs[sym] = expand(inner, env, stop, used, depth + 1)
    if not subs:
        return expr
    out = expr.xreplace(subs)
    if sp.count_ops(out) > MAX_OPS:
        raise EvalError("the expanded formula is too large")
    return out


def value_of(key: str, env, depth: int = 0):
    """``(value, ulp)``: the current numeric value of ``key`` (its exact value when the
    printed one is a rounding), or its formula's value at the current values; ``(None, None)``."""
    binding = env.lookup(key)
    if binding is not None:
        value = binding.exact if binding.exact is not None else binding.value
        if isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase) and \
                not value.free_symbols:
            return value, (binding.ulp if binding.exact is None else None)
    form = _table(env).get(key)
    if form is None or depth > MAX_DEPTH:
        return None, None
    try:
        expr = symbolic(form.node, env)
    except (EvalError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None, None
    point, _ = point_of(expr, env, depth + 1)
    value = expr.xreplace(point)
    return (value, None) if not value.free_symbols else (None, None)


def point_of(expr, env, depth: int = 0):
    """``(values, ulps)`` of the free symbols of ``expr`` that have current values."""
    values, ulps = {}, {}
    for sym in expr.free_symbols:
        value, ulp = value_of(sym.name, env, depth)
        if value is not None:
            values[sym] = value
            if ulp is not None:
                ulps[sym] = ulp
    return values, ulps
