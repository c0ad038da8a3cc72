r"""'same' padding theorems: the padding each convention picks gives the size it promises.

The pads are those of :mod:`convproof.geometry.same`, written over z3 integers (the tests compare
them with :func:`convproof.geometry.same_padding` on a grid):

* ``torch`` (stride 1): ``P = d(k-1)``, ``p_lo = floor(P/2)``, extra element at the end;
* ``tensorflow`` (TF/Keras ``SAME``, ONNX ``SAME_UPPER``, JAX ``SAME``): ``o = ceil(n/s)``,
  ``P = max((o-1)s + d(k-1) + 1 - n, 0)``, ``p_lo = floor(P/2)``, extra at the end;
* ``onnx-same-lower``: as ``tensorflow`` with ``p_lo = ceil(P/2)``, extra at the start;
* ``scipy`` (stride 1): ``P = d(k-1)``, ``p_lo = ceil(P/2)``, extra at the start.
"""

from __future__ import annotations

import z3

from .common import ceil_div, ints, is_count, span
from .engine import Query, Theorem

__all__ = ["SAME_THEOREMS", "same_pads"]


def same_pads(convention: str, n, k, s, d):
    """``(p_lo, p_hi)`` of ``convention`` as z3 terms (stride-1 conventions ignore ``s``)."""
    width = span(k, d)
    if convention in ("torch", "scipy"):
        total = width - 1
    else:
        need = (ceil_div(n, s) - 1) * s + width - n
        total = z3.If(need > 0, need, 0)
    half = total / 2
    if convention in ("torch", "tensorflow"):
        return half, total - half
    return total - half, half


def _same(convention: str, target=None, flip_side: bool = False) -> Query:
    v = ints("n k s d")
    n, k, s, d = v.values()
    strided = convention in ("tensorflow", "onnx-same-lower")
    hyps = [n >= 1, k >= 1, d >= 1] + ([s >= 1] if strided else [s == 1])
    lo, hi = same_pads(convention, n, k, s, d)
    o = (n + lo + hi - span(k, d)) / s + 1
    want = target(v) if target else (ceil_div(n, s) if strided else n)
    extra = (hi - lo) if (convention in ("torch", "tensorflow")) != flip_side else (lo - hi)
    claim = z3.And(is_count(o, n + lo + hi, span(k, d), s), o == want, extra == (lo + hi) % 2, lo >= 0, hi >= 0)
    return Query(v, hyps, claim, {"p_lo": lo, "p_hi": hi, "o": o})


def _idiom() -> Query:
    """PyTorch's ``padding=k//2`` (symmetric) keeps the size, the wrong claim for even kernels."""
    v = ints("n k")
    n, k = v.values()
    o = n + 2 * (k / 2) - k + 1
    return Query(v, [n >= 1, k >= 1], o == n, {"o": o, "p": k / 2})


_WHERE = {"torch": ("end", "в конце"), "tensorflow": ("end", "в конце"), "onnx-same-lower": ("start", "в начале"),
          "scipy": ("start", "в начале")}
_WHO = {"torch": r"PyTorch \texttt{padding='same'}", "tensorflow": r"TF/Keras, ONNX \texttt{SAME\_UPPER}, JAX",
        "onnx-same-lower": r"ONNX \texttt{SAME\_LOWER}", "scipy": r"SciPy \texttt{correlate(mode='same')}"}


_O_TITLE = {True: r"$\lceil n/s \rceil$", False: "$n$"}
_HYPS = {c: (r"n, k, d \ge 1", r"s \ge 1" if c in ("tensorflow", "onnx-same-lower") else r"s = 1") for c in _WHERE}


def _theorem(conv: str) -> Theorem:
    strided = conv in ("tensorflow", "onnx-same-lower")
    o_tex = r"\lceil n/s \rceil" if strided else "n"
    en, ru = _WHERE[conv]
    side = r"p_{hi} - p_{lo}" if en == "end" else r"p_{lo} - p_{hi}"
    hyps = _HYPS[conv]
    return Theorem(f"size.same.{conv}", (f"'same' ({conv}) gives output {_O_TITLE[strided]}, the "
                                         f"extra padding element at the {en}",
                                         f"'same' ({conv}) даёт выход {_O_TITLE[strided]}, лишний "
                                         f"элемент паддинга {ru}"),
                   rf"o = {o_tex},\quad {side} = (p_{{lo}} + p_{{hi}}) \bmod 2 \quad \text{{({_WHO[conv]})}}",
                   hyps, lambda: _same(conv), group="sizes")


SAME_THEOREMS = [_theorem(c) for c in ("torch", "tensorflow", "onnx-same-lower", "scipy")] + [
    Theorem("size.same.tensorflow~n_over_s", ("'same' with stride $s$ gives output $n/s$",
                                              "'same' с шагом $s$ даёт выход $n/s$"),
            r"o = n / s", (r"n, k, d \ge 1", r"s \ge 1"),
            lambda: _same("tensorflow", lambda v: z3.If(v["s"] * (v["n"] / v["s"]) == v["n"], v["n"] / v["s"], -1)),
            wrong_of="size.same.tensorflow", group="sizes"),
    Theorem("size.same.torch~k_half", (r"padding $\lfloor k/2 \rfloor$ on both sides keeps the size (stride 1)",
                                       r"паддинг $\lfloor k/2 \rfloor$ с обеих сторон сохраняет размер (шаг 1)"),
            r"\left\lfloor \frac{n + 2\lfloor k/2 \rfloor - k}{1} \right\rfloor + 1 = n", (r"n, k \ge 1",), _idiom,
            wrong_of="size.same.torch", group="sizes"),
] + [Theorem(f"size.same.{c}~extra_at_end", (f"'same' ({c}) puts the extra padding element at the end",
                                             f"'same' ({c}) кладёт лишний элемент паддинга в конец"),
             r"p_{hi} - p_{lo} = (p_{lo} + p_{hi}) \bmod 2", _HYPS[c], (lambda c=c: _same(c, flip_side=True)),
             wrong_of=f"size.same.{c}", group="sizes") for c in ("onnx-same-lower", "scipy")]
