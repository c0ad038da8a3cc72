r"""Independent judge for matrix shape claims and the receptive-field recursion with a product, sharing no
code with :mod:`convproof.check` (nor with :mod:`convproof.symbolic`, :mod:`convproof.nn`).

* ``X_{col} \in \mathbb{R}^{a \times b}`` (the left name says the matrix: ``X_{col}``/``U``/``\hat{X}``
  im2col, ``T``/``\mathbf{T}`` the convolution matrix): the sizes are replaced by numbers on a grid,
  both factors read by SymPy's LaTeX parser, and compared with the shape counted here (window
  positions by a loop; im2col ``C k_h k_w`` by ``positions``, either layout; Toeplitz ``C_out positions``
  by ``C n``, on the input or on the padded input).
* ``r_l = r_{l-1} + step`` with ``\prod_{i=1}^{l+c} s_i``: unrolled from ``r_0 = 1`` for depths 1..3 on
  small kernels and strides and compared with the span of input positions one output sees (index
  maps followed by a loop).

``"true"`` when every grid point agrees, ``"false"`` at the first that does not, ``None`` when the
text is not of these forms.
"""

from __future__ import annotations

import re
from itertools import product

__all__ = ["judge_shape", "judge_receptive_step"]

_CLAIM = re.compile(r"^\s*(?P<lhs>X_\{col\}|U|\\hat\{X\}|T|\\mathbf\{T\})\s*\\in\s*\\mathbb\{R\}\^\{(?P<shape>.+)\}\s*$",
                    re.S)
_TOKEN = re.compile(r"\\[a-zA-Z]+|(?P<name>[A-Za-z])(?:_\{?(?P<sub>[a-z]+)\}?)?(?P<prime>')?")
_ROLE = {("C", None): "c", ("C", "in"): "c", ("C", "out"): "co", ("k", None): "k", ("K", None): "k",
         ("K", "h"): "kh", ("K", "w"): "kw", ("k", "h"): "kh", ("k", "w"): "kw", ("H", None): "h", ("W", None): "w",
         ("H", "in"): "h", ("W", "in"): "w", ("H", "out"): "oh", ("W", "out"): "ow", ("n", None): "h",
         ("o", None): "oh", ("s", None): "s", ("p", None): "p"}


def _positions(n: int, k: int, s: int, p: int) -> int:
    return sum(1 for start in range(-p, n + p, s) if start + k <= n + p)


_LETTERS = "abcdefgmqtuvxyz"


def _parse(expr: str, extra: dict | None = None):
    """``(SymPy expression, {symbol name: role})`` with every size name replaced by a placeholder
    letter before SymPy's LaTeX parser reads it; ``None`` when a name is outside the table."""
    roles: dict = {}

    def put(m):
        if m.group("name") is None:
            return m.group(0)
        key = (m.group("name"), m.group("sub"))
        role = "o" + m.group("name").lower() if m.group("prime") else (extra or {}).get(key, _ROLE.get(key))
        if role is None:
            raise KeyError(m.group(0))
        letter = next((x for x, r in roles.items() if r == role), None) or _LETTERS[len(roles)]
        roles[letter] = role
        return f" {letter} "
    from sympy.parsing.latex import parse_latex
    try:
        parsed = parse_latex(_TOKEN.sub(put, expr.replace(r"\cdot", " ")), backend="lark")
    except Exception:  # noqa: BLE001  (a name outside the table, or what the parser rejects)
        return None
    return (parsed, roles) if hasattr(parsed, "free_symbols") else None  # lark: an ambiguous tree


def _value(parsed, sizes: dict) -> int | None:
    expr, roles = parsed
    if any(r not in sizes for r in roles.values()):
        return None
    v = expr.subs({sym: sizes[roles[sym.name]] for sym in expr.free_symbols if sym.name in roles})
    return int(v) if getattr(v, "is_Integer", False) else None


