"""Independent judgement (no code shared with :mod:`convproof.check`) of the notation items:
``A \\odot B = C`` / ``A \\circ B = C`` with integer matrices, ``\\max\\{..\\} = m`` /
``\\min\\{..\\} = m`` over listed integers, and ``f(x) = \\begin{cases}..\\end{cases}`` followed by
``f(v) = r`` (branch values read with SymPy's own LaTeX parser, conditions ``x > c``, ``x < c``,
``x \\le c``, ``x \\ge c`` or ``\\text{otherwise}``).  Returns ``"true"``, ``"false"`` or ``None``
(not one of these forms).

>>> judge_notation(r"\\max\\{3, 9, 4\\} = 9"), judge_notation(r"\\min\\{3, 9, 4\\} = 4")
('true', 'false')
"""

from __future__ import annotations

import re

__all__ = ["judge_notation"]

_INT = r"-?\d+"
_T = r"(\^\{?(?:T|\\top)\}?)?"
_MAT = r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}" + _T
_HADAMARD = re.compile(rf"^\s*{_MAT}\s*\\(?:odot|circ)\s*{_MAT}\s*=\s*{_MAT}\s*$", re.S)
_EXTREME = re.compile(r"^\s*(-?)\s*\\(max|min)\s*\\\{(.*)\\\}\s*=\s*([^{}]+?)\s*$", re.S)
_CASES = re.compile(r"f\(x\)\s*&?=\s*\\begin\{cases\}(.*?)\\end\{cases\}\s*\\\\\s*f\((-?\d+)\)\s*&?=\s*(-?\d+)\s*$",
                    re.S)
_COND = re.compile(r"^x\s*(>|<|\\le|\\leq|\\ge|\\geq)\s*(-?\d+)$")


def _number(text: str):
    """An integer written as arithmetic of integers (read by SymPy's LaTeX parser), else ``None``."""
    text = text.strip()
    if re.fullmatch(_INT, text):
        return int(text)
    if not re.fullmatch(r"[-+\d\s()]+|[-+\d\s()]*\\cdot[-+\d\s()\\cdot]*", text):
        return None
    from sympy.parsing.latex import parse_latex
    try:
        value = parse_latex(text.lstrip("+"), backend="lark")
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return None
    return int(value) if getattr(value, "is_Integer", False) else None


def _matrix(body: str, transposed: str | None = None):
    rows = [r for r in body.split("\\\\") if r.strip()]
    out = []
    for r in rows:
        cells = [_number(c) for c in r.split("&")]
        if any(c is None for c in cells):
            return None
        out.append(cells)
    if not out or len({len(r) for r in out}) != 1:
        return None
    return [list(col) for col in zip(*out)] if transposed else out


def _hadamard(m) -> str | None:
    a, b, c = (_matrix(m.group(i), m.group(i + 1)) for i in (1, 3, 5))
    if a is None or b is None or c is None:
        return None
    if not (len(a) == len(b) == len(c) and len(a[0]) == len(b[0]) == len(c[0])):
        return "false"
    same = all(x * y == z for ra, rb, rc in zip(a, b, c) for x, y, z in zip(ra, rb, rc))
    return "true" if same else "false"


def _extreme(m) -> str | None:
    values = [_number(v) for v in m.group(3).split(",")]
    claimed = _number(m.group(4))
    if claimed is None or any(v is None for v in values) or not values:
        return None
    best = max(values) if m.group(2) == "max" else min(values)
    best = -best if m.group(1) else best
    return "true" if best == claimed else "false"


def _holds(cond: str, v: int) -> bool | None:
    cond = cond.strip()
    if cond in (r"\text{otherwise}", "otherwise"):
        return None
    m = _COND.match(cond)
    if m is None:
        raise ValueError(cond)
    op, c = m.group(1), int(m.group(2))
    return {">": v > c, "<": v < c, r"\le": v <= c, r"\leq": v <= c, r"\ge": v >= c, r"\geq": v >= c}[op]


def _cases(m) -> str | None:
    from sympy import Symbol
    from sympy.parsing.latex import parse_latex
    v, claimed = int(m.group(2)), int(m.group(3))
    branches = []
    for row in (r for r in m.group(1).split("\\\\") if r.strip()):
        if "&" not in row:
            return None
        value, cond = row.split("&", 1)
        try:
            branches.append((value.strip().rstrip(","), _holds(cond, v)))
        except ValueError:
            return None
    chosen = [b for b in branches if b[1] is True] or [b for b in branches if b[1] is None]
    if len(chosen) != 1:
        return None
    try:
        expr = parse_latex(chosen[0][0], backend="lark")
    except Exception:  # noqa: BLE001  (the parser rejects what it cannot read)
        return None
    value = expr.subs(Symbol("x"), v)
    if not value.is_number:
        return None
    return "true" if value == claimed else "false"


def judge_notation(text: str) -> str | None:
    """The verdict for one of the notation forms of the module docstring, else ``None``."""
    text = text.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "")
    for pattern, rule in ((_HADAMARD, _hadamard), (_EXTREME, _extreme), (_CASES, _cases)):
        m = pattern.match(text) if pattern is not _CASES else pattern.search(text)
        if m is not None:
            return rule(m)
    return None
