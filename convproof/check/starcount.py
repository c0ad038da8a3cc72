"""``*`` between sizes read as multiplication: ``\\frac{N_{lc}}{N_c} = w_2 * h_2`` after the prose
names ``d_1, w_1, h_1, ...`` as depths, widths and heights and defines ``N_c = d_1 * w * h * d_2``.

The evaluator refuses ``*`` between symbols (it may be a convolution).  Between sizes it cannot
be: when every leaf of the statement, after substituting the document's own definitions of the
names it uses (the latest ``$N = ...$`` before it, themselves made of sizes), is a size the
prose names (``глубину $d_1$``, ``width $w_1$``, ``размеры $w \\times h$``) or a number, ``*`` is
the product of integers.  Each link is then decided by SymPy with the sizes as positive integer
symbols: ``holds`` when equal as rational functions, ``wrong`` with the simplified difference
otherwise; ``None`` when any leaf is not such a size (nothing is added).
"""

from __future__ import annotations

import re

import sympy as sp

from .nodes import Bin, Name, Neg, Num, Pow
from .verdict import StatementResult

__all__ = ["check_star_counts", "size_names"]

_SIZE_WORDS = re.compile(r"(?:глубин\w*|ширин\w*|высот\w*|размер\w*|depths?|widths?|heights?|sizes?|"
                         r"dimensions?)\s*\$([^$]{1,80})\$", re.I)
_SPLIT = re.compile(r"\\times|×|,|\\cdot")
_MATH = re.compile(r"\$([^$]{1,400})\$")
_DISPLAY = re.compile(r"\$\$.*?\$\$", re.S)


def _inline(prose: str) -> str:
    """``prose`` with its display blocks (``$$...$$``) blanked, newlines kept: a long display must not
    shift which ``$`` pairs with which (a definition inside a paragraph was lost that way)."""
    return _DISPLAY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), prose)


WINDOW = 4000


def size_names(prose: str) -> set:
    """Keys of the names the prose introduces as sizes (depth, width, height, dimensions).

    >>> sorted(size_names("глубину $d_1$, размеры $w \\\\times h$"))
    ['d_{1}', 'h', 'w']
    """
    from .parse import ParseError, parse_chain
    out = set()
    for m in _SIZE_WORDS.finditer(prose):
        for part in _SPLIT.split(m.group(1)):
            try:
                sides = parse_chain(part.strip()).sides
            except (ParseError, RecursionError, ValueError):
                continue
            if len(sides) == 1 and isinstance(sides[0], Name) and not sides[0].bold:
                out.add(sides[0].key)
    return out


def _definitions(prose: str) -> dict:
    from .parse import ParseError, parse_chain
    defs = {}
    for m in _MATH.finditer(prose):
        try:
            chain = parse_chain(m.group(1).strip().rstrip(".,"))
        except (ParseError, RecursionError, ValueError):
            continue
        if len(chain.sides) == 2 and chain.rels == ["="] and isinstance(chain.sides[0], Name):
            defs[chain.sides[0].key] = (chain.sides[1], prose.count("\n", 0, m.start()))
    return defs


class _NotSizes(Exception):
    pass


def _value(node, sizes, defs, used, depth=0):
    if depth > 20:
        raise _NotSizes
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        if node.key in sizes:
            return sp.Symbol(node.key, positive=True, integer=True)
        if node.key in defs and not node.bold:
            used.append(node.key)
            return _value(defs[node.key][0], sizes, defs, used, depth + 1)
        raise _NotSizes
    if isinstance(node, Neg):
        return -_value(node.operand, sizes, defs, used, depth)
    if isinstance(node, Pow) and isinstance(node.exponent, Num):
        return _value(node.base, sizes, defs, used, depth) ** node.exponent.value
    if isinstance(node, Bin) and node.op in ("+", "-", "*", "/", "conv"):
        a, b = (_value(n, sizes, defs, used, depth) for n in (node.left, node.right))
        return {"+": a + b, "-": a - b, "/": a / b}.get(node.op, a * b)
    raise _NotSizes


def check_star_counts(chain, text: str, start: int) -> StatementResult | None:
    """Verdict for a statement of sizes joined by ``*`` (see the module docstring), or ``None``."""
    if not chain.rels or any(r != "=" for r in chain.rels) or chain.stopped:
        return None
    prose = _inline(text[max(0, start - 4 * WINDOW):start])[-WINDOW:]  # blanked wider: pairs stay aligned
    sizes = size_names(prose)
    if not sizes:
        return None
    defs = _definitions(prose)
    used: list = []
    try:
        values = [_value(side, sizes, defs, used) for side in chain.sides]
    except (_NotSizes, ZeroDivisionError):
        return None
    first = text.count("\n", 0, max(0, start - WINDOW)) + 1
    why = ("'*' read as the product of sizes the prose names (" + ", ".join(sorted(sizes)) + ")" +
           ("; with " + ", ".join(f"{k} (line {defs[k][1] + first})" for k in dict.fromkeys(used)) if used else ""))
    for i, rel in enumerate(chain.rels):
        diff = sp.simplify(sp.together(values[i] - values[i + 1]))
        if diff != 0:
            return StatementResult("wrong", "count", (
                f"link {i + 1}: the two sides differ by {sp.latex(diff)} for sizes >= 1 (SymPy): "
                f"{sp.latex(values[i])} vs {sp.latex(values[i + 1])}; {why}"),
                [{"row": None, "col": None, "claimed": sp.latex(values[i + 1]), "expected": sp.latex(values[i])}])
    return StatementResult("holds", "count", f"holds as an identity in the sizes (SymPy); {why}")
