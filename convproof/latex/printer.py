r"""A SymPy LaTeX printer that writes convolution symbols in a lecturer's notation.

The symbolic engine names its symbols however it likes; a :class:`SymbolTable` records,
for each symbol, its *role* (input, kernel, output, grad, bias) and its indices, and the
:class:`LecturePrinter` prints it under a :class:`~convproof.notation.Notation`.
It also orders sums and products the way lecture notes do: the terms of ``(T y)_i`` by
the input index (``f_1 y_1 + f_2 y_2 + f_3 y_3``), the factors of a product kernel first
(``f_2 z_1``), so output does not depend on how SymPy sorts symbol names.

Examples
--------
>>> import numpy as np, sympy as sp
>>> y = np.array(sp.symbols("a0:3")); f = np.array(sp.symbols("w0:2"))
>>> table = SymbolTable().add("input", y, 1).add("kernel", f, 1)
>>> p = LecturePrinter(table)
>>> p.doprint(y[2] * f[1] + y[1] * f[0])
'f_{1} y_{2}^{(l)} + f_{2} y_{3}^{(l)}'
>>> LecturePrinter(table, Notation(mul="cdot", layer=None, input="x")).doprint(y[0] * f[1])
'f_{2} \\cdot x_{1}'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..errors import fail
from ..values import as_value
from ..notation import LECTURE, Notation

__all__ = ["SymbolTable", "LecturePrinter", "latex"]

# Terms of a sum sort by their data symbols first (input/output/gradient), kernel next.
_TERM_RANK = {"input": 0, "output": 0, "grad": 0, "kernel": 1, "bias": 2}
# Factors of a product: kernel first, as in ``f_1 y_1`` (seed 000, eq. 11).
_FACTOR_RANK = {"kernel": 0, "grad": 1, "input": 2, "output": 3, "bias": 4}


class SymbolTable:
    """Role and indices of every symbol of a derivation.

    ``add(role, array, spatial_ndim)`` registers each element of ``array``: its last
    ``spatial_ndim`` axes are spatial indices (subscripts), the leading axes channel
    indices (superscripts); leading axes of length 1 are dropped. Kernel channel indices
    ``(out, in)`` are written ``in, out`` as in ``F^{mk}_{uv}`` (seed 001).
    """

    def __init__(self) -> None:
        self.entries: dict[sp.Symbol, tuple[str, tuple[int, ...], tuple[int, ...], bool]] = {}

    def add(self, role: str, array: Any, spatial_ndim: int, groups: int = 1) -> "SymbolTable":
        """Register ``array``; a kernel with ``groups > 1`` is written ``F^{s,m'k'}`` (seed 001),
        a depthwise one (one map per group) ``F^{s}``."""
        arr = np.asarray(array, dtype=object)
        lead = arr.shape[:arr.ndim - spatial_ndim]
        keep = [ax for ax, n in enumerate(lead) if n > 1]
        wide = any(n > 9 for n in arr.shape)
        for pos in np.ndindex(arr.shape):
            sym = arr[pos]
            if not isinstance(sym, sp.Symbol):
                continue
            upper = tuple(pos[ax] for ax in keep)
            if role == "kernel" and groups > 1:
                upper = _grouped(pos[0], pos[1], lead[0] // groups, lead[1])
            elif role == "kernel" and len(upper) == 2:
                upper = upper[::-1]
            self.entries[sym] = (role, tuple(pos[len(lead):]), upper, wide)
        return self

    def role(self, sym: sp.Basic) -> str | None:
        entry = self.entries.get(sym)
        return entry[0] if entry else None

    def names(self, notation: Notation) -> dict[sp.Symbol, str]:
        """``symbol_names`` for SymPy's printer."""
        return {s: notation.entry(role, idx, upper, wide)
                for s, (role, idx, upper, wide) in self.entries.items()}

    def sort_key(self, sym: sp.Symbol, ranks: dict[str, int]) -> tuple:
        role, idx, upper, _ = self.entries[sym]
        return (ranks[role], role, upper, idx)


def _grouped(k: int, m: int, out_per_group: int, in_per_group: int) -> tuple[int, ...]:
    """``(s, m', k')`` of output map ``k`` and in-group input map ``m``; ``(s,)`` when depthwise."""
    s, kk = divmod(k, out_per_group)
    return (s,) if out_per_group == in_per_group == 1 else (s, m, kk)


class LecturePrinter(LatexPrinter):
    """SymPy ``LatexPrinter`` with lecture notation and lecture term order."""

    printmethod = "_lecture_latex"

    def __init__(self, table: SymbolTable | None = None, notation: Notation | None = None,
                 **settings: Any) -> None:
        self.table = table or SymbolTable()
        self.notation = notation or LECTURE
        settings.setdefault("mul_symbol", self.notation.mul_symbol)
        settings.setdefault("symbol_names", self.table.names(self.notation))
        super().__init__(settings)

    # -- order -----------------------------------------------------------------------------
    def _term_key(self, term: sp.Expr) -> tuple:
        syms = [s for s in term.free_symbols if s in self.table.entries]
        if not syms:
            return ((9,), sp.default_sort_key(term))
        keys = sorted(self.table.sort_key(s, _TERM_RANK) for s in syms)
        return tuple(keys) + ((8,),)

    def _as_ordered_terms(self, expr: sp.Expr, order: Any = None) -> list:
        terms = list(sp.Add.make_args(expr))
        if not any(t.free_symbols & self.table.entries.keys() for t in terms):
            return super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=self._term_key)

    def _print_Mul(self, expr: sp.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        factors = sp.Mul.make_args(rest)
        known = [f for f in factors if f in self.table.entries
                 or (f.is_Pow and f.base in self.table.entries and f.exp.is_Integer and f.exp > 0)]
        if not known or len(known) != len(factors) or not coeff.is_Rational:
            return super()._print_Mul(expr)
        base = lambda f: f.base if f.is_Pow else f  # noqa: E731
        ordered = sorted(factors, key=lambda f: self.table.sort_key(base(f), _FACTOR_RANK))
        sep = self._settings["mul_symbol_latex"]
        body = sep.join(self._print(f) for f in ordered)
        if coeff == 1:
            return body
        if coeff == -1:
            return "- " + body
        if coeff.is_Integer:
            return self._print(coeff) + sep + body
        return super()._print_Mul(expr)

    def terms(self, expr: Any) -> list[str]:
        """The printed terms of a sum in lecture order, negative ones starting with ``-``."""
        expr = as_value("expr", expr)
        if expr == 0:
            return []
        out = []
        for t in self._as_ordered_terms(expr) if expr.is_Add else [expr]:
            out.append("- " + self._print(-t) if t.could_extract_minus_sign() else self._print(t))
        return out


def latex(expr: Any, table: SymbolTable | None = None, notation: Notation | None = None) -> str:
    r"""LaTeX of a SymPy expression (or a number) in lecture notation.

    >>> latex(sp.Rational(3, 4))
    '\\frac{3}{4}'
    """
    if isinstance(expr, (int, np.integer)):
        return str(int(expr))
    try:
        obj = sp.sympify(expr, strict=True)
    except (sp.SympifyError, TypeError):
        raise fail("expr", type(expr).__name__, "must be a SymPy expression or a number") from None
    return LecturePrinter(table, notation).doprint(obj)
