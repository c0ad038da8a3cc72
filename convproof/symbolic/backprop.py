"""Backpropagation through a convolution layer, derived from ``L = sum(g * z)`` and in closed form.

Two routes:

``collect``  Build ``L = sum_o g_o z_o`` from the direct sum formula (expanded: every term is
             ``g * f * y``, ``g * b`` or ``c * g * f``), then read every partial derivative off in
             one pass over the terms (differentiating a multilinear polynomial: drop the variable
             from each term that contains it). No per-variable ``diff`` on an expanded form.
``closed``   The textbook results: ``dL/dy`` is the transposed convolution of ``g`` with the same
             kernel (onto the padded input, then folded back through the padding: reflected,
             replicated and wrapped positions add to the element they copy; fill positions drop);
             ``dL/df[k,m,u] = sum_t ypad[ci, t + u*d] * g_dil[k, t]``, the correlation of the padded
             input with ``g`` dilated by the stride; ``dL/db[k] = sum g[k]``.

Weight sharing (seed 000 algorithm 1): :func:`untied_weight_gradients` gives every kernel placement
its own copy of the weights; the gradient of the shared weight is the **sum** over positions.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import check_spec, choice
from ..values import as_values
from .forward import _as_array, conv_direct
from .indexmap import EXPRESSION_BUDGET, check_products, source_index
from .matrices import _inputs, _weights, padded_input
from .terms import expanded_terms
from .symbols import DEFAULT, Notation, bias_symbols, grad_output_symbols
from .transpose import conv_transpose

__all__ = ["Gradients", "loss", "collect_gradients", "gradients", "grad_input", "grad_weight", "grad_bias",
           "untied_weight_gradients", "sharing_rule", "dilate"]


class Gradients(NamedTuple):
    """``dL/dy`` ``(C_in, *input_size)``, ``dL/df`` ``(C_out, C_in/g, *k)``, ``dL/db`` ``(C_out,)``."""

    input: np.ndarray
    weight: np.ndarray
    bias: np.ndarray


def _g(spec: ConvSpec, g: Any, notation: Notation) -> np.ndarray:
    g = grad_output_symbols(spec, notation) if g is None else as_values("g", g)
    if g.shape != (spec.out_channels, *spec.output_size):
        raise fail("g", g.shape, f"must have shape {(spec.out_channels, *spec.output_size)}")
    return g


def _b(spec: ConvSpec, bias: Any, notation: Notation) -> np.ndarray:
    return bias_symbols(spec, notation) if bias is None else as_values("bias", bias).reshape(-1)


def loss(spec: ConvSpec, y: Any = None, weight: Any = None, bias: Any = None, g: Any = None,
         notation: Notation = DEFAULT) -> sp.Expr:
    """``L = sum(g * z)`` expanded into monomials (z from the direct sum formula, with bias symbols).

    >>> loss(ConvSpec(input_size=2, kernel_size=2))
    b*g_{1} + f_{1}*g_{1}*y_{1} + f_{2}*g_{1}*y_{2}
    """
    check_spec(spec)
    z = conv_direct(spec, y, weight, _b(spec, bias, notation), notation)
    gg = _g(spec, g, notation)
    return sp.Add(*[sp.Mul(gi, t) for gi, zi in zip(gg.ravel(), z.ravel()) for t in expanded_terms(zi)])


def collect_gradients(L: sp.Expr, variables: Any) -> dict:
    """All partial derivatives of a polynomial ``L`` in one pass over its (expanded) terms.

    >>> a, b, c = sp.symbols("a b c")
    >>> collect_gradients(a*b + 3*a**2*c + c, [a, c])
    {a: 6*a*c + b, c: 3*a**2 + 1}
    """
    wanted = set(variables)
    terms: dict = {v: [] for v in variables}
    for term in expanded_terms(L):
        coeff, factors = term.as_coeff_mul()
        for i, f in enumerate(factors):
            base, exp = f.as_base_exp()
            if base in wanted:
                rest = factors[:i] + factors[i + 1:]
                terms[base].append(sp.Mul(coeff, exp, base ** (exp - 1), *rest))
    return {v: sp.Add(*ts) for v, ts in terms.items()}


def _from_dict(d: dict, keys: np.ndarray) -> np.ndarray:
    return _as_array([d[k] for k in keys.ravel()], keys.shape)


def dilate(g: np.ndarray, stride: tuple[int, ...], zero: Any = sp.S.Zero) -> np.ndarray:
    """Insert ``s-1`` zeros between the elements of every spatial axis (axis 0 is the channel).

    >>> dilate(np.array([[1, 2, 3]], dtype=object), (2,)).tolist()
    [[1, 0, 2, 0, 3]]
    """
    grown = tuple((n - 1) * s + 1 for n, s in zip(g.shape[1:], stride))
    out = np.full((g.shape[0], *grown), zero, dtype=object)
    out[(slice(None), *[slice(None, None, s) for s in stride])] = g
    return out


def grad_input(spec: ConvSpec, weight: Any = None, g: Any = None, notation: Notation = DEFAULT) -> np.ndarray:
    """Closed form of ``dL/dy``: transposed convolution of ``g`` onto the padded input, folded back.

    >>> grad_input(ConvSpec(input_size=3, kernel_size=2))[0]
    array([f_{1}*g_{1}, f_{1}*g_{2} + f_{2}*g_{1}, f_{2}*g_{2}], dtype=object)
    """
    check_spec(spec)
    w = _weights(spec, weight, notation)
    gg = _g(spec, g, notation)
    onto_padded = spec.replace(input_size=spec.padded_size, padding=0, padding_mode="zeros", padding_value=0,
                               output_padding=spec.restoring_output_padding)
    gp = conv_transpose(onto_padded, gg, w, method="zero_insertion")
    return _unpad_adjoint(spec, gp)


def _unpad_adjoint(spec: ConvSpec, gp: np.ndarray) -> np.ndarray:
    """Adjoint of padding: each padded position adds into the input element it copies."""
    idx = [source_index(np.arange(n) - lo, i, spec.padding_mode)
           for n, i, (lo, _) in zip(spec.padded_size, spec.input_size, spec.padding)]
    terms = np.empty((spec.in_channels, *spec.input_size), dtype=object)
    for at in np.ndindex(*terms.shape):
        terms[at] = []
    for p in np.ndindex(*spec.padded_size):
        src = tuple(int(ix[j]) for ix, j in zip(idx, p))
        if min(src) >= 0:
            for c in range(spec.in_channels):
                terms[(c, *src)].append(gp[(c, *p)])
    return _as_array([sp.Add(*t) for t in terms.ravel()], terms.shape)


def grad_weight(spec: ConvSpec, y: Any = None, g: Any = None, notation: Notation = DEFAULT) -> np.ndarray:
    """Closed form of ``dL/df``: correlation of the padded input with ``g`` dilated by the stride.

    >>> grad_weight(ConvSpec(input_size=3, kernel_size=2))[0, 0]
    array([g_{1}*y_{1} + g_{2}*y_{2}, g_{1}*y_{2} + g_{2}*y_{3}], dtype=object)
    """
    check_spec(spec)
    ypad = padded_input(spec, _inputs(spec, y, notation), notation)
    gd = dilate(_g(spec, g, notation), spec.stride)
    span = gd.shape[1:]
    cg, kg = spec.in_per_group, spec.out_per_group
    out = np.empty(spec.weight_shape, dtype=object)
    for k in range(spec.out_channels):
        for m in range(cg):
            ci = (k // kg) * cg + m
            for u in np.ndindex(*spec.kernel_size):
                window = tuple(slice(ui * d, ui * d + n) for ui, d, n in zip(u, spec.dilation, span))
                prods = ypad[ci][window] * gd[k]
                out[(k, m, *u)] = sp.Add(*[p for p in prods.ravel() if p != 0])
    return out


def grad_bias(spec: ConvSpec, g: Any = None, notation: Notation = DEFAULT) -> np.ndarray:
    """``dL/db[k] = sum of g over the positions of output map k``.

    >>> grad_bias(ConvSpec(input_size=3, kernel_size=2))
    array([g_{1} + g_{2}], dtype=object)
    """
    check_spec(spec)
    gg = _g(spec, g, notation)
    return _as_array([sp.Add(*gg[k].ravel()) for k in range(spec.out_channels)], (spec.out_channels,))


def gradients(spec: ConvSpec, method: str = "collect", y: Any = None, weight: Any = None, bias: Any = None,
              g: Any = None, notation: Notation = DEFAULT, budget: int = EXPRESSION_BUDGET) -> Gradients:
    """``dL/dy``, ``dL/df``, ``dL/db`` for ``L = sum(g*z)`` by ``method`` "collect" or "closed".

    >>> gradients(ConvSpec(input_size=3, kernel_size=2)).weight[0, 0]
    array([g_{1}*y_{1} + g_{2}*y_{2}, g_{1}*y_{2} + g_{2}*y_{3}], dtype=object)
    """
    check_spec(spec)
    check_products(spec, budget, "gradients")
    if choice("method", method, ("collect", "closed")) == "closed":
        return Gradients(grad_input(spec, weight, g, notation), grad_weight(spec, y, g, notation),
                         grad_bias(spec, g, notation))
    if method != "collect":
        raise fail("method", method, "must be 'collect' or 'closed'")
    y = _inputs(spec, y, notation)
    w = _weights(spec, weight, notation)
    b = _b(spec, bias, notation)
    L = loss(spec, y, w, b, g, notation)
    for name, arr in (("y", y), ("weight", w), ("bias", b)):
        if not all(isinstance(v, sp.Symbol) for v in arr.ravel()):
            raise fail(name, "values", "the collect route differentiates by symbols; leave it None "
                       "(substitute numbers afterwards) or use method='closed'")
    d = collect_gradients(L, [*y.ravel(), *w.ravel(), *b.ravel()])
    return Gradients(_from_dict(d, y), _from_dict(d, w), _from_dict(d, b))


def untied_weight_gradients(spec: ConvSpec, notation: Notation = DEFAULT) -> tuple[np.ndarray, np.ndarray]:
    """Seed 000 algorithm 1: every output position gets its own kernel copy; returns the copies'
    gradients ``(C_out * prod(output_size), *weight_shape)`` and their sum over positions.

    The sum equals ``dL/df`` of the shared kernel (not the average the seed's text mentions).

    >>> per, total = untied_weight_gradients(ConvSpec(input_size=3, kernel_size=2))
    >>> per[:, 0, 0, 0].tolist(), total[0, 0, 0]
    ([g_{1}*y_{1}, g_{2}*y_{2}], g_{1}*y_{1} + g_{2}*y_{2})
    """
    check_spec(spec)
    w = _weights(spec, None, notation)
    z = conv_direct(spec, None, w, None, notation)
    gg = _g(spec, None, notation)
    n_pos = z.size
    copies = np.empty((n_pos, *w.shape), dtype=object)
    for p in range(n_pos):
        copies[p] = _as_array([sp.Symbol(f"{s.name}^{{\\langle {p + notation.base}\\rangle}}")
                               for s in w.ravel()], w.shape)
    L = sp.Add(*[sp.Mul(gi, t) for p, (gi, zi) in enumerate(zip(gg.ravel(), z.ravel()))
                 for t in expanded_terms(zi.xreplace(dict(zip(w.ravel(), copies[p].ravel()))))])
    d = collect_gradients(L, copies.ravel())
    per = _from_dict(d, copies)
    total = _as_array([sp.Add(*per[(slice(None), *i)]) for i in np.ndindex(*w.shape)], w.shape)
    return per, total


def sharing_rule(spec: ConvSpec) -> dict:
    """Seed 000 algorithm 1 computed: per-position gradients of untied copies, their sum and mean.

    >>> r = sharing_rule(ConvSpec(4, 2))
    >>> r["sum_equals_shared"], r["mean_equals_shared"]
    (True, False)
    """
    per, total = untied_weight_gradients(spec)
    shared = gradients(spec, "closed").weight
    n = per.shape[0]
    mean = np.vectorize(lambda v: v / n, otypes=[object])(total)
    same = lambda a, b: all(sp.expand(x - y) == 0 for x, y in zip(a.ravel(), b.ravel()))  # noqa: E731
    return {"per": per, "total": total, "shared": shared, "positions": n,
            "sum_equals_shared": same(total, shared), "mean_equals_shared": same(mean, shared)}
