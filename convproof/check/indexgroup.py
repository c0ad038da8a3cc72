r"""Grouped convolution index sums proven against convproof's grouped convolution (``groups=g``).

Read: ``Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot F_{uv}^{m'k} + b^k``
(``s`` the group of the output channel ``k``, which the text must mention as a group) or with the
kernel and bias indexed per group, ``F_{uv}^{s,m'k'}`` and ``b^{s,k'}``, and the prose relation
``k = (s-1)K/g + k'`` stated before it.  Primes and the quotients ``M/g`` are renamed to fresh
letters and the statement is read by :mod:`.indexread`.

* The spatial axes: the same sum with one group (input channel ``m'``) is proven by
  :mod:`.indexconv` (SymPy identity and z3 for every size), giving the convention.
* The channels: z3 proves for every ``g, M', K' >= 1`` and every channel in range that the
  stated input channel is the one convproof's grouped convolution reads for output channel ``k``
  (the group ``floor((k-1)/K')``) and lies in ``1..gM'``; with per-group kernels also that the
  stated relation numbers the output channels ``(s, k')`` one to one as convproof's weight rows.
* The stated sum evaluated literally on integer arrays equals :func:`convproof.numeric.conv`
  with ``groups=g`` at small sizes (g = 1, 2, 3).

Any failure of these gives ``wrong`` with the smallest counterexample when the numeric check
finds one, else ``unchecked``.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import sympy as sp
import z3

from .. import numeric
from ..theorems.engine import Query, prove_query
from .guard import fallback
from .indexread import IndexSum, Ref, _expr, _NotRead, _toks, read_index_sum
from .verdict import StatementResult

__all__ = ["check_grouped", "KIND"]

KIND = "index-sum"
_GROUP_WORD = re.compile(r"group|групп", re.I)


def _fresh(text: str, n: int) -> list:
    used = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", re.sub(r"\\[A-Za-z]+", " ", text)))
    return [c for c in "ABCDEGHJLNOPRSTUVWZ" if c not in used][:n]


def rewrite(text: str, extra: str = ""):
    """``(text, names)``: primes (``m'``) and letter quotients (``M/g``) renamed to fresh letters;
    ``names`` maps each fresh letter to ``("prime", "m")`` or ``("quot", "M", "g")``."""
    pool = _fresh(text + " " + extra, 12)
    names, out = {}, text
    for key in sorted(set(re.findall(r"(?<![\\A-Za-z])([A-Za-z])'", text + " " + extra))):
        letter = pool.pop(0) if pool else None
        if letter is None:
            return None, None
        names[letter] = ("prime", key)
    for key in sorted(set(re.findall(r"(?<!\\)(?<!\\[A-Za-z])(?<![A-Za-z]{2})([A-Za-z])\s*/\s*([A-Za-z])(?![A-Za-z])", text + " " + extra))):
        letter = pool.pop(0) if pool else None
        if letter is None:
            return None, None
        names[letter] = ("quot",) + key
    return _apply(out, names), names


def _apply(text: str, names: dict) -> str:
    for letter, info in names.items():
        if info[0] == "prime":
            text = re.sub(rf"(?<![\\A-Za-z]){info[1]}'", letter, text)
        else:
            text = re.sub(rf"(?<!\\)(?<!\\[A-Za-z])(?<![A-Za-z]{{2}}){info[1]}\s*/\s*{info[2]}(?![A-Za-z])", letter, text)
    return re.sub(r"\^\{([A-Za-z\s,]+)\}", _join, text)


def _join(m) -> str:
    """``^{s,AB}`` (one part of several letters) -> ``^{s AB}``: the letters read one by one."""
    parts = m.group(1).split(",")
    several = any(len(p.strip()) > 1 for p in parts)
    return "^{" + (" ".join(parts) if several else m.group(1)) + "}"


def _relation(before: str, names: dict, k):
    """The prose relation ``k = expr`` (the last one stated) as SymPy, or ``None``."""
    found = None
    for m in re.finditer(rf"(?<![A-Za-z\\]){k}\s*=\s*([^$=,;]+?)\s*(?=\$|\\\)|,|;|\.\s|$)", before):
        try:
            found = _expr([t for t in _toks(_apply(m.group(1), names))])
        except _NotRead:  # a relation not read is no relation
            continue
        except Exception as exc:  # noqa: BLE001  (never stop the document: then no relation)
            fallback(exc)
            continue
    return found


class _Form:
    """What was read: symbols of the output channel ``k``, group ``s``, summed channel ``c``,
    quotient symbols, the input channel expression, per-group kernel ``kp`` (``k'``) or None."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _read(text: str, before: str):
    new, names = rewrite(text, before)
    if new is None or not any(v[0] == "quot" for v in names.values()):
        return None
    st = read_index_sum(new)
    if st is None or st.grad or len(st.factors) != 2 or st.out.sup_count != 1:
        return None
    x, f = st.factors
    k = st.out.indices[-1]
    quots = {sp.Symbol(a, integer=True): v for a, v in names.items() if v[0] == "quot"}
    dens = {v[2] for v in quots.values()}
    if len(dens) != 1 or x.sup_count != 1 or not isinstance(k, sp.Symbol):
        return None
    chan = x.indices[-1]
    sums = {sp.Symbol(v, integer=True): b for v, b in st.sums.items()}
    cs = [v for v, (lo, hi) in sums.items() if hi and sp.Symbol(hi, integer=True) in quots and v in chan.free_symbols]
    if len(cs) != 1:
        return None
    c = cs[0]
    mq = sp.Symbol(sums[c][1], integer=True)
    s_syms = chan.free_symbols - {c} - set(quots)
    if len(s_syms) != 1:
        return None
    (s,) = s_syms
    kch = f.indices[len(f.indices) - f.sup_count:]
    if kch == [c, k]:
        kp, rel = None, None
        if not _GROUP_WORD.search(before):
            return f"the text before it does not say that {s} is the group of the output channel {k}"
    elif len(kch) == 3 and kch[0] == s and kch[1] == c and isinstance(kch[2], sp.Symbol):
        kp = kch[2]
        rel = _relation(before, names, str(k))
        if rel is None:
            return "per-group kernel F^{s,m'k'} without the relation of k to (s, k') stated before it"
    else:
        return None
    if st.bias is not None and list(st.bias.indices) not in ([], [k], [s, kp] if kp is not None else []):
        return "a bias indexed by neither the output channel k nor (s, k')"
    return _Form(st=st, names=names, quots=quots, g=dens.pop(), k=k, s=s, c=c, mq=mq, chan=chan, kp=kp,
                 rel=rel, kch=kch)


def _twin(fm) -> IndexSum:
    """The same sum with one group: input channel ``c``, kernel ``F^{ck}``, bias ``b^k``."""
    st, x, f = fm.st, fm.st.factors[0], fm.st.factors[1]
    sums = dict(st.sums)
    sums[str(fm.c)] = (sums[str(fm.c)][0], "M")
    xs = Ref(x.name, x.indices[:-1] + [fm.c], x.tag, x.bracket, 1)
    fs = Ref(f.name, f.indices[:len(f.indices) - f.sup_count] + [fm.c, fm.k], f.tag, f.bracket, 2)
    bias = None if st.bias is None else Ref(st.bias.name, [fm.k] if st.bias.indices else [], st.bias.tag,
                                             st.bias.bracket, 1 if st.bias.indices else 0)
    out = Ref(st.out.name, list(st.out.indices), st.out.tag, st.out.bracket, 1)
    return IndexSum(out, sums, [xs, fs], bias, False, "", st.text)


def _spatial(fm, before):
    """The convention the one-group twin is proven to state (:mod:`.indexconv`), or ``None``."""
    from . import indexconv
    from .indexroles import roles
    twin = _twin(fm)
    r = roles(twin)
    if isinstance(r, str) or r.cin != fm.c or r.cout != fm.k:
        return None, None
    lows = {lo for lo, _ in twin.sums.values()}
    if len(lows) != 1 or lows - {0, 1}:
        return None, None
    primary, _ = indexconv._candidates(r, lows.pop(), False)
    for conv in primary:
        if indexconv._symbolic(r, conv) and indexconv._prove(r, conv):
            return r, conv
    return r, None


def _z3_of(e, env):
    poly = sp.Poly(sp.expand(e), *sorted(e.free_symbols, key=str)) if e.free_symbols else None
    if poly is None:
        return z3.IntVal(int(e))
    total = z3.IntVal(0)
    for monom, coeff in poly.terms():
        if not coeff.is_Integer:
            raise ValueError("coefficient")
        term = z3.IntVal(int(coeff))
        for sym, power in zip(poly.gens, monom):
            for _ in range(power):
                term = term * env[sym]
        total = total + term
    return total


def _channels_proved(fm, base: int) -> bool:
    """z3: the stated input channel is convproof's for every size (see the module docstring)."""
    g, mp, kp_n, s, c, k, grp, kq = (z3.Int(n) for n in "g Mp Kp s c k grp kq".split())
    env = {fm.s: s, fm.c: c, fm.k: k, fm.mq: mp}
    hyps = [g >= 1, mp >= 1, kp_n >= 1, c >= base, c < base + mp, s >= base, s < base + g]
    for q, info in fm.quots.items():
        if q != fm.mq:
            env[q] = kp_n if info[1] != fm.names[str(fm.mq)][1] else mp
    if fm.kp is None:
        hyps += [k >= base, k < base + g * kp_n, s - base == grp]
    else:
        env[fm.kp] = kq
        hyps += [kq >= base, kq < base + kp_n]
        if not fm.rel.free_symbols <= set(env):
            return False
        hyps += [k == _z3_of(fm.rel, env)]
    hyps += [grp * kp_n <= k - base, k - base < (grp + 1) * kp_n]
    if not fm.chan.free_symbols <= set(env):
        return False
    stated = _z3_of(fm.chan, env) - base
    parts = [stated == grp * mp + c - base, 0 <= k - base, k - base < g * kp_n]
    if fm.kp is not None:
        parts += [k - base == (s - base) * kp_n + kq - base]
    names = {n: v for n, v in zip("g Mp Kp s c k grp kq".split(), (g, mp, kp_n, s, c, k, grp, kq))}
    return prove_query(Query(names, hyps, z3.And(parts)), "grouped-channels").status == "proved"


def _sizes(r):
    from .indexconv import _grid
    from .indexeval import Sizes
    spatial = [sz for sz in _grid(r) if sz.cin == 1 and sz.cout == 1][:4]
    return [(Sizes(sz.n, sz.k), g, mp, kp) for sz in spatial for g, mp, kp in
            itertools.product((1, 2, 3), (1, 2), (1, 2))]


def _literal(fm, r, conv, sz, g, mp, kp, arr):
    """The stated sum at every output (layout ``(1, g*kp, *o)``); reads outside give ``None``."""
    from .indexeval import out_sizes
    o = out_sizes(sz, conv, r)
    base = conv.bk
    syms = list(r.lhs_vars) + list(r.sum_vars) + [fm.c, fm.s, fm.k] + ([fm.kp] if fm.kp is not None else [])
    bounds = {b: sz.k[r.sum_vars.index(vs[0])] for b, vs in (r.bounds or {}).items() if vs[0] in r.sum_vars}
    quots = {q: (mp if q == fm.mq else kp) for q in fm.quots}
    consts = {**bounds, **quots, sp.Symbol(fm.g, integer=True): g}
    f = fm.st.factors[1]
    kern = [e.subs(consts) for e in f.indices[:len(f.indices) - f.sup_count]]
    if len(kern) != len(sz.k):
        return None, "the kernel has another number of axes"
    fx = sp.lambdify(syms, [e.subs(consts) for e in r.exprs] + kern + [fm.chan.subs(consts)], "math")
    frel = sp.lambdify(syms, fm.rel.subs(consts), "math") if fm.rel is not None else None
    out = np.zeros((1, g * kp) + o, dtype=object)
    for s0, q0 in itertools.product(range(g), range(kp)):
        row = s0 * kp + q0  # convproof's weight row of group s0, filter q0
        s_val, kq = s0 + base, q0 + base
        for pos in itertools.product(*[range(m) for m in o]):
            lv = [p + conv.bo for p in pos]
            total = 0
            for taps in itertools.product(*[range(m) for m in sz.k]):
                for c0 in range(mp):
                    args = lv + [t + base for t in taps] + [c0 + base, s_val, row + base] + \
                        ([kq] if fm.kp is not None else [])
                    k_val = row + base if frel is None else int(frel(*args))
                    if k_val != row + base:
                        return None, f"the relation gives k = {k_val} for group {s_val}, filter {kq}"
                    vals = [int(v) for v in fx(*args)]
                    nd = len(sz.k)
                    sp_idx, k_idx, ch = vals[:nd], vals[nd:2 * nd], vals[-1]
                    idx = (0, ch - base) + tuple(e - conv.bi for e in sp_idx)
                    kidx = (row, c0) + tuple(e - base for e in k_idx)
                    if not all(0 <= a < m for a, m in zip(idx, arr["x"].shape)):
                        return None, f"it reads the input at channel {ch}, position {tuple(sp_idx)}, outside"
                    if not all(0 <= a < m for a, m in zip(kidx, arr["w"].shape)):
                        return None, f"it reads the kernel at {tuple(k_idx)}, outside"
                    total += int(arr["x"][idx]) * int(arr["w"][kidx])
            if fm.st.bias is not None:
                brow = _bias_row(fm, row, s0, q0, kp)
                if brow is None:
                    return None, "the bias is indexed by neither k nor (s, k')"
                total += int(arr["b"][brow])
            out[(0, row) + pos] = total
    return out, None


def _bias_row(fm, row, s0, q0, kp):
    """The bias entry the stated bias reads (``b``, ``b^k``, ``b^{s,k'}``), or ``None``."""
    idx = list(fm.st.bias.indices)
    if not idx:
        return 0
    if idx == [fm.k]:
        return row
    if fm.kp is not None and idx == [fm.s, fm.kp]:
        return s0 * kp + q0
    return None


def _numeric(fm, r, conv):
    """``None`` when the stated sum equals convproof's grouped convolution at every small size,
    else a description of the first difference."""
    from .indexeval import out_sizes
    for sz, g, mp, kp in _sizes(r):
        if min(out_sizes(sz, conv, r)) < 1:
            continue
        shape_x, shape_w = (1, g * mp) + sz.n, (g * kp, mp) + sz.k
        arr = {"x": (np.arange(np.prod(shape_x)).reshape(shape_x) * 7 + 3) % 11 - 5,
               "w": (np.arange(np.prod(shape_w)).reshape(shape_w) * 5 + 2) % 11 - 5,
               "b": (np.arange(g * kp) * 3 + 1) % 11 - 5}
        if fm.st.bias is not None and not fm.st.bias.indices:
            arr["b"] = np.full(g * kp, arr["b"][0])
        w = arr["w"][(Ellipsis,) + (slice(None, None, -1),) * len(sz.k)] if conv.flipped else arr["w"]
        pad = tuple(k - 1 for k in sz.k) if conv.full else 0
        want = numeric.conv(arr["x"], w, arr["b"] if fm.st.bias is not None else None, padding=pad, groups=g)
        got, why = _literal(fm, r, conv, sz, g, mp, kp, arr)
        where = f"{sz.describe()}, {g} groups of {mp} input and {kp} output channels"
        if got is None:
            return f"{where}: {why}"
        for pos in itertools.product(*[range(m) for m in want.shape]):
            if got[pos] != want[pos]:
                return (f"{where}: the stated sum gives {got[pos]} at output channel {pos[1] + conv.bk}, position "
                        f"{tuple(p + conv.bo for p in pos[2:])}, convproof.numeric.conv(groups={g}) gives {int(want[pos])}")
    return None


def check_grouped(text: str, before: str = "") -> StatementResult | None:
    """The verdict on a grouped convolution sum (module docstring), or ``None`` when not one."""
    fm = _read(text, before)
    if fm is None:
        return None
    if isinstance(fm, str):
        return StatementResult("unchecked", KIND, f"a grouped convolution sum: {fm}; unchecked")
    r, conv = _spatial(fm, before)
    if r is None:
        return None
    if r.params:
        return StatementResult("unchecked", KIND, "a grouped convolution sum with a symbolic stride or dilation: "
                               "not evaluated here; unchecked")
    if conv is None:
        return _unproven_spatial(fm, r)
    diff = _numeric(fm, r, conv)
    if diff is not None:
        return StatementResult("wrong", KIND, f"the grouped sum is not convproof's grouped {conv.describe()}: "
                               f"smallest counterexample: {diff} (integer arrays)")
    if not _channels_proved(fm, conv.bk):
        return StatementResult("unchecked", KIND, "a grouped convolution sum that agrees numerically with "
                               f"convproof's grouped {conv.describe()} at small sizes; the channel identity "
                               "is not proven for every size: unchecked")
    group = ("s the group of output channel k (as the text says)" if fm.kp is None else
             "the output channel k numbered (s, k') by the relation stated before it")
    return StatementResult("holds", KIND, f"states convproof's grouped {conv.describe()} (groups = {fm.g}): the "
                           f"spatial indices proven for every size as for one group (SymPy, z3); the input channel "
                           f"proven for every g, M/g, K/g >= 1 (z3) to be the one of the group of k, with {group}; "
                           "the sum evaluated literally equals convproof.numeric.conv(groups=g) for g = 1, 2, 3 at "
                           "small sizes (integer arrays)")


def _unproven_spatial(fm, r):
    """No convention proven for the spatial axes: ``wrong`` when every convention differs
    numerically (the first counterexample given), else ``unchecked``."""
    from . import indexconv
    lows = {lo for lo, _ in fm.st.sums.values()}
    primary, _ = indexconv._candidates(r, lows.pop() if len(lows) == 1 else None, False)
    diffs = [_numeric(fm, r, conv) for conv in primary]
    if primary and all(diffs):
        return StatementResult("wrong", KIND, "the grouped sum is no grouped convolution of convproof's in any "
                               f"convention with one index base; smallest counterexample ({primary[0].describe()}): "
                               f"{diffs[0]} (integer arrays)")
    return StatementResult("unchecked", KIND, "a grouped convolution sum whose spatial indices fit no convention "
                           "proven for one group; unchecked")
