"""Entries of the audit corpus: sums of products of named symbols, kept as plain data.

An entry is a tuple of terms; a term is ``(coefficient, factors)`` with an integer coefficient
and a tuple of symbol names (LaTeX, e.g. ``"f_{2}"``).  The corpus writes entries with
:func:`entry_latex` and evaluates them with :func:`entry_value` (SymPy symbols built from the
names); neither touches :mod:`convproof.check`.

>>> e = ((1, ("f_{1}", "y_{2}")), (-2, ("f_{2}",)))
>>> entry_latex(e)
'f_{1} y_{2} - 2 f_{2}'
>>> entry_value(e) == sp.Symbol("f_{1}") * sp.Symbol("y_{2}") - 2 * sp.Symbol("f_{2}")
True
"""

from __future__ import annotations


import sympy as sp

__all__ = ["ZERO", "const", "entry_latex", "entry_value", "matvec", "product_equal", "sym"]

ZERO: tuple = ()


def sym(name: str) -> tuple:
    """The entry holding the single symbol ``name``."""
    return ((1, (name,)),)


def const(value: int) -> tuple:
    """The entry holding the integer ``value`` (``0`` is the empty sum)."""
    return () if value == 0 else ((int(value), ()),)


def _term_latex(coef: int, factors: tuple, first: bool) -> str:
    sign = "-" if coef < 0 else ("" if first else "+")
    mag = abs(coef)
    body = " ".join(factors)
    if not factors:
        core = str(mag)
    elif mag == 1:
        core = body
    else:
        core = f"{mag} {body}"
    if first:
        return sign + core
    return f"{sign} {core}"


def entry_latex(entry: tuple) -> str:
    """LaTeX of an entry (``0`` for the empty sum)."""
    if not entry:
        return "0"
    return " ".join(_term_latex(c, f, i == 0) for i, (c, f) in enumerate(entry))


def entry_value(entry: tuple) -> sp.Expr:
    """The SymPy value of an entry (symbols named by their LaTeX)."""
    total = sp.Integer(0)
    for coef, factors in entry:
        term = sp.Integer(coef)
        for name in factors:
            term = term * sp.Symbol(name)
        total += term
    return sp.expand(total)


def _times(a: tuple, b: tuple) -> tuple:
    return tuple((ca * cb, fa + fb) for ca, fa in a for cb, fb in b)


def matvec(matrix: list, vector: list) -> list:
    """``matrix @ vector`` on entries, terms kept in column order (no simplification)."""
    out = []
    for row in matrix:
        terms: tuple = ()
        for m, v in zip(row, vector):
            terms += _times(m, v)
        out.append(_combine(terms))
    return out


def _combine(terms: tuple) -> tuple:
    """Merge constant terms into one (``2 \\cdot 3 + 4`` style sums become one integer)."""
    consts = [c for c, f in terms if not f]
    rest = tuple((c, f) for c, f in terms if f)
    if not consts:
        return rest
    total = sum(consts)
    return rest + (((total, ()),) if total else ())


def product_equal(matrix: list, vector: list, result: list) -> bool:
    """Whether ``matrix @ vector == result`` exactly, entry by entry (SymPy, not the checker)."""
    if len(matrix) != len(result) or any(len(row) != len(vector) for row in matrix):
        return False
    got = matvec(matrix, vector)
    return all(sp.expand(entry_value(g) - entry_value(r)) == 0 for g, r in zip(got, result))
