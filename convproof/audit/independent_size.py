r"""An independent judge of general size formulas (``W_2 = (W_1 - F + 2P)/S + 1``) for the audit.

Shares no code with :mod:`convproof.check`: the names of a fixed table are replaced by role
letters, the formula is read by SymPy's own LaTeX parser, and it is compared, on every size of a
small grid (input up to 8, kernel up to 5, stride and dilation up to 3, padding up to 2), with
window positions counted one by one (output size), ``(n-1)s - 2p + d(k-1) + a + 1`` (transposed
size), the taps' span (dilated kernel) or ``d(k-1)/2`` for odd kernels ('same' padding, ``p = ...``). Roles the formula does not name take their neutral
value. ``"true"`` when every size agrees, ``"false"`` when one does not, ``None`` when the text is
not a formula of the table (the general judge then decides).

>>> judge_size(r"W_2 = \left\lfloor \frac{W_1 - F + 2P}{S} \right\rfloor + 1"), judge_size(r"o = i - k")
('true', 'false')
"""

from __future__ import annotations

import re
from itertools import product

import sympy as sp

__all__ = ["judge_size"]

_OUT = ["o", "o'", "o_1", "W_2", "W_{out}", "H_{out}", r"W_{\text{out}}", r"H_{\text{out}}", r"W_{\text{вых}}",
        r"H_{\text{вых}}", r"W_\text{out}", r"L_{\text{out}}", "H^{(l+1)}", "W^{(l+1)}", "n_H^{[l]}", "n_W^{[l]}", "n_{out}"]
_SPAN = [r"\hat{k}", "k_{eff}"]
_NAMES = {"n": ["i", "i'", "i_1", "W_1", "W_{in}", "H_{in}", r"W_{\text{in}}", r"H_{\text{in}}", r"W_{\text{вх}}",
                r"H_{\text{вх}}", "H^{(l)}", "H^l", "W^{(l)}", "W^l", "n_H^{[l-1]}", "n_W^{[l-1]}", "n_{in}",
                r"W_\text{in}", r"L_{\text{in}}", "H"],
          "k": ["k", "k_1", "F", "F_w", "F_h", "F_h^{(l)}", "F_w^{(l)}", "F_h^l", "F_w^l", "f", "f^{[l]}", "k_w", "K"],
          "s": ["s", "S", "s^{[l]}"], "p": ["p", "P", "p^{[l]}"], "d": ["d", r"\text{dil}"], "a": ["a"]}
_NEUTRAL = {"s": 1, "p": 0, "d": 1, "a": 0}
_ALLOWED = re.compile(r"^(?:\\(?:frac|left|right|lfloor|rfloor|lceil|rceil|cdot)|[nkspda0-9+\-*/(){}\s.]|\\cdot)*$")
_TOKEN = re.compile(r"\\[a-zA-Z]+|[nkspda]|\d+|\S")
_PARSER: list = []


def _substitute(rhs: str):
    """``rhs`` with table names replaced by role letters (longest first), or ``None``."""
    pairs = sorted(((name, role) for role, names in _NAMES.items() for name in names), key=lambda x: -len(x[0]))
    pattern = re.compile(r"(?<![\\a-zA-Z])(?:" + "|".join(re.escape(n) for n, _ in pairs) + r")(?![a-zA-Z_'^])")
    lookup = dict(pairs)
    out = pattern.sub(lambda m: " " + lookup[m.group(0)] + " ", rhs)
    return out if _ALLOWED.match(out) else None


def _explicit_products(text: str) -> str:
    """``s (n - 1)`` -> ``s \\cdot (n - 1)``: juxtaposition made explicit for the parser."""
    toks, out = _TOKEN.findall(text), []
    for tok in toks:
        prev = out[-1] if out else ""
        if (prev in "nkspda" or prev == ")" or prev.isdigit()) and prev and (tok in "nkspda" or tok == "(") \
                and not (prev.isdigit() and tok == "("):
            out.append(r"\cdot")
        out.append(tok)
    return " ".join(out)


def _parse(text: str):
    if not _PARSER:
        from sympy.parsing.latex.lark import LarkLaTeXParser
        _PARSER.append(LarkLaTeXParser())
    expr = _PARSER[0].doparse(text)
    return expr if isinstance(expr, sp.Expr) else None


def _truth(target: str, n, k, s, p, d, a):
    span = d * (k - 1) + 1
    if target == "same":  # odd kernels, stride 1: the padding per side that keeps the size
        return sp.Rational(span - 1, 2) if k % 2 else None
    if target == "span":
        return max(range(0, d * k, d)) + 1
    if target == "transposed":
        out = (n - 1) * s - 2 * p + span + a
        return out if out >= 1 else None
    padded = n + 2 * p
    count = sum(1 for t in range(padded) if t % s == 0 and t + span <= padded)
    return count or None


def _target(lhs: str):
    lhs = lhs.strip()
    if lhs in ("p", "P"):
        return "same"
    if lhs in _SPAN:
        return "span"
    if lhs in _OUT:
        return "transposed" if "'" in lhs else "count"
    return None


def judge_size(text: str):
    """``"true"``, ``"false"`` or ``None`` (not a size formula of the table)."""
    sides = text.replace("&", "").split("=")
    if len(sides) != 2 or _target(sides[0]) is None:
        return None
    target, rhs = _target(sides[0]), _substitute(sides[1].strip().rstrip(".,"))
    if rhs is None:
        return None
    try:
        expr = _parse(_explicit_products(rhs))
    except Exception:  # noqa: BLE001  (SymPy's parser rejects what it cannot read)
        return None
    if expr is None:
        return None
    syms = {str(x): x for x in expr.free_symbols}
    if set(syms) - set("nkspda") or (target == "same" and (set(syms) - {"k", "d"} or "k" not in syms)):
        return None
    ranges = {"n": range(1, 9), "k": range(1, 6), "s": range(1, 4), "p": range(3), "d": range(1, 4), "a": range(3)}
    roles = [r for r in "nkspda" if r in syms or r in ("n", "k")]
    for values in product(*[ranges[r] if r in syms else [_NEUTRAL.get(r, 1)] for r in roles]):
        v = {**_NEUTRAL, **dict(zip(roles, values))}
        if v["a"] >= v["s"]:
            continue
        true = _truth(target, v.get("n", 1), v.get("k", 1), v["s"], v["p"], v["d"], v["a"])
        if true is None:
            continue
        if expr.subs({syms[r]: v[r] for r in syms}) != true:
            return "false"
    return "true"
