r"""Centered index sums (d2l): ``[\mathbf{H}]_{i,j} = u + \sum_{a=-\Delta}^{\Delta}\sum_{b=-\Delta}^{\Delta} [\mathbf{V}]_{a,b} [\mathbf{X}]_{i+a,j+b}``.

A kernel indexed from ``-\Delta`` to ``\Delta`` (``2\Delta+1`` taps; kept in convproof's layout
as ``w[t] = V_{t-\Delta}``, the kernel offset ``\Delta``), output and input indexed alike.
Read by :mod:`.indexread` with the bounds set aside; then

* z3 proves for every ``\Delta >= 0``, every input size ``n >= 1``, every output position
  ``0 <= i < n`` and every tap ``-\Delta <= a <= \Delta`` that the stated input index equals the
  index convproof's correlation with padding ``\Delta`` reads, ``i + (a + \Delta) - \Delta``
  (for the flipped kernel ``i - a``), so the output has the input's size ('same');
* the sum evaluated literally on integer arrays (entries outside the input read as 0, the
  padding) equals :func:`convproof.numeric.conv` with ``padding=\Delta`` at small sizes, with the
  channels (``\sum_c``, an output channel ``d``) and the bias.

``holds`` for the first of correlation / flipped kernel that passes both; ``wrong`` when neither
agrees numerically; ``unchecked`` otherwise.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import sympy as sp
import z3

from .. import numeric
from ..theorems.engine import Query, prove_query
from .indexread import read_index_sum
from .indexroles import roles
from .verdict import StatementResult

__all__ = ["check_centered", "KIND"]

KIND = "index-sum"
_SUM = re.compile(r"\\sum_\{\s*([a-zA-Z])\s*=\s*-\s*(\\?[A-Za-z]+)\s*\}\s*\^\{?\s*\\?([A-Za-z]+)\s*\}?")


def _read(text: str):
    """``(IndexSum, roles, offset name)`` or ``None``: every bounded sum must run ``-D..D``."""
    text = text.replace(r"\mathsf", r"\mathbf")
    found = _SUM.findall(text)
    if not found or {f[1].lstrip("\\") for f in found} != {f[2] for f in found} or len({f[2] for f in found}) != 1:
        return None
    plain = _SUM.sub(lambda m: r"\sum_{" + m.group(1) + "}", text)
    if re.search(r"\\sum_\{?[a-zA-Z]\s*=", plain):
        return None
    st = read_index_sum(plain)
    if st is None or st.grad:
        return None
    r = roles(st)
    centered = {sp.Symbol(f[0], integer=True) for f in found}
    if isinstance(r, str) or set(r.sum_vars) != centered or r.kexpr or r.params:
        return None
    if st.bias is not None and st.bias.indices and (r.cout is None or list(st.bias.indices) != [r.cout]):
        return None  # a bias indexed by anything but the output channel is not read here
    return st, r, found[0][1]


def _proved(r, flipped: bool) -> bool:
    """z3: every stated read equals convproof's padded correlation read (module docstring)."""
    n, delta, i, a = z3.Ints("n D i a")
    hyps = [n >= 1, delta >= 0, i >= 0, i < n, a >= -delta, a <= delta]
    parts = []
    for u, v, e in zip(r.lhs_vars, r.sum_vars, r.exprs):
        poly = sp.Poly(e, u, v)
        if poly.total_degree() != 1 or any(m not in ((1, 0), (0, 1), (0, 0)) for m in poly.monoms()) \
                or not all(c.is_Integer for c in poly.coeffs()):
            return False
        stated = int(poly.coeff_monomial((1, 0))) * i + int(poly.coeff_monomial((0, 1))) * a \
            + int(poly.coeff_monomial((0, 0)))
        tap = -a + delta if flipped else a + delta  # convproof's 0-based tap of the stored kernel
        parts.append(stated == i + tap - delta)
    return prove_query(Query({"n": n, "D": delta, "i": i, "a": a}, hyps, z3.And(parts)),
                       "centered-sum").status == "proved"


