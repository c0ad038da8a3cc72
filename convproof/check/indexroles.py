r"""Roles in an index sum read by :mod:`.indexread`: which factor is the input, which the kernel.

``what`` is ``forward`` (``out = sum x * w + b``), ``grad_w`` (``dL/dw_{ab} = sum g * x``) or
``grad_x`` (``dL/dx_{ij} = sum g * w``).  One factor (``spatial``) is read at affine indices
``e(u, v)`` of one left-side variable ``u`` and one summation variable ``v`` per axis; the other is
indexed by bare variables.  Channels (forward only): a summation variable indexing both factors is
the input channel, a left-side variable that is no spatial position is the output channel (in the
input too: depthwise).  A structure outside this returns the reason (a string).

>>> from .indexread import read_index_sum
>>> r = roles(read_index_sum(r"z_{rc} = \sum_i \sum_j \sum_d Y_{(r+i-1)(c+j-1)d} F_{ijd}"))
>>> r.what, [str(v) for v in r.lhs_vars], [str(v) for v in r.sum_vars], str(r.cin)
('forward', ['r', 'c'], ['i', 'j'], 'd')
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Roles", "roles"]


@dataclass
class Roles:
    """See the module docstring; ``lhs_vars``/``sum_vars``/``exprs`` are per axis, in the order of
    the spatial factor's indices; ``bounds`` maps a bound's symbol to the variables it bounds."""

    what: str
    lhs_vars: list
    sum_vars: list
    exprs: list
    spatial: object
    other: object
    cin: sp.Symbol | None = None
    cout: sp.Symbol | None = None
    depthwise: bool = False
    free_bias: sp.Symbol | None = None
    bounds: dict | None = None
    bias_used: str | None = None
    kvars: list | None = None
    pointwise: object = None
    kexpr: dict | None = None
    params: dict | None = None
    axis_params: list | None = None


def _bound_symbols(st):
    out = {}
    for var, (lo, hi) in st.sums.items():
        hi = hi[:-2] if hi and lo == 0 and hi.endswith("-1") else hi
        if hi and hi.replace("_", "").isalnum() and len(hi) <= 3 and hi[0].isalpha():
            out.setdefault(sp.Symbol(hi, integer=True), []).append(sp.Symbol(var, integer=True))
    return out


def _axes(ref, lhs, sums, bounds, params):
    """``[(position, lhs var, sum var, expr)]`` of the affine reads of ``ref``, or ``None``;
    ``params`` collects a symbolic stride (coefficient of the left-side variable) and dilation
    (coefficient of the summed one) as ``{"stride": s, "dilation": d}``."""
    axes = []
    for pos, e in enumerate(ref.indices):
        fs = e.free_symbols
        lv, sv = fs & lhs, fs & sums
        if not lv or not sv:
            continue
        if len(lv) != 1 or len(sv) != 1 or not e.is_polynomial():
            return None
        u, v = lv.pop(), sv.pop()
        if not _coefficients(e, u, v, fs - {u, v} - set(bounds), params):
            return None
        axes.append((pos, u, v, e))
    return axes


def _coefficients(e, u, v, extra, params) -> bool:
    """``e`` is ``a u + b v + c``: ``a``, ``b`` integers or one stride / dilation symbol, the
    extra symbols only there (and in ``c``, as ``s(r-1)`` leaves ``-s``)."""
    poly = sp.Poly(e, u, v)
    if poly.total_degree() != 1 or any(m not in ((1, 0), (0, 1), (0, 0)) for m in poly.monoms()):
        return False
    for monom, role in (((1, 0), "stride"), ((0, 1), "dilation")):
        coeff = poly.coeff_monomial(monom)
        if coeff.is_Integer:
            continue
        if not (coeff.is_Symbol and coeff in extra) or params.setdefault(role, coeff) != coeff:
            return False
    const = poly.coeff_monomial((0, 0))
    known = set(params.values())
    return not (extra - known) and not (const.free_symbols & extra - known)


def roles(st) -> Roles | str:
    """The :class:`Roles` of ``st`` (an :class:`~.indexread.IndexSum`) or why it is not read."""
    if st.out.operands and sorted(st.out.operands) != sorted(f.name for f in st.factors):
        return "the sum does not multiply the operands named on the left, (f * g)"
    lhs = list(st.out.indices)
    if not all(isinstance(v, sp.Symbol) for v in lhs) or len(set(lhs)) != len(lhs):
        return "the left side is not indexed by distinct letters"
    sums = {sp.Symbol(v, integer=True) for v in st.sums}
    if sums & set(lhs):
        return "a summation index is also an index of the left side"
    bounds, params = _bound_symbols(st), {}
    point = [f for f in st.factors if f.pointwise]
    if len(st.factors) == 3 and (len(point) != 1 or point[0].indices != lhs or st.grad):
        return "three factors, not two and one entry-by-entry factor of the left side's position"
    factors = [f for f in st.factors if not f.pointwise]
    found = [(f, _axes(f, set(lhs), sums, bounds, params)) for f in factors]
    spatial = [(f, a) for f, a in found if a]
    if len(spatial) != 1 or any(a is None for _, a in found):
        return "not one factor read at shifted indices (input position plus kernel offset)"
    (sref, axes), other = spatial[0], [f for f in factors if f is not spatial[0][0]][0]
    what = "forward"
    if not st.grad and st.out.name == sref.name and st.out.tag and sref.tag and st.out.tag != sref.tag:
        what = "grad_x"  # delta^l from delta^{l+1}: a backpropagated delta (input gradient)
    if st.grad:
        is_g = other.name.startswith("d") or other.name in ("g", "delta")
        what = "grad_w" if is_g else "grad_x" if sref.name.startswith("d") or sref.name in ("g", "delta") else None
        if what is None:
            return "the factor that is the upstream gradient is not clear (name it dL/dO, g or \\delta)"
    if params and (what == "grad_x" or len(set(params.values())) != len(params)):
        return "a symbolic stride or dilation in an input gradient (not an affine read)"
    if what == "grad_w":  # the left side is the tap there: its coefficient is the dilation
        params = {{"stride": "dilation", "dilation": "stride"}[key]: sym for key, sym in params.items()}
    r = Roles(what, [a[1] for a in axes], [a[2] for a in axes], [a[3] for a in axes], sref, other,
              bounds=bounds, params=params)
    r.pointwise = point[0] if point else None
    r.axis_params = [tuple(sym in a[3].free_symbols for sym in (params.get("stride"), params.get("dilation")))
                     for a in axes]
    layers = _layers(st, what, sref, other, point[0] if point else None)
    if layers:
        return layers
    kernel = [_kernel_var(e, sums, bounds, what) for e in other.indices]
    if any(k is None for k in kernel):
        return "a kernel index that is neither a letter nor the flipped tap (k+1-i, M-1-m)"
    r.kvars = [k[0] for k in kernel]
    r.kexpr = {k[0]: k[1] for k in kernel if k[1] != k[0]}
    return _channels(st, r, lhs, sums)


def _tag(ref):
    """The layer tag of ``ref`` as SymPy (``(l+1)`` -> ``l + 1``), ``None`` without one."""
    text = ref.tag.strip("()[]") if ref is not None and ref.tag else ""
    if not text or not all(ch.isalnum() or ch in "+- " for ch in text):
        return None
    try:
        return sp.sympify(text)
    except (sp.SympifyError, TypeError, ValueError):
        return None


def _layers(st, what, sref, other, point) -> str | None:
    """Why the layer tags do not fit one layer (``None`` when they fit or are absent): a delta
    ``delta^l`` comes from ``delta^{l+1}`` and ``w^{l+1}`` with ``sigma'(z^l)``; otherwise all tags
    lie within two consecutive layers (the input one layer before the output, or the same)."""
    tags = {id(ref): _tag(ref) for ref in (st.out, sref, other, st.bias, point) if ref is not None}
    out, inp, ker = tags.get(id(st.out)), tags.get(id(sref)), tags.get(id(other))
    if what == "grad_x" and not st.grad:
        ok = (inp is not None and out is not None and sp.expand(inp - out) == 1
              and all(t is None or not (t - out).free_symbols for t in (ker, tags.get(id(point))))
              and (ker is None or sp.expand(ker - inp) == 0)
              and (point is None or tags[id(point)] is None or sp.expand(tags[id(point)] - out) == 0))
        return None if ok else "the layers of the delta rule do not fit (delta^l from delta^{l+1} and w^{l+1})"
    known = [t for t in tags.values() if t is not None]
    gaps = {sp.expand(a - b) for a in known for b in known}
    if not all(g.is_Integer for g in gaps):
        return "the layer superscripts are not one layer letter with offsets"
    if len(known) > 1 and max(gaps) not in (0, 1):
        return "the layer superscripts span more than two consecutive layers"
    return None


def _kernel_var(e, sums, bounds, what):
    """``(var, expr)`` of one kernel index: a letter, or (kernel side) ``C - v`` with ``C`` made
    of sizes named in the bounds and integers (the flip written out); else ``None``."""
    if isinstance(e, sp.Symbol):
        return e, e
    fs = e.free_symbols
    vs = fs & sums
    if what == "grad_w" or len(vs) != 1 or fs - vs - set(bounds) or not e.is_polynomial():
        return None
    v = vs.pop()
    poly = sp.Poly(e, v)
    sized = bool(poly.coeff_monomial(1).free_symbols)  # k + 1 - i, not a bare -i
    return (v, e) if sized and poly.degree() == 1 and poly.coeff_monomial(v) == -1 else None


def _channels(st, r, lhs, sums):
    spatial_pos = {e for e in r.exprs}
    rest_s = [e for e in r.spatial.indices if e not in spatial_pos]
    rest_lhs = [v for v in lhs if v not in r.lhs_vars]
    if len(set(r.lhs_vars)) != len(r.lhs_vars) or len(set(r.sum_vars)) != len(r.sum_vars):
        return "an index variable is used on two axes"
    if r.what != "forward":
        if rest_s or rest_lhs or st.bias is not None or sorted(map(str, r.kvars)) != sorted(map(str, r.sum_vars)):
            return "gradient sums with channels, a bias or other indices are not read"
        if set(r.kvars) != set(r.sum_vars) or len(sums) != len(r.sum_vars):
            return "the summation indices are not the positions of the other factor"
        return r
    if len(rest_lhs) > 1 or len(rest_s) > 1:
        return "more than one channel index"
    r.cout = rest_lhs[0] if rest_lhs else None
    if rest_s:
        c = rest_s[0]
        if c in sums:
            r.cin = c
        elif c == r.cout:
            r.depthwise = True
        else:
            return "the input's channel index is neither summed nor the output channel"
    want = set(r.sum_vars) | ({r.cin} if r.cin is not None else set()) | \
        ({r.cout} if r.cout is not None else set())
    if set(r.kvars) != want or len(r.kvars) != len(want):
        return "the kernel's indices are not the kernel offsets and channels of the input's indices"
    if sums != set(r.sum_vars) | ({r.cin} if r.cin is not None else set()):
        return "a summation index indexes neither an input axis nor a channel"
    return _bias(st, r, sums)


def _bias(st, r, sums):
    if st.bias is None or not st.bias.indices:
        r.bias_used = None if st.bias is None else "single"
        return r
    if len(st.bias.indices) != 1:
        return "a bias with several indices"
    (b,) = st.bias.indices
    if b == r.cout and b is not None:
        r.bias_used = "indexed"
        return r
    if b in sums:
        r.free_bias = b
        return r
    return "the bias index is not the output channel"
