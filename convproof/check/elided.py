"""Matrices written with elided entries (``\\dots``, ``\\cdots``, ``\\vdots``, ``\\ddots``).

A lecturer writes ``\\begin{bmatrix} a_{11} & \\cdots & a_{1n} \\\\ \\vdots & \\ddots & \\vdots
\\\\ a_{m1} & \\cdots & a_{mn} \\end{bmatrix}``: the explicit entries are placed by counting from
the nearer written edge -- rows before a row of dots from the top, rows after it from the bottom;
in a row, cells before its one elided cell from the left, after it from the right.  When the other
side of the relation is a computed matrix, each placed explicit entry is compared with the entry
computed there: a differing entry is ``wrong`` (it is wrong whatever the dots stand for); when all
agree the statement stays ``unchecked`` and names the elided entries as not checked (nothing is
assumed about what the dots hold).  A row with two elided cells, or two rows of dots, cannot be
placed: its entries are named as not checked too.

>>> from convproof.check.parse import parse_chain
>>> side = parse_chain(r"\\begin{bmatrix} 1 & \\cdots & 5 \\end{bmatrix}").sides[0]
>>> type(side).__name__, place(side, (1, 9))[0]
('Elided', [((0, 0), (0, 0)), ((0, 8), (0, 2))])
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import hooks
from .nodes import Node, ParseError
from .verdict import Link

__all__ = ["Elided", "Gap", "elided_link", "parse_elided", "place"]


@dataclass(frozen=True)
class Gap(Node):
    """One elided cell (``\\dots`` and its kin)."""

    cmd: str
    span: tuple


@dataclass(frozen=True)
class Elided(Node):
    """A matrix some of whose cells are :class:`Gap`; ``cell_spans`` parallel to ``rows``."""

    rows: tuple
    cell_spans: tuple
    env: str
    span: tuple


@hooks.elided_matrix.register
def parse_elided(rows, parse_cell, ellipses, env: str, span) -> Elided:
    """Build an :class:`Elided` matrix from token cells (``parse_cell`` parses one cell)."""
    out, spans = [], []
    for row in rows:
        cells = []
        dotted = any(len(c) == 1 and c[0].text in ellipses for c in row)
        for cell in row:
            if not cell and dotted:  # \vdots & & \ddots: a blank cell beside dots is elided too
                cells.append(Gap("", (span[0], span[0])))
            elif len(cell) == 1 and cell[0].text in ellipses:
                cells.append(Gap(cell[0].text, (cell[0].start, cell[0].end)))
            elif any(t.text in ellipses for t in cell):
                raise ParseError("matrix entry with elided terms (\\dots inside an entry)")
            elif not cell:
                raise ParseError("matrix with an empty cell")
            else:
                cells.append(parse_cell(cell))
        out.append(tuple(cells))
        spans.append(tuple((c[0].start, c[-1].end) if c else (span[0], span[0]) for c in row))
    return Elided(tuple(out), tuple(spans), env, span)


def _gap_row(row) -> bool:
    return all(isinstance(c, Gap) for c in row)


def _place_row(row, cols: int):
    """``[(col, cell)]`` of a row's explicit cells, or ``None`` when it cannot be placed."""
    gaps = [i for i, c in enumerate(row) if isinstance(c, Gap)]
    if not gaps:
        return list(enumerate(row)) if len(row) == cols else None
    if len(gaps) > 1 or len(row) - 1 > cols:
        return None
    g = gaps[0]
    right = len(row) - g - 1
    return [(i, row[i]) for i in range(g)] + [(cols - right + j, row[g + 1 + j]) for j in range(right)]


def place(node: Elided, shape: tuple):
    """``(placed, unplaced)``: placed is ``[((row, col), (row_index, cell_index))]`` for each
    explicit cell of ``node`` within ``shape``; unplaced counts explicit cells not placed.
    Returns ``(None, reason)`` when the rows themselves cannot be placed."""
    rows, cols = shape
    gap_rows = [i for i, r in enumerate(node.rows) if _gap_row(r)]
    if len(gap_rows) > 1:
        return None, "two rows of elided entries"
    if not gap_rows and len(node.rows) != rows:
        return None, f"{len(node.rows)} written rows for {rows} computed"
    if len(node.rows) - len(gap_rows) > rows:
        return None, f"more written rows than the {rows} computed"
    g = gap_rows[0] if gap_rows else len(node.rows)
    below = len(node.rows) - g - 1
    row_at = {i: i for i in range(g)}
    row_at.update({g + 1 + j: rows - below + j for j in range(below)})
    placed, unplaced = [], 0
    for i, row in enumerate(node.rows):
        if i not in row_at:
            continue
        cells = _place_row(row, cols)
        if cells is None:
            unplaced += sum(not isinstance(c, Gap) for c in row)
            continue
        placed += [((row_at[i], col), (i, _index(row, cell))) for col, cell in cells]
    return placed, unplaced


