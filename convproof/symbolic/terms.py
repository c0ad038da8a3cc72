"""Exact canonical forms of polynomial expressions without ``sympy.expand``'s general machinery.

Convolution results are sums of products of symbols (``f*y``, ``g*f*y``, ``c*g*f``); distributing
products over sums by hand and keying monomials by ``as_coeff_Mul`` is exact and an order of
magnitude faster than ``expand`` on these shapes. Anything else (powers of sums, functions) falls
back to ``sympy.expand``.
"""

from __future__ import annotations

from itertools import product
from typing import Any, Iterator

import sympy as sp

from ..values import as_value

__all__ = ["expanded_terms", "terms_of"]


def expanded_terms(expr: Any) -> Iterator[sp.Expr]:
    """The terms of the expansion of ``expr`` (not collected: a monomial may repeat).

    >>> a, b, c = sp.symbols("a b c")
    >>> sorted(map(str, expanded_terms(a*(b + c) + 2*a)))
    ['2*a', 'a*b', 'a*c']
    """
    e = as_value("expr", expr)
    if e.is_Add:
        for arg in e.args:
            yield from expanded_terms(arg)
    elif e.is_Mul and any(f.is_Add or (f.is_Pow and f.base.is_Add) for f in e.args):
        parts = [list(expanded_terms(f)) if f.is_Add else
                 list(sp.Add.make_args(sp.expand(f))) if f.is_Pow and f.base.is_Add else [f] for f in e.args]
        for combo in product(*parts):
            yield from expanded_terms(sp.Mul(*combo)) if any(c.is_Add for c in combo) else [sp.Mul(*combo)]
    elif e.is_Pow and e.base.is_Add:
        yield from sp.Add.make_args(sp.expand(e))
    else:
        yield e


def terms_of(expr: Any) -> dict:
    """Canonical form ``{monomial: coefficient}`` of the expansion (zero coefficients dropped).

    >>> a, b = sp.symbols("a b")
    >>> terms_of(a*(b + 2)) == terms_of(a*b + 2*a)
    True
    >>> terms_of(a - a)
    {}
    """
    out: dict = {}
    for t in expanded_terms(expr):
        coeff, mono = t.as_coeff_Mul()
        out[mono] = out.get(mono, 0) + coeff
    return {k: v for k, v in out.items() if v != 0}
