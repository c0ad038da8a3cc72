r"""An independent judge for index sums: ``z_{rc} = \sum_i \sum_j Y_{(r+i-1)(c+j-1)} F_{ij} + b``.

Shares no code with :mod:`convproof.check`: the statement is cut up with regular expressions
here, its index expressions read by SymPy's ``parse_expr``, and the sum evaluated literally with
loops on small integer arrays against :func:`convproof.numeric.reference.conv` (cross-correlation,
flipped kernel, or flipped kernel with full padding), with every index counted from 0 or from 1
(one base for all), over 1D/2D sizes with and without channels.

``"true"``: one convention agrees at every size tried; ``"false"``: the statement is read and no
convention agrees at some size each; ``None``: not an index sum read here (gradients, strides,
written-out flips and anything else are left to the other judges).

>>> judge_index(r"O[i, j] = \sum_{m}\sum_{n} X[i+m, j+n] K[m, n]")
'true'
>>> judge_index(r"O[i, j] = \sum_{m}\sum_{n} X[i+m, j+n] K[n, m]")
'false'
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import sympy as sp
from sympy.parsing.sympy_parser import implicit_multiplication, parse_expr, standard_transformations

from ..numeric.reference import conv

__all__ = ["judge_index"]

_NAME = r"(?:\\mathbf\{([A-Za-z])\}|\[\\mathbf\{([A-Za-z])\}\]|([A-Za-z]))"
_TAG = r"(?:\^\{?\(?[a-z]?[+-]?\d?\)?\}?)?"
_REF = re.compile(_NAME + _TAG + r"(?:_\{([^{}]*)\}|_([a-z])|\[([^\[\]]*)\]|\(([^()]*)\))" + _TAG)
_SUM = re.compile(r"\\sum(?:\\limits)?_\{?([a-z](?:\s*,\s*[a-z])*)(?:\s*=\s*(\d))?\}?"
                  r"(?:\^(?:\{(?:[^{}]|\{[^{}]*\})*\}|\w))?")
_TRANS = standard_transformations + (implicit_multiplication,)


def _indices(text: str) -> list | None:
    text = text.strip()
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
    elif re.search(r"[+-]", re.sub(r"\([^()]*\)", "", text)):
        parts = [text]
    else:
        parts = re.findall(r"\([^()]*\)|[a-z]", text)
        if "".join(parts) != text.replace(" ", ""):
            return None
    try:
        return [parse_expr(p, transformations=_TRANS) for p in parts]
    except Exception:  # noqa: BLE001  (anything unreadable is not judged)
        return None


def _ref(m) -> tuple | None:
    name = m.group(1) or m.group(2) or m.group(3)
    idx = next(g for g in m.groups()[3:] if g is not None)
    got = _indices(idx)
    return None if got is None else (name, got)


def _read(text: str):
    clean = re.sub(r"\\left|\\right|\\,|\\cdot|\\times|\\quad.*$|[.,]\s*$", " ", text.strip())
    depth, cuts = 0, []
    for i, ch in enumerate(clean):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "=" and depth == 0:
            cuts.append(i)
    if len(cuts) != 1 or r"\frac" in clean:
        return None
    lhs, rhs = clean[:cuts[0]], clean[cuts[0] + 1:]
    head = _REF.fullmatch(lhs.strip())
    sums = list(_SUM.finditer(rhs))
    if head is None or not sums:
        return None
    rest = _SUM.sub(" ", rhs) + lhs
    if "^" in re.sub(r"\^\{\([a-z0-9+-]*\)\}", "", rest):
        return None  # channel superscripts are not read here
    lead = rhs[:sums[0].start()].strip()
    if lead and not re.fullmatch(r"[a-z]\s*\+", lead):
        return None
    body = rhs[sums[-1].end():].strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    bias = lead[:-1].strip() if lead else None
    if "+" in re.sub(r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)", "", body):
        body, bias = body.rsplit("+", 1)
    refs = [m for m in _REF.finditer(body)]
    if len(refs) != 2 or re.sub(r"[\s(){}]", "", _REF.sub("", body)):
        return None
    lows = {m.group(2) for m in sums}
    svars = [v.strip() for m in sums for v in m.group(1).split(",")]
    out, f1, f2 = _ref(head), _ref(refs[0]), _ref(refs[1])
    if None in (out, f1, f2) or len(lows) > 1:
        return None
    if bias and not _bias_fits(bias.strip(), out, f1, f2):
        return None
    return out, f1, f2, [sp.Symbol(v) for v in svars], (bias or "").strip(), lows.pop()


def _bias_fits(bias: str, out, f1, f2) -> bool:
    """A bias without an index, or indexed by the output channel (a letter of the left side that
    indexes the kernel but no input position)."""
    m = re.fullmatch(r"([a-z])(?:[_^]\{?([a-z])\}?)?", bias)
    if m is None:
        return False
    if m.group(2) is None:
        return True
    letter = sp.Symbol(m.group(2))
    return letter in out[1] and (letter in f1[1] or letter in f2[1]) and not any(
        letter in e.free_symbols and not e.is_Symbol for f in (f1, f2) for e in f[1])


def _roles(out, f1, f2, svars):
    lhs = set(out[1])
    spatial = [f for f in (f1, f2) if any(e.free_symbols & lhs and e.free_symbols & set(svars) for e in f[1])]
    if len(spatial) != 1:
        return None
    x = spatial[0]
    w = f2 if x is f1 else f1
    axes = [e for e in x[1] if e.free_symbols & lhs and e.free_symbols & set(svars)]
    chans = [e for e in x[1] if e not in axes]
    if any(e.free_symbols - lhs - set(svars) for e in x[1]) or len(chans) > 1 or \
            (chans and chans[0] not in svars) or not all(e.is_Symbol for e in w[1]):
        return None
    return x, w, axes, chans[0] if chans else None


def _literal(out, x, w, axes, chan, svars, arrs, base, outs, bias):
    xa, wa, ba = arrs
    lhs = list(out[1])
    spatial_out = [v for v in lhs if any(v in e.free_symbols for e in axes)]
    cout = [v for v in lhs if v not in spatial_out]
    if len(cout) > 1 or len(spatial_out) != len(axes):
        return None
    sizes = {}
    for pos, e in enumerate(w[1]):
        sizes[e] = wa.shape[0] if e in cout else wa.shape[1] if e == chan else None
    taps = [e for e in w[1] if e not in cout and e != chan]
    for a, t in enumerate(taps):
        sizes[t] = wa.shape[2 + a]
    if set(sizes) != set(svars) | set(cout) or None in sizes.values():
        return None
    got = np.zeros((wa.shape[0],) + tuple(outs), dtype=object)
    fx = [sp.lambdify(lhs + svars, e) for e in x[1]]
    for o in itertools.product(*[range(m) for m in (wa.shape[0:1] if cout else (1,))], *[range(m) for m in outs]):
        env = {v: o[1 + a] + base for a, v in enumerate(spatial_out)}
        if cout:
            env[cout[0]] = o[0] + base
        total = 0
        for vals in itertools.product(*[range(base, base + sizes[v]) for v in svars]):
            env.update(zip(svars, vals))
            xi = [int(f(*[env[v] for v in lhs + svars])) - base for f in fx]
            wi = [env[e] - base for e in w[1]]
            xpos = [xi[k] for k, e in enumerate(x[1]) if e in axes]
            xc = [xi[k] for k, e in enumerate(x[1]) if e not in axes]
            if any(not 0 <= p < n for p, n in zip(xpos, xa.shape[2:])):
                return None
            wc = [wi[k] for k, e in enumerate(w[1]) if e in cout] or [0]
            wci = [wi[k] for k, e in enumerate(w[1]) if e == chan] or [0]
            wt = [wi[k] for k, e in enumerate(w[1]) if e in taps]
            total += int(xa[(0, (xc or [0])[0]) + tuple(xpos)]) * int(wa[(wc[0], wci[0]) + tuple(wt)])
        got[o] = total + (int(ba[o[0]]) if bias else 0)
    return got


def _agrees(parsed, roles, base, flip, full) -> bool:
    out, _, _, svars, bias, _ = parsed
    x, w, axes, chan = roles
    nd = len(axes)
    for k, extra, c in itertools.product((1, 2, 3), (0, 2), (1, 2)):
        if c == 2 and chan is None and len(out[1]) == nd:
            continue
        kk = (k,) * nd if nd == 1 or k == 1 else (k, k - 1 if k == 3 else k + 1)
        n = tuple(q + extra for q in kk)
        cin = c if chan is not None else 1
        cout = c if len(out[1]) > nd else 1
        xa = (np.arange(cin * int(np.prod(n))).reshape((1, cin) + n) * 5 + 2) % 9 - 4
        wa = (np.arange(cout * cin * int(np.prod(kk))).reshape((cout, cin) + kk) * 3 + 1) % 7 - 3
        ba = np.arange(cout) * 2 + 1
        wf = wa[(Ellipsis,) + (slice(None, None, -1),) * nd] if flip else wa
        want = conv(xa, wf, ba if bias else None, padding=tuple(q - 1 for q in kk) if full else 0)[0]
        got = _literal(out, x, w, axes, chan, svars, (xa, wa, ba), base, want.shape[1:], bias)
        if got is None or not np.array_equal(got.astype(np.int64), want.astype(np.int64)):
            return False
    return True


def judge_index(text: str) -> str | None:
    """``"true"``, ``"false"`` or ``None`` (not judged here) for one index-sum statement."""
    if r"\sum" not in text or len(text) > 400:
        return None
    try:
        parsed = _read(text)
        roles = _roles(*parsed[:3], parsed[3]) if parsed else None
        if roles is None:
            return None
        bases = (int(parsed[5]),) if parsed[5] is not None else (0, 1)
        for base, (flip, full) in itertools.product(bases, ((False, False), (True, False), (True, True))):
            if _agrees(parsed, roles, base, flip, full):
                return "true"
    except Exception:  # noqa: BLE001  (the judge never raises; unreadable means not judged)
        return None
    return "false"
