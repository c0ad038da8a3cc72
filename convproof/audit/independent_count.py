r"""An independent judge of parameter-count, MAC and receptive-field formulas for the audit.

Shares no code with :mod:`convproof.check`: the names of a fixed table are replaced by letters, the
formula is read by SymPy's LaTeX parser and compared on every size of a small grid with plain
integer counts: weights ``C_out C_in k^2`` (plus ``C_out`` biases: the equation alone does not say
whether biases count, so either reading makes it ``"true"``), products ``H W C_in k^2 C_out``, and
the input positions one output reaches through the layers. ``None`` when the text is not such a
formula.

>>> judge_count(r"N = (k^2 C_{in} + 1) C_{out}"), judge_count(r"r = k_1 + k_2 s_1")
('true', 'false')
"""

from __future__ import annotations

import re
from itertools import product

import sympy as sp

__all__ = ["judge_count"]

_TARGET = {"N": "params", r"\text{params}": "params", r"\text{MACs}": "macs", "r": "rf"}
_NAMES = {"params": {"C_{in}": "a", r"C_\text{in}": "a", "C_{out}": "b", r"C_\text{out}": "b", "k": "c", "F": "c"},
          "macs": {r"C_\text{in}": "a", r"C_\text{out}": "b", "k": "c", r"H_\text{out}": "h", r"W_\text{out}": "w"},
          "rf": {"k_1": "a", "k_2": "b", "k_3": "c", "s_1": "x", "s_2": "y", "s_3": "z"}}
_ALLOWED = re.compile(r"^[abchwxyz0-9+\-*/()^{}\s]*$")
_PARSER: list = []


def _reach(kernels, strides) -> int:
    seen = {0}
    for k, s in reversed(list(zip(kernels, strides))):
        seen = {s * i + j for i in seen for j in range(k)}
    return max(seen) - min(seen) + 1


def _truths(target: str, v: dict) -> set:
    if target == "params":
        w = v.get("b", 1) * v.get("a", 1) * v.get("c", 1) ** 2
        return {w, w + v.get("b", 1)}
    if target == "macs":
        return {v.get("h", 1) * v.get("w", 1) * v.get("a", 1) * v.get("c", 1) ** 2 * v.get("b", 1)}
    depth = 3 if "c" in v else 2
    return {_reach([v.get(x, 1) for x in "abc"[:depth]], [v.get(x, 1) for x in "xyz"[:depth]])}


def _substitute(rhs: str, names: dict):
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out = pattern.sub(lambda m: " " + names[m.group(0)] + " ", rhs)
    out = out.replace(r"\cdot", " * ").replace(r"\,", " ")
    if not _ALLOWED.match(out):
        return None
    toks, explicit = re.findall(r"[a-z]|\d+|\S", out), []
    for tok in toks:  # juxtaposition made explicit for the parser
        prev = explicit[-1] if explicit else ""
        if prev and (prev.isalpha() or prev == ")" or prev.isdigit() or prev == "}") and (tok.isalpha() or tok == "(") \
                and not (prev.isdigit() and tok == "("):
            explicit.append(r"\cdot")
        explicit.append(r"\cdot" if tok == "*" else tok)
    return " ".join(explicit)


def _parse(text: str):
    if not _PARSER:
        from sympy.parsing.latex.lark import LarkLaTeXParser
        _PARSER.append(LarkLaTeXParser())
    expr = _PARSER[0].doparse(text)
    return expr if isinstance(expr, sp.Expr) else None


def judge_count(text: str):
    """``"true"``, ``"false"`` or ``None``."""
    sides = text.replace("&", "").split("=")
    if len(sides) != 2 or sides[0].strip() not in _TARGET:
        return None
    target = _TARGET[sides[0].strip()]
    rhs = _substitute(sides[1].strip().rstrip(".,"), _NAMES[target])
    if rhs is None:
        return None
    try:
        expr = _parse(rhs)
    except Exception:  # noqa: BLE001  (SymPy's parser rejects what it cannot read)
        return None
    if expr is None:
        return None
    syms = sorted(expr.free_symbols, key=str)
    if not syms or (target == "rf" and not {"a", "b"} <= {str(s) for s in syms}):
        return None
    names = [str(s) for s in syms]
    for values in product(range(1, 4), repeat=len(syms)):
        v = dict(zip(names, values))
        if expr.subs(dict(zip(syms, values))) not in _truths(target, v):
            return "false"
    return "true"
