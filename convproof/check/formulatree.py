"""A parsed formula tree (:mod:`.nodes`) as a SymPy expression, names mapped by the caller: the
conversion every formula check (sizes, 'same' padding, counts, receptive fields) shares.  No string
is evaluated.

>>> import sympy as sp
>>> from convproof.check.parse import parse_chain
>>> n, k = sp.symbols("n k")
>>> e = to_sympy(parse_chain(r"o = \\lfloor (n - k)/2 \\rfloor + 1").sides[1], {"n": n, "k": k})
>>> e == sp.floor((n - k) / 2) + 1
True
"""

from __future__ import annotations

import sympy as sp

from .nodes import Builtin, Call, Name, Neg, Num, Pow

__all__ = ["to_sympy"]


def to_sympy(node, symbols: dict) -> sp.Expr:
    """The SymPy expression of a formula tree; names by ``symbols[key]``."""
    if isinstance(node, Num):
        return sp.Rational(node.value)
    if isinstance(node, Name):
        return symbols[node.key]
    if isinstance(node, Neg):
        return -to_sympy(node.operand, symbols)
    if isinstance(node, Call):  # s(i' - 1): a product
        return symbols[node.func.key] * to_sympy(node.args[0], symbols)
    if isinstance(node, Builtin):
        inner = to_sympy(node.args[0], symbols)
        return sp.floor(inner) if node.name == "floor" else sp.ceiling(inner)
    if isinstance(node, Pow):
        exp = to_sympy(node.exponent, symbols)
        if not (exp.is_Integer and 0 <= exp <= 8):
            raise ValueError("only small integer powers")
        return to_sympy(node.base, symbols) ** exp
    a, b = to_sympy(node.left, symbols), to_sympy(node.right, symbols)
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[node.op]
