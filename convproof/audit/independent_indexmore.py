r"""An independent judge for grouped and centered index sums (shares no code with :mod:`convproof.check`).

Grouped: ``Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{e_1,e_2}^{e_c} \cdot F_{..}^{..} + b^{..}``
with the kernel ``F^{m'k}`` (``s`` the group of ``k``) or ``F^{s,m'k'}`` (``k = (s-1)K/g + k'``,
the layout of a grouped filter); centered: ``[\mathbf{H}]_{i,j} = u + \sum_{a=-\Delta}^{\Delta}
\sum_{b=-\Delta}^{\Delta} [\mathbf{V}]_{..} [\mathbf{X}]_{..}``.  Cut up with regular expressions,
index expressions read by SymPy's ``parse_expr``, the sum evaluated with loops on integer arrays
against :func:`convproof.numeric.reference.conv` (``groups=g``; ``padding=Delta``, correlation
or flipped kernel).  ``"true"`` / ``"false"`` / ``None`` (not read here).

>>> judge_index_more(r"[\mathbf{H}]_{i, j} = u + \sum_{a = -\Delta}^{\Delta} \sum_{b = -\Delta}^{\Delta} [\mathbf{V}]_{a, b} [\mathbf{X}]_{i+a, j+b}")
'true'
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import sympy as sp
from sympy.parsing.sympy_parser import implicit_multiplication, parse_expr, standard_transformations

from ..numeric.reference import conv

__all__ = ["judge_index_more", "grouped_true", "centered_true"]

_T = standard_transformations + (implicit_multiplication,)
_G = re.compile(r"Y_\{ij\}\^k = \\sum_\{m'=1\}\^\{M/g\} \\sum_\{u,v=1\}\^\{p,q\} "
                r"X_\{([^{},]+),([^{},]+)\}\^\{([^{}]+)\} \\cdot F_\{(uv|vu)\}\^\{([^{}]+)\}(?: \+ b\^(?:\{([^{}]+)\}|(k)))?")
_C = re.compile(r"\[\\mathbf\{H\}\]_\{i, j\} = (u \+ )?\\sum_\{a = -\\Delta\}\^\{\\Delta\} \\sum_\{b = -\\Delta\}"
                r"\^\{\\Delta\} \[\\mathbf\{V\}\]_\{([^{}]+)\} \[\\mathbf\{X\}\]_\{([^{}]+)\}\.?")
_SYMS = {n: sp.Symbol(n) for n in ("i", "j", "u", "v", "s", "mp", "kp", "Mg", "Kg", "a", "b", "D")}


def _parse(text: str):
    text = text.replace("m'", " mp ").replace("k'", " kp ").replace("M/g", " Mg ").replace("K/g", " Kg ")
    return parse_expr(text, local_dict=_SYMS, transformations=_T)


def grouped_true(ex, chan, kern, bias) -> bool:
    """Whether the grouped sum with index expressions ``ex`` (2), input channel ``chan``, kernel
    ``kern = (spatial order 'uv'|'vu', channel expressions)`` and ``bias`` (expressions or None)
    equals ``reference.conv(groups=g)`` at small sizes (all 1-based)."""
    names = [_SYMS[n] for n in ("i", "j", "u", "v", "s", "mp", "kp", "Mg", "Kg")]
    fx = sp.lambdify(names, list(ex) + [chan], "math")
    fk = sp.lambdify(names, list(kern[1]), "math")
    fb = sp.lambdify(names, list(bias), "math") if bias else None
    for g, mp, kp, (n, k) in itertools.product((1, 2, 3), (1, 2), (1, 2), ((2, 1), (3, 2), (4, 3))):
        x = (np.arange(g * mp * n * n).reshape(1, g * mp, n, n) * 7 + 3) % 11 - 5
        w = (np.arange(g * kp * mp * k * k).reshape(g * kp, mp, k, k) * 5 + 2) % 13 - 6
        b = (np.arange(g * kp) * 3 + 1) % 7 - 3
        want = conv(x, w, b if bias is not None else None, groups=g)
        for co, i, j in itertools.product(range(g * kp), range(n - k + 1), range(n - k + 1)):
            s, q = co // kp + 1, co % kp + 1
            total = 0
            for u, v, c in itertools.product(range(1, k + 1), range(1, k + 1), range(1, mp + 1)):
                args = (i + 1, j + 1, u, v, s, c, q, mp, kp)
                p1, p2, ch = (int(t) for t in fx(*args))
                kidx = [int(t) for t in fk(*args)]
                tu, tv = (u, v) if kern[0] == "uv" else (v, u)
                krow = co if len(kidx) == 2 else (kidx[0] - 1) * kp + kidx[2] - 1
                kcol = kidx[0] - 1 if len(kidx) == 2 else kidx[1] - 1
                if len(kidx) == 2 and kidx[1] != co + 1:
                    return False
                if not (0 < p1 <= n and 0 < p2 <= n and 0 < ch <= g * mp and 0 <= krow < g * kp and 0 <= kcol < mp):
                    return False
                total += int(x[0, ch - 1, p1 - 1, p2 - 1]) * int(w[krow, kcol, tu - 1, tv - 1])
            if fb is not None:
                bi = [int(t) for t in fb(i + 1, j + 1, 1, 1, s, 1, q, mp, kp)]
                brow = bi[0] - 1 if len(bi) == 1 else (bi[0] - 1) * kp + bi[1] - 1
                if not 0 <= brow < g * kp:
                    return False
                total += int(b[brow])
            if total != want[0, co, i, j]:
                return False
    return True


def centered_true(kern, ex, bias: bool) -> bool:
    """Whether the centered sum equals a padded correlation or flipped convolution (padding Delta)."""
    names = [_SYMS[n] for n in ("i", "j", "a", "b")]
    fx, fk = sp.lambdify(names, list(ex), "math"), sp.lambdify(names, list(kern), "math")
    for flip in (False, True):
        ok = True
        for delta, n in itertools.product((0, 1, 2), (1, 3, 4)):
            x = (np.arange(n * n).reshape(1, 1, n, n) * 7 + 3) % 11 - 5
            w = (np.arange((2 * delta + 1) ** 2).reshape(1, 1, 2 * delta + 1, 2 * delta + 1) * 5 + 2) % 13 - 6
            want = conv(x, w[..., ::-1, ::-1] if flip else w, np.array([4]) if bias else None, padding=delta)
            for i, j in itertools.product(range(n), range(n)):
                total = 4 if bias else 0
                for a, b in itertools.product(range(-delta, delta + 1), repeat=2):
                    p, q = (int(t) for t in fx(i, j, a, b))
                    ka, kb = (int(t) + delta for t in fk(i, j, a, b))
                    if not (0 <= ka <= 2 * delta and 0 <= kb <= 2 * delta):
                        ok = False
                        break
                    total += int(x[0, 0, p, q]) * int(w[0, 0, ka, kb]) if 0 <= p < n and 0 <= q < n else 0
                if not ok or total != want[0, 0, i, j]:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            return True
    return False


def judge_index_more(text: str) -> str | None:
    """``"true"``, ``"false"`` or ``None`` for a grouped or centered sum in the forms above."""
    try:
        m = _G.fullmatch(text.strip())
        if m:
            kern = [_parse(t) for t in _parts(m.group(5))]
            bias = None if m.group(6) is None and m.group(7) is None else \
                [_parse(t) for t in _parts(m.group(6) or m.group(7))]
            if len(kern) == 2 and kern[1] == _SYMS["kp"] or len(kern) not in (2, 3):
                return None
            if len(kern) == 2:
                kern = [kern[0], sp.Symbol("k")]
            return "true" if _grouped_fixed(m, kern, bias) else "false"
        m = _C.fullmatch(text.strip())
        if m:
            kern = [_parse(t) for t in m.group(2).split(",")]
            ex = [_parse(t) for t in m.group(3).split(",")]
            if len(kern) != 2 or len(ex) != 2:
                return None
            return "true" if centered_true(kern, ex, m.group(1) is not None) else "false"
    except Exception:  # noqa: BLE001  (the judge never raises; unreadable means not judged)
        return None
    return None


def _parts(text: str) -> list:
    """Superscript indices: letters one by one (``s,m'k'``), else comma-separated expressions."""
    return re.findall(r"[a-z]'?", text) if re.fullmatch(r"[a-z',\s]+", text) else text.split(",")


def _grouped_fixed(m, kern, bias) -> bool:
    """The global output channel ``k`` of ``F^{m'k}`` / ``b^k`` is the group's row: substituted."""
    k = sp.Symbol("k")
    row = (_SYMS["s"] - 1) * _SYMS["Kg"] + _SYMS["kp"]
    kern = [e.subs(k, row) for e in kern]
    bias = None if bias is None else [e.subs(k, row) for e in bias]
    ex = [_parse(m.group(1)), _parse(m.group(2))]
    return grouped_true(ex, _parse(m.group(3)), (m.group(4), kern), bias)
