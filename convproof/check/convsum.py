"""One output entry written as a sum: ``z_{22} = f_{11} y_{11} + ... + f_{33} y_{33}``.

The terms are products of a kernel symbol and an input symbol; the left side names the output
position.  Small convolutions (1D/2D, stride 1-2, dilation 1-2, symmetric padding, cross-correlation
or flipped kernel, input sizes up to two beyond the largest index written) are searched for one
whose output at that position is exactly this sum.  A sum that misses by one term (with
at least four terms written, exactly one term substituted) is a finding with the expected sum;
anything further is left alone.

>>> from convproof.check.parse import parse_chain
>>> r = check_sum(parse_chain(r"z_{2} = f_1 y_1 + f_2 y_2 + f_3 y_3"))
>>> r.status, "padding 1" in r.message    # recognition: annotated, never 'holds' alone
('holds', True)
"""

from __future__ import annotations

import itertools

from .subscripts import parse_indices as _parse_indices
from .combine import NEAR_MISS
from .convindex import out_size
from .nodes import Bin, Name
from .verdict import StatementResult

__all__ = ["check_sum"]


def _terms(node):
    if isinstance(node, Bin) and node.op == "+":
        left = _terms(node.left)
        right = _terms(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, Bin) and node.op == "*" and all(
            isinstance(x, Name) and x.sub for x in (node.left, node.right)):
        return [(node.left, node.right)]
    return None


def _family_indices(names):
    fams = {(n.base, n.label) for n in names}
    if len(fams) != 1:
        return None
    parsed = _parse_indices({n.sub for n in names})
    if parsed is None:
        return None
    index, style = parsed
    base = 0 if min(min(v) for v in index.values()) == 0 else 1
    return fams.pop(), {k: tuple(i - base for i in v) for k, v in index.items()}, style, base


def _expected(o, n, k, s, p, d, flipped):
    taps = list(itertools.product(*[range(kk) for kk in k]))
    out = set()
    for tap in taps:
        pos = tuple(o[a] * s - p + tap[a] * d for a in range(len(n)))
        if all(0 <= pos[a] < n[a] for a in range(len(n))):
            t = tuple(k[a] - 1 - tap[a] for a in range(len(k))) if flipped else tap
            out.add((t, pos))
    return out


def _search(pairs, o, k, nmax, stated=None):
    ndim = len(k)
    best = None
    stated = stated or {}
    strides = (stated["stride"],) if "stride" in stated else (1, 2)
    dilations = (stated["dilation"],) if "dilation" in stated else (1, 2)
    for extra, s, d, flipped in itertools.product(range(3), strides, dilations, (False, True)):
        n = tuple(m + 1 + extra for m in nmax)
        for p in range(d * (max(k) - 1) + 1):
            outs = [out_size(n[a], k[a], s, p, p, d) for a in range(ndim)]
            if any(o[a] >= outs[a] for a in range(ndim)):
                continue
            exp = _expected(o, n, k, s, p, d, flipped)
            diff = len(exp ^ pairs)
            key = (diff, flipped, p, s, d, extra)
            if best is None or key < best[0]:
                best = (key, (n, s, p, d, flipped), exp)
    return best


def _describe(n, k, s, p, d, flipped) -> str:
    kind = "convolution (flipped kernel)" if flipped else "cross-correlation"
    fmt = "x".join
    return (f"{len(n)}D {kind}: input {fmt(map(str, n))} (or larger), kernel {fmt(map(str, k))}, stride {s}, "
            f"padding {p}, dilation {d}")


def _latex(exp, kf, yf, kstyle, ystyle, kbase, ybase):
    def name(fam, idx, style, base):
        idx = [i + base for i in idx]
        sub = ",".join(map(str, idx)) if style == "comma" else "".join(map(str, idx))
        return f"{fam[0]}_{{{sub}}}" + (f"^{{{fam[1]}}}" if fam[1] else "")
    return " + ".join(f"{name(kf, t, kstyle, kbase)} {name(yf, pos, ystyle, ybase)}"
                      for t, pos in sorted(exp, key=lambda e: e[1]))


def check_sum(chain, stated: dict | None = None) -> StatementResult | None:
    """Convolution verdict for ``label = sum of kernel*input products``, or ``None``;
    ``stated`` holds the stride/dilation the prose states (a sum that is an output only under
    another spec is then a finding)."""
    if len(chain.sides) != 2 or not isinstance(chain.sides[0], Name) or not chain.sides[0].sub:
        return None
    terms = _terms(chain.sides[1])
    if not terms or len(terms) < 2:
        return None
    for kernel_first in (True, False):
        result = _try(chain, terms, kernel_first, stated or {})
        if result is not None:
            return result
    return None


def _try(chain, terms, kernel_first, stated):
    knames = [t[0] if kernel_first else t[1] for t in terms]
    ynames = [t[1] if kernel_first else t[0] for t in terms]
    kinfo, yinfo = _family_indices(knames), _family_indices(ynames)
    oinfo = _family_indices([chain.sides[0]])
    if kinfo is None or yinfo is None or oinfo is None:
        return None
    (kf, kidx, kstyle, kbase), (yf, yidx, ystyle, ybase) = kinfo, yinfo
    o = oinfo[1][chain.sides[0].sub]
    ndim = len(o)
    if any(len(v) != ndim for v in list(kidx.values()) + list(yidx.values())):
        return None
    pairs = {(kidx[a.sub], yidx[b.sub]) for a, b in zip(knames, ynames)}
    k = tuple(max(v[a] for v in kidx.values()) + 1 for a in range(ndim))
    nmax = tuple(max(v[a] for v in yidx.values()) for a in range(ndim))
    best = _search(pairs, o, k, nmax)
    if best is None:
        return None
    if stated and best[0][0] == 0:
        under = _search(pairs, o, k, nmax, stated)
        if under is None or under[0][0] != 0:
            (n, s, p, d, flipped) = best[1]
            said = ", ".join(f"{key} {val}" for key, val in sorted(stated.items()))
            return StatementResult(
                "wrong", "convolution",
                f"the text states {said}, but {chain.sides[0].key} is an output only of a "
                f"{_describe(n, k, s, p, d, flipped)}")
    (diff, *_), (n, s, p, d, flipped), exp = best
    where = f"{chain.sides[0].key} is output {tuple(i + oinfo[3] for i in o)} of a " \
        f"{_describe(n, k, s, p, d, flipped)}"
    if diff == 0:
        return StatementResult("holds", "convolution", f"{where} (every term matches)")
    if diff != 2 or len(exp) != len(pairs) or len(terms) < 4:
        return None  # only one substituted term is a finding; anything else is left alone
    expected = _latex(exp, kf, yf, kstyle, ystyle, kbase, ybase)
    side = chain.sides[1]
    claimed = chain.source[side.span[0]:side.span[1]]
    return StatementResult("wrong", NEAR_MISS,
                           f"{diff} term(s) differ from the closest convolution: {where}",
                           [{"row": None, "col": None, "claimed": claimed, "expected": expected}],
                           [(side.span[0], side.span[1], expected)])
