r"""A convolution (Toeplitz) matrix written with elided entries, compared with convproof's own.

``T = \begin{bmatrix} f_1 & f_2 & f_3 & 0 & \cdots & 0 \\ 0 & f_1 & f_2 & f_3 & \cdots & 0 \\
\vdots & & & & \ddots & \vdots \\ 0 & \cdots & 0 & f_1 & f_2 & f_3 \end{bmatrix}`` states a 1D
convolution whose sizes the prose gives (``n = 6``, ``k = 3``, stride, padding: read as
:func:`convproof.check.gradentries.read_conv_prose` reads them).  The matrix ``T`` of that
convolution is built by :func:`convproof.symbolic.matrices.toeplitz`, the explicit entries are
placed by counting from the nearer written edge (:func:`convproof.check.elided.place`) and compared
with it under every reading of the kernel letters the indices allow (0- or 1-based; correlation or
flipped kernel, unless the prose says which).  Every reading agreeing on every explicit entry: the
statement stays ``unchecked`` and says so (the elided entries are not checked); no reading without a
differing explicit entry: ``wrong``, with the closest reading's differing entries.

>>> from convproof.check.parse import parse_chain
>>> chain = parse_chain(r"T = \begin{bmatrix} f_1 & f_2 & 0 & \cdots & 0 \\ \vdots & & & & \vdots "
...                     r"\\ 0 & \cdots & 0 & f_1 & f_2 \end{bmatrix}")
>>> check_elided_conv(chain, "the correlation with n = 6, k = 2").status
'unchecked'
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .elided import Elided, Gap, place
from .nodes import Name, Num
from .verdict import StatementResult

__all__ = ["check_elided_conv"]

KERNEL_FAMILIES = {"f", "w", "k", "h", "g", "K", "W", "F", "H", "G", r"\omega", r"\theta"}


def _kernel_cells(node: Elided):
    """``(family, {(i, j): index or None for a zero})`` of a matrix of kernel letters and zeros."""
    family, cells = None, {}
    for i, row in enumerate(node.rows):
        for j, cell in enumerate(row):
            if isinstance(cell, Gap):
                continue
            if isinstance(cell, Num) and cell.value == 0:
                cells[(i, j)] = None
            elif isinstance(cell, Name) and cell.base in KERNEL_FAMILIES and cell.label is None and \
                    cell.sub is not None and cell.sub.isdigit() and family in (None, cell.base):
                family, cells[(i, j)] = cell.base, int(cell.sub)
            else:
                return None
    taps = [v for v in cells.values() if v is not None]
    return (family, cells) if family and len(taps) >= 2 and None in cells.values() else None


def _elided_side(chain):
    for side in chain.sides:
        if isinstance(side, Elided):
            return side
    return None


def _readings(indices: set, k: int):
    """``(name, tap -> document index)`` for every base and kernel direction the indices allow."""
    bases = [b for b in (0, 1) if all(b <= i <= k - 1 + b for i in indices)]
    flips = [False, True]
    return [(f"{'flipped kernel' if f else 'cross-correlation'}, {b}-based",
             {t: (k - 1 - t if f else t) + b for t in range(k)}) for b in bases for f in flips]


def _stated_direction(prose: str) -> str | None:
    from .gradentries import _CORR, _FLIP, _NO_FLIP
    low = prose.lower()
    unflipped = _NO_FLIP.sub(" ", low)
    corr, flip = bool(_CORR.search(low)) or unflipped != low, bool(_FLIP.search(unflipped))
    return None if corr == flip else ("flipped" if flip else "correlation")


def _expected(spec):
    from ..symbolic.matrices import toeplitz
    taps = [sp.Symbol(f"tap{t}") for t in range(spec.kernel_size[0])]
    T = toeplitz(spec, weight=np.array(taps, dtype=object).reshape(spec.weight_shape))
    return sp.Matrix(T), {s: t for t, s in enumerate(taps)}


def _differences(placed, cells, T, tap_of, reading):
    out = []
    for (r, c), ij in placed:
        entry = T[r, c]
        want = None if entry == 0 else (reading[tap_of[entry]] if entry in tap_of else "?")
        if want != cells[ij]:
            out.append((r, c, ij, want))
    return out


def check_elided_conv(chain, prose: str) -> StatementResult | None:
    """Verdict on a convolution matrix written with elided entries, or ``None`` when the chain
    has none (see the module docstring)."""
    node = _elided_side(chain)
    found = _kernel_cells(node) if node is not None else None
    if found is None:
        return None
    family, cells = found
    from .gradentries import _sizes, _spec
    sizes = _sizes(prose.lower())
    spec = _spec(sizes) if not isinstance(sizes, str) else sizes
    if isinstance(spec, str):
        return StatementResult("unchecked", "elided", f"a convolution matrix written with elided entries; "
                               f"not compared: {spec}")
    T, tap_of = _expected(spec)
    placed, unplaced = place(node, T.shape)
    if placed is None:
        return StatementResult("unchecked", "elided", f"a convolution matrix written with elided entries; its "
                               f"explicit entries cannot be placed in the {T.rows}x{T.cols} matrix T ({unplaced})")
    indices = {v for v in cells.values() if v is not None}
    results = [(name, _differences(placed, cells, T, tap_of, reading))
               for name, reading in _readings(indices, spec.kernel_size[0])]
    if not results:
        return StatementResult("unchecked", "elided", f"the kernel indices {sorted(indices)} do not fit k = "
                               f"{spec.kernel_size[0]}")
    return _verdict(results, family, spec, T.shape, (len(placed), unplaced), node, chain.source,
                    _stated_direction(prose))


def _verdict(results, family, spec, shape, counts, node, src, stated) -> StatementResult:
    what = f"the matrix T ({shape[0]}x{shape[1]}) of {spec.describe()} (convproof.symbolic)"
    rest = f"; {counts[1]} explicit entries not placed" if counts[1] else ""
    agree = [name for name, diffs in results if not diffs]
    if agree:
        against = stated is not None and all(("flipped" in a) != (stated == "flipped") for a in agree)
        note = f"; the text states a {'flipped kernel' if stated == 'flipped' else 'cross-correlation'}" \
            if against else ""
        return StatementResult("unchecked", "elided", f"its {counts[0]} explicit entries agree with {what} "
                               f"read as {' or '.join(agree)}{note}; the elided entries are not checked{rest}")
    name, diffs = min(results, key=lambda r: len(r[1]))
    mism, parts = [], []
    for r, c, (i, j), want in diffs:
        cell = node.rows[i][j]
        claimed = src[cell.span[0]:cell.span[1]] if src else "?"
        expected = "0" if want is None else f"{family}_{{{want}}}"
        mism.append({"row": r + 1, "col": c + 1, "claimed": claimed, "expected": expected})
        parts.append(f"({r + 1},{c + 1}): claimed {claimed}, expected {expected}")
    return StatementResult("wrong", "convolution", f"{len(diffs)} explicit "
                           f"{'entries differ' if len(diffs) > 1 else 'entry differs'} from {what} under every "
                           f"reading of the kernel letters (closest: {name}): {'; '.join(parts)}; the elided "
                           f"entries are not checked{rest}", mism)

