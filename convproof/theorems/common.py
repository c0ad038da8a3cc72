r"""Shared pieces of the theorem lists: integer variables, the standard hypotheses, the count of placements.

z3's integer division ``a / b`` is SMT-LIB ``div``: for ``b >= 1`` it is ``floor(a / b)``, and
``a % b`` is then in ``[0, b)`` (Python's ``//`` and ``%`` for a positive divisor).
"""

from __future__ import annotations

import re

import z3

__all__ = ["ints", "standard", "STANDARD_TEX", "is_count", "span", "ceil_div", "real", "plain"]

STANDARD_TEX = (r"n \ge 1", r"k \ge 1", r"s \ge 1", r"d \ge 1", r"p_{lo}, p_{hi} \ge 0",
                r"d(k-1) + 1 \le n + p_{lo} + p_{hi}")


def ints(names: str) -> dict:
    """``{"n": Int("n"), ...}`` for space-separated names, in order."""
    return {name: z3.Int(name) for name in names.split()}


def span(k, d):
    """Dilated kernel span ``d(k-1) + 1``."""
    return d * (k - 1) + 1


def standard(v: dict, fits: bool = True) -> list:
    """``n, k, s, d >= 1``, ``p_lo, p_hi >= 0`` and (``fits``) the kernel span fits the padded input."""
    hyps = [v[x] >= 1 for x in ("n", "k", "s", "d") if x in v]
    hyps += [v[x] >= 0 for x in ("p_lo", "p_hi") if x in v]
    if fits:
        hyps.append(span(v["k"], v["d"]) <= v["n"] + v["p_lo"] + v["p_hi"])
    return hyps


def is_count(o, padded, width, s):
    """``o`` is the number of window placements ``t = 0, s, 2s, ...`` of a window of ``width`` in ``padded``.

    Placement ``j`` (from 0) starts at ``s j`` and fits when ``s j + width <= padded``; placements that fit
    form a prefix ``j < o``, so ``o`` counts them exactly when placement ``o - 1`` fits and placement
    ``o`` does not.
    """
    return z3.And(o >= 1, s * (o - 1) + width <= padded, s * o + width > padded)


def ceil_div(a, b):
    """``ceil(a / b)`` for ``b >= 1``."""
    return (a + b - 1) / b


def real(x):
    """``x`` as a z3 real (for formulas written without floor)."""
    return z3.ToReal(x)


_PLAIN = [(r"1 \times 1", "1x1"), (r"\lfloor ", "floor("), (r" \rfloor", ")"), (r"\lceil ", "ceil("),
          (r" \rceil", ")"), (r"\le ", "<= "), (r"\ge ", ">= "), (r"\mid ", "| "), (r"\bmod ", "mod "),
          (r"\times ", "x "), (r"\otimes ", "(x) "), (r"\to ", "-> "), (r"\langle ", "<"), (r" \rangle", ">"),
          (r"\partial ", "d"), (r"\sum", "sum"), (r"^\top", "^T"), ("$", "")]


def plain(title: str) -> str:
    r"""A title written with ``$...$`` math as plain text (for JSON records and ``repr``).

    Only the few macros titles use are translated; the theorem tests check that none is left.

    >>> plain(r"$s \mid n + p_{lo}$ and $0 \le a < s$, $\lceil o_1/s \rceil$, $x_{s i - p}$")
    's | n + p_lo and 0 <= a < s, ceil(o_1/s), x[s i - p]'
    """
    for tex, text in _PLAIN:
        title = title.replace(tex, text)
    title = re.sub(r"_\{(\w+)\}", r"_\1", title)  # p_{lo} -> p_lo
    return re.sub(r"_\{([^{}]*)\}", r"[\1]", title)  # x_{s i + d t} -> x[s i + d t]
