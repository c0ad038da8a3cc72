r"""SymPy-facing helper: state a size formula with SymPy symbols, prove or refute it for every size.

:func:`to_z3` walks the SymPy tree (``Add``, ``Mul``, ``Pow`` with an integer exponent,
``floor``, ``ceiling``, ``Mod``, ``Max``, ``Min``, ``Integer``, ``Rational``, ``Symbol``); no
string is parsed. Divisions are kept exact: the formula becomes a fraction ``num / den`` of
integer terms, and each ``floor(a/b)`` becomes a fresh integer ``q`` with ``b q <= a < b q + b``
(for ``b > 0``), so z3 sees nonlinear integer arithmetic only.

Examples
--------
>>> import sympy as sp
>>> n, p, k, s = sp.symbols("n p k s", integer=True)
>>> prove_size_formula(sp.floor((n + 2*p - k) / s) + 1, {"n": n, "p_lo": p, "p_hi": p, "k": k, "s": s}).status
'proved'
>>> r = prove_size_formula((n + 2*p - k) / s + 1, {"n": n, "p_lo": p, "p_hi": p, "k": k, "s": s})
>>> r.status, r.counterexample
('refuted', {'n': 2, 'k': 1, 's': 2, 'd': 1, 'p_lo': 0, 'p_hi': 0})
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp
import z3

from ..errors import fail
from .common import ints, is_count, span, standard
from .engine import DEFAULT_TIMEOUT_MS, Outcome, Query, prove_query

__all__ = ["to_z3", "prove_size_formula", "ROLES"]

ROLES = ("n", "k", "s", "d", "p_lo", "p_hi")


class _Walker:
    """Converts a SymPy expression to ``(num, den)`` z3 integer terms, collecting floor side conditions."""

    def __init__(self, env: Mapping[sp.Symbol, z3.ArithRef]) -> None:
        self.env, self.side, self.positive, self.fresh = dict(env), [], [], 0

    def fraction(self, expr: sp.Expr) -> tuple:
        num, den = sp.fraction(sp.together(self._replace(sp.sympify(expr))))
        return self.poly(num), self.poly(den)

    def _replace(self, e: sp.Expr) -> sp.Expr:
        """Replace each floor/ceiling/Mod/Max/Min (innermost first) by a fresh integer symbol."""
        if e.is_Atom:
            return e
        args = [self._replace(a) for a in e.args]
        if isinstance(e, (sp.floor, sp.ceiling, sp.Mod, sp.Max, sp.Min)):
            return self._define(e.func, args)
        return e.func(*args)

    def _define(self, func, args) -> sp.Symbol:
        sym = sp.Symbol(f"_aux{self.fresh}", integer=True)
        self.fresh += 1
        q = self.env[sym] = z3.Int(str(sym))
        if func in (sp.Max, sp.Min):
            vals = [self._value(a) for a in args]
            pick = vals[0]
            for v in vals[1:]:
                pick = z3.If((v > pick) if func is sp.Max else (v < pick), v, pick)
            self.side.append(q == pick)
            return sym
        if func is sp.Mod:
            a, b = args
            f = self._floor_of(a / b)
            self.side.append(q == self._value(a) - self._value(b) * f)
            return sym
        f = self._floor_of(args[0] if func is sp.floor else -args[0])
        self.side.append(q == (f if func is sp.floor else -f))
        return sym

    def _floor_of(self, expr: sp.Expr) -> z3.ArithRef:
        num, den = sp.fraction(sp.together(expr))
        a, b = self.poly(num), self.poly(den)
        q = z3.Int(f"_floor{self.fresh}")
        self.fresh += 1
        self.positive.append(b)
        self.side += [b * q <= a, a < b * q + b]
        return q

    def _value(self, expr: sp.Expr) -> z3.ArithRef:
        num, den = sp.fraction(sp.together(expr))
        if den != 1:
            raise fail("formula", expr, "Max/Min/Mod arguments must be integer-valued (wrap divisions in floor)")
        return self.poly(num)

    def poly(self, e: sp.Expr) -> z3.ArithRef:
        """A polynomial with integer coefficients in the known symbols, as a z3 integer term."""
        if isinstance(e, sp.Symbol):
            if e not in self.env:
                raise fail("formula", e, f"unknown symbol; map it to one of {list(ROLES)}")
            return self.env[e]
        if isinstance(e, sp.Integer):
            return z3.IntVal(int(e))
        if isinstance(e, sp.Add):
            return z3.Sum([self.poly(a) for a in e.args])
        if isinstance(e, sp.Mul):
            out = self.poly(e.args[0])
            for a in e.args[1:]:
                out = out * self.poly(a)
            return out
        if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp >= 0:
            out = z3.IntVal(1)
            for _ in range(int(e.exp)):
                out = out * self.poly(e.base)
            return out
        raise fail("formula", e, "supported: + - * integer powers, / inside fractions, floor, ceiling, Mod, Max, "
                                 "Min, integers, rationals and the mapped symbols")


def to_z3(expr: sp.Expr, env: Mapping[sp.Symbol, z3.ArithRef]) -> tuple:
    """``(num, den, side_conditions, denominators)``: ``expr == num/den`` given the side conditions.

    >>> import sympy as sp, z3
    >>> n, s = sp.symbols("n s", integer=True)
    >>> num, den, side, dens = to_z3(sp.floor(n / s), {n: z3.Int("n"), s: z3.Int("s")})
    >>> num, den, len(side), dens
    (_aux0, 1, 3, [s, 1])
    """
    w = _Walker(env)
    num, den = w.fraction(expr)
    return num, den, w.side, w.positive + [den]


def prove_size_formula(expr: sp.Expr, symbols: Mapping[str, sp.Symbol], timeout_ms: int = DEFAULT_TIMEOUT_MS,
                       name: str = "formula") -> Outcome:
    """Prove ``expr`` equals convproof's output size (the number of window placements) for all sizes.

    ``symbols`` maps roles (``n``, ``k``, ``s``, ``d``, ``p_lo``, ``p_hi``) to the SymPy symbols the
    formula uses; unmapped roles take their neutral value in the formula (``d = 1``, no padding), but
    remain free in the hypotheses only when mapped. Hypotheses: the standard ones (``n, k, s, d >= 1``,
    ``p_lo, p_hi >= 0``, span fits); every denominator of the formula must be positive under them,
    otherwise the formula is refuted where it is not.
    """
    unknown = set(symbols) - set(ROLES)
    if unknown:
        raise fail("symbols", sorted(unknown), f"roles must be among {list(ROLES)}")
    v = ints(" ".join(ROLES))
    defaults = {"d": 1, "p_lo": 0, "p_hi": 0}
    fixed = [v[r] == defaults[r] for r in defaults if r not in symbols]
    env: dict = {}
    for role, sym in symbols.items():  # one symbol for two roles (p for p_lo and p_hi) ties them
        if sym in env:
            fixed.append(env[sym] == v[role])
        env.setdefault(sym, v[role])
    num, den, side, dens = to_z3(expr, env)
    o = z3.Int("o")
    hyps = standard(v) + fixed + side + [is_count(o, v["n"] + v["p_lo"] + v["p_hi"], span(v["k"], v["d"]), v["s"])]
    claim = z3.And(*[b > 0 for b in dens], num == den * o)
    return prove_query(Query(v, hyps, claim, {"count": o}), name, timeout_ms)