def _split(shape: str) -> list:
    depth, parts, start = 0, [], 0
    for m in re.finditer(r"[{}()]|\\times", shape):
        t = m.group(0)
        depth += 1 if t in "{(" else -1 if t in "})" else 0
        if t == r"\times" and depth == 0:
            parts.append(shape[start:m.start()])
            start = m.end()
    return parts + [shape[start:]]


def judge_shape(text: str) -> str | None:
    m = _CLAIM.match(text.strip().rstrip(".,"))
    parts = _split(m.group("shape")) if m else []
    if len(parts) != 2:
        return None
    im2col = "T" not in m.group("lhs")
    parsed = [_parse(x) for x in parts]
    if None in parsed:
        return None
    named = {r for _, roles in parsed for r in roles.values()}
    strides, pads = (1, 2) if "s" in named else (1,), (0, 1) if "p" in named else (0,)
    for c, co, kh, kw, h, w, s, p in product((1, 2), (1, 3), (1, 2, 3), (1, 2), (3, 5), (4, 6), strides, pads):
        w = h if "W" not in m.group("shape") else w  # (H - k + 1)^2: a square input
        kw2 = kh if re.search(r"(?<![_a-zA-Z])[kK](?![_a-zA-Z])", m.group("shape")) else kw
        one_d = re.search(r"(?<![\\a-zA-Z])[no](?![a-zA-Z])", m.group("shape")) is not None
        oh, ow = _positions(h, kh, s, p), (1 if one_d else _positions(w, kw2, s, p))
        sizes = {"c": c, "co": co, "k": kh, "kh": kh, "kw": kw2, "h": h, "w": w, "oh": oh, "ow": ow, "s": s, "p": p}
        if one_d:
            sizes = {key: v for key, v in sizes.items() if key not in ("w", "ow", "kw")}
        got = tuple(_value(x, sizes) for x in parsed)
        if None in got:
            return None
        kern, area = kh * (1 if one_d else kw2), oh * ow
        cin = c if "C" in m.group("shape") else 1
        cout = co if "C_{out}" in m.group("shape") else 1
        if im2col:
            good = {(cin * kern, area), (area, cin * kern)}
        else:
            n = h * (1 if one_d else w)
            padded = (h + 2 * p) * (1 if one_d else (w + 2 * p))
            good = {(cout * area, cin * n), (cout * area, cin * padded)}
        if got not in good:
            return "false"
    return "true"


_REC = re.compile(r"^\s*r_(?P<l>[a-z])\s*=\s*r_\{(?P=l)-1\}\s*\+(?P<step>.+)$", re.S)
_PROD = re.compile(r"\\prod_\{i=1\}\^\{(?P<l>[a-z])(?P<c>[-+]\d)?\}\s*s_i")


def _seen(kernels, strides) -> int:
    pos = {0}
    for k, s in reversed(list(zip(kernels, strides))):
        pos = {s * x + t for x in pos for t in range(k)}
    return max(pos) - min(pos) + 1


def judge_receptive_step(text: str) -> str | None:
    m = _REC.match(text.strip().rstrip(".,"))
    prods = list(_PROD.finditer(m.group("step"))) if m else []
    if len(prods) != 1 or prods[0].group("l") != m.group("l"):
        return None
    layer, offset = m.group("l"), int(prods[0].group("c") or 0)
    parsed = _parse(m.group("step").replace(prods[0].group(0), " J "), {("k", layer): "k", ("J", None): "J"})
    if parsed is None:
        return None
    for depth in (1, 2, 3):
        for ks in product((1, 2, 3), repeat=depth):
            for ss in product((1, 2, 3), repeat=depth):
                r = 1
                for j in range(1, depth + 1):
                    jump = 1
                    for i in range(1, j + offset + 1):
                        jump *= ss[i - 1] if i <= depth else 1
                    value = _value(parsed, {"k": ks[j - 1], "J": jump})
                    if value is None:
                        return None
                    r += value
                if r != _seen(ks, ss):
                    return "false"
    return "true"
