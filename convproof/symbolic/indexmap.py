"""The integer index map: which (output, input, kernel) triples meet. Single source of T, im2col, col2im.

For a spec, one triple is produced for every output element, every input channel of its group and
every kernel offset, in C order over the axes ``(k, o_1..o_D, m, u_1..u_D)`` (output channel,
output position, input channel in the group, kernel position). Each triple carries four flat
indices (all C order, channel outermost):

``out``      into the output ``(C_out, *output_size)``;
``padded``   into the padded input ``(C_in, *padded_size)``; the read position along each dimension
             is ``o*s + u*d``;
``inp``      into the *unpadded* input ``(C_in, *input_size)``: the element the padded position holds.
             Inside the input that is the position ``o*s + u*d - p_lo`` itself. In the padding,
             ``reflect`` (``-j`` / ``2(n-1)-j``), ``replicate`` (clip) and ``circular`` (``j mod n``) map
             to an input element, so several padded positions read the same one; ``zeros`` and
             ``constant`` give ``-1`` (a *fill* position: it holds 0, or ``padding_value`` c);
``ker``      into the weight ``(C_out, C_in/groups, *kernel_size)``.

Constant padding with ``c != 0`` makes the layer affine: ``z = T y + c * t + b`` where ``t[o]`` is the
sum of the kernel entries of the fill triples of output ``o`` (see
:func:`convproof.symbolic.matrices.fill_offset`).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any, Sequence

import numpy as np

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import as_int, check_spec

__all__ = ["IndexMap", "index_map", "source_index", "DEFAULT_BUDGET", "MATRIX_BUDGET", "EXPRESSION_BUDGET",
           "check_budget", "check_products", "budget_arg", "sorted_rows"]

#: Default largest number of triples of an index map (4 int64 arrays: 32 bytes per triple).
DEFAULT_BUDGET = 12_000_000
#: Default largest number of entries of a SymPy matrix built from it (about 2 s per 500,000).
MATRIX_BUDGET = 2_000_000
#: Default largest number of kernel-times-input products built as SymPy expressions (about 10 s per 100,000).
EXPRESSION_BUDGET = 400_000


def budget_arg(budget: Any) -> int:
    """``budget`` as an int >= 1, or the project's error naming it."""
    value = as_int("budget", budget)
    if value < 1:
        raise fail("budget", budget, "must be an integer >= 1")
    return value


def check_budget(what: str, needed: int, budget: int, spec: ConvSpec) -> None:
    """Raise a ConvProofError when ``needed > budget`` instead of allocating (Python ints: no overflow)."""
    check_spec(spec)
    if needed > budget_arg(budget):
        raise fail("spec", spec.describe(), f"{what} needs {needed:,} entries, over the size budget "
                   f"{budget:,}; pass budget= to raise it (about 32 bytes per entry)")


def check_products(spec: ConvSpec, budget: int, what: str) -> None:
    """Refuse to build more than ``budget`` SymPy products (a clear error instead of minutes of work)."""
    if check_spec(spec).products > budget_arg(budget):
        raise fail("spec", spec.describe(), f"{what} would build {spec.products:,} SymPy products, over the "
                   f"size budget {budget:,}; pass budget= to raise it, or use the structural (integer) proofs")


