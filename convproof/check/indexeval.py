r"""Evaluate an index sum literally on small integer arrays, and convproof's convolution beside it.

:func:`literal` walks the stated sum itself: every left-side position, every value of the
summation variables in its range, the index expressions evaluated, the entries read (an entry
outside its array is recorded and read as 0).  :func:`expected` computes the same quantity with
:mod:`convproof.numeric` (``conv``, ``conv_grad_weight``, ``conv_grad_input``) under one
:class:`Convention`: cross-correlation or flipped kernel, valid or full, and the index base of
the output (``bo``), input (``bi``) and kernel (``bk``) positions.

The arrays are in convproof's layout: input ``(1, C, *n)``, kernel ``(C_out, C_in/groups, *k)``,
output gradient ``(1, C_out, *o)``; their entries are small distinct-looking integers, so every
comparison is exact.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import numeric
from .convindex import out_size

__all__ = ["Convention", "Sizes", "arrays", "expected", "literal", "out_sizes"]


@dataclass(frozen=True)
class Convention:
    """How a stated sum is read: ``flipped`` kernel, ``full`` (padding ``k - 1``), index bases."""

    flipped: bool
    full: bool
    bo: int
    bi: int
    bk: int

    def describe(self, what: str = "forward") -> str:
        kind = ("flipped-kernel convolution" + (" (full: padding k-1)" if self.full else "")
                if self.flipped else "cross-correlation")
        bases = (f"{self.bo}-based" if self.bo == self.bi == self.bk else
                 f"output {self.bo}-based, input {self.bi}-based, kernel {self.bk}-based")
        lead = {"forward": "", "grad_w": "kernel gradient of a ", "grad_x": "input gradient of a "}[what]
        return f"{lead}{kind}, {bases}"


@dataclass(frozen=True)
class Sizes:
    n: tuple
    k: tuple
    cin: int = 1
    cout: int = 1
    s: int = 1
    d: int = 1

    def describe(self) -> str:
        fmt = "x".join
        text = f"input {fmt(map(str, self.n))}, kernel {fmt(map(str, self.k))}"
        return text + (f", {self.cin} input channels" if self.cin > 1 else "") + \
            (f", {self.cout} output channels" if self.cout > 1 else "") + \
            (f", stride {self.s}" if self.s > 1 else "") + (f", dilation {self.d}" if self.d > 1 else "")


def axis_sd(r, sz: Sizes) -> tuple:
    """``(strides, dilations)`` per axis: the symbolic ones only on the axes that use them."""
    marks = r.axis_params or [(False, False)] * len(sz.n)
    return tuple(sz.s if m[0] else 1 for m in marks), tuple(sz.d if m[1] else 1 for m in marks)


def out_sizes(sz: Sizes, conv: Convention, r=None) -> tuple:
    if conv.full:
        return tuple(n + k - 1 for n, k in zip(sz.n, sz.k))
    ss, dd = axis_sd(r, sz) if r is not None else ((sz.s,) * len(sz.n), (sz.d,) * len(sz.n))
    return tuple(out_size(n, k, s, 0, 0, d) for n, k, s, d in zip(sz.n, sz.k, ss, dd))


def arrays(r, sz: Sizes, conv: Convention, salt: int = 0) -> dict:
    """Integer arrays ``x``, ``w``, ``b``, ``g`` of the sizes ``sz``."""
    def fill(shape, a, c):
        m = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
        return (a * m + c + salt) % 11 - 5
    groups = sz.cout if r.depthwise else 1
    return {"x": fill((1, sz.cin if not r.depthwise else sz.cout) + sz.n, 7, 3),
            "w": fill((sz.cout, (sz.cin if not r.depthwise else sz.cout) // groups) + sz.k, 5, 2),
            "b": fill((sz.cout,), 3, 1), "g": fill((1, sz.cout) + out_sizes(sz, conv, r), 4, 1)}


def expected(r, sz: Sizes, conv: Convention, arr: dict) -> np.ndarray:
    """convproof's value of the left side (layout of the left side's array)."""
    flip = (Ellipsis,) + (slice(None, None, -1),) * len(sz.k)
    ss, dd = axis_sd(r, sz)
    w = arr["w"][flip] if conv.flipped else arr["w"]
    pad = tuple(k - 1 for k in sz.k) if conv.full else 0
    if r.what == "forward":
        groups = sz.cout if r.depthwise else 1
        bias = {"indexed": arr["b"], "single": np.full_like(arr["b"], arr["b"][0])}.get(r.bias_used)
        return numeric.conv(arr["x"], w, bias, padding=pad, groups=groups, stride=ss, dilation=dd)
    if r.what == "grad_w":
        dw = numeric.conv_grad_weight(arr["x"], arr["w"].shape, arr["g"], stride=ss, dilation=dd)
        return dw[flip] if conv.flipped else dw
    return numeric.conv_grad_input(arr["x"].shape, w, arr["g"])


def _plan(r, sz: Sizes, conv: Convention):
    """Per variable: ``(base, size)``; per reference: its array and per index ``(dim, base)``."""
    o = out_sizes(sz, conv, r)
    nd = len(sz.n)
    # per axis a: (lhs role, sum role) sizes and bases
    roles_of = {"forward": (("o", "k"), "x"), "grad_w": (("k", "o"), "x"), "grad_x": (("n", "k"), "g")}[r.what]
    dims = {"o": (conv.bo, o), "k": (conv.bk, sz.k), "n": (conv.bi, sz.n)}
    var = {}
    for a in range(nd):
        for v, role in zip((r.lhs_vars[a], r.sum_vars[a]), roles_of[0]):
            base, size = dims[role]
            var[v] = (base, size[a])
    cb = conv.bk
    if r.cin is not None:
        var[r.cin] = (cb, sz.cin)
    if r.cout is not None:
        var[r.cout] = (cb, sz.cout)
    return var, roles_of[1]


def _ref_dims(ref, r, array: str, conv: Convention):
    """``[(dim, base)]`` for each index of ``ref`` read from ``array``."""
    out, spatial = [], 0
    bases = {"x": conv.bi, "g": conv.bo, "w": conv.bk, "dw": conv.bk, "dx": conv.bi, "y": conv.bo}
    for e in ref.indices:
        if e == r.cin and r.cin is not None:
            out.append((1, conv.bk))
        elif e == r.cout and r.cout is not None:
            out.append((0 if array in ("w", "b") else 1, conv.bk))
        else:
            out.append((2 + spatial, bases[array]))
            spatial += 1
    return out


def _read(arr, dims, values, g1):
    coord = [0] * arr.ndim
    if arr.ndim > 1 and g1:
        coord[1] = 0
    for (dim, base), val in zip(dims, values):
        idx = val - base
        if not 0 <= idx < arr.shape[dim]:
            return None
        coord[dim] = idx
    return int(arr[tuple(coord)])


def literal(st, r, sz: Sizes, conv: Convention, arr: dict):
    """``(values, outside)``: the stated left side at every left-side position (the layout of
    :func:`expected`) and the entries read outside their arrays (``(name, index values)``)."""
    var, sname = _plan(r, sz, conv)
    lhs_vars = [v for v in st.out.indices]
    sum_vars = [sp.Symbol(v, integer=True) for v in st.sums]
    syms = lhs_vars + sum_vars
    bound_vals = {b: var[vs[0]][1] for b, vs in (r.bounds or {}).items() if vs[0] in var}
    bound_vals.update({sym: getattr(sz, key[0]) for key, sym in (r.params or {}).items()})
    names = tuple(syms + list(bound_vals))
    fns = {id(ref): [_compiled(names, e) for e in ref.indices]
           for ref in (r.spatial, r.other) + ((st.bias,) if st.bias is not None else ())}
    other_name = {"forward": "w", "grad_w": "g", "grad_x": "w"}[r.what]
    lhs_name = {"forward": "y", "grad_w": "dw", "grad_x": "dx"}[r.what]
    refs = [(r.spatial, arr[sname], _ref_dims(r.spatial, r, sname, conv)),
            (r.other, arr[other_name], _ref_dims(r.other, r, other_name, conv))]
    out_dims = _ref_dims(st.out, r, lhs_name, conv)
    shape = expected_shape(r, sz, conv, arr)
    values = np.zeros(shape, dtype=object)
    outside = []
    lhs_ranges = [range(var[v][0], var[v][0] + var[v][1]) for v in lhs_vars]
    sum_ranges = [range(var[v][0], var[v][0] + var[v][1]) for v in sum_vars]
    for lv in itertools.product(*lhs_ranges):
        total = 0
        for sv in itertools.product(*sum_ranges):
            args = list(lv) + list(sv) + list(bound_vals.values())
            prod = 1
            for ref, a, dims in refs:
                idx = [int(f(*args)) for f in fns[id(ref)]]
                got = _read(a, dims, idx, False)
                if got is None:
                    outside.append((ref.name, tuple(idx)))
                    got = 0
                prod *= got
            total += prod
        if st.bias is not None and r.free_bias is None:
            bdims = [(0, conv.bk)] * len(st.bias.indices)
            bidx = [int(f(*(list(lv) + [0] * len(sum_vars) + list(bound_vals.values()))))
                    for f in fns[id(st.bias)]]
            total += _read(arr["b"], bdims, bidx, False) if bidx else int(arr["b"][0])
        coord = [0] * len(shape)
        for (dim, base), val in zip(out_dims, lv):
            coord[dim] = val - base
        values[tuple(coord)] = total
    return values, outside


@functools.lru_cache(maxsize=512)
def _compiled(names: tuple, e):
    """``e`` as a plain function of ``names`` (affine with integer or symbol coefficients)."""
    return sp.lambdify(names, e, "math")


def expected_shape(r, sz: Sizes, conv: Convention, arr: dict) -> tuple:
    if r.what == "forward":
        return (1, sz.cout) + out_sizes(sz, conv, r)
    return arr["w"].shape if r.what == "grad_w" else arr["x"].shape
