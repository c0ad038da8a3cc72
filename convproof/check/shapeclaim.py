r"""Shape claims of convolution matrices: ``X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}``.

Read when the left side is one name, the right ``\mathbb{R}^{a \times b}`` (two factors), and the
text just before the statement (or the statement itself) names the matrix: im2col / unfolded /
patch matrix, or Toeplitz / convolution matrix (the last such word decides).  The names in ``a``
and ``b`` take their roles from their letters only, as :mod:`.sizeroles` reads them: ``C``/``C_{in}``
input channels, ``C_{out}`` output channels, ``k``/``K``/``F`` the kernel (``k_h``, ``K_w`` per axis),
``H``/``W`` (``H_{in}``) the input, ``H_{out}``/``H'`` the output, ``n``/``i`` and ``o`` in 1D, ``s``,
``p``, ``d`` stride, padding, dilation; a name outside this table leaves the claim unread.

The shape convproof builds is computed by :func:`convproof.symbolic.shapes.im2col_dims` /
:func:`~convproof.symbolic.shapes.toeplitz_dims` (the rule that sizes the built matrices) in these
symbols, the output size either as the named symbol or as its floor formula; ``holds`` when both
factors agree as a SymPy identity (for all sizes; im2col in either layout, patches as columns or as
rows; Toeplitz acting on the input or on the padded input); otherwise ``wrong`` at the smallest
sizes where the stated shape differs from the shape of the matrix built there with
:func:`convproof.symbolic.im2col` / :func:`~convproof.symbolic.toeplitz`.  Two numbers
(``\mathbb{R}^{27 \times 16}``) are compared with the im2col shape of the layer the prose states
(:func:`.counts.read_layer`).

>>> check_shape_claim(r"X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}", "the im2col matrix").status
'holds'
"""

from __future__ import annotations

import re
from .nodes import Name, Num
from .verdict import StatementResult

__all__ = ["check_shape_claim", "matrix_kind"]

KIND = "matrix-shape"
_IM2COL = r"im2col|unfold\w*|patch matrix|matrix of patches|развёрт\w*|разверт\w*|матриц\w* патч\w*"
_TOEP = r"toeplitz|т[её]плиц\w*|convolution matrix|conv(?:olution)?[- ]matrix|матриц\w* св[её]ртки"
_WORD = re.compile(f"(?P<im>{_IM2COL})|(?P<t>{_TOEP})", re.I)
_REALS = re.compile(r"^(?P<lhs>.+?)\\in\s*(?:\\mathbb\s*\{?R\}?|\\R\b|\\mathbf\{R\}|\\Bbb\s*R)\s*\^\s*\{(?P<shape>.*)\}"
                    r"\s*[,.;]?\s*$", re.S)
_OUT = {"out", r"\text{out}", r"\mathrm{out}", "o", "2", r"\text{вых}", r"\mathrm{вых}"}
_IN = {None, "in", r"\text{in}", r"\mathrm{in}", "i", "1", r"\text{вх}", r"\mathrm{вх}"}
_AX = {"h": "h", "H": "h", "y": "h", "w": "w", "W": "w", "x": "w", None: None}


def matrix_kind(prose: str) -> str | None:
    """``"im2col"`` or ``"toeplitz"``: the last matrix word in the last 250 characters of ``prose``."""
    found = list(_WORD.finditer(prose[-250:]))
    if not found:
        return None
    return "im2col" if found[-1].group("im") else "toeplitz"


