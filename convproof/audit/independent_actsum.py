r"""Independent judge for expressions of activation derivatives under a sign condition, sharing no code
with :mod:`convproof.check`: ``\operatorname{ReLU}'(z) + \operatorname{ReLU}'(z) = 0, \quad z < 0``,
``\operatorname{ReLU}'(z + z) = 0, \quad z < 0`` (mutants of the single-derivative statements that
:mod:`.independent_deriv` reads).  Each ``f'(u)`` becomes a placeholder for its value (SymPy's
derivative of ReLU, sigma or tanh at ``u``), the sides are read by SymPy's lark LaTeX parser, and the
difference is decided with the sign of ``z`` as an assumption: ``"true"`` when it is zero,
``"false"`` when SymPy decides it nonzero, ``None`` otherwise.

>>> judge_activation_sum(r"\operatorname{ReLU}'(z) + \operatorname{ReLU}'(z) = 0, \quad z < 0")
'true'
>>> judge_activation_sum(r"\operatorname{ReLU}'(z + z) = 1, \quad z < 0")
'false'
"""

from __future__ import annotations

import re

import sympy as sp

__all__ = ["judge_activation_sum"]

_FORM = re.compile(r"^(?P<eq>[^,]+?)\s*,\s*(?:\\quad|\\qquad)?\s*(?P<v>[a-z])\s*(?P<rel>[<>])\s*0\s*$", re.S)
_DERIV = re.compile(r"(\\operatorname\{ReLU\}|\\mathrm\{ReLU\}|\\sigma|\\tanh)'\(([^()]*)\)")


def judge_activation_sum(text: str) -> str | None:
    m = _FORM.match(text.strip())
    if m is None or len(_DERIV.findall(m.group("eq"))) < 1 or m.group("eq").count("=") != 1:
        return None
    z = sp.Symbol(m.group("v"), positive=m.group("rel") == ">", negative=m.group("rel") == "<")
    holders = {}

    def put(d):
        u = _parse(d.group(2))
        if u is None:
            raise ValueError(d.group(0))
        u = u.subs(sp.Symbol(m.group("v")), z)
        t = sp.Dummy("t")
        f = {"\\sigma": 1 / (1 + sp.exp(-t)), "\\tanh": sp.tanh(t)}.get(d.group(1), sp.Max(0, t))
        name = "ABCDFGHJKM"[len(holders)]
        holders[sp.Symbol(name)] = sp.diff(f, t).subs(t, u)
        return f" {name} "

    try:
        lhs, rhs = _DERIV.sub(put, m.group("eq")).split("=")
        a, b = _parse(lhs), _parse(rhs)
    except (ValueError, IndexError):
        return None
    if a is None or b is None or any(s.name not in {str(h) for h in holders} | {m.group("v")}
                                     for s in (a - b).free_symbols):
        return None
    diff = sp.simplify((a - b).subs(holders).subs(sp.Symbol(m.group("v")), z))
    return "true" if diff == 0 else "false" if diff.is_zero is False else None


def _parse(text: str):
    from sympy.parsing.latex import parse_latex
    try:
        out = parse_latex(text, backend="lark")
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return None
    return out if isinstance(out, sp.Basic) else None
