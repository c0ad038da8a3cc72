"""A sum over a symbolic length against a dot product: ``f(\\sum_{i=1}^n w_i x_i + b) = f(w^T x + b)``.

``u^T v`` for vectors of length ``n`` is, by definition, ``\\sum_{i=1}^{n} u_i v_i``; so a link that
replaces one by the other holds for every ``n`` exactly when the written sum is that sum: index
from 1 to ``n``, summand ``u_i v_i`` of the vectors the product names.  That is decided by
evaluation: the sum's symbolic bound ``n`` is replaced by ``1, ..., 5``, the sum written out
(:func:`.sums.expand_sums`), ``u`` and ``v`` bound to vectors ``(u_1, ..., u_k)`` of that length,
and both sides evaluated by SymPy; ``holds`` when they agree for every length tried (a shifted
index, another bound or another summand differs at some length), ``wrong`` when a plain link
differs (with the length and both values), ``None`` otherwise.  A common outer function
``f(A) = f(B)`` is compared through ``A = B`` (enough for ``holds``; a difference is then not a
finding, since ``f`` is unknown).  A first side that is a name is that name's definition.
"""

from __future__ import annotations

import re

import sympy as sp

from .verdict import StatementResult

__all__ = ["check_sum_dot"]

_BOUND = re.compile(r"\\sum_\{\s*([a-z])\s*=\s*1\s*\}\^\{?\s*([a-zA-Z])\s*\}?")
_OUTER = re.compile(r"^\s*([a-zA-Z])\s*(?:\\left)?\((.*)(?:\\right)?\)\s*$", re.S)
_TRANSPOSED = re.compile(r"(?:\\mathbf\{)?([a-zA-Z])\}?\s*\^\s*\{?(?:T|\\top)\}?")
LENGTHS = (2, 3, 4, 5, 6)  # length 1 would make the vectors scalars


def _strip_outer(a: str, b: str):
    ma, mb = _OUTER.match(a), _OUTER.match(b)
    if ma and mb and ma.group(1) == mb.group(1):
        inner = [re.sub(r"\\right\s*$", "", m.group(2)).strip() for m in (ma, mb)]
        return inner[0], inner[1], ma.group(1)
    return a, b, None


def _value(text: str, env):
    from .evaluate import Evaluator, EvalError, _scalarize
    from .parse import ParseError, parse_chain
    try:
        sides = parse_chain(text).sides
        if len(sides) != 1:
            return None
        value = _scalarize(Evaluator(env).eval(sides[0]))
        return value if isinstance(value, sp.MatrixBase) else sp.expand(value)
    except (ParseError, EvalError, RecursionError, ValueError, TypeError, AttributeError):
        return None


def _link(a: str, b: str, line: int):
    """``(status, message)`` for one link ``a = b`` (one side a symbolic-bound sum, the other a
    transposed product), or ``None``."""
    from .env import Env
    from .sums import expand_sums
    a, b, outer = _strip_outer(a, b)
    summed, product = (a, b) if _BOUND.search(a) else (b, a)
    bound = _BOUND.search(summed)
    vectors = set(_TRANSPOSED.findall(product))
    if bound is None or not vectors or _BOUND.search(product) or r"\sum" in product:
        return None
    n = bound.group(2)
    letters = set(re.findall(r"(?<![\\A-Za-z])([a-zA-Z])_\{?" + bound.group(1) + r"\b", summed))
    for k in LENGTHS:
        env = Env()
        for v in letters | vectors:
            env.define(v, sp.Matrix([sp.Symbol(f"{v}_{{{i}}}") for i in range(1, k + 1)]), line)
        wide = expand_sums(_BOUND.sub(lambda m: f"\\sum_{{{m.group(1)}=1}}^{{{k}}}", summed) + " = 0")
        left = _value(wide[:-4] if wide else "", env) if wide else None
        right = _value(product, env)
        if left is None or right is None or isinstance(left, sp.MatrixBase) or \
                isinstance(right, sp.MatrixBase) or n in {str(s) for s in (left - right).free_symbols}:
            return None
        if sp.expand(left - right) != 0:
            if outer:
                return None
            return "wrong", f"differs at length {n} = {k}: {sp.latex(left)} vs {sp.latex(right)}"
    how = f" inside {outer}(...)" if outer else ""
    return "holds", (f"the sum equals the dot product{how} for vectors of length {n} = "
                     f"{', '.join(map(str, LENGTHS))} (SymPy, exactly); for every {n} it is the "
                     f"definition of the dot product of vectors of length {n}")


def check_sum_dot(text: str, env, line: int) -> StatementResult | None:
    """Verdict for a statement whose links are definitions or sum/dot-product links, or ``None``."""
    from .unread import _fresh, _top_level_equals
    cuts = _top_level_equals(text)
    if not cuts or re.search(r"\\(?:approx|le|ge|neq|in)\b|[<>]", text):
        return None
    bounds = [-1] + cuts + [len(text)]
    sides = [text[bounds[i] + 1:bounds[i + 1]].strip() for i in range(len(bounds) - 1)]
    messages, status = [], "holds"
    for i in range(len(sides) - 1):
        if i == 0 and re.fullmatch(r"[a-zA-Z]", sides[0]) and _fresh(env, sides[0], line):
            messages.append(f"defines {sides[0]}")
            continue
        found = _link(sides[i], sides[i + 1], line)
        if found is None:
            return None
        messages.append(f"link {i + 1}: {found[1]}")
        status = "wrong" if found[0] == "wrong" else status
    if not any(m.startswith("link") for m in messages):
        return None
    return StatementResult(status, "sum-dot", "; ".join(messages))
