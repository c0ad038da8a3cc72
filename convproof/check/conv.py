"""Convolution semantics: identify the convolution a stated matrix (or labelled product) encodes.

A matrix whose entries are kernel symbols (``f_1``, ``f_{11}``, ``w_{0,0}``) and zeros is compared
with the matrix ``T`` -- and ``T^T`` -- of every convolution of matching shape (1D/2D, every
stride and dilation that fits, per-side padding, cross-correlation or flipped kernel; see
:mod:`.convindex`).  An exact match is reported with its spec (and confirmed against
:mod:`convproof.symbolic` when available); a near miss (a few entries, or one row with an extra
or missing entry) is a finding with the differing entries; anything further is not a convolution
claim and is left alone.  In ``u = M v`` with labelled vectors (``z_{11}``, ``y_{21}``), labels
permuted relative to the identified convolution are a finding too.

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> c = parse_chain(r"T = \\begin{bmatrix} f_1 & f_2 & 0 \\\\ 0 & f_1 & f_2 \\end{bmatrix}")
>>> check_conv(c, Env(), 1).status
'holds'
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np

from .convindex import candidate_code, candidates, confirm_symbolic, per_axis_candidates
from .combine import NEAR_MISS
from .nodes import Mat, Name, Num
from .subscripts import parse_indices as _parse_indices
from .verdict import StatementResult
from .walk import walk

__all__ = ["Identification", "check_conv", "identify"]

MAX_CELLS = 1200
KERNEL_FAMILIES = {"f", "w", "k", "h", "g", "K", "W", "F", "H", "G", r"\omega", r"\theta",
                   r"\kappa", r"\alpha"}


class Identification:
    """Best candidate for a matrix: ``mismatches`` lists ``(row, col, tap_or_-1)`` to change."""

    def __init__(self, cand, diffs, family, style, ragged=None):
        self.cand, self.diffs, self.family, self.style, self.ragged = cand, diffs, family, style, ragged


def _shares_weights(cells) -> bool:
    """A convolution matrix has structural zeros and repeats a kernel tap (weight sharing)."""
    flat = [c for row in cells for c in row]
    taps = Counter(c[1:] for c in flat if c[0] == "sym")
    return any(c[0] == "zero" for c in flat) and bool(taps) and max(taps.values()) >= 2


def _kernel_cells(mat: Mat):
    """Per cell: ``("zero",)``, ``("sym", family, sub)`` or ``None`` if not conv-like."""
    out = []
    for row in mat.rows:
        cells = []
        for cell in row:
            if isinstance(cell, Num) and cell.value == 0:
                cells.append(("zero",))
            elif isinstance(cell, Name) and cell.sub:
                cells.append(("sym", (cell.base, cell.label), cell.sub))
            else:
                return None
        out.append(cells)
    return out


def _tap_table(cells):
    syms = [c for row in cells for c in row if c[0] == "sym"]
    families = {c[1] for c in syms}
    if len(families) != 1 or len(syms) < 3:
        return None
    parsed = _parse_indices({c[2] for c in syms})
    if parsed is None:
        return None
    index, style = parsed
    ndim = len(next(iter(index.values())))
    if any(len(v) != ndim for v in index.values()):
        return None
    base = 0 if min(min(v) for v in index.values()) == 0 else 1
    kernel = tuple(max(v[a] for v in index.values()) - base + 1 for a in range(ndim))
    taps = {s: int(np.ravel_multi_index([i - base for i in v], kernel)) for s, v in index.items()}
    return families.pop(), style, base, kernel, taps


def _code(cells, taps, width):
    code = -np.ones((len(cells), width), dtype=np.int64)
    for r, row in enumerate(cells):
        for c, cell in enumerate(row[:width]):
            if cell[0] == "sym":
                code[r, c] = taps[cell[2]]
    return code


def identify(mat: Mat):
    """Best candidate convolution for a literal matrix, or ``None`` if it is not conv-like."""
    cells = _kernel_cells(mat)
    if cells is None or sum(len(r) for r in cells) > MAX_CELLS or len(cells) < 2 or \
            min(len(r) for r in cells) < 2 or not _shares_weights(cells):
        return None
    table = _tap_table(cells)
    if table is None:
        return None
    family, style, base, kernel, taps = table
    widths = Counter(len(r) for r in cells)
    width = widths.most_common(1)[0][0]
    ragged = [r for r, row in enumerate(cells) if len(row) != width]
    if len(ragged) > 1:
        return None
    code = _code(cells, taps, width)
    best, best_key, cache = None, None, {}
    for transposed in (False, True):
        for cand in candidates(len(cells), width, kernel, transposed):
            ref = _code_of(cand, cache)
            diff = np.argwhere(ref != code)
            key = (len(diff), cand.circular, cand.flipped, sum(sum(p) for p in cand.padding),
                   cand.stride, cand.dilation, transposed)
            if best_key is None or key < best_key:
                best, best_key = (cand, diff, ref), key
    if best is None:
        return None
    if len(best[1]) and len(kernel) > 1:
        best = _rescue(best, cells, width, kernel, code)
    cand, diff, ref = best
    diffs = [(int(r), int(c), int(ref[r, c])) for r, c in diff]
    if ragged and any(r != ragged[0] for r, _, _ in diffs):
        return None
    if ragged:
        diffs = []
    return Identification(cand, diffs, family, (style, base, kernel), ragged)


def _code_of(cand, cache: dict) -> np.ndarray:
    """``candidate_code(cand)``, the flipped kernel derived from the unflipped one."""
    plain = dataclasses.replace(cand, flipped=False)
    ref = cache.get(plain)
    if ref is None:
        ref = cache[plain] = candidate_code(plain)
    if not cand.flipped:
        return ref
    taps = int(np.prod(cand.kernel_size))
    return np.where(ref >= 0, taps - 1 - ref, ref)


def _rescue(best, cells, width, kernel, code):
    """A near miss may be an exact convolution with per-axis stride/padding: look before
    calling it a finding."""
    for transposed in (best[0].transposed, not best[0].transposed):
        for cand in per_axis_candidates(len(cells), width, kernel, transposed):
            ref = candidate_code(cand)
            if ref.shape == code.shape and not (ref != code).any():
                return cand, np.argwhere(ref != code), ref
    return best


def _tap_latex(tap: int, family, style) -> str:
    kind, base, kernel = style
    idx = [i + base for i in np.unravel_index(tap, kernel)]
    sub = ",".join(map(str, idx)) if kind == "comma" else "".join(map(str, idx))
    name = f"{family[0]}_{{{sub}}}"
    return name + (f"^{{{family[1]}}}" if family[1] else "")


def _near_miss(ident: Identification, cells: int) -> bool:
    return 0 < len(ident.diffs) <= max(2, cells // 20)


def _matrices(chain):
    for side in chain.sides:
        for node in walk(side):
            if isinstance(node, Mat):
                yield node


def check_conv(chain, env, line: int) -> StatementResult | None:
    """Convolution verdict for the matrices stated in ``chain``, or ``None`` if none applies."""
    found = []
    for mat in _matrices(chain):
        ident = identify(mat)
        if ident is not None:
            found.append((mat, ident))
    if not found:
        from .convsum import check_sum
        return check_sum(chain, getattr(env, "stated", None) or {})
    return _verdict(found, chain)


def _verdict(found, chain) -> StatementResult | None:
    from .convlabels import label_findings
    messages, mism, fixes, status, kind = [], [], [], "holds", NEAR_MISS
    for mat, ident in found:
        n_cells = sum(len(r) for r in mat.rows)
        confirmed = confirm_symbolic(ident.cand, candidate_code(ident.cand)) \
            if not ident.diffs and not ident.ragged else None
        note = " (confirmed by convproof.symbolic.toeplitz)" if confirmed else ""
        if ident.ragged:
            r = ident.ragged[0]
            status, kind = "wrong", "convolution"
            width = len(mat.rows[0]) if r else len(mat.rows[1])
            expected = " & ".join(_tap_latex(t, ident.family, ident.style) if t >= 0 else "0"
                                  for t in candidate_code(ident.cand)[r])
            claimed = chain.source[mat.cell_spans[r][0][0]:mat.cell_spans[r][-1][1]]
            messages.append(f"row {r + 1} has {len(mat.rows[r])} entries, the others {width}; "
                            f"the rest matches the {ident.cand.describe()}")
            mism.append({"row": r + 1, "col": None, "claimed": claimed, "expected": expected})
            fixes.append((mat.cell_spans[r][0][0], mat.cell_spans[r][-1][1], expected))
        elif not ident.diffs and confirmed is False:
            messages.append(f"the stated matrix looks like the {ident.cand.describe()}, but "
                            "convproof.symbolic.toeplitz disagrees; not judged")
            status = "unchecked" if status == "holds" else status
        elif not ident.diffs:
            messages.append(f"the stated matrix is the {ident.cand.describe()}{note}")
        elif _near_miss(ident, n_cells) and ident.family[0] not in KERNEL_FAMILIES:
            messages.append(f"{len(ident.diffs)} entries from the {ident.cand.describe()}; not "
                            f"compared: {ident.family[0]} is not a kernel (a matrix of inputs "
                            "or gradients need not be a convolution matrix)")
            continue
        elif _near_miss(ident, n_cells):
            status = "wrong"
            for r, c, tap in ident.diffs:
                span = mat.cell_spans[r][c]
                expected = _tap_latex(tap, ident.family, ident.style) if tap >= 0 else "0"
                mism.append({"row": r + 1, "col": c + 1, "claimed": chain.source[span[0]:span[1]],
                             "expected": expected})
                fixes.append((span[0], span[1], expected))
            differ = "entry differs" if len(ident.diffs) == 1 else "entries differ"
            messages.append(f"{len(ident.diffs)} {differ} from the {ident.cand.describe()}")
        else:
            messages.append(f"a matrix of kernel symbols that is no convolution matrix of the "
                            f"searched specs (closest: the {ident.cand.describe()}, "
                            f"{len(ident.diffs)} of {n_cells} entries differ{'s' if len(ident.diffs) == 1 else ''}); not judged")
            status = "unchecked" if status == "holds" else status
            continue
        lab = label_findings(chain, mat, ident)
        if lab is not None:
            lstatus, lmsg, lmism, lfix = lab
            messages.append(lmsg)
            if lstatus == "wrong":
                status, kind = "wrong", "convolution"
                mism += lmism
                fixes += lfix
    if not messages:
        return None
    kind = kind if status == "wrong" else "convolution"
    return StatementResult(status, kind, "; ".join(messages), mism, fixes)
