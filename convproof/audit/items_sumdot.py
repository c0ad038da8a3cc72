r"""Sum-versus-dot-product items of the audit corpus: ``\sum_{i=1}^{n} w_i x_i + b = w^T x + b``.

The truth is known by construction (the written sum is the dot product's definition) and decided
again, independently of :mod:`convproof.check`, by :mod:`.independent_sumdot`; a planted error
shifts an index, adds a term or changes the product's vectors.
"""

from __future__ import annotations

from .items import Item

__all__ = ["SUMDOT_BUILDERS", "sum_dot"]

_PAIRS = (("w", "x"), ("a", "b"), ("u", "v"))


def sum_dot(rng, note, error=None, numeric=False) -> Item:
    """One ``sum = dot product`` statement (see the module docstring)."""
    from .independent_sumdot import judge_sum_dot
    u, v = rng.choice(_PAIRS)
    i, n = rng.choice((("i", "n"), ("j", "m"), ("k", "N")))
    summand = f"{u}_{i} {v}_{i}" if rng.random() < 0.5 else f"{u}_{i} \\cdot {v}_{i}"
    dot = f"{u}^T {v}" if rng.random() < 0.5 else f"{u}^\\top {v}"
    kind = None
    if error is not None:
        kind = rng.choice(("shift", "term", "vectors"))
        if kind == "shift":
            summand = summand.replace(f"{v}_{i}", f"{v}_{{{i}+1}}")
        elif kind == "term":
            dot = dot + " + 1"
        else:
            dot = f"{v}^T {v}"
    body = f"\\sum_{{{i}=1}}^{{{n}}} {summand} + c = {dot} + c"
    truth = judge_sum_dot(body)
    prose = f"The weighted sum of the inputs is the dot product of vectors of length {n}."
    return Item("sum-dot", body, truth == "true", kind, prose)


SUMDOT_BUILDERS = {"sum-dot": sum_dot}