def _role(name: Name):
    """``(role, axis, dims)``: axis ``h``/``w``/``None`` (every axis); dims 1, 2 or 0 (either)."""
    if name.label is not None:
        return None
    b, sub, primed = name.base, name.sub, name.key.endswith("'")
    if b in ("C", "D") and not primed:
        return ("c", None, 0) if sub in _IN else ("co", None, 0) if sub in _OUT else None
    if b in ("k", "K", "F", "f", "s", "S", "p", "P", "d") and not primed and sub in _AX:
        return {"k": "k", "K": "k", "F": "k", "f": "k", "S": "s", "P": "p"}.get(b, b), _AX[sub], 0 if sub is None else 2
    if b in ("H", "W"):
        axis = _AX[b]
        return ("o", axis, 2) if primed or sub in _OUT else ("n", axis, 2) if sub in _IN else None
    if b in ("n", "i", "L") and sub in _IN and not primed:
        return "n", "h", 1
    if (b == "o" and sub is None) or (b == "L" and sub in _OUT) or (b in ("n", "i") and primed):
        return "o", "h", 1
    return None


def _factor(text: str):
    from .parse import ParseError, parse_chain
    try:
        chain = parse_chain(text)
    except (ParseError, RecursionError, ValueError):
        return None
    return chain.sides[0] if len(chain.sides) == 1 and not chain.rels else None


def _split(shape: str):
    parts, depth, start, i = [], 0, 0, 0
    while i < len(shape):
        ch = shape[i]
        depth += ch in "{(" if ch in "{(" else -(ch in "})")
        if depth == 0 and shape.startswith(r"\times", i):
            parts.append(shape[start:i])
            start = i = i + 6
            continue
        if depth == 0 and ch == "×":
            parts.append(shape[start:i])
            start = i + 1
        i += 1
    return parts + [shape[start:]]


def _read(text: str):
    """``(lhs name, (node_a, node_b))`` or ``None``."""
    m = _REALS.match(text.strip())
    if m is None or r"\in" in m.group("shape"):
        return None
    lhs, parts = _factor(m.group("lhs")), _split(m.group("shape"))
    if not isinstance(lhs, Name) or len(parts) != 2:
        return None
    nodes = tuple(_factor(p) for p in parts)
    return (lhs, nodes) if all(n is not None for n in nodes) else None


def check_shape_claim(text: str, prose: str = "", layer_prose: str = "") -> StatementResult | None:
    """The verdict on ``text`` as a matrix shape claim, or ``None`` when not read as one."""
    kind = matrix_kind(prose + " " + text)
    read = _read(text) if kind else None
    if read is None:
        return None
    lhs, nodes = read
    if all(isinstance(n, Num) for n in nodes):
        return _numeric(kind, lhs, tuple(int(n.value) for n in nodes), layer_prose)
    from .shapesym import symbolic_claim
    return symbolic_claim(kind, lhs, nodes, _role)


def _numeric(kind, lhs, stated, layer_prose):
    from ..symbolic.shapes import im2col_dims
    from .counts import read_layer
    if kind != "im2col" or any(v != int(v) or v < 1 for v in stated):
        return None
    layer = read_layer(layer_prose)
    if None in (layer.kernel, layer.in_channels, layer.out_size) or not layer.sources or \
            any(len(set(re.findall(r"\d+", src)[:2])) != 1 for src in layer.sources):
        return None  # no input stated as H x W x C with H = W: the channels are not read for certain
    c, k, o = layer.in_channels, layer.kernel, layer.out_size
    true = im2col_dims(c, (k, k), (o, o))
    said = (f"the layer the text states: {c} input channels, {k}x{k} kernel, {o}x{o} output; "
            f"im2col shape C k^2 x H_out W_out = {true[0]} x {true[1]}")
    if stated == true or stated == true[::-1]:
        layout = "" if stated == true else " (patches as rows: the transpose of convproof's layout)"
        return StatementResult("holds", KIND, f"{lhs.key}: computed from {said}{layout}")
    return StatementResult("wrong", KIND, f"{lhs.key} is {true[0]} x {true[1]}, not {stated[0]} x {stated[1]}: {said}",
                           [{"row": None, "col": None, "claimed": f"{stated[0]} x {stated[1]}",
                             "expected": f"{true[0]} x {true[1]}", "where": "the stated layer"}])
