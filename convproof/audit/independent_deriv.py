r"""An evaluation of derivative statements that shares no code with :mod:`convproof.check`.

Two forms are decided (anything else: ``None``, the caller goes on):

* an activation derivative, ``\sigma'(z) = \sigma(z)(1 - \sigma(z))``, ``\tanh'(z) = ...``,
  ``\operatorname{ReLU}'(z) = 1, \quad z > 0`` (``\sigma``, ``\tanh``, ReLU and their values
  at the same argument on the right, read as placeholders; the rest by SymPy's LaTeX parser):
  the derivative is taken with SymPy and the difference simplified; a sign condition
  (``z > 0``, ``z < 0``) becomes an assumption, any other condition leaves it undecided;
* ``\frac{\partial A}{\partial B} = S_1 = S_2 ...`` after the rows of its own display
  (``context``) that define names (``A = expr``, ``x = 2, \quad w = 3``): ``A`` is expanded
  through those definitions, differentiated by ``B`` with SymPy, and every side compared
  exactly (sides in the defined names are expanded too; numbers are the defined values).

>>> judge_derivative(r"\sigma'(z) = \sigma(z)(1 - \sigma(z))")
'true'
>>> judge_derivative(r"\frac{\partial L}{\partial y} = 2 y", "L = y^2 + 1 \\\\")
'true'
>>> judge_derivative(r"\frac{\partial L}{\partial y} = y", "L = y^2 + 1 \\\\")
'false'
"""

from __future__ import annotations

import re

import sympy as sp

__all__ = ["judge_derivative"]

_ACT = re.compile(r"^\s*(\\sigma|\\tanh|\\operatorname\{ReLU\}|\\mathrm\{ReLU\})'\((\w)\)\s*=\s*"
                  r"(.+?)\s*(?:,\s*(?:\\quad|\\qquad)?\s*(-?)\s*(\w)\s*([<>])\s*(-?\d+)\s*)?$",
                  re.S)
_NAME = r"(\w(?:_\{?\w+\}?)?)"
_DERIV = re.compile(r"^\s*\\frac\{\\partial\s*" + _NAME + r"\}\{\\partial\s*" + _NAME
                    + r"\}\s*=(.+)$", re.S)
_DEF = re.compile(r"^\s*([A-Za-z](?:_\{?\w+\}?)?)\s*=\s*([^=]+?)\s*$", re.S)


_CALL = re.compile(r"\\(sigma|tanh)(?:\^\{?(\d)\}?)?\(([^()]*)\)")


_HOLDERS = "ABCDFGHJKM"


def _placeholders(text: str, arg: str):
    """``text`` with each ``\\sigma(u)``, ``\\tanh(u)``, ``\\tanh^2(u)`` replaced by a symbol
    standing for its value (``u`` read by the parser)."""
    subs = {}

    def put(m):
        if len(subs) >= len(_HOLDERS):
            raise ValueError("too many activations")
        name = sp.Symbol(_HOLDERS[len(subs)])
        u = _parse(m.group(3))
        value = 1 / (1 + sp.exp(-u)) if m.group(1) == "sigma" else sp.tanh(u)
        subs[name] = value ** int(m.group(2) or 1)
        return f"({name})"

    text = _CALL.sub(put, text)
    if "\\sigma" in text or "\\tanh" in text:
        raise ValueError("an activation the reader does not take apart")
    return text, subs


_PARSER: list = []


def _parse(text: str):
    """``text`` read by SymPy's lark LaTeX parser; decimals exact; ``e`` is Euler's number."""
    if not _PARSER:
        from sympy.parsing.latex.lark import LarkLaTeXParser
        _PARSER.append(LarkLaTeXParser())
    expr = _PARSER[0].doparse(text)
    if not isinstance(expr, sp.Basic):
        raise ValueError("ambiguous or unreadable")
    expr = expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))
    return expr.subs(sp.Symbol("e"), sp.E)


def _decide(diff, symbols_free_ok: bool = True) -> str:
    if sp.expand(diff) == 0 or sp.simplify(diff.rewrite(sp.exp)) == 0:
        return "true"
    for shift in (0, 1):
        point = {s: (-1 if s.is_negative else 1) * sp.Rational(2 + shift, 5 + i)
                 for i, s in enumerate(sorted(diff.free_symbols, key=str))}
        val = sp.N(diff.subs(point), 30)
        if val.is_real and abs(val) > 1e-20 and symbols_free_ok:
            return "false"
    return "undecided"


def _activation(m) -> str:
    func, arg, rhs, minus, var, rel, bound = m.groups()
    if var is not None and (var != arg or bound not in ("0", "-0")):
        return "undecided"
    if minus:       # -z < 0 is z > 0
        rel = {"<": ">", ">": "<"}[rel]
    assume = {} if var is None else ({"positive": True} if rel == ">" else {"negative": True})
    z = sp.Symbol(arg, **assume)
    f = {"\\sigma": 1 / (1 + sp.exp(-z)), "\\tanh": sp.tanh(z)}.get(func, sp.Max(0, z))
    text, subs = _placeholders(rhs, arg)
    value = _parse(text).subs(subs).subs(sp.Symbol(arg), z)
    return _decide(sp.diff(f, z) - value)


def _definitions(context: str) -> dict:
    """``name -> SymPy value`` of the rows of ``context`` that define names."""
    defs: dict = {}
    for row in re.split(r"\\\\", context):
        row = row.replace("\\begin{aligned}", "").replace("&", "").replace("$$", "")
        for part in re.split(r",\s*(?:\\quad|\\qquad)?", row):
            m = _DEF.match(part)
            if m:
                defs[sp.Symbol(_key(m.group(1)))] = _parse(m.group(2))
    return defs


def _key(name: str) -> str:
    if "_" in name and "{" not in name:
        return name[:2] + "{" + name[2:] + "}"
    return name


def _expand(expr, defs: dict, stop=None, depth: int = 0):
    if depth > 20:
        raise ValueError("circular definitions")
    subs = {s: _expand(defs[s], defs, stop, depth + 1) for s in expr.free_symbols
            if s in defs and s != stop}
    return expr.xreplace(subs) if subs else expr


def _in_context(m, context: str) -> str:
    num, den = sp.Symbol(_key(m.group(1))), sp.Symbol(_key(m.group(2)))
    defs = _definitions(context)
    if num not in defs:
        return "undecided"
    symbolic = {s: v for s, v in defs.items() if v.free_symbols}
    values = {s: v for s, v in defs.items() if not v.free_symbols}
    derivative = sp.diff(_expand(defs[num], symbolic, den), den)
    verdicts = []
    for side in m.group(3).split("="):
        claimed = _parse(side)
        diff = _expand(derivative - claimed, symbolic).xreplace(values)
        diff = _expand(diff, {**symbolic, **values})
        verdicts.append(_decide(diff))
    if "false" in verdicts:
        return "false"
    return "true" if all(v == "true" for v in verdicts) else "undecided"


def judge_derivative(text: str, context: str = "") -> str | None:
    """``"true"``, ``"false"``, ``"undecided"`` for a derivative statement, ``None`` for any
    other statement."""
    act, deriv = _ACT.match(text), _DERIV.match(text)
    if act is None and deriv is None:
        return None
    try:
        return _activation(act) if act else _in_context(deriv, context)
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return "undecided"