def source_index(j: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Unpadded input position a padded read ``j`` (already shifted by ``-p_lo``) holds; -1 for fill.

    >>> source_index(np.arange(-2, 6), 4, "reflect").tolist()
    [2, 1, 0, 1, 2, 3, 2, 1]
    >>> source_index(np.arange(-2, 6), 4, "circular").tolist()
    [2, 3, 0, 1, 2, 3, 0, 1]
    >>> source_index(np.arange(-1, 5), 4, "zeros").tolist()
    [-1, 0, 1, 2, 3, -1]
    """
    j = np.asarray(j, dtype=np.int64)
    if mode == "reflect":
        return np.where(j < 0, -j, np.where(j >= n, 2 * (n - 1) - j, j))
    if mode == "replicate":
        return np.clip(j, 0, n - 1)
    if mode == "circular":
        return np.mod(j, n)
    return np.where((j >= 0) & (j < n), j, -1)


@dataclass(frozen=True, eq=False)
class IndexMap:
    """Flat index arrays of every (output, input, kernel) triple of a spec; see the module docstring."""

    spec: ConvSpec
    out: np.ndarray
    padded: np.ndarray
    inp: np.ndarray
    ker: np.ndarray

    def __len__(self) -> int:
        return int(self.out.size)

    def __repr__(self) -> str:
        return f"IndexMap({self.spec.describe()}: {len(self)} triples, {int(self.fill.sum())} read fill)"

    @property
    def fill(self) -> np.ndarray:
        """Boolean mask of triples reading a fill position (zeros/constant padding)."""
        return self.inp < 0

    @property
    def n_out(self) -> int:
        return self.spec.out_channels * prod(self.spec.output_size)

    @property
    def n_in(self) -> int:
        return self.spec.in_channels * prod(self.spec.input_size)

    @property
    def n_padded(self) -> int:
        return self.spec.in_channels * prod(self.spec.padded_size)

    @property
    def n_ker(self) -> int:
        return prod(self.spec.weight_shape)

    def triples(self, padded: bool = False) -> np.ndarray:
        """``(n, 3)`` int array of ``(out, input, ker)``; fill triples dropped unless ``padded``."""
        if padded:
            return np.stack([self.out, self.padded, self.ker], axis=1)
        keep = ~self.fill
        return np.stack([self.out[keep], self.inp[keep], self.ker[keep]], axis=1)


def sorted_rows(a: np.ndarray) -> np.ndarray:
    """Rows of a 2-D int array in lexicographic order (the canonical form compared by proofs).

    >>> sorted_rows(np.array([[2, 1], [1, 5], [1, 2]])).tolist()
    [[1, 2], [1, 5], [2, 1]]
    """
    a = np.asarray(a)
    if a.size == 0:
        return a.reshape(0, a.shape[1] if a.ndim == 2 else 0)
    return a[np.lexsort(a.T[::-1])]


def _place(arr: np.ndarray, axes: Sequence[int], ndim: int) -> np.ndarray:
    shape = [1] * ndim
    for ax, n in zip(axes, arr.shape):
        shape[ax] = n
    return arr.reshape(shape)


def index_map(spec: ConvSpec, budget: int = DEFAULT_BUDGET) -> IndexMap:
    """Build the :class:`IndexMap` of ``spec`` (vectorised; about 32 bytes per triple).

    Examples
    --------
    Seed 000 eq. 10 (input 5, kernel 3, valid): output ``r`` reads input ``r + u``.

    >>> m = index_map(ConvSpec(input_size=5, kernel_size=3))
    >>> m.triples().tolist()[:4]
    [[0, 0, 0], [0, 1, 1], [0, 2, 2], [1, 1, 0]]
    >>> index_map(ConvSpec(input_size=(1024, 1024), kernel_size=(3, 3)), budget=1000)
    Traceback (most recent call last):
    ...
    convproof.errors.ConvProofError: spec='2D conv 1024x1024, ...': index map needs 9,400,356 entries, ...
    """
    D = check_spec(spec).ndim
    cg, kg = spec.in_per_group, spec.out_per_group
    check_budget("index map", spec.products, budget, spec)
    check_budget("padded input", spec.in_channels * prod(spec.padded_size), budget, spec)
    check_budget("output", spec.out_channels * prod(spec.output_size), budget, spec)
    nax = 2 * D + 2
    o_axes = list(range(1, D + 1))
    u_axes = list(range(D + 2, 2 * D + 2))
    pad_flat = 0
    src_flat = 0
    valid = True
    pstrides = _c_strides(spec.padded_size)
    istrides = _c_strides(spec.input_size)
    for a in range(D):
        o = np.arange(spec.output_size[a], dtype=np.int64)
        u = np.arange(spec.kernel_size[a], dtype=np.int64)
        pos = o[:, None] * spec.stride[a] + u[None, :] * spec.dilation[a]
        src = source_index(pos - spec.padding[a][0], spec.input_size[a], spec.padding_mode)
        pad_flat = pad_flat + _place(pos * pstrides[a], [1 + a, D + 2 + a], nax)
        src_flat = src_flat + _place(src * istrides[a], [1 + a, D + 2 + a], nax)
        valid = valid & _place(src >= 0, [1 + a, D + 2 + a], nax)
    k = _place(np.arange(spec.out_channels, dtype=np.int64), [0], nax)
    m = _place(np.arange(cg, dtype=np.int64), [D + 1], nax)
    ci = (k // kg) * cg + m
    out_sp = _place(np.arange(prod(spec.output_size), dtype=np.int64).reshape(spec.output_size), o_axes, nax)
    ker_sp = _place(np.arange(prod(spec.kernel_size), dtype=np.int64).reshape(spec.kernel_size), u_axes, nax)
    full = (spec.out_channels, *spec.output_size, cg, *spec.kernel_size)
    flat = lambda x: np.broadcast_to(x, full).ravel()  # noqa: E731
    out = flat(k * prod(spec.output_size) + out_sp)
    padded = flat(ci * prod(spec.padded_size) + pad_flat)
    inp = flat(np.where(valid, ci * prod(spec.input_size) + src_flat, -1))
    ker = flat((k * cg + m) * prod(spec.kernel_size) + ker_sp)
    return IndexMap(spec, out, padded, inp, ker)


def _c_strides(shape: Sequence[int]) -> list[int]:
    strides = [1] * len(shape)
    for a in range(len(shape) - 2, -1, -1):
        strides[a] = strides[a + 1] * shape[a + 1]
    return strides
