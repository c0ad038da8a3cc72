r"""Cases against a computed value, branch by branch: ``\operatorname{ReLU}'(x) = \begin{cases}
1 & x > 0 \\ 0 & x < 0 \end{cases}``.

Both sides are rewritten as ``Piecewise`` (``Heaviside``, ``Max``, ``Min``, ``|x|`` included), the
boundaries of every condition in the one variable of the conditions are collected, and on each
open interval between them the branch that applies (decided at the interval's midpoint: on an
open interval between all boundaries every condition is constant) replaces each ``Piecewise``.
The two branch-free expressions are then compared as an identity (SymPy, exact).  So a claim
*holds* when it holds on every interval where both sides are defined; it is *wrong* with an
interior point as witness; the boundaries themselves are never checked (a derivative there may
not exist, and ``cases`` rarely says which branch owns it).

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> branchwise(sp.Heaviside(x), sp.Piecewise((1, x > 0), (0, x < 0)))
('identity', [0])
>>> branchwise(sp.Heaviside(x), sp.Piecewise((1, x > 0), (1, x < 0)))[0]
'wrong'
"""

from __future__ import annotations

import sympy as sp

from . import hooks

__all__ = ["branch_verdict", "branchwise"]

MAX_EDGES = 12
_OPS = 300


class _Undecided(Exception):
    pass


def _heaviside(h):
    return sp.Piecewise((0, h.args[0] < 0), (1, h.args[0] > 0), (sp.nan, True))


def _as_pieces(expr):
    """``expr`` with ``Max``, ``Min``, ``|x|``, ``sign`` and ``Heaviside`` as ``Piecewise``
    (folded outwards, so that every condition is on a plain expression; no value at a jump)."""
    if not expr.has(sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside):
        return expr
    expr = expr.replace(lambda e: isinstance(e, (sp.Max, sp.Min, sp.Abs, sp.sign)),
                        lambda e: e.rewrite(sp.Piecewise))
    expr = sp.piecewise_fold(expr).replace(lambda e: isinstance(e, sp.Heaviside), _heaviside)
    return sp.piecewise_fold(expr)


def _condition_symbols(exprs) -> set:
    out = set()
    for expr in exprs:
        for pw in expr.atoms(sp.Piecewise):
            for _, cond in pw.args:
                out |= getattr(cond, "free_symbols", set())
    return out


def _edges(sym, exprs) -> list:
    real = sp.Symbol(sym.name, real=True)
    edges = set()
    for expr in exprs:
        for pw in expr.atoms(sp.Piecewise):
            for _, cond in pw.args:
                if cond in (sp.true, sp.false):
                    continue
                try:
                    region = cond.xreplace({sym: real}).as_set()
                    bound = region.boundary
                except (NotImplementedError, TypeError, ValueError, AttributeError):
                    raise _Undecided from None
                if not isinstance(bound, sp.FiniteSet) or not all(
                        e.is_real and e.is_finite for e in bound):
                    raise _Undecided
                edges |= set(bound)
    if len(edges) > MAX_EDGES:
        raise _Undecided
    return sorted(edges, key=lambda e: sp.N(e, 30))


def _midpoints(cuts) -> list:
    if not cuts:
        return [sp.Integer(0)]
    inner = [(a + b) / 2 for a, b in zip(cuts, cuts[1:])]
    return [cuts[0] - 1] + inner + [cuts[-1] + 1]


def _branch(expr, sym, point):
    """``expr`` with every ``Piecewise`` replaced by its branch at ``point`` (``nan`` where no
    branch applies)."""
    def pick(pw):
        for value, cond in pw.args:
            truth = cond.subs(sym, point) if cond not in (sp.true, sp.false) else cond
            if truth == sp.true:
                return value
            if truth != sp.false:
                raise _Undecided
        return sp.nan
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), pick)


def _zero(expr) -> bool | None:
    if sp.expand(expr) == 0:
        return True
    if sp.count_ops(expr) <= _OPS and sp.simplify(expr) == 0:
        return True
    return None


def branchwise(computed, claimed):
    """``('identity', edges)`` when the two agree on every open interval between the edges where
    both are defined (at least one), ``('wrong', sym, point, a, b)`` with an interior point,
    else ``None`` (more than one variable in the conditions, a condition not read as an
    interval, no branch in common, a side without the variable: ``f'(x) = 0`` is an equation to
    solve, a variable with a sign assumption: the statement restricts it)."""
    if not (isinstance(computed, sp.Basic) and isinstance(claimed, sp.Basic)):
        return None
    if not (computed.has(sp.Piecewise) or claimed.has(sp.Piecewise)):
        return None     # no cases written (ReLU(x) = x: a condition the prose may state)
    try:
        a, b = _as_pieces(computed), _as_pieces(claimed)
        syms = _condition_symbols((a, b))
        if len(syms) != 1:
            return None
        sym = syms.pop()
        if set(sym.assumptions0) - {"commutative"} or not all(
                sym in e.free_symbols for e in (computed, claimed)):
            return None     # a statement's condition on it, or an equation to solve (f'(x) = 0)
        cuts = _edges(sym, (a, b))
        return _judge(a, b, sym, cuts)
    except (_Undecided, TypeError, ValueError, NotImplementedError, AttributeError):
        return None


def _judge(a, b, sym, cuts):
    checked = 0
    for point in _midpoints(cuts):
        pa, pb = _branch(a, sym, point), _branch(b, sym, point)
        if pa.has(sp.nan) or pb.has(sp.nan) or pa.has(sp.Piecewise) or pb.has(sp.Piecewise):
            continue
        if _zero(pa - pb):
            checked += 1
            continue
        va, vb = pa.subs(sym, point), pb.subs(sym, point)
        if va.free_symbols or vb.free_symbols:   # a parameter (alpha): nonzero at a point of it
            from .derivlink import nonzero_at_point
            if not nonzero_at_point(va - vb):
                raise _Undecided
        elif not (va.is_number and vb.is_number) or sp.simplify(va - vb) == 0:
            raise _Undecided
        return "wrong", sym, point, va, vb
    return ("identity", cuts) if checked else None


@hooks.branch_verdict.register
def branch_verdict(computed, claimed):
    """:func:`branchwise` as a verdict of :func:`~convproof.check.compare._compare_entry`:
    ``(verdict, expected_latex, detail)`` or ``None``."""
    from .texfmt import value_latex
    found = branchwise(computed, claimed)
    if found is None:
        return None
    if found[0] == "wrong":
        _, sym, point, va, vb = found
        return "wrong", value_latex(computed), f" (at {sym} = {point}, inside a branch: {va} vs {vb})"
    edges = ", ".join(str(e) for e in found[1])
    where = f"; not at the boundaries {edges}" if edges else ""
    return "identity", None, f" (checked branch by branch, inside each condition{where})"
