r"""Deformable convolution sums (offsets inside the input index) as a stated reading, never ``holds``.

``Y_{ij} = \sum_{u,v=1}^{p,q} X_{i+u-1+o_{uv}, j+v-1+p_{uv}} \cdot F_{uv} + b``: each offset term
(a name indexed by the summation variables, ``o_{uv}``) is renamed to a fresh symbol, the sum is
read by :mod:`.indexread`, the offsets are set to 0 with SymPy and the reduced sum is proven by
:mod:`.indexconv` (SymPy identity, z3 for every size, numeric).  The verdict is ``unchecked``:
with zero offsets the statement reduces to the proven convention (said); with learned offsets
(fractional, read by interpolation) it is not checked.
"""

from __future__ import annotations

import re

import sympy as sp

from .indexread import read_index_sum
from .verdict import StatementResult

__all__ = ["check_deformable", "KIND"]

KIND = "index-sum"
_OFFSET = re.compile(r"(?<![\\A-Za-z])([A-Za-z])_\{?([a-z]{2})\}?")


def _offsets(text: str):
    """``(rewritten text, {fresh letter: 'o_{uv}'})`` for offset terms inside subscripts."""
    from .indexgroup import _fresh
    sums = set(re.findall(r"\\sum_\{?([a-z](?:\s*,\s*[a-z])*)", text))
    svars = {v.strip() for s in sums for v in s.split(",")}
    lhs, _, rhs = text.partition("=")
    found = [m for m in _OFFSET.finditer(rhs) if set(m.group(2)) <= svars and _inside_index(rhs, m.start())]
    pool = _fresh(text, len(found))
    if not found or len(pool) < len({m.group(0) for m in found}):
        return None, None
    names = {}
    for m in found:
        if m.group(0) not in names.values():
            names[pool[len(names)]] = m.group(0)
    for letter, term in names.items():
        rhs = rhs.replace(term, letter)
    return lhs + "=" + rhs, names


def _inside_index(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a ``_{...}`` group (an index of another name)."""
    depth, i = 0, pos - 1
    while i >= 0:
        depth += {"}": 1, "{": -1}.get(text[i], 0)
        if depth < 0:
            return i >= 1 and text[i - 1] == "_"
        i -= 1
    return False


def check_deformable(text: str, before: str = "") -> StatementResult | None:
    """The reading of a deformable sum (module docstring), or ``None`` when not one."""
    from .indexconv import check_index_sum
    from .indexread import IndexSum, Ref
    new, names = _offsets(text)
    if new is None:
        return None
    st = read_index_sum(new)
    if st is None:
        return None
    zero = {sp.Symbol(letter, integer=True): 0 for letter in names}
    refs = [f for f in st.factors if any(e.free_symbols & set(zero) for e in f.indices)]
    if len(refs) != 1:
        return None
    reduced = [Ref(f.name, [sp.expand(e.subs(zero)) for e in f.indices], f.tag, f.bracket, f.sup_count)
               for f in st.factors]
    res = check_index_sum(_latex_of(IndexSum(st.out, st.sums, reduced, st.bias, st.grad, st.loss, new)), before)
    terms = ", ".join(names.values())
    if res is None or res.status != "holds":
        return StatementResult("unchecked", KIND, f"a deformable convolution (offsets {terms} in the input index); "
                               "with the offsets set to 0 the sum is not a proven convolution; unchecked")
    return StatementResult("unchecked", KIND, f"a deformable convolution: with the offsets {terms} set to 0 (SymPy) "
                           f"the sum {res.message}; with learned (fractional, interpolated) offsets it is not "
                           "checked: unchecked")


def _latex_of(st) -> str:
    """The reduced sum written back in subscript notation (read again by :mod:`.indexconv`)."""
    def ref(r):
        n = r.indices[:len(r.indices) - r.sup_count]
        sup = r.indices[len(r.indices) - r.sup_count:]
        text = r.name + ("_{" + ",".join(sp.sstr(e).replace(" ", "") for e in n) + "}" if n else "")
        return text + ("^{" + ",".join(map(str, sup)) + "}" if sup else "")
    sums = "".join(r"\sum_{" + v + ("=" + str(lo) if lo is not None else "") + "}"
                   + ("^{" + hi + "}" if hi else "") for v, (lo, hi) in st.sums.items())
    body = " ".join(ref(f) for f in st.factors)
    bias = f" + {ref(st.bias)}" if st.bias is not None else ""
    return f"{ref(st.out)} = {sums} {body}{bias}"
