"""Whether a side states which way its vectors lie (a column or a row).

A matrix environment states its shape: ``\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}`` is a column,
``\\begin{bmatrix} 1 & 2 \\end{bmatrix}`` a row, and a transpose mark on it (``^T``) makes the
column a row.  A vector written in a line, ``[1, 2]`` or ``(1, 2)^T``, states no orientation:
lecture notes write columns that way, so the evaluator may take it as a column or as a row,
whichever the product or the comparison needs.  Only such a vector (or a name bound to one) is
ever turned around; a stated orientation is used as written, so a dropped or added transpose of a
matrix environment is evaluated, never silently undone (a product of mismatched shapes, or a row
compared with a column, is then unchecked with the reason).

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> side = parse_chain(r"\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}^T").sides[0]
>>> stated(side, Env()), stated(parse_chain("[1, 2]^T").sides[0], Env())
(True, False)
"""

from __future__ import annotations

from .nodes import Bin, Builtin, Call, Mat, Name, Neg, Pow, Transpose

__all__ = ["stated"]

_DEPTH = 20


def stated(node, env, depth: int = 0) -> bool:
    """Whether ``node``'s value has an orientation stated by a matrix environment (directly,
    through a transpose, a product or sum with one, or the definition of a name)."""
    if depth > _DEPTH or node is None:
        return False
    if isinstance(node, Mat):
        return True
    if isinstance(node, (Transpose, Neg)):
        return stated(node.operand, env, depth + 1)
    if isinstance(node, Name):
        binding = env.values.get(node.key) if env is not None else None
        return binding is not None and stated(binding.form, env, depth + 1)
    if isinstance(node, Bin):
        return stated(node.left, env, depth + 1) or stated(node.right, env, depth + 1)
    if isinstance(node, Pow):
        return stated(node.base, env, depth + 1)
    if isinstance(node, (Call, Builtin)):
        return any(stated(a, env, depth + 1) for a in node.args)
    return False
