"""SymPy matrices produced on demand from the index map: Toeplitz T, im2col, col2im, weight matrices.

Conventions
-----------
* ``vec`` is channel-outermost; inside a channel row-major (``order="C"``, default) or
  column-major (``order="F"``, seed 000 eq. 25 lists ``y_{11}, y_{21}, y_{31}, ...``).
* ``toeplitz(spec)`` acts on the unpadded input: ``vec(z) = T vec(y) + c*t`` (``t`` from
  :func:`fill_offset`, nonzero only for ``padding_mode="constant"`` with ``padding_value=c != 0``).
  Reflect/replicate/circular padding fold the padded columns onto the input element they copy, so an
  entry can be a sum of kernel symbols. ``toeplitz(spec, padded=True)`` is the lecture's form acting
  on the explicitly padded input :func:`padded_input` (seed 000 eqs. 12 and 14).
* Entry formula (1D, zero padding): ``T[r, j] = f[j - s*r + p_lo]`` when that index is a
  multiple of ``d`` inside the kernel. Picture for 5 inputs, 3 taps, valid (seed 000 eq. 10)::

      f1 f2 f3 .  .
      .  f1 f2 f3 .
      .  .  f1 f2 f3
"""

from __future__ import annotations

from math import prod
from typing import Any, Optional

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import as_int, check_spec
from ..values import as_values
from .indexmap import MATRIX_BUDGET, check_budget, index_map, source_index
from .shapes import im2col_shape, toeplitz_shape
from .symbols import DEFAULT, Notation, input_symbols, kernel_symbols

__all__ = ["toeplitz", "fill_offset", "padded_input", "im2col", "im2col_batch", "weight_matrix",
           "filter_matrix", "col2im", "sparse_matvec", "reorder"]


def reorder(flat: np.ndarray, channels: int, size: tuple[int, ...], order: str) -> np.ndarray:
    """Map C-order flat indices of a ``(channels, *size)`` tensor to ``order`` ("C" or "F", per channel).

    >>> reorder(np.arange(4), 1, (2, 2), "F").tolist()
    [0, 2, 1, 3]
    """
    if order == "C":
        return flat
    if order != "F":
        raise fail("order", order, "must be 'C' (row-major) or 'F' (column-major)")
    n = prod(size)
    c, rest = np.divmod(flat, n)
    return c * n + np.ravel_multi_index(np.unravel_index(rest, size), size, order="F")


