r"""Index-sum items of the audit corpus: ``z_{rc} = \sum_i\sum_j Y_{(r+i-1)(c+j-1)} F_{ij}`` and kin.

Each item states one output entry of a 1D or 2D cross-correlation (with or without an input
channel sum), in subscript notation (1-based bounds) or bracket notation (0-based, no bounds).
A planted error shifts one axis's input index (by 2 in 1D, by 1 on one axis of two in 2D) or
swaps the kernel's indices.  The truth is computed here, independently of :mod:`convproof.check`:
the statement's own index maps (Python functions built with the text) evaluated on integer
arrays against :func:`convproof.numeric.reference.conv` at several sizes.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..numeric.reference import conv
from .items import Item

__all__ = ["INDEX_BUILDERS", "index_sum"]

_OUT, _TAP = ("r", "c"), ("i", "j")


def _maps(nd, base, offsets, swap):
    """Input index per axis ``(out, tap) -> index`` and the kernel index order."""
    read = [lambda o, t, off=off: o + t - base + off for off in offsets[:nd]]
    order = list(reversed(range(nd))) if swap else list(range(nd))
    return read, order


def _literal(x, w, nd, base, read, order, channels):
    """The stated sum at every output position (out-of-range reads count as a mismatch: None)."""
    n, k = x.shape[2:], w.shape[2:]
    outs = [n[a] - k[a] + 1 for a in range(nd)]
    got = np.zeros((1, 1) + tuple(outs), dtype=object)
    for o in itertools.product(*[range(m) for m in outs]):
        total = 0
        for t in itertools.product(*[range(m) for m in k]):
            pos = [read[a](o[a] + base, t[a] + base) - base for a in range(nd)]
            kidx = [t[order[a]] for a in range(nd)]
            if any(not 0 <= pos[a] < n[a] for a in range(nd)) or any(
                    not 0 <= kidx[a] < k[a] for a in range(nd)):
                return None
            for ch in range(channels):
                total += int(x[(0, ch) + tuple(pos)]) * int(w[(0, ch) + tuple(kidx)])
        got[(0, 0) + o] = total
    return got


def _true(nd, base, read, order, channels) -> bool:
    for k, extra in itertools.product((2, 3), (0, 2)):
        shape_x = (1, channels) + (k + extra,) * nd
        shape_w = (1, channels) + ((k,) * nd if nd == 1 else (k, k + 1 if k == 2 else k))
        shape_x = shape_x if nd == 1 else (1, channels, k + extra, shape_w[3] + extra)
        x = (np.arange(int(np.prod(shape_x))).reshape(shape_x) * 7 + 3) % 13 - 6
        w = (np.arange(int(np.prod(shape_w))).reshape(shape_w) * 5 + 1) % 11 - 5
        got = _literal(x, w, nd, base, read, order, channels)
        if got is None or not np.array_equal(got, conv(x, w)):
            return False
    return True


def _index_text(expr_out, tap, base, off, bracket) -> str:
    const = off - base
    tail = f"{'+' if const > 0 else '-'}{abs(const)}" if const else ""
    return f"{expr_out}+{tap}{tail}"


def index_sum(rng, note, error=None, numeric=False) -> Item:
    """One index-sum statement (see the module docstring)."""
    nd, bracket, channels = rng.choice((1, 2, 2)), rng.random() < 0.5, rng.choice((1, 1, 2))
    base = 0 if bracket else 1
    offsets, swap, kind = [0, 0], False, error
    if error is not None:
        if nd == 2 and rng.random() < 0.5:
            swap = True
        else:
            offsets[rng.randrange(nd)] = rng.choice((-1, 1)) * (2 if nd == 1 else 1)
    read, order = _maps(nd, base, offsets, swap)
    true = _true(nd, base, read, order, channels)
    outs, taps = _OUT[:nd], _TAP[:nd]
    ins = [_index_text(outs[a], taps[a], base, offsets[a], bracket) for a in range(nd)]
    kern = [taps[order[a]] for a in range(nd)]
    if channels > 1:
        ins, kern = ins + ["d"], kern + ["d"]
    sums = "".join(fr"\sum_{{{t}}}" if bracket else fr"\sum_{{{t}=1}}^{{k}}" for t in taps)
    sums += (r"\sum_{d}" if bracket else r"\sum_{d=1}^{D}") if channels > 1 else ""
    if bracket:
        body = f"O[{', '.join(outs)}] = {sums} X[{', '.join(ins)}] K[{', '.join(kern)}]"
    else:
        body = (f"z_{{{''.join(outs)}}} = {sums} Y_{{{''.join(f'({e})' for e in ins)}}} "
                f"F_{{{''.join(kern)}}}")
    prose = ("Each output of the cross-correlation (no padding, stride 1) as an index sum"
             + (", indices from 0:" if bracket else ", indices from 1:"))
    return Item("index-sum", body, true, kind, prose)


INDEX_BUILDERS = {"index-sum": index_sum}
