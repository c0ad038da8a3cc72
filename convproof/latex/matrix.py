r"""Matrices, vectors and entry-by-entry equations, elided the way a lecturer elides them.

A matrix larger than the size limit keeps its first and last rows and columns and
writes ``\vdots``, ``\cdots`` and ``\ddots`` in between; the full size is always stated
as a subscript ``_{m \times n}`` of the elided matrix.

Examples
--------
>>> print(matrix_latex([[1, 0], [0, 1]]))
\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}
>>> print(matrix_latex([[r * 10 + c for c in range(6)] for r in range(5)], max_rows=3, max_cols=4))
\begin{bmatrix} 0 & 1 & \cdots & 5 \\ \vdots & \vdots & \ddots & \vdots \\ 40 & 41 & \cdots & 45 \end{bmatrix}_{5 \times 6}
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ..errors import fail

__all__ = ["shown_indices", "matrix_latex", "vector_latex", "aligned_latex", "sum_lines"]

Fmt = Callable[[Any], str]
AMS_MAX_COLS = 10


def shown_indices(n: int, limit: int | None) -> list[int | None]:
    """Indices to show out of ``n``: all when ``n <= limit``, else head, ``None`` (the dots), tail.

    ``limit`` counts displayed lines including the dots line; the head gets the extra one.

    >>> shown_indices(4, 6)
    [0, 1, 2, 3]
    >>> shown_indices(10, 6)
    [0, 1, 2, None, 8, 9]
    """
    if limit is None or n <= limit:
        return list(range(n))
    if limit < 3:
        raise fail("size limit", limit, "must be at least 3 (first line, dots, last line)")
    head = (limit - 1 + 1) // 2
    tail = limit - 1 - head
    return list(range(head)) + [None] + list(range(n - tail, n))


def _rows(m: Any) -> list[list[Any]]:
    if hasattr(m, "tolist"):
        m = m.tolist()
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in m]
    if rows and len({len(r) for r in rows}) != 1:
        raise fail("matrix", f"rows of lengths {sorted({len(r) for r in rows})}", "must be rectangular")
    return rows


def matrix_latex(m: Any, fmt: Fmt = str, max_rows: int | None = None, max_cols: int | None = None,
                 env: str = "bmatrix", size: bool = True) -> str:
    """LaTeX of a 2-D matrix (nested lists, NumPy or SymPy), elided beyond the limits.

    ``fmt`` prints one entry. With ``size`` the dimensions follow an elided matrix as
    a subscript.
    """
    rows = _rows(m)
    nr, nc = len(rows), len(rows[0]) if rows else 0
    ri, ci = shown_indices(nr, max_rows), shown_indices(nc, max_cols)
    lines = []
    for r in ri:
        if r is None:
            cells = [r"\ddots" if c is None else r"\vdots" for c in ci]
        else:
            cells = [r"\cdots" if c is None else fmt(rows[r][c]) for c in ci]
        lines.append(" & ".join(cells))
    tex = rf"\begin{{{env}}} " + r" \\ ".join(lines) + rf" \end{{{env}}}"
    if len(ci) > AMS_MAX_COLS:  # amsmath's matrix environments stop at 10 columns by default
        tex = rf"\setcounter{{MaxMatrixCols}}{{{len(ci)}}}" + tex
    if size and (len(ri) < nr or len(ci) < nc):
        tex += rf"_{{{nr} \times {nc}}}"
    return tex


def vector_latex(v: Sequence[Any], fmt: Fmt = str, max_rows: int | None = None,
                 env: str = "bmatrix", size: bool = True) -> str:
    r"""A column vector.

    >>> vector_latex(["a", "b"])
    '\\begin{bmatrix} a \\\\ b \\end{bmatrix}'
    """
    return matrix_latex([[x] for x in v], fmt, max_rows, None, env, size)


def sum_lines(terms: Sequence[str], per_line: int | None) -> list[str]:
    """Join printed terms with ``+`` (terms starting with ``-`` join with ``-``), ``per_line`` a line.

    >>> sum_lines(["a", "-b", "c"], 2)
    ['a - b', '+ c']
    """
    if not terms:
        return ["0"]
    per_line = per_line or len(terms)
    lines, cur = [], ""
    for i, t in enumerate(terms):
        neg = t.startswith("-")
        body = t[1:].lstrip() if neg else t
        op = "- " if neg else "+ "
        if i % per_line == 0 and i:
            lines.append(cur)
            cur = op + body
        elif i == 0:
            cur = ("- " + body) if neg else body
        else:
            cur += " " + op + body
    lines.append(cur)
    return lines


def aligned_latex(rows: Sequence[tuple[str, Sequence[str]]], max_rows: int | None = None,
                  per_line: int | None = None, relation: str = "=") -> str:
    r"""``\begin{aligned} lhs &= t_1 + t_2 \\ ... \end{aligned}``; long sums wrap after ``per_line`` terms.

    ``rows`` are ``(lhs, [term, ...])``; beyond ``max_rows`` rows a ``\vdots`` line stands for
    the middle ones.

    >>> print(aligned_latex([("z_{1}", ["a", "b"]), ("z_{2}", ["c"])]))
    \begin{aligned} z_{1} &= a + b \\ z_{2} &= c \end{aligned}
    """
    out = []
    for r in shown_indices(len(rows), max_rows):
        if r is None:
            out.append(r"&\;\;\vdots")
            continue
        lhs, terms = rows[r]
        lines = sum_lines(list(terms), per_line)
        out.append(f"{lhs} &{relation} {lines[0]}")
        out.extend(rf"&\quad {ln}" for ln in lines[1:])
    return r"\begin{aligned} " + r" \\ ".join(out) + r" \end{aligned}"