def _index(row, cell) -> int:
    return next(k for k, c in enumerate(row) if c is cell)


@hooks.elided_link.register
def elided_link(a, b, rel: str, env, src: str = "") -> Link | None:
    """Compare a side written with elided entries against a computed matrix (see the module
    docstring); ``None`` when neither side is such a matrix."""
    from .compare import Side, _compare_entry
    elided = next((s for s in (a, b) if isinstance(s.node, Elided)), None)
    other = b if elided is a else a
    if elided is None:
        return None
    if isinstance(other.node, Elided) or other.error or not isinstance(other.value, sp.MatrixBase):
        why = other.error or "the other side is not a computed matrix"
        return Link("unchecked", "elided", f"matrix with elided entries (\\dots): not checked ({why})")
    shape = other.value.shape
    column = elided.node.env == "vector" and shape[1] == 1 and shape[0] > 1
    placed, unplaced = place(elided.node, shape[::-1] if column else shape)
    if column and placed is not None:  # a vector written in a line, against a computed column
        placed = [((c, r), ij) for (r, c), ij in placed]
    if placed is None:
        return Link("unchecked", "elided", f"matrix with elided entries: its explicit entries cannot "
                    f"be placed in the {other.value.rows}x{other.value.cols} computed matrix ({unplaced})")
    bad, agree = [], 0
    for (r, c), (i, j) in placed:
        cell = elided.node.rows[i][j]
        claimed = Side(cell, env)
        if claimed.error or isinstance(claimed.value, sp.MatrixBase):
            unplaced += 1
            continue
        verdict, expected, detail = _compare_entry(other.value[r, c], claimed.value, cell, rel, None)
        if verdict == "wrong":
            bad.append((r, c, cell, expected or "", detail))
        elif verdict in ("exact", "identity", "rounded"):
            agree += 1
        else:
            unplaced += 1
    return _elided_verdict(bad, agree, unplaced, other.value.shape, src)


def _elided_verdict(bad, agree, unplaced, shape, src) -> Link:
    rest = f"; {unplaced} explicit entries not compared" if unplaced else ""
    if bad:
        mism = [{"row": r + 1, "col": c + 1, "claimed": src[cell.span[0]:cell.span[1]] or "?",
                 "expected": e} for r, c, cell, e, _ in bad]
        desc = "; ".join(f"({m['row']},{m['col']}): claimed {m['claimed']}, expected {m['expected']}{b[4]}"
                         for m, b in zip(mism, bad))
        fixes = [(cell.span[0], cell.span[1], e) for _, _, cell, e, _ in bad if e]
        return Link("wrong", "matrix", f"{len(bad)} explicit {'entries differ' if len(bad) > 1 else 'entry differs'} "
                    f"from the computed {shape[0]}x{shape[1]} matrix: {desc}; the elided entries are not "
                    f"checked{rest}", mism, fixes)
    return Link("unchecked", "elided", f"{agree} explicit entries agree with the computed "
                f"{shape[0]}x{shape[1]} matrix; the elided entries (\\dots) are not checked{rest}")


@hooks.vector_item.register
def vector_item(p, closing: str):
    """One item of ``(a, b, c)``: an expression, or a :class:`Gap` for a lone ``\\dots``."""
    from .parse import ELLIPSES
    tok, nxt = p.peek(), p.peek(1)
    if tok is not None and tok.text in ELLIPSES and nxt is not None and nxt.text in (",", closing):
        p.take()
        return Gap(tok.text, (tok.start, tok.end))
    return p.expr()


@hooks.vector_node.register
def vector_node(items: tuple, span):
    """A :class:`~convproof.check.nodes.Vec`, or a one-row :class:`Elided` when an item is elided
    (placed against a computed row or column alike)."""
    from .nodes import Vec
    if not any(isinstance(i, Gap) for i in items):
        return Vec(items, span)
    return Elided((items,), (tuple(i.span for i in items),), "vector", span)


def unfinished(tokens, message: str) -> str:
    """A note for an equation that stops after an operator (a slide's unfinished step)."""
    last = tokens[-1].text if tokens else ""
    if last == "?" and message == "unexpected '?'":
        return " (a question: the value is asked for, nothing to check)"
    if message.startswith("unexpected end") and last in ("+", "-", "*", "/", r"\cdot", r"\times", "="):
        return f" (the equation stops after {last!r}: an unfinished step, nothing to check)"
    return ""
