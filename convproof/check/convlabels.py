"""Labels of ``u = M v``: do the vector labels follow the positions of the identified convolution?

For ``M = T`` the entries of ``v`` are the input positions in row-major order and those of ``u`` the
output positions (written densely, ``z_{11}, z_{12}, ...``, or on the stride-1 grid,
``z_{11}, z_{13}, ...``); for ``M = T^T`` the roles swap.  Labels that are the right set in the
wrong order are a finding; labels that do not fit at all are only noted.

>>> expected_labels((2, 2), 1, None)
[(1, 1), (1, 2), (2, 1), (2, 2)]
"""

from __future__ import annotations

import itertools

from .subscripts import parse_indices as _parse_indices
from .convindex import out_size
from .nodes import Bin, Mat, Name, Num

__all__ = ["expected_labels", "label_findings"]


def expected_labels(size, base: int, stride):
    """Row-major positions of a grid, ``+ base``; multiplied by ``stride`` when given."""
    step = stride or (1,) * len(size)
    return [tuple(p * s + base for p, s in zip(pos, step))
            for pos in itertools.product(*[range(n) for n in size])]


def _vector_labels(node):
    """``(cells, families, index_map, style)`` of a column vector of labelled names."""
    if not isinstance(node, Mat) or any(len(r) != 1 for r in node.rows):
        return None
    cells = [r[0] for r in node.rows]
    if not all(isinstance(c, Name) and c.sub for c in cells):
        return None
    families = {(c.base, c.label) for c in cells}
    parsed = _parse_indices({c.sub for c in cells})
    if len(families) != 1 or parsed is None:
        return None
    return cells, families.pop(), parsed[0], parsed[1]


def _sides_of(chain, mat):
    vec, other = None, []
    for side in chain.sides:
        if isinstance(side, Bin) and side.op == "*" and side.left is mat:
            vec = side.right
        elif isinstance(side, Mat) and side is not mat:
            other.append(side)
    return vec, other


def _label_tex(family, style, idx) -> str:
    sub = ",".join(map(str, idx)) if style == "comma" else "".join(map(str, idx))
    return f"{family[0]}_{{{sub}}}" + (f"^{{{family[1]}}}" if family[1] else "")


def _check(labels, grids, role, chain):
    cells, family, index, style = labels
    got = [index[c.sub] for c in cells]
    base = min(min(g) for g in got)
    for grid in grids:
        want = expected_labels(grid[0], base, grid[1])
        if got == want:
            return "holds", f"the {role} labels follow the convolution's positions", [], []
    for grid in grids:
        want = expected_labels(grid[0], base, grid[1])
        if sorted(got) == sorted(want):
            mism, fixes = [], []
            for i, (g, w) in enumerate(zip(got, want)):
                if g != w:
                    text = chain.source[cells[i].span[0]:cells[i].span[1]]
                    mism.append({"row": i + 1, "col": None, "claimed": text,
                                 "expected": _label_tex(family, style, w)})
                    fixes.append((cells[i].span[0], cells[i].span[1],
                                  _label_tex(family, style, w)))
            return ("wrong", (f"the {role} labels are permuted relative to the matrix "
                    f"({len(mism)} of {len(got)} out of place; the matrix is in row-major order)"),
                    mism, fixes)
    return _misfit(cells, got, grids, base, role, chain)


def _misfit(cells, got, grids, base, role, chain):
    """Labels that are not the right set: a repeated label or one outside every grid is a
    finding (no position of the product carries it); anything else is only noted."""
    allowed = set().union(*(expected_labels(g[0], base, g[1]) for g in grids))
    seen, mism, what = set(), [], []
    for i, (cell, idx) in enumerate(zip(cells, got)):
        text = chain.source[cell.span[0]:cell.span[1]]
        why = "repeated" if idx in seen else "past the end" if idx not in allowed else None
        seen.add(idx)
        if why:
            mism.append({"row": i + 1, "col": None, "claimed": text, "expected": None})
            what.append(f"{text} ({why})")
    if mism:
        return "wrong", f"the {role} labels do not fit the convolution: {', '.join(what)}", mism, []
    return "note", f"the {role} labels do not match the identified convolution's positions", [], []


def label_findings(chain, mat, ident):
    """``(status, message, mismatches, fixes)`` for the labels around ``mat``, or ``None``."""
    cand = ident.cand
    vec, others = _sides_of(chain, mat)
    outs = tuple(out_size(cand.input_size[a], cand.kernel_size[a], cand.stride[a],
                          cand.padding[a][0], cand.padding[a][1], cand.dilation[a])
                 for a in range(len(cand.input_size)))
    input_grids = [(cand.input_size, None)]
    output_grids = [(outs, None), (outs, cand.stride)]
    col_grids, row_grids = (output_grids, input_grids) if cand.transposed else \
        (input_grids, output_grids)
    results = []
    if vec is not None and not any(isinstance(c, Num) for r in getattr(vec, "rows", ()) for c in r):
        labels = _vector_labels(vec)
        if labels is not None and len(labels[0]) == len(mat.rows[0]):
            results.append(_check(labels, col_grids, "column (right-hand vector)", chain))
    for other in others:
        labels = _vector_labels(other)
        if labels is not None and len(labels[0]) == len(mat.rows):
            results.append(_check(labels, row_grids, "row (result vector)", chain))
    if not results:
        return None
    status = "wrong" if any(r[0] == "wrong" for r in results) else "holds"
    return (status, "; ".join(r[1] for r in results), [m for r in results for m in r[2]],
            [f for r in results for f in r[3]])
