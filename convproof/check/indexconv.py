r"""Index sums with symbolic bounds proven or refuted against convproof's convolution, for all sizes.

A statement such as ``z_{rc} = \sum_{i=1}^{k}\sum_{j=1}^{k}\sum_{d=1}^{D} Y_{(r+i-1)(c+j-1)d} F_{ijd} + b``,
``O[i, j] = \sum_m \sum_n X[i+m, j+n] K[m, n]`` or ``\frac{\partial L}{\partial K[m,n]} = \sum_i\sum_j
\frac{\partial L}{\partial O[i,j]} X[i+m, j+n]`` is read (:mod:`.indexread`, :mod:`.indexroles`) and
compared with each convention: cross-correlation, flipped kernel (valid or full), index bases 0/1.

* ``holds``: for one convention with a single index base, the index identity of every axis is
  exact (SymPy: ``e(u, v) - b = u0 + v0`` and so on), z3 proves for every size ``n >= k >= 1`` and
  every position in range that the stated index equals convproof's and (valid forms) stays inside
  the input, and the stated sum evaluated literally on integer arrays equals
  :mod:`convproof.numeric` at three sizes (channels and bias included).
* ``wrong``: no convention (any base, mixed bases included) agrees numerically; the smallest
  sizes and the first differing entry are given; also a bias indexed by a summation index
  outside its sum, and a sum of the other convention than the text states (flipped / correlation).
* otherwise ``unchecked`` with what was found (a convention only with mixed bases, ...).

>>> check_index_sum(r"O[i, j] = \sum_m \sum_n X[i+m, j+n] K[m, n]").message[:40]
'states a cross-correlation, 0-based (inp'
>>> check_index_sum(r"O[i, j] = \sum_m \sum_n X[i+m, j+n] K[n, m]").status
'wrong'
"""

from __future__ import annotations

import itertools
import re

import sympy as sp
import z3

from ..theorems.engine import Query, prove_query
from .indexeval import Convention, Sizes, arrays, axis_sd, expected, literal, out_sizes
from .indexread import read_index_sum
from .indexroles import roles
from .verdict import StatementResult

__all__ = ["check_index_sum", "KIND"]

KIND = "index-sum"
_CORR = re.compile(r"correlat|корреляц")
_FLIP = re.compile(r"flipped|true convolution|перев[её]рнут|отраж[её]нн\w* ядр|истинн\w* св[её]ртк")
_NO_FLIP = re.compile(r"(?:no|not|without|never)\s+(?:\w+\s+)?flip\w*|(?:без|не)\s+(?:\w+\s+)?(?:перевор|перев[её]рн|отраж)\w*")
_CONFIRM = 3


