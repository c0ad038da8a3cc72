r"""Loss gradients checked against the loss as the document defines it (a ``1/(2n)`` factor).

A loss written as a normalised sum, ``L = \frac{1}{2n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^2``, is
not a value the checker can compute, but its derivative by one term's variable is: only the term
``i = k`` depends on ``\hat{y}_k``, so ``\partial L / \partial \hat{y}_k = c \cdot \partial g_k /
\partial \hat{y}_k`` with ``c`` the factor written before the sum and ``g_i`` the summand.
:func:`remember_loss` records such a definition (its factor, sum index, bound and summand, parsed
by the checker's own parser); :func:`check_loss_gradient` differentiates it exactly (SymPy) and
compares with a later claim ``\frac{\partial L}{\partial \hat{y}_k} = ...``.  The claim ``holds``
when the difference simplifies to zero; it is ``wrong`` when it differs, with the derivative and,
when the two differ by a constant factor, that factor (``the claim is n times the derivative``).

>>> from convproof.check.env import Env
>>> from convproof.check.parse import parse_chain
>>> env = Env()
>>> remember_loss(r"L = \frac{1}{2n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^2", env, 1)
True
>>> check_loss_gradient(parse_chain(r"\frac{\partial L}{\partial \hat{y}_i} = \hat{y}_i - y_i"), env).status
'wrong'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from .verdict import StatementResult

__all__ = ["Loss", "check_loss_gradient", "remember_loss"]

_SUM = re.compile(r"^\s*(?P<lhs>[^=&]+?)\s*&?\s*(?::=|=|\\coloneqq|\\triangleq)\s*(?P<coef>[^=]*?)\s*\\sum\s*_\s*\{?\s*"
                  r"(?P<var>[a-z])\s*=\s*1\s*\}?\s*\^\s*(?:\{\s*(?P<n1>[A-Za-z0-9]+)\s*\}|(?P<n2>[A-Za-z0-9]))"
                  r"\s*(?P<body>.+?)[\s,.;]*$", re.S)


@dataclass(frozen=True)
class Loss:
    """``factor * sum_{var=1}^{bound} body``, defined at ``line``."""

    factor: object
    var: str
    bound: str
    body: object
    line: int


def _losses(env) -> dict:
    if not hasattr(env, "losses"):
        env.losses = {}
    return env.losses


def remember_loss(text: str, env, line: int) -> bool:
    """Record ``text`` if it defines a name as a factor times a sum with bounds ``1..n``."""
    from .evaluate import EvalError, Evaluator
    from .nodes import Name
    from .parse import ParseError, parse_chain
    m = _SUM.match(re.split(r"\\\\|\\quad|\\qquad", text)[0])  # this row only
    if m is None:
        return False
    try:
        lhs = parse_chain(m.group("lhs")).sides[0]
        factor = Evaluator(type(env)()).eval(parse_chain(m.group("coef")).sides[0]) if m.group("coef").strip() \
            else sp.Integer(1)
        body = parse_chain(m.group("body")).sides[0]
    except (ParseError, EvalError, IndexError, TypeError, ValueError):
        return False
    if not isinstance(lhs, Name) or isinstance(factor, sp.MatrixBase):
        return False
    _losses(env)[lhs.key] = Loss(factor, m.group("var"), m.group("n1") or m.group("n2"), body, line)
    return True


def _index_of(key: str, var: str) -> str | None:
    """The index a variable's key carries where the summand has ``var`` (``\\hat{y}_{k}``: ``k``)."""
    m = re.search(r"_\{(\w)\}$|\^\{\((\w)\)\}$", key)
    return (m.group(1) or m.group(2)) if m else None


def _rename(expr, var: str, index: str):
    """``expr`` with the sum index ``var`` in every symbol's key replaced by ``index``."""
    if var == index:
        return expr
    subs = {}
    for sym in expr.free_symbols:
        new = re.sub(rf"_\{{{var}\}}", f"_{{{index}}}", sym.name)
        new = re.sub(rf"\^\{{\({var}\)\}}", f"^{{({index})}}", new)
        if new != sym.name:
            subs[sym] = sp.Symbol(new)
    return expr.xreplace(subs)


def check_loss_gradient(chain, env) -> StatementResult | None:
    """Verdict on ``\\frac{\\partial L}{\\partial x_k} = ...`` for a loss ``L`` recorded by
    :func:`remember_loss`, or ``None`` when the statement is not such a claim."""
    from .derivative import split_derivative
    from .evaluate import EvalError, Evaluator
    from .nodes import Name
    first = chain.sides[0] if chain.sides else None
    parts = split_derivative(first.key) if isinstance(first, Name) else None
    loss = _losses(env).get(parts[0]) if parts else None
    if loss is None or len(chain.sides) != 2 or chain.rels[0] != "=":
        return None
    index = _index_of(parts[1], loss.var)
    if index is None or index == loss.bound:
        return None
    try:
        summand = Evaluator(type(env)()).eval(loss.body)
        claimed = Evaluator(type(env)()).eval(chain.sides[1])
    except (EvalError, TypeError, ValueError):
        return None
    if isinstance(summand, sp.MatrixBase) or isinstance(claimed, sp.MatrixBase):
        return None
    if any(_index_of(s.name, loss.var) != loss.var for s in summand.free_symbols):
        return None  # a name without the sum index (a mean, a weight) may depend on every term
    summand = _rename(summand, loss.var, index)
    var = sp.Symbol(parts[1])
    if var not in summand.free_symbols:
        return None
    expected = sp.expand(loss.factor * sp.diff(summand, var))
    return _verdict(expected, claimed, parts, loss)


def _verdict(expected, claimed, parts, loss: Loss) -> StatementResult:
    value_latex = sp.latex
    where = f"the loss {parts[0]} as defined at line {loss.line} (factor {value_latex(loss.factor)} before the sum)"
    if sp.simplify(expected - claimed) == 0:
        return StatementResult("holds", "derivative", f"holds as an identity: the derivative of {where} by "
                               f"{parts[1]} is {value_latex(expected)} (only the term {_index_of(parts[1], loss.var)} of the sum "
                               "depends on it)")
    ratio = sp.simplify(claimed / expected) if expected != 0 else None
    factor = f"; the claim is {value_latex(ratio)} times the derivative" if ratio is not None and \
        not (ratio.free_symbols - {sp.Symbol(loss.bound)}) else ""
    return StatementResult("wrong", "derivative", f"the derivative of {where} by {parts[1]} is "
                           f"{value_latex(expected)}, not {value_latex(claimed)}{factor}",
                           [{"row": None, "col": None, "claimed": value_latex(claimed),
                             "expected": value_latex(expected)}])