def _sparse(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> sp.SparseMatrix:
    """SparseMatrix with ``M[r, c] = sum of values`` over repeated ``(r, c)``."""
    key = rows.astype(np.int64) * shape[1] + cols
    order = np.argsort(key, kind="stable")
    key_s, val_s = key[order], values[order]
    starts = np.flatnonzero(np.r_[True, key_s[1:] != key_s[:-1]]) if key_s.size else np.array([], int)
    ends = np.r_[starts[1:], key_s.size].astype(int)
    dok = {}
    for a, b, k in zip(starts.tolist(), ends.tolist(), key_s[starts].tolist()):
        entry = val_s[a] if b - a == 1 else sp.Add(*val_s[a:b])
        if entry != 0:
            dok[divmod(k, shape[1])] = entry
    return sp.SparseMatrix(shape[0], shape[1], dok)


def _weights(spec: ConvSpec, weight: Any, notation: Notation) -> np.ndarray:
    w = kernel_symbols(spec, notation) if weight is None else as_values("weight", weight)
    if w.shape != spec.weight_shape:
        raise fail("weight", w.shape, f"must have shape {spec.weight_shape} (C_out, C_in/groups, *k)")
    return w


def _inputs(spec: ConvSpec, y: Any, notation: Notation) -> np.ndarray:
    y = input_symbols(spec, notation) if y is None else as_values("y", y)
    shape = (spec.in_channels, *spec.input_size)
    if y.shape != shape:
        raise fail("y", y.shape, f"must have shape {shape} (C_in, *input_size)")
    return y


def toeplitz(spec: ConvSpec, padded: bool = False, order: str = "C", notation: Notation = DEFAULT,
             weight: Any = None, budget: int = MATRIX_BUDGET) -> sp.SparseMatrix:
    """The convolution matrix T: ``vec(z) = T vec(y)`` (+ ``c * fill_offset`` for constant padding).

    Parameters
    ----------
    spec : ConvSpec
    padded : bool
        Act on the padded input (columns ``C_in * prod(padded_size)``), as seed 000 eqs. 12/14.
    order : "C" or "F"
        Row-major (default) or column-major vec inside each channel, for rows and columns alike.
    notation : Notation
        Symbol letters; ignored where ``weight`` is given.
    weight : array, optional
        Entries to use instead of kernel symbols (numbers or expressions), shape ``spec.weight_shape``.

    Returns
    -------
    sympy.SparseMatrix
        Shape ``(C_out * prod(output_size), C_in * prod(input_size or padded_size))``.

    Examples
    --------
    Seed 000 eq. 14 (stride 2 on the zero-padded input):

    >>> toeplitz(ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1), padded=True)
    Matrix([
    [f_{1}, f_{2}, f_{3},     0,     0,     0,     0],
    [    0,     0, f_{1}, f_{2}, f_{3},     0,     0],
    [    0,     0,     0,     0, f_{1}, f_{2}, f_{3}]])
    >>> toeplitz(ConvSpec(input_size=3, kernel_size=2, padding=1, padding_mode="replicate"))
    Matrix([
    [f_{1} + f_{2},     0,             0],
    [        f_{1}, f_{2},             0],
    [            0, f_{1},         f_{2}],
    [            0,     0, f_{1} + f_{2}]])
    """
    check_spec(spec)
    m = index_map(spec, budget)
    w = _weights(spec, weight, notation).ravel()
    keep = slice(None) if padded else ~m.fill
    size = spec.padded_size if padded else spec.input_size
    cols = (m.padded if padded else m.inp)[keep]
    rows = reorder(m.out[keep], spec.out_channels, spec.output_size, order)
    cols = reorder(cols, spec.in_channels, size, order)
    return _sparse(rows, cols, w[m.ker[keep]], toeplitz_shape(spec, padded))


def fill_offset(spec: ConvSpec, notation: Notation = DEFAULT, order: str = "C", weight: Any = None) -> sp.Matrix:
    """Column ``c * t``: what constant padding adds, ``t[o]`` = kernel entries that read fill positions.

    Zero for every mode but ``constant`` with ``padding_value != 0``.

    >>> fill_offset(ConvSpec(input_size=3, kernel_size=3, padding=1, padding_mode="constant", padding_value=5)).T
    Matrix([[5*f_{1}, 0, 5*f_{3}]])
    """
    check_spec(spec)
    m = index_map(spec)
    w = _weights(spec, weight, notation).ravel()
    out = [sp.S.Zero] * m.n_out
    c = sp.Integer(spec.padding_value)
    if spec.padding_mode == "constant" and c != 0:
        terms: dict[int, list] = {}
        rows = reorder(m.out, spec.out_channels, spec.output_size, order)
        for r, kk in zip(rows[m.fill].tolist(), m.ker[m.fill].tolist()):
            terms.setdefault(r, []).append(w[kk])
        for r, ws in terms.items():
            out[r] = c * sp.Add(*ws)
    return sp.Matrix(m.n_out, 1, out)


def padded_input(spec: ConvSpec, y: Any = None, notation: Notation = DEFAULT,
                 budget: int = MATRIX_BUDGET) -> np.ndarray:
    """The padded input as an object array ``(C_in, *padded_size)`` (seed 000 eq. 12's y_padded).

    >>> padded_input(ConvSpec(input_size=3, kernel_size=3, padding=1, padding_mode="reflect"))
    array([[y_{2}, y_{1}, y_{2}, y_{3}, y_{2}]], dtype=object)
    """
    check_budget("padded input", check_spec(spec).in_channels * prod(spec.padded_size), budget, spec)
    y = _inputs(spec, y, notation)
    idx = [source_index(np.arange(n) - lo, i, spec.padding_mode)
           for n, i, (lo, _) in zip(spec.padded_size, spec.input_size, spec.padding)]
    grid = np.meshgrid(*idx, indexing="ij")
    valid = np.logical_and.reduce([g >= 0 for g in grid])
    fillv = sp.Integer(spec.padding_value if spec.padding_mode == "constant" else 0)
    out = np.full((spec.in_channels, *spec.padded_size), fillv, dtype=object)
    src = tuple(np.where(valid, g, 0) for g in grid)
    for c in range(spec.in_channels):
        vals = y[c][src]
        out[c][valid] = vals[valid]
    return out


def _im2col_rows_cols(spec: ConvSpec, budget: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, padded flat) of every im2col entry; rows as torch ``unfold`` orders them."""
    # With one filter per group, filter k is group k, so the weight index (k*C_in/g + m)*prod(k) + u
    # is exactly the unfold row (input channel k*C_in/g + m, kernel position u).
    m = index_map(spec.replace(out_channels=spec.groups), budget)
    return m.ker, m.out % prod(spec.output_size), m.padded


def im2col(spec: ConvSpec, y: Any = None, notation: Notation = DEFAULT, group: Optional[int] = None,
           budget: int = MATRIX_BUDGET) -> sp.Matrix:
    """The im2col matrix (torch ``unfold`` layout): ``weight_matrix @ im2col`` is the output.

    Rows: input channel, then kernel position row-major (``C_in * prod(k)`` rows; only group
    ``group``'s ``C_in/groups * prod(k)`` rows when given). Columns: output positions row-major.
    Entries come from :func:`padded_input` (0 or ``padding_value`` in fill positions).

    Examples
    --------
    Seed 000 table 1 (4x4 input holding 1..16, 2x2 kernel): the first column is the top-left patch.

    >>> y = np.arange(1, 17).reshape(1, 4, 4)
    >>> im2col(ConvSpec(input_size=(4, 4), kernel_size=(2, 2)), y)[:, :3]
    Matrix([
    [1, 2, 3],
    [2, 3, 4],
    [5, 6, 7],
    [6, 7, 8]])
    """
    nrows, ncols = im2col_shape(check_spec(spec))
    check_budget("im2col matrix", nrows * ncols, budget, spec)
    ypad = padded_input(spec, y, notation, budget).ravel()
    rows, cols, pads = _im2col_rows_cols(spec, budget)
    dense = np.full((nrows, ncols), sp.S.Zero, dtype=object)
    dense[rows, cols] = ypad[pads]
    if group is not None:
        group = as_int("group", group)
        if not 0 <= group < spec.groups:
            raise fail("group", group, f"must be in 0..{spec.groups - 1}")
        per = nrows // spec.groups
        dense = dense[group * per:(group + 1) * per]
    return sp.Matrix(dense.tolist()) if dense.size else sp.zeros(*dense.shape)


def im2col_batch(spec: ConvSpec, batch: int, notation: Notation = DEFAULT) -> sp.Matrix:
    """Seed 000 eq. 7: ``[Ŷ_1 ... Ŷ_M]``, the im2col blocks of ``batch`` samples side by side.

    >>> im2col_batch(ConvSpec(input_size=3, kernel_size=2), 2)
    Matrix([
    [y^{[1]}_{1}, y^{[1]}_{2}, y^{[2]}_{1}, y^{[2]}_{2}],
    [y^{[1]}_{2}, y^{[1]}_{3}, y^{[2]}_{2}, y^{[2]}_{3}]])
    """
    check_spec(spec)
    ys = input_symbols(spec, notation, batch=batch)
    return sp.Matrix.hstack(*[im2col(spec, ys[n], notation) for n in range(batch)])


def weight_matrix(spec: ConvSpec, notation: Notation = DEFAULT, weight: Any = None) -> sp.Matrix:
    """``weight.reshape(C_out, -1)``: one row per filter (columns: ``C_in/groups * prod(k)``).

    >>> weight_matrix(ConvSpec(input_size=(3, 3), kernel_size=(2, 2)))
    Matrix([[f_{11}, f_{12}, f_{21}, f_{22}]])
    """
    check_spec(spec)
    w = _weights(spec, weight, notation)
    return sp.Matrix(w.reshape(spec.out_channels, -1).tolist())


def filter_matrix(spec: ConvSpec, notation: Notation = DEFAULT) -> sp.Matrix:
    """Seed 000 eq. 8: the filters as columns, ``F = weight_matrix.T`` (``C_in/g * prod(k)`` x ``C_out``)."""
    check_spec(spec)
    return weight_matrix(spec, notation).T


def col2im(spec: ConvSpec, cols: Any, budget: int = MATRIX_BUDGET) -> np.ndarray:
    """Adjoint of :func:`im2col` (torch ``fold`` for zero padding): scatter-add columns onto the input.

    ``cols`` has the im2col shape ``(C_in * prod(k), prod(output_size))``; the result has shape
    ``(C_in, *input_size)``. Entries landing on zero/constant padding are dropped; with
    reflect/replicate/circular padding they are added to the input element the padding copies.

    >>> s = ConvSpec(input_size=3, kernel_size=2)
    >>> col2im(s, sp.Matrix([[1, 1], [1, 1]]))      # overlap count: the middle input is read twice
    array([[1, 2, 1]], dtype=object)
    """
    shape = (check_spec(spec).in_channels * prod(spec.kernel_size), prod(spec.output_size))
    check_budget("padded input", spec.in_channels * prod(spec.padded_size), budget, spec)
    c = as_values("cols", cols)
    if c.shape != shape:
        raise fail("cols", c.shape, f"must have the im2col shape {shape}")
    rows, cs, pads = _im2col_rows_cols(spec, budget)
    src = _padded_to_input(spec)[pads]
    out = np.full(spec.in_channels * prod(spec.input_size), sp.S.Zero, dtype=object)
    keep = src >= 0
    _scatter_add(out, src[keep], c[rows[keep], cs[keep]])
    return out.reshape(spec.in_channels, *spec.input_size)


def _padded_to_input(spec: ConvSpec) -> np.ndarray:
    """Flat unpadded source of every flat padded position (-1 for fill)."""
    idx = [source_index(np.arange(n) - lo, i, spec.padding_mode)
           for n, i, (lo, _) in zip(spec.padded_size, spec.input_size, spec.padding)]
    grid = np.meshgrid(*idx, indexing="ij")
    valid = np.logical_and.reduce([g >= 0 for g in grid])
    flat = np.ravel_multi_index(tuple(np.where(valid, g, 0) for g in grid), spec.input_size)
    flat = np.where(valid, flat, -1).ravel()
    n = prod(spec.input_size)
    chans = np.arange(spec.in_channels)[:, None] * n
    return np.where(flat[None, :] >= 0, chans + flat[None, :], -1).ravel()


def _scatter_add(out: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """``out[index] += values`` for object arrays, summing each target in one ``sp.Add``."""
    terms: dict[int, list] = {}
    for i, v in zip(index.tolist(), values.tolist()):
        terms.setdefault(i, []).append(v)
    for i, vs in terms.items():
        out[i] = sp.Add(out[i], *vs)


def sparse_matvec(M: sp.SparseMatrix, v: Any) -> list:
    """``M @ v`` for a SymPy sparse matrix without SymPy's dense product (one ``Add`` per row).

    >>> sparse_matvec(sp.SparseMatrix([[1, 0], [2, 3]]), [sp.Symbol("a"), 1])
    [a, 2*a + 3]
    """
    v = list(as_values("v", v).ravel())
    if len(v) != M.cols:
        raise fail("v", len(v), f"must have {M.cols} entries (the matrix has {M.cols} columns)")
    terms: list[list] = [[] for _ in range(M.rows)]
    for (r, c), e in M.todok().items():
        terms[r].append(e * v[c])
    return [sp.Add(*t) for t in terms]