def _full_range(lo, hi) -> bool:
    """A sum over a whole axis: ``1..K``, ``0..K-1`` (``K`` a size name) or no bounds at all."""
    if hi is None:
        return True
    name = hi[:-2] if lo == 0 and hi.endswith("-1") else hi if lo == 1 else ""
    return bool(re.fullmatch(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\^\{?\(\w\)\}?)?", name))


_LETTER = {"stride": re.compile(r"(?:stride|шаг\w*)\s*\$?\s*([a-zA-Z])\b(?!\s*=\s*\d)"),
           "dilation": re.compile(r"(?:dilation|дилатац\w*|разрежени\w*)\s*\$?\s*([a-zA-Z])\b(?!\s*=\s*\d)")}


def _prose_letters(before: str) -> dict:
    """The letter the prose names the stride / dilation (``stride $s$``), when it names one."""
    out = {}
    for key, pattern in _LETTER.items():
        found = {m.group(1) for m in pattern.finditer(before)}
        if len(found) == 1:
            out[key] = found.pop()
    return out


def _a(text: str) -> str:
    return ("an " if text[0] in "aeiou" else "a ") + text


def _stated_convention(before: str):
    low = _NO_FLIP.sub(" ", before.lower())
    corr, flip = bool(_CORR.search(low)), bool(_FLIP.search(low))
    return None if corr == flip else ("flipped" if flip else "correlation")


def _candidates(r, base, bracket):
    kinds = [(False, False), (True, False)] + ([(True, True)] if r.what == "forward" else [])
    first = (0 if bracket else 1) if base is None else base
    primary, mixed = [], []
    for (flipped, full), (bo, bi, bk) in itertools.product(kinds, itertools.product((first, 1 - first), repeat=3)):
        conv = Convention(flipped, full, bo, bi, bk)
        summed = _role_bases(r, conv)[1]
        if base is not None and (summed != base or (bracket and bo + bi + bk)):
            continue
        (primary if bo == bi == bk else mixed).append(conv)
    primary.sort(key=lambda c: (c.bo != first, c.flipped, c.full))
    return primary, mixed


def _role_bases(r, c):
    """``(lhs base, sum base, spatial factor base)`` of ``r`` under ``c``."""
    return {"forward": (c.bo, c.bk, c.bi), "grad_w": (c.bk, c.bo, c.bi), "grad_x": (c.bi, c.bk, c.bo)}[r.what]


def _template(r, c, u, v, size, s=1, d=1):
    """convproof's 0-based read position for 0-based ``u`` (left side) and ``v`` (summed),
    stride ``s`` and dilation ``d`` (``s i + d t - p``, the tap ``k - 1 - t`` when flipped)."""
    if r.what == "forward":
        return u - v if c.full else (s * u + d * (size - 1 - v) if c.flipped else s * u + d * v)
    if r.what == "grad_w":
        return None if c.flipped else d * u + s * v
    return u - (size - 1 - v) if c.flipped else u - v


def _sd(r, axis=None):
    """The stride and dilation (symbols or 1) of ``axis`` (of any axis when ``None``)."""
    p = r.params or {}
    marks = (r.axis_params or [])[axis] if axis is not None and r.axis_params else (True, True)
    return (p.get("stride", 1) if marks[0] else 1), (p.get("dilation", 1) if marks[1] else 1)


def _size_symbol(r, v):
    found = [b for b, vs in (r.bounds or {}).items() if v in vs]
    return found[0] if found else None


def _symbolic(r, c) -> bool:
    lb, sb, fb = _role_bases(r, c)
    if [v for v in r.kvars if v in r.sum_vars] != list(r.sum_vars):
        return False  # the other factor's axes in another order
    for axis, (u, v, e) in enumerate(zip(r.lhs_vars, r.sum_vars, r.exprs)):
        size = _size_symbol(r, v)
        if c.full and r.params:
            return False
        tap = r.kexpr.get(v, v) - sb  # the kernel's 0-based index (the flip may be written out)
        want = _template(r, c, u - lb, tap, size if size is not None else sp.nan, *_sd(r, axis))
        if want is None or want.has(sp.nan) or sp.expand(e - fb - want) != 0:
            return False
    return True


def _z3_linear(e, env):
    poly = sp.Poly(e, *sorted(e.free_symbols, key=str)) if e.free_symbols else None
    if poly is None:
        return z3.IntVal(int(e))
    out = z3.IntVal(0)
    for monom, coeff in poly.terms():
        term = z3.IntVal(int(coeff))
        for sym, power in zip(poly.gens, monom):
            term = term * env[sym] if power == 1 else term if power == 0 else None
        out = out + term
    return out


def _prove(r, c):
    """z3: for every size and position in range, the stated index is convproof's (and inside);
    all axes in one query (their variables apart), asked as one claim."""
    lb, sb, fb = _role_bases(r, c)
    names, hyps, parts = {}, [], []
    for axis, (u, v, e) in enumerate(zip(r.lhs_vars, r.sum_vars, r.exprs)):
        ss, dd = _sd(r, axis)
        n, k, o, zu, zv, zs, zd = z3.Ints(" ".join(f"{x}{axis}" for x in "n k o u v s d".split()))
        size = _size_symbol(r, v)
        env = {u: zu, v: zv, **({size: k} if size is not None else {})}
        env.update({sym: z for sym, z in ((ss, zs), (dd, zd)) if isinstance(sym, sp.Symbol)})
        s_, d_ = (zs if isinstance(ss, sp.Symbol) else 1), (zd if isinstance(dd, sp.Symbol) else 1)
        count = [o == n + k - 1] if c.full else [o >= 1, s_ * (o - 1) + d_ * (k - 1) <= n - 1,
                                                  n - 1 < s_ * o + d_ * (k - 1)]
        ranges = {"forward": ((zu, o), (zv, k)), "grad_w": ((zu, k), (zv, o)), "grad_x": ((zu, n), (zv, k))}
        hyps += [k >= 1, n >= d_ * (k - 1) + 1, zs >= 1, zd >= 1] + count + \
            [z3.And(b <= x, x < b + m) for (x, m), b in zip(ranges[r.what], (lb, sb))]
        try:
            stated, tap = _z3_linear(e, env), _z3_linear(r.kexpr.get(v, v), env) - sb
        except KeyError:  # a size of another axis in a written-out flip
            return False
        want = _template(r, c, zu - lb, tap, k, s_, d_) + fb
        parts += [stated == want, 0 <= tap, tap < (o if r.what == "grad_w" else k)]
        if not (c.full or r.what == "grad_x"):
            parts += [fb <= stated, stated < fb + n]
        names.update({f"{x}{axis}": z for x, z in zip("n k o u v s d".split(), (n, k, o, zu, zv, zs, zd))})
    claim = z3.Not(z3.Or([z3.Not(p) for p in parts]))  # one query, not one per part
    return prove_query(Query(names, hyps, claim), "index-sum").status == "proved"


def _grid(r):
    nd, chans = len(r.exprs), (r.cin is not None, r.cout is not None)
    shared = any(len(vs) > 1 for vs in (r.bounds or {}).values())  # one bound k for two axes: square
    ks = [(k,) * nd for k in (1, 2, 3)] + ([(2, 3)[:nd] + (2,) * (nd - 2), (3, 2)[:nd] + (2,) * (nd - 2)]
                                           if nd >= 2 and not shared else [])
    ss, dd = _sd(r)
    out = []
    for k, extra, cin, cout, s, d in itertools.product(
            ks, (0, 1, 2, 3) if r.params else (0, 1, 2), (1, 2) if chans[0] else (1,),
            (1, 2) if chans[1] or r.depthwise else (1,), (1, 2, 3) if ss != 1 else (1,), (1, 2) if dd != 1 else (1,)):
        out.append(Sizes(tuple(d * (x - 1) + 1 + extra for x in k), k, cin, cout, s, d))
    return sorted(out, key=lambda s: (sum(s.n) + sum(s.k), s.cin + s.cout, s.s + s.d))


def _difference(st, r, c, sz):
    """The first entry where the stated sum and convproof differ at ``sz``, or ``None``."""
    if min(out_sizes(sz, c, r)) < 1:
        return None
    arr = arrays(r, sz, c)
    got, outside = literal(st, r, sz, c, arr)
    want = expected(r, sz, c, arr)
    for pos in itertools.product(*[range(m) for m in want.shape]):
        if got[pos] != want[pos]:
            return pos, got[pos], int(want[pos]), outside
    return None


def _search(st, r, c, sizes):
    for sz in sizes:
        diff = _difference(st, r, c, sz)
        if diff is not None:
            return sz, diff
    return None


def _entry(st, r, c, pos) -> str:
    """The left side at array position ``pos`` in the document's notation."""
    lb = _role_bases(r, c)[0]
    spatial = list(pos[2:])
    vals = []
    for v in st.out.indices:
        vals.append(pos[1] + c.bk if v == r.cout else spatial.pop(0) + lb)
    sep = ", " if st.out.bracket or any(x > 9 for x in vals) else ""
    body = sep.join(map(str, vals))
    name = f"d{st.loss}/d{st.out.name}" if st.grad else st.out.name
    return f"{name}[{body}]" if st.out.bracket else f"{name}_{{{body}}}"


def _counterexample(st, r, c, found) -> str:
    sz, (pos, got, want, outside) = found
    text = (f"smallest counterexample: {sz.describe()}: the stated sum gives {_entry(st, r, c, pos)} = {got}, "
            f"convproof.numeric's {c.describe(r.what)} gives {want} (integer arrays)")
    if outside:
        name, idx = outside[0]
        text += f"; it reads {name} at ({', '.join(map(str, idx))}), outside the array (taken as 0)"
    return text


def _prose_conflict(st, r, match, stated, sizes):
    want_flip = stated == "flipped"
    if match.flipped == want_flip:
        return None
    ref = Convention(want_flip, False, match.bo, match.bi, match.bk)
    found = _search(st, r, ref, sizes)
    if found is None:
        return None
    return StatementResult("wrong", KIND, f"the text calls it a {stated} ({'flipped kernel' if want_flip else 'no flip'})"
                           f", but the sum states {_a(match.describe(r.what))}; {_counterexample(st, r, ref, found)}")


def check_index_sum(text: str, before: str = "") -> StatementResult | None:
    """The verdict on the index sum ``text`` given the prose ``before`` it, or ``None`` when it
    is not read as a convolution (see the module docstring)."""
    st = read_index_sum(text)
    if st is None:
        return None
    r = roles(st)
    if isinstance(r, str):
        return None
    lows = {lo for lo, _ in st.sums.values()}
    if len(lows) > 1 or lows - {None, 0, 1} or not all(_full_range(lo, hi) for lo, hi in st.sums.values()):
        return None
    bracket = st.out.bracket or st.factors[0].bracket
    low = lows.pop()
    primary, mixed = _candidates(r, 0 if low is None and bracket else low, bracket)  # X[i, j]: 0-based
    sizes = _grid(r)
    confirm = [sizes[len(sizes) // 2], sizes[-1], sizes[0]][:_CONFIRM]
    for c in primary:
        if _symbolic(r, c) and all(_difference(st, r, c, sz) is None for sz in confirm) and _prove(r, c):
            return _matched(st, r, c, before, sizes, confirm)
    survivors = [c for c in primary + mixed if _search(st, r, c, sizes) is None]
    if survivors:
        c = survivors[0]
        mixed_note = " (mixed index bases: no single base fits)" if c in mixed else ""
        return StatementResult("unchecked", KIND, f"the sum agrees numerically with {_a(c.describe(r.what))}"
                                                  f"{mixed_note} at every small size tried, not proven: unchecked")
    ref = primary[0]
    if r.kexpr:  # K_{k-i} in a sum from 1 may index a kernel counted from 0: not called wrong
        return StatementResult("unchecked", KIND, "the kernel index written out (" + ", ".join(
            map(str, r.kexpr.values())) + ") fits no convention with the sum's index base; the kernel may be "
            "counted from another base: " + _counterexample(st, r, ref, _search(st, r, ref, sizes)))
    return StatementResult("wrong", KIND, "the sum is no convolution of convproof's in any convention "
                                          "(correlation or flipped, index base 0 or 1, mixed bases included); "
                           + _counterexample(st, r, ref, _search(st, r, ref, sizes)))


def _matched(st, r, c, before, sizes, confirm):
    if r.pointwise is not None:  # sum_v A B P(u) = P(u) sum_v A B: P multiplies entry by entry
        return _with_pointwise(st, r, c, before, sizes, confirm)
    sym = ", ".join(f"{key} {val} >= 1" for key, val in (r.params or {}).items())
    roles = f" (input {r.spatial.name}, kernel {r.other.name})" if r.what == "forward" else ""
    said = (f"states {_a(c.describe(r.what))}{roles}" + (f" with symbolic {sym}" if sym else "")
            + ": the index identity of every axis is exact (SymPy), "
            f"proven for every size n >= k >= 1{' and every ' + sym if sym else ''} and every position in range (z3)"
            + (", every read inside the input" if not (c.full or r.what == "grad_x") else "")
            + "; the sum evaluated literally on integer arrays equals convproof.numeric at "
            + "; ".join(sz.describe() for sz in confirm))
    named = _prose_letters(before)
    swapped = [f"the text calls {val} the {key}, the sum uses it as the {role}" for key, val in named.items()
               for role, sym in (r.params or {}).items() if str(sym) == val and role != key]
    if swapped:
        return StatementResult("unchecked", KIND, "; ".join(swapped) + f"; as written the sum {said}")
    stated = _stated_convention(before)
    if stated:
        conflict = _prose_conflict(st, r, c, stated, sizes)
        if conflict is not None:
            return conflict
    if r.free_bias is not None:
        b = r.free_bias
        return StatementResult("wrong", KIND, f"the bias {st.bias.name}_{b} is indexed by the summation index {b} "
                               f"outside its sum: the left side {st.out.name} has no index {b}, so with two values of "
                               f"{b} and {st.bias.name}_1 != {st.bias.name}_2 the right side takes two values (a bias "
                               f"belongs to the output channel); without it the sum {said}")
    return StatementResult("holds", KIND, said, notes=[("index-def", st, r, c)])


def _with_pointwise(st, r, c, before, sizes, confirm):
    """The verdict with the entry-by-entry factor ``P`` (``\\sigma'(z_{ij})``) set aside: it depends
    only on the left side's position, so the sum is ``P`` times the two-factor sum (the
    Hadamard form of a backpropagated delta)."""
    point, r.pointwise = r.pointwise, None
    inner = _matched(st, r, c, before, sizes, confirm)
    inner.message = (f"{inner.message}; the factor {point.name} depends only on the left side's position, so the "
                     f"sum is {point.name} times this sum entry by entry (a Hadamard product)")
    return inner
