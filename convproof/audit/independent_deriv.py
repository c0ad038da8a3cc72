r"""Activation derivatives judged by SymPy, sharing no code with :mod:`convproof.check`.

``\sigma'(z) = \sigma(z)(1 - \sigma(z))``, ``\tanh'(z) = 1 - \tanh^2(z)``,
``\operatorname{ReLU}'(z) = 1, \quad z > 0``: ``\sigma``, ``\tanh`` (and ``\tanh^2``) at any
argument on the right are read as placeholders for their values, the rest by SymPy's lark LaTeX
parser; the derivative is taken with SymPy and the difference decided (:func:`decide`); a sign
condition (``z > 0``, ``-z < 0``) becomes an assumption, any other condition leaves it undecided.
Derivatives of names the document defines: :mod:`.independent_context`.

>>> judge_derivative(r"\sigma'(z) = \sigma(z)(1 - \sigma(z))")
'true'
>>> judge_derivative(r"\tanh'(z) = 1 + \tanh^2(z)")
'false'
"""

from __future__ import annotations

import re

import sympy as sp

__all__ = ["decide", "judge_derivative", "latex_key", "latex_name", "parse", "parse_calls"]

_ACT = re.compile(r"^\s*(-?)\s*(\\sigma|\\tanh|\\operatorname\{ReLU\}|\\mathrm\{ReLU\})'\((\w)\)\s*=\s*"
                  r"(.+?)\s*(?:,\s*(?:\\quad|\\qquad)?\s*(-?)\s*(\w)\s*([<>])\s*(-?\d+)\s*)?$",
                  re.S)
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
        u = parse(m.group(3))
        value = 1 / (1 + sp.exp(-u)) if m.group(1) == "sigma" else sp.tanh(u)
        subs[name] = value ** int(m.group(2) or 1)
        return f"({name})"

    text = _CALL.sub(put, text)
    if "\\sigma" in text or "\\tanh" in text:
        raise ValueError("an activation the reader does not take apart")
    return text, subs


_PARSER: list = []


_INDEXED = re.compile(r"(\\(?:mathrm|text|operatorname)\{[A-Za-z]+\}|(?<![\\A-Za-z])[A-Za-z])"
                      r"(?:_(\{[^{}]*\}|[A-Za-z0-9]))?")


def latex_name(base: str, sub: str | None) -> str:
    """The symbol name of a document name: ``x_1`` and ``x_{1}`` -> ``x_{1}``,
    ``\\text{out}_{o1}`` -> ``\\mathrm{out}_{o1}``."""
    base = re.sub(r"\\(?:text|operatorname)\{", r"\\mathrm{", base)
    return base if sub is None else f"{base}_{{{sub.strip('{}').replace(' ', '')}}}"


def _rename(text: str):
    """Indexed and word names (which the parser does not read: ``E_{o1}``, ``\\mathrm{out}``)
    replaced by placeholders ``V_{k}``; returns the text and ``placeholder -> symbol``."""
    names: dict = {}

    def put(m):
        if m.group(2) is None and not m.group(1).startswith("\\"):
            return m.group(0)
        name = latex_name(m.group(1), m.group(2))
        holder = names.setdefault(name, f"V_{{{len(names) + 1}}}")
        return f"({holder})"

    text = _INDEXED.sub(put, text)
    return text, {sp.Symbol(h): sp.Symbol(n) for n, h in names.items()}


def parse(text: str):
    """``text`` read by SymPy's lark LaTeX parser; decimals exact; ``e`` is Euler's number;
    names as :func:`latex_name` spells them."""
    if not _PARSER:
        from sympy.parsing.latex.lark import LarkLaTeXParser
        _PARSER.append(LarkLaTeXParser())
    text, names = _rename(text)
    expr = _PARSER[0].doparse(text)
    if not isinstance(expr, sp.Basic):
        raise ValueError("ambiguous or unreadable")
    expr = expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))
    return expr.xreplace(names).subs(sp.Symbol("e"), sp.E)


def parse_calls(text: str):
    """:func:`parse` with ``\\sigma(u)``, ``\\tanh(u)`` read as their values (the parser
    finds ``\\tanh(u)`` ambiguous)."""
    text, subs = _placeholders(text, "")
    return parse(text).xreplace(subs)


def latex_key(name: str) -> str:
    """``x_1`` -> ``x_{1}`` (:func:`latex_name` of a name as written)."""
    m = _INDEXED.fullmatch(name.strip())
    return latex_name(m.group(1), m.group(2)) if m else name


def decide(diff) -> str:
    """``"true"`` when ``diff`` is zero (exactly, or below 1e-40 at 50 digits for a number),
    ``"false"`` when it is a nonzero real at a rational point, else ``"undecided"``."""
    if not diff.free_symbols:
        val = sp.N(diff, 50)
        if not val.is_real:
            return "undecided"
        return "true" if abs(val) < sp.Float("1e-40") else "false"
    for shift in (0, 1):
        point = {s: (-1 if s.is_negative else 1) * sp.Rational(2 + shift, 5 + i)
                 for i, s in enumerate(sorted(diff.free_symbols, key=str))}
        val = sp.N(diff.subs(point), 30)
        if val.is_real and abs(val) > 1e-20:
            return "false"
    if sp.expand(diff) == 0 or sp.simplify(diff.rewrite(sp.exp)) == 0:
        return "true"
    return "undecided"


def _activation(m) -> str:
    negated, func, arg, rhs, minus, var, rel, bound = m.groups()  # negated: -\sigma'(z) = ...
    if var is not None and (var != arg or bound not in ("0", "-0")):
        return "undecided"
    if minus:       # -z < 0 is z > 0
        rel = {"<": ">", ">": "<"}[rel]
    assume = {} if var is None else ({"positive": True} if rel == ">" else {"negative": True})
    z = sp.Symbol(arg, **assume)
    f = {"\\sigma": 1 / (1 + sp.exp(-z)), "\\tanh": sp.tanh(z)}.get(func, sp.Max(0, z))
    text, subs = _placeholders(rhs, arg)
    value = parse(text).subs(subs).subs(sp.Symbol(arg), z)
    return decide((-1 if negated else 1) * sp.diff(f, z) - value)


def judge_derivative(text: str) -> str | None:
    """``"true"``, ``"false"``, ``"undecided"`` for an activation derivative, ``None`` for any
    other statement."""
    act = _ACT.match(text)
    if act is None:
        return None
    try:
        return _activation(act)
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return "undecided"
