"""Sizes written ``a \\times b``: a list of dimensions, compared dimension by dimension.

``(28-5+1) \\times (28-5+1) = 12 \\times 48`` is wrong although ``576 = 576``: a shape is not the
product of its sides.  A link whose two sides are both written as ``\\times`` lists of the same
length is checked per dimension; ``3 \\times 4 = 12`` (one side a single number) stays arithmetic.

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> c = parse_chain(r"(28-5+1) \\times (28-5+1) = 12 \\times 48")
>>> dims_link(c.sides[0], c.sides[1], Env(), c.source).status
'wrong'
"""

from __future__ import annotations

import sympy as sp

from .evaluate import EvalError, Evaluator
from .nodes import Bin

__all__ = ["dims_link", "factors"]


def factors(node, src: str) -> list:
    """The factors of a product written with ``\\times`` at the top level (else ``[node]``)."""
    if isinstance(node, Bin) and node.op == "*" and r"\times" in \
            src[node.left.span[1]:node.right.span[0]]:
        return factors(node.left, src) + factors(node.right, src)
    return [node]


def dims_link(left, right, env, src: str):
    """A :class:`~convproof.check.verdict.Link` comparing two shapes, or ``None`` when the sides
    are not both ``\\times`` lists of the same length."""
    from .verdict import Link
    a, b = factors(left, src), factors(right, src)
    if len(a) < 2 or len(a) != len(b):
        return None
    ev = Evaluator(env)
    try:
        pairs = [(ev.eval(x), ev.eval(y), y) for x, y in zip(a, b)]
    except (EvalError, TypeError, ValueError, ZeroDivisionError, AttributeError) as exc:
        return Link("unchecked", "shape", f"dimensions not computable ({exc})")
    if any(isinstance(v, sp.MatrixBase) for p in pairs for v in p[:2]):
        return None
    bad, undecided = [], False
    for i, (x, y, node) in enumerate(pairs):
        diff = sp.expand(x - y)
        if diff == 0:
            continue
        if diff.free_symbols:
            undecided = True
            continue
        bad.append((i, x, y, node))
    if bad:
        desc = "; ".join(f"dimension {i + 1}: claimed {src[n.span[0]:n.span[1]].strip()}, "
                         f"expected {sp.latex(x)}" for i, x, _, n in bad)
        mism = [{"row": None, "col": i + 1, "claimed": src[n.span[0]:n.span[1]].strip(),
                 "expected": sp.latex(x)} for i, x, _, n in bad]
        fixes = [(n.span[0], n.span[1], sp.latex(x)) for _, x, _, n in bad]
        return Link("wrong", "shape", f"the sizes differ ({len(a)} dimensions compared one by "
                    f"one, not multiplied): {desc}", mism, fixes)
    if undecided:
        return Link("unchecked", "free-symbols", "dimensions not identical in their free symbols")
    used = ", ".join(f"{k} (line {line})" for k, line in ev.used.items())
    using = f" given bindings {used}" if used else ""
    return Link("holds", "exact",
                f"holds exactly, dimension by dimension ({len(a)} dimensions){using}")
