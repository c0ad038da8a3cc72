r"""The derivative operator and activation derivatives as ``cases``, judged by SymPy, sharing no
code with :mod:`convproof.check`.

* ``\frac{d}{dx}\left(f\right) = g`` (also ``\partial``, ``(..)``, ``\left[..\right]``): ``f``
  and ``g`` read by SymPy's LaTeX parser (``\sigma``, ``\tanh`` as their values, via
  :func:`.independent_deriv.parse_calls`), ``diff(f, x) - g`` decided by
  :func:`.independent_deriv.decide`.
* ``\operatorname{ReLU}'(u)`` / ``\operatorname{HardTanh}'(u)`` (or the function itself)
  ``= \begin{cases} v & a < x < b \\ \ldots \end{cases}`` in one variable: values, conditions
  and ``u`` read by the parser; compared with the definition (or its derivative) at rational
  points (sevenths in [-6, 6], never an integer) that lie strictly inside or outside every
  condition and off the function's kinks; a point in no stated branch takes the
  otherwise-branch.  Anything else: undecided.

>>> judge_diff2(r"\frac{d}{dx}\left(x^3\right) = 3 x")
'false'
>>> judge_diff2(r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}")
'true'
"""

from __future__ import annotations

import re

import sympy as sp

__all__ = ["judge_diff2"]

_OPERATOR = re.compile(r"^\s*\\frac\{(d|\\partial)\}\{(?:d|\\partial)\s*([a-z])\}\s*"
                       r"(?:\\left)?([(\[])(.*)(?:\\right)?[)\]]\s*=\s*([^=]+?)\s*$", re.S)
_CASES = re.compile(r"^\s*\\operatorname\{(ReLU|HardTanh)\}('?)\((.+?)\)\s*=\s*\\begin\{cases\}"
                    r"(.*)\\end\{cases\}\s*$", re.S)
_RELS = re.compile(r"(<|>|\\leq?|\\geq?)")
_POINTS = [sp.Rational(k, 7) for k in range(-42, 43) if k % 7]


def _operator(m) -> str:
    from .independent_deriv import decide, parse_calls
    _, var, _, operand, claim = m.groups()
    operand = operand.rstrip()
    if operand.endswith(r"\right"):
        operand = operand[:-len(r"\right")]
    x = sp.Symbol(var)
    return decide(sp.diff(parse_calls(operand), x) - parse_calls(claim))


def _condition(cond: str):
    """``None`` for otherwise, else ``(parts, relations)`` of a chain ``a < b < c``."""
    if "otherwise" in cond:
        return None
    from .independent_deriv import parse
    pieces = _RELS.split(cond)
    parts, rels = [parse(p) for p in pieces[::2]], pieces[1::2]
    if not rels:
        raise ValueError("condition not read")
    return parts, rels


def _holds_at(cond, x, point):
    """``True``/``False`` strictly inside or outside; ``None`` on a boundary (never judged)."""
    parts, rels = cond
    values = [p.subs(x, point) for p in parts]
    if any(not v.is_number for v in values) or any(a == b for a, b in zip(values, values[1:])):
        return None
    return all((a < b) if r in ("<", r"\le", r"\leq") else (a > b)
               for a, b, r in zip(values, values[1:], rels))


def _cases(m) -> str:
    from .independent_deriv import parse
    func, prime, arg, body = m.groups()
    u = parse(arg)
    rows = [row.split("&") for row in body.split(r"\\")]
    if any(len(r) != 2 for r in rows):
        return "undecided"
    branches = [(parse(v), _condition(c)) for v, c in rows]
    symbols = u.free_symbols.union(*(v.free_symbols for v, _ in branches))
    if len(symbols) != 1:
        return "undecided"
    x = symbols.pop()
    t = sp.Symbol("t")
    f = sp.Max(0, t) if func == "ReLU" else sp.Max(-1, sp.Min(1, t))
    if prime:
        f = sp.diff(f, t)
    if any(c is None for _, c in branches[:-1]):
        return "undecided"
    checked = False
    for point in _POINTS:
        truths = [None if c is None else _holds_at(c, x, point) for _, c in branches]
        if any(c is not None and tr is None for (_, c), tr in zip(branches, truths)):
            continue                                  # on a boundary of a condition
        inside = [v for (v, c), tr in zip(branches, truths) if c is not None and tr]
        values = inside or [v for v, c in branches if c is None]
        inner = u.subs(x, point)
        if inner in (0, 1, -1):
            continue                                  # the function's own kinks
        for v in values:
            checked = True
            diff = f.subs(t, inner) - v.subs(x, point)
            if diff.is_zero is None:
                return "undecided"
            if not diff.is_zero:
                return "false"
    return "true" if checked else "undecided"


def judge_diff2(text: str) -> str | None:
    """``"true"``, ``"false"``, ``"undecided"``, or ``None`` for another kind of statement."""
    for pattern, how in ((_OPERATOR, _operator), (_CASES, _cases)):
        m = pattern.match(text)
        if m is not None:
            try:
                return how(m)
            except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
                return "undecided"
    return None
