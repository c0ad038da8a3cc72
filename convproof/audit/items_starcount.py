"""Count items of the audit corpus: ``\\frac{N_{a}}{N_{b}} = w_2 * h_2`` after prose that names the
sizes (depth, width, height) and defines the counts as ``*``-products of them.

Truth is decided here on the factor lists themselves (a ratio of products of distinct positive
sizes equals a product exactly when the multisets of factors agree after cancelling), never with
:mod:`convproof.check`.
"""

from __future__ import annotations

from collections import Counter

from .items import Item

__all__ = ["STAR_BUILDERS", "star_count"]

_SIZES = ["d_1", "w_1", "h_1", "d_2", "w_2", "h_2", "w", "h"]
_PROSE = ("The input layer has depth $d_1$, width $w_1$ and height $h_1$, the output layer depth $d_2$, "
          "width $w_2$ and height $h_2$; the kernel has sizes $w \\times h$. ")


def _star(factors) -> str:
    return " * ".join(factors)


def star_count(rng, note, error=None, numeric=False) -> Item:
    """One ratio of two counts (see the module docstring); ``note``/``numeric`` are not used."""
    shared = ["d_1", "w", "h", "d_2"]
    extra = rng.sample(["w_2", "h_2", "w_1", "h_1"], rng.choice((1, 2)))
    big = shared + extra
    claim = list(extra)
    kind = None
    if error is not None:
        kind = "factor"
        if rng.random() < 0.5:
            claim.append(rng.choice([s for s in _SIZES if s not in claim]))
        else:
            claim[rng.randrange(len(claim))] = rng.choice([s for s in _SIZES if s not in big])
    true = Counter(big) - Counter(shared) == Counter(claim) and Counter(claim) - (Counter(big) - Counter(shared)) == Counter()
    prose = _PROSE + f"Shared weights: $N_c = {_star(shared)}$. Untied weights: $N_u = {_star(big)}$."
    return Item("star-count", f"\\frac{{N_u}}{{N_c}} = {_star(claim)}", true, kind, prose)


STAR_BUILDERS = {"star-count": star_count}