def _literal(st, r, arr, delta, flipped):
    out = np.zeros((1,) + arr["w"].shape[:1] + arr["x"].shape[2:], dtype=object)
    syms = list(r.lhs_vars) + list(r.sum_vars) + [v for v in (r.cin, r.cout) if v is not None]
    fx = sp.lambdify(syms, list(r.spatial.indices), "math")
    fk = sp.lambdify(syms, list(r.other.indices), "math")
    chans = [range(arr["x"].shape[1]) if r.cin is not None else [0], range(arr["w"].shape[0])]
    for pos in itertools.product(*[range(m) for m in out.shape[2:]]):
        for co in chans[1]:
            total = 0
            for taps in itertools.product(range(-delta, delta + 1), repeat=len(pos)):
                for ci in chans[0]:
                    args = list(pos) + list(taps) + ([ci] if r.cin is not None else []) + \
                        ([co] if r.cout is not None else [])
                    total += _at(arr["x"], r.spatial, fx(*args), r, 0, (0, ci)) * \
                        _at(arr["w"], r.other, fk(*args), r, delta, (co, ci))
            bias = st.bias.indices if st.bias is not None else None
            total += 0 if st.bias is None else int(arr["b"][co if bias else 0])
            out[(0, co) + pos] = total
    return out


def _at(a, ref, values, r, offset, lead):
    """The entry of ``ref`` at the stated ``values``; spatial ones shifted by ``offset``; 0 outside."""
    spatial = [int(v) + offset for v, e in zip(values, ref.indices) if e not in (r.cin, r.cout)]
    idx = lead + tuple(spatial)
    return int(a[idx]) if all(0 <= x < m for x, m in zip(idx, a.shape)) else 0


def _differs(st, r, flipped):
    nd = len(r.exprs)
    for delta, n, cin, cout in itertools.product((0, 1, 2), (1, 2, 4), (1, 2), (1, 2)):
        if (cin > 1 and r.cin is None) or (cout > 1 and r.cout is None):
            continue
        xs, ws = (1, cin) + (n,) * nd, (cout, cin) + (2 * delta + 1,) * nd
        arr = {"x": (np.arange(np.prod(xs)).reshape(xs) * 7 + 3) % 11 - 5,
               "w": (np.arange(np.prod(ws)).reshape(ws) * 5 + 2) % 11 - 5, "b": (np.arange(cout) * 3 + 1) % 11 - 5}
        if st.bias is not None and not st.bias.indices:
            arr["b"] = np.full(cout, arr["b"][0])
        w = arr["w"][(Ellipsis,) + (slice(None, None, -1),) * nd] if flipped else arr["w"]
        want = numeric.conv(arr["x"], w, arr["b"] if st.bias is not None else None, padding=delta)
        got = _literal(st, r, arr, delta, flipped)
        for pos in itertools.product(*[range(m) for m in want.shape]):
            if got[pos] != want[pos]:
                return f"Delta = {delta}, input size {n}: the sum gives {got[pos]} at {pos}, convproof {int(want[pos])}"
    return None


def check_centered(text: str, before: str = "") -> StatementResult | None:
    """The verdict on a centered sum (module docstring), or ``None`` when not one."""
    got = _read(text)
    if got is None:
        return None
    st, r, name = got
    name = name.lstrip("\\")
    diffs = {}
    for flipped in (False, True):
        diffs[flipped] = _differs(st, r, flipped)
        if diffs[flipped] is None and _proved(r, flipped):
            kind = "flipped-kernel convolution" if flipped else "cross-correlation"
            return StatementResult("holds", KIND, f"states a {kind} with zero padding {name} ('same' output), the "
                                   f"kernel {r.other.name} indexed from -{name} to {name} (offset {name}: "
                                   f"{r.other.name}_a is convproof's tap a + {name}); every read proven for every "
                                   f"{name} >= 0, size and position (z3); the sum evaluated literally (reads outside "
                                   f"{r.spatial.name} as 0) equals convproof.numeric.conv(padding={name}) for "
                                   f"{name} = 0, 1, 2 (integer arrays)")
    shifts = [sp.expand(e - u - v) for u, v, e in zip(r.lhs_vars, r.sum_vars, r.exprs)]
    shifts += [sp.expand(e - u + v) for u, v, e in zip(r.lhs_vars, r.sum_vars, r.exprs)]
    if diffs[False] and diffs[True] and any(x.is_Integer and x != 0 for x in shifts):
        return StatementResult("unchecked", KIND, "a centered sum whose reads are shifted by a constant: a padded "
                               "convolution with the output moved (asymmetric padding or mixed index bases); unchecked")
    if diffs[False] and diffs[True]:
        return StatementResult("wrong", KIND, "the centered sum is neither a correlation nor a flipped convolution "
                               f"with padding {name}: {diffs[False]} (integer arrays)")
    return StatementResult("unchecked", KIND, f"a centered sum (kernel indexed from -{name}) that agrees numerically "
                           "with a padded convolution, not proven: unchecked")
