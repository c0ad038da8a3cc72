"""Integer index maps of small convolutions: which kernel tap meets which (output, input) pair.

The checker's search over candidate convolutions needs thousands of tiny matrices, so they are
built here as integer codes (kernel tap index, ``-1`` for a structural zero) from the symbolic
engine's integer index map (:func:`convproof.symbolic.index_map`, the one index map):
``code[o, i] = tap`` when input ``i = o*s - p_lo + tap*d`` along every axis.  The
winning candidate is confirmed against the symbolic engine (:mod:`convproof.symbolic`) when that
package is available (see :func:`confirm_symbolic`).

>>> code_matrix((5,), (3,), (1,), ((0, 0),), (1,)).tolist()
[[0, 1, 2, -1, -1], [-1, 0, 1, 2, -1], [-1, -1, 0, 1, 2]]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..geometry import conv_output_size, kernel_span
from .guard import fallback

__all__ = [
    "Candidate",
    "candidates",
    "code_matrix",
    "confirm_symbolic",
    "out_size",
    "per_axis_candidates",
    "strides_dilations",
]


@dataclass(frozen=True)
class Candidate:
    """One convolution: sizes per axis, per-side padding, ``flipped`` for true convolution,
    ``transposed`` when the document matrix is compared with ``T^T``."""

    input_size: tuple
    kernel_size: tuple
    stride: tuple
    padding: tuple
    dilation: tuple
    flipped: bool = False
    transposed: bool = False
    circular: bool = False

    def describe(self) -> str:
        def fmt(t):
            return "x".join(str(v) for v in t)
        pads = ", ".join(f"{lo}/{hi}" if lo != hi else str(lo) for lo, hi in self.padding)
        kind = "convolution (flipped kernel)" if self.flipped else "cross-correlation"
        what = "transposed matrix T^T" if self.transposed else "matrix T"
        if self.circular:
            pads += " (circular)"
        return (f"{what} of a {len(self.input_size)}D {kind}: input {fmt(self.input_size)}, "
                f"kernel {fmt(self.kernel_size)}, stride {fmt(self.stride)}, padding {pads}, "
                f"dilation {fmt(self.dilation)}")


def out_size(n: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
    """Output length of one axis (:func:`convproof.geometry.conv_output_size`), 0 when the kernel
    does not fit the padded input.

    >>> out_size(7, 3, 2, 0, 0, 1), out_size(2, 3, 1, 0, 0, 1)
    (3, 0)
    """
    if n + lo + hi < kernel_span(k, d):
        return 0
    return conv_output_size(n, k, s, lo, hi, d)


def code_matrix(n, k, s, pad, d, flipped: bool = False, circular: bool = False) -> np.ndarray:
    """Integer code matrix (rows: outputs, columns: inputs, both row-major) from the symbolic
    engine's index map (:func:`convproof.symbolic.index_map`); ``circular`` wraps padded positions
    around (two taps landing on one input make it ``-2``: not a single-symbol matrix)."""
    code = _code(tuple(n), tuple(k), tuple(s), tuple(tuple(p) for p in pad), tuple(d), circular).copy()
    if flipped:
        n_taps = int(np.prod(k))
        code[code >= 0] = n_taps - 1 - code[code >= 0]
    return code


@lru_cache(maxsize=4096)
def _code(n: tuple, k: tuple, s: tuple, pad: tuple, d: tuple, circular: bool) -> np.ndarray:
    from ..geometry import ConvSpec
    from ..symbolic.indexmap import index_map

    spec = ConvSpec(n, k, stride=s, padding=list(pad), dilation=d, padding_mode="circular" if circular else "zeros")
    rows, cols, taps = index_map(spec).triples().T
    code = -np.ones((int(np.prod(spec.output_size)), int(np.prod(n))), dtype=np.int64)
    code[rows, cols] = taps
    hits = np.zeros(code.shape, dtype=np.int64)
    np.add.at(hits, (rows, cols), 1)
    code[hits > 1] = -2
    code.flags.writeable = False
    return code


def _input_shapes(cols: int, ndim: int, kernel: tuple):
    if ndim == 1:
        return [(cols,)]
    return [(h, cols // h) for h in range(1, cols + 1) if cols % h == 0]


def strides_dilations(n: tuple, kernel: tuple):
    """Every ``(stride, dilation)`` that fits: a dilation whose span ``d*(k-1)+1`` fits into
    the input (2 always), a stride up to the input length (larger strides give one output)."""
    longest, widest = max(n), max(kernel)
    d_max = max(2, (longest - 1) // (widest - 1)) if widest > 1 else 1
    for d in range(1, d_max + 1):
        for s in range(1, max(3, longest) + 1):
            yield s, d


def candidates(rows: int, cols: int, kernel: tuple, transposed: bool):
    """All specs (every stride and dilation that fits) whose ``T`` (or ``T^T``) has the shape
    ``rows x cols``."""
    n_out, n_in = (cols, rows) if transposed else (rows, cols)
    ndim = len(kernel)
    for n in _input_shapes(n_in, ndim, kernel):
        for s, d in strides_dilations(n, kernel):
            span = [d * (kk - 1) + 1 for kk in kernel]
            pad_ranges = [range(sp_) for sp_ in span]
            for lo, hi in itertools.product(pad_ranges[0], pad_ranges[0]):
                pad = ((lo, hi),) * ndim
                outs = [out_size(n[a], kernel[a], s, lo, hi, d) for a in range(ndim)]
                if math.prod(outs) != n_out or min(outs) <= 0:
                    continue
                for flipped, circular in itertools.product((False, True), (False, True)):
                    if circular and (lo + hi == 0 or max(lo, hi) >= min(n)):
                        continue
                    yield Candidate(tuple(n), tuple(kernel), (s,) * ndim, pad, (d,) * ndim,
                                    flipped, transposed, circular)


def _axis_options(n: int, k: int):
    """``(stride, dilation, lo, hi, out)`` choices for one axis."""
    out = []
    for s, d in itertools.product((1, 2, 3), (1, 2)):   # per-axis rescue: small specs only
        span = d * (k - 1) + 1
        for lo, hi in itertools.product(range(span), range(span)):
            o = out_size(n, k, s, lo, hi, d)
            if o > 0:
                out.append((s, d, lo, hi, o))
    return out


def per_axis_candidates(rows: int, cols: int, kernel: tuple, transposed: bool):
    """Specs with stride, dilation and padding chosen per axis (2D and up; zero padding,
    cross-correlation or flipped).  Used only to rescue a near miss of the shared-parameter
    search before calling it a finding."""
    n_out, n_in = (cols, rows) if transposed else (rows, cols)
    for n in _input_shapes(n_in, len(kernel), kernel):
        by_out = []
        for a in range(len(kernel)):
            table: dict = {}
            for opt in _axis_options(n[a], kernel[a]):
                table.setdefault(opt[4], []).append(opt)
            by_out.append(table)
        for outs in itertools.product(*[sorted(t) for t in by_out]):
            if math.prod(outs) != n_out:
                continue
            for combo in itertools.product(*[by_out[a][o] for a, o in enumerate(outs)]):
                if len({c[:4] for c in combo}) == 1:
                    continue  # already covered by candidates()
                for flipped in (False, True):
                    yield Candidate(tuple(n), tuple(kernel), tuple(c[0] for c in combo),
                                    tuple((c[2], c[3]) for c in combo), tuple(c[1] for c in combo),
                                    flipped, transposed)


def candidate_code(c: Candidate) -> np.ndarray:
    """Code matrix of a candidate, transposed when ``c.transposed``."""
    code = code_matrix(c.input_size, c.kernel_size, c.stride, c.padding, c.dilation, c.flipped,
                       c.circular)
    return code.T if c.transposed else code


def confirm_symbolic(c: Candidate, code: np.ndarray) -> bool | None:
    """Cross-check a candidate with ``convproof.symbolic.toeplitz``; ``None`` if unavailable."""
    try:
        from convproof import symbolic
        from convproof.geometry import ConvSpec
        spec = ConvSpec(c.input_size, c.kernel_size, stride=c.stride,
                        padding=[p for p in c.padding], dilation=c.dilation,
                        padding_mode="circular" if c.circular else "zeros")
        T = symbolic.toeplitz(spec)
        kern = np.asarray(symbolic.kernel_symbols(spec), dtype=object).reshape(-1)
    except Exception as exc:  # noqa: BLE001  (engine absent or different API: no confirmation)
        fallback(exc)
        return None
    index = {sym: i for i, sym in enumerate(kern)}
    T = T.T if c.transposed else T
    taps = len(kern)
    for r in range(T.rows):
        for col in range(T.cols):
            entry = T[r, col]
            want = -1 if entry == 0 else index.get(entry, -2)
            if c.flipped and want >= 0:
                want = taps - 1 - want
            if want != code[r, col]:
                return False
    return True
