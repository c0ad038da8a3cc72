r"""Independent judge for ``\sum_{i=1}^{n} u_i v_i + c = u^T v + c`` (a sum over a symbolic length
against a dot product), sharing no code with :mod:`convproof.check`.

The text is rewritten by this module alone at lengths ``n = 2..5``: the sum written out term by
term, ``u^T v`` written out as ``u_1 v_1 + ...``, subscripts ``i+1`` resolved; both sides are then
read by SymPy's own LaTeX parser and compared.  ``"true"`` when equal at every length, ``"false"``
when they differ at some length (plain sides only), ``None`` when the text is not of this form (or
the sides sit inside an unknown function).
"""

from __future__ import annotations

import re

__all__ = ["judge_sum_dot"]

_SUM = re.compile(r"\\sum_\{\s*([a-z])\s*=\s*1\s*\}\^\{?\s*([a-zA-Z])\s*\}?\s*"
                  r"((?:[a-zA-Z]_\{?[a-z](?:\s*[+-]\s*\d)?\}?\s*(?:\\cdot)?\s*){2})")
_DOT = re.compile(r"([a-zA-Z])\s*\^\s*\{?(?:T|\\top)\}?\s*(?:\\cdot)?\s*([a-zA-Z])(?![_a-zA-Z])")
_FACTOR = re.compile(r"([a-zA-Z])_\{?([a-z])(?:\s*([+-])\s*(\d))?\}?")


def _expand(side: str, k: int) -> str | None:
    def write_sum(m):
        idx = m.group(1)
        factors = _FACTOR.findall(m.group(3))
        if len(factors) != 2 or any(f[1] != idx for f in factors):
            raise ValueError
        terms = []
        for i in range(1, k + 1):
            parts = [f"{f[0]}_{{{i + (int(f[3]) if f[2] == '+' else -int(f[3]) if f[2] else 0)}}}" for f in factors]
            terms.append(" ".join(parts))
        return "(" + " + ".join(terms) + ")"

    def write_dot(m):
        return "(" + " + ".join(f"{m.group(1)}_{{{i}}} {m.group(2)}_{{{i}}}" for i in range(1, k + 1)) + ")"

    try:
        out = _SUM.sub(write_sum, side)
    except ValueError:
        return None
    out = _DOT.sub(write_dot, out).replace(r"\cdot", " ")
    return None if (r"\sum" in out or "^" in out) else out


def judge_sum_dot(text: str) -> str | None:
    """``"true"``/``"false"`` for a sum-versus-dot-product chain, ``None`` if not one."""
    if r"\sum" not in text or not _DOT.search(text) or not _SUM.search(text):
        return None
    sides = [s.strip() for s in re.split(r"(?<![{_\s])\s*=\s*(?![^{]*\})", text)]
    if len(sides) == 3 and re.fullmatch(r"[a-zA-Z]", sides[0]):  # y = ... = ...: y is defined
        sides = sides[1:]
    if len(sides) != 2 or any(re.match(r"\s*[a-zA-Z]\s*(?:\\left)?\(", s) for s in sides):
        return None
    from sympy import expand
    from sympy.parsing.latex import parse_latex
    for k in (2, 3, 4, 5):
        written = [_expand(s, k) for s in sides]
        if any(w is None for w in written):
            return None
        try:
            a, b = (parse_latex(w, backend="lark") for w in written)
        except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
            return None
        if expand(a - b) != 0:
            return "false"
    return "true"
