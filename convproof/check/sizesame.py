r"""'Same' padding formulas: ``P = (F - 1)/2`` keeps the size at stride 1, proved for all sizes.

Read only when the text since the last display says the size is kept ("same", "the same size",
"одинаковый размер", "сохранить размер") and the stride is 1 or not mentioned. The formula, in the
kernel ``k``/``F`` and dilation ``d`` only, must be a whole padding ``P`` with ``2P = d(k-1)``:
then (stride 1) the number of window positions equals the input size for every input size
(z3). ``(k-1)/2`` is right exactly when the kernel size is odd: ``wrong`` with the smallest
counterexample (right for every odd kernel), unless the text states that the kernel is odd (then proved under that condition).

>>> from convproof.check.parse import parse_chain
>>> check_same_padding(parse_chain("P = (F - 1)/2"), "odd F keeps the same size").status
'holds'
>>> r = check_same_padding(parse_chain("p = (k - 1)/2"), "to keep the same size")
>>> r.status, r.mismatches[0]["where"]
('wrong', 'k=2')
"""

from __future__ import annotations

import re

import sympy as sp
import z3

from ..theorems.common import span
from ..theorems.engine import Query, prove_query
from ..theorems.sympy_bridge import to_z3
from .nodes import Name
from .sizeroles import formula_names
from .verdict import StatementResult

__all__ = ["check_same_padding"]

KIND = "size-formula"
_KEEPS = re.compile(r"\bsame\b|одинаков\w* (?:пространственн\w* )?размер|сохран\w* (?:\w+ )?размер")
# "total padding P" (both sides together) is another quantity than the per-side padding read here.
_TOTAL = re.compile(r"\btotal\b|\bboth sides\b|суммарн|в сумме|с обеих сторон вместе")
_ODD = re.compile(r"\bodd\b|нечётн|нечетн")
_STRIDE = re.compile(r"(?:stride|шаг\w*)\s*(?:is\s+|of\s+|равен\s+)?(?:[sS]\s*=\s*|=\s*)?(\d+)?")
_ROLES = {"k": "k", "F": "k", "d": "d"}


def _stride_one(text: str) -> bool:
    values = [m.group(1) for m in _STRIDE.finditer(text)]
    return all(v == "1" for v in values)


def _reading(chain):
    lhs = chain.sides[0] if len(chain.sides) == 2 and chain.rels == ["="] else None
    if not isinstance(lhs, Name) or lhs.base not in ("p", "P") or lhs.label is not None or \
            lhs.sub not in (None, "w", "h"):
        return None
    names = formula_names(chain.sides[1])
    if not names or any(n.key not in _ROLES for n in names) or "k" not in {_ROLES[n.key] for n in names}:
        return None
    return {n.key: _ROLES[n.key] for n in names}


def _query(expr, syms: dict, odd: bool):
    v = {r: z3.Int(r) for r in ("k", "d")}
    num, den, side, dens = to_z3(expr, {syms[r]: v[r] for r in syms})
    hyps = [v["k"] >= 1, v["d"] >= 1] + side + ([v["d"] == 1] if "d" not in syms else [])
    if odd:
        m = z3.Int("m")
        hyps += [m >= 0, v["k"] == 2 * m + 1]
    claim = z3.And(*[b > 0 for b in dens], num % den == 0, 2 * num == den * (span(v["k"], v["d"]) - 1))
    return Query({r: v[r] for r in ("k", "d") if r in syms}, hyps, claim, {})


def _count(n, k, p, d) -> int:
    padded, width = n + 2 * p, d * (k - 1) + 1
    return sum(1 for t in range(padded) if t + width <= padded)


def check_same_padding(chain, prose: str = ""):
    """The verdict on ``chain`` as a 'same' padding formula, or ``None`` when not read as one."""
    roles = _reading(chain)
    text = prose.lower()
    if roles is None or not _KEEPS.search(text) or not _stride_one(text) or _TOTAL.search(text):
        return None
    syms = {r: sp.Symbol(f"_{r}", integer=True) for r in set(roles.values())}
    expr = _to_sympy(chain.sides[1], {key: syms[r] for key, r in roles.items()})
    names = ", ".join(f"{key} = {'kernel size' if r == 'k' else 'dilation'}" for key, r in roles.items())
    reading = f"read as {chain.sides[0].key} = padding per side keeping the size at stride 1, {names}"
    out = prove_query(_query(expr, syms, False), "same padding")
    if out.status == "proved":
        return StatementResult("holds", KIND, f"proved for all sizes (z3): at stride 1 the output size equals the "
                                              f"input size for every input size; {reading}")
    if out.status != "refuted":
        return StatementResult("unchecked", KIND, f"same padding not decided: {out.reason}; {reading}")
    return _refuted(chain, expr, syms, roles, out.counterexample, text, reading)


def _refuted(chain, expr, syms, roles, cex, text, reading):
    value = expr.subs({syms[r]: cex[r] for r in syms})
    k, d = cex["k"], cex.get("d", 1)
    n = 1 + d * (k - 1)
    why = f"P = {value} is not a whole number" if not value.is_Integer else \
        f"input {n}: {_count(n, k, int(value), d)} window positions, not {n}" if value >= 0 else f"P = {value} < 0"
    key = {r: k for k, r in roles.items()}
    where = ", ".join(f"{key[r]}={cex[r]}" for r in ("k", "d") if r in cex)
    msg = f"wrong for {where}: {why}; {reading}"
    odd = prove_query(_query(expr, syms, True), "same padding | odd k")
    if odd.status == "proved":
        if _ODD.search(text):
            return StatementResult("holds", KIND, f"proved for all odd kernel sizes, the condition the document "
                                                  f"states (z3); {reading}")
        msg += "; right for every odd kernel size"
    return StatementResult("wrong", KIND, msg, [{"row": None, "col": None, "claimed": str(value),
                                                "expected": f"d(k-1)/2 = {sp.Rational(d * (k - 1), 2)}",
                                                "where": where}])


def _to_sympy(node, symbols):
    from .formulatree import to_sympy
    return to_sympy(node, symbols)
