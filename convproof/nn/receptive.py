"""Receptive field of stacked convolutions: symbolic formula, proof of the recursion, brute force.

For layers ``l = 1..L`` with kernel ``k_l``, stride ``s_l``, dilation ``d_l`` (layer 1 reads the input),
one output unit of layer ``L`` sees

    r_L = 1 + sum_{l=1}^{L} d_l (k_l - 1) prod_{m=1}^{l-1} s_m

input positions along each axis (two 3x3 convolutions: r = 5, "see 5x5").  The recursion is
``r_l = r_{l-1} + d_l (k_l - 1) J_{l-1}`` with the jump ``J_l = prod_{m<=l} s_m``: one more layer
widens the field by its effective kernel span minus one, measured in input steps.
:func:`receptive_field_bruteforce` follows the index maps ``i_in = s i_out + d j`` instead.
"""

from __future__ import annotations

import sympy as sp

from ..errors import fail

__all__ = ["receptive_field_formula", "receptive_field_expr", "receptive_field_bruteforce",
           "prove_receptive_recursion"]

_k, _s, _d = sp.IndexedBase("k"), sp.IndexedBase("s"), sp.IndexedBase("d")
_l, _m, _L = sp.symbols("l m L", integer=True, positive=True)


def receptive_field_formula() -> sp.Eq:
    """``r_L = 1 + Sum_l d_l (k_l - 1) Product_{m<l} s_m`` with a symbolic depth ``L``."""
    body = _d[_l] * (_k[_l] - 1) * sp.Product(_s[_m], (_m, 1, _l - 1))
    return sp.Eq(sp.Symbol("r_L"), 1 + sp.Sum(body, (_l, 1, _L)))


def receptive_field_expr(depth: int) -> tuple[sp.Expr, list[sp.Symbol], list[sp.Symbol], list[sp.Symbol]]:
    """Explicit ``r`` for ``depth`` layers in symbols ``k_l, s_l, d_l``; returns ``(r, k, s, d)``.

    >>> r, k, s, d = receptive_field_expr(2)
    >>> r.subs({k[0]: 3, k[1]: 3, s[0]: 1, s[1]: 1, d[0]: 1, d[1]: 1})
    5
    """
    if depth < 1:
        raise fail("depth", depth, "must be >= 1")
    k = list(sp.symbols(f"k_1:{depth + 1}", positive=True, integer=True))
    s = list(sp.symbols(f"s_1:{depth + 1}", positive=True, integer=True))
    d = list(sp.symbols(f"d_1:{depth + 1}", positive=True, integer=True))
    r = 1 + sp.Add(*[d[l] * (k[l] - 1) * sp.Mul(*s[:l]) for l in range(depth)])
    return r, k, s, d


def prove_receptive_recursion(depth: int) -> bool:
    """``r_{L+1} - r_L = d_{L+1} (k_{L+1} - 1) prod_{m<=L} s_m``, and the Sum form expands to the
    explicit one, for this ``depth``.

    >>> prove_receptive_recursion(4)
    True
    """
    r_next, k, s, d = receptive_field_expr(depth + 1)
    r_now = receptive_field_expr(depth)[0]
    step = sp.expand(r_next - r_now - d[depth] * (k[depth] - 1) * sp.Mul(*s[:depth]))
    closed = receptive_field_formula().rhs.subs(_L, depth).doit()
    explicit = r_now.subs({**{k[i]: _k[i + 1] for i in range(depth)}, **{s[i]: _s[i + 1] for i in range(depth)},
                           **{d[i]: _d[i + 1] for i in range(depth)}})
    return step == 0 and sp.expand(closed - explicit) == 0


def receptive_field_bruteforce(kernels: list[int], strides: list[int] | None = None,
                               dilations: list[int] | None = None) -> int:
    """Span of the input positions that reach output 0 of the last layer, by following index maps.

    >>> receptive_field_bruteforce([3, 3]), receptive_field_bruteforce([3, 3, 3], [2, 2, 1])
    (5, 15)
    """
    n = len(kernels)
    strides, dilations = strides or [1] * n, dilations or [1] * n
    if not (len(strides) == len(dilations) == n) or min(kernels + strides + dilations, default=0) < 1:
        raise fail("kernels/strides/dilations", (kernels, strides, dilations), "need equal lengths >= 1, values >= 1")
    seen = {0}
    for k, s, d in reversed(list(zip(kernels, strides, dilations))):
        seen = {s * i + d * j for i in seen for j in range(k)}
    return max(seen) - min(seen) + 1
