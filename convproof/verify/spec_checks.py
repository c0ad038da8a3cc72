"""The evidence for one spec: the symbolic engine's proofs run on it, and numeric cross-checks.

Used by the reports' 'verified' boxes (:mod:`convproof.reports.verified` renders what this computes):

1. :func:`spec_proofs`: independent routes of :mod:`convproof.symbolic` compared entry by entry
   (symbolic within the engine's budget, structural beyond it), plus weight sharing and the adjoint
   identity ``<T y, g> = <y, T^T g>`` for small specs.
2. :func:`numeric_summary`: the symbolic results evaluated at fixed integer inputs against
   :mod:`convproof.numeric` (which shares no code with the symbolic engine; the maximum error is
   exact), then float64 inputs against the exact rational value within :func:`dot_tolerance`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable

import numpy as np
import sympy as sp

from .. import numeric
from .. import symbolic as S
from ..geometry import ConvSpec
from .compare import dot_tolerance

__all__ = ["spec_proofs", "numeric_summary", "vec"]


def vec(a: np.ndarray, order: str = "C") -> list:
    """``vec`` of a ``(C, *size)`` array: channel outermost, row-major (``C``) or column-major (``F``)."""
    return [v for c in range(a.shape[0]) for v in np.asarray(a[c]).ravel(order=order)]


def _adjoint(spec: ConvSpec, order: str) -> bool:
    T = S.toeplitz(spec, order=order)
    y, g = vec(S.input_symbols(spec), order), vec(S.grad_output_symbols(spec), order)
    lhs = sp.Add(*[a * b for a, b in zip(S.matrices.sparse_matvec(T, y), g)])
    rhs = sp.Add(*[a * b for a, b in zip(y, S.matrices.sparse_matvec(T.T, g))])
    return sp.expand(lhs - rhs) == 0


def spec_proofs(spec: ConvSpec, order: str = "C") -> list[tuple[str, str, bool]]:
    """``(proof name, method, holds)`` for each proof of :mod:`convproof.symbolic.proofs` run on ``spec``.

    Symbolic (term by term) within the engine's budget, structural (integer index triples) beyond it;
    plus weight sharing and the adjoint identity (name ``"adjoint"``, method ``"symbolic"``) for small specs.
    """
    from ..symbolic import proofs as P

    small = spec.products <= P.SYMBOLIC_BUDGET // 10
    method = "symbolic" if spec.products <= P.SYMBOLIC_BUDGET else "structural"
    provers = [P.prove_forward] + ([P.prove_transposed] if spec.padding_mode == "zeros" else []) + [P.prove_backprop]
    results = [p(spec, method) for p in provers] + ([P.prove_weight_sharing(spec)] if small else [])
    out = [(r.name, r.method, bool(r.holds)) for r in results]
    if small and spec.padding_mode == "zeros" and spec.transposed_output_size == spec.input_size:
        out.append(("adjoint", "symbolic", _adjoint(spec, order)))
    return out


def _symbols(spec: ConvSpec) -> tuple[tuple[str, np.ndarray], ...]:
    return (("y", S.input_symbols(spec)), ("f", S.kernel_symbols(spec)), ("b", S.bias_symbols(spec)),
            ("g", S.grad_output_symbols(spec)), ("z", S.output_symbols(spec)))


def _values(spec: ConvSpec, kind: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Deterministic inputs ``(exact, numeric)``: small integers, or float64 values and their exact rationals."""
    rng = np.random.default_rng(20240601)
    exact, arrays = {}, {}
    for name, syms in _symbols(spec):
        if kind == "int":
            vals = rng.integers(-4, 5, size=syms.shape).astype(object)
            exact[name] = vals
        else:
            vals = rng.standard_normal(size=syms.shape)
            exact[name] = np.vectorize(lambda v: sp.Rational(Fraction(v)), otypes=[object])(vals)
        arrays[name] = vals
    return exact, arrays


def _pairs(s: ConvSpec, e: dict, a: dict) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(what, exact value from the symbolic engine's formulas at ``e``, numeric result at ``a``)."""
    kw = dict(stride=s.stride, padding=list(s.padding), dilation=s.dilation, groups=s.groups)
    mode = dict(padding_mode=s.padding_mode)
    out = [("forward $z$", lambda: S.conv_direct(s, e["y"], e["f"], e["b"]),
            lambda: numeric.conv(a["y"][None], a["f"], a["b"], **kw, **mode, padding_value=s.padding_value)[0])]
    if s.padding_mode == "zeros" and s.symmetric_padding is not None:
        out.append(("transposed", lambda: S.conv_transpose(s, e["z"], e["f"]),
                    lambda: numeric.conv_transpose(a["z"][None], a["f"], None, s.stride, s.symmetric_padding,
                                                   s.output_padding, s.groups, s.dilation)[0]))
    out += [(r"$\partial L/\partial y$", lambda: S.grad_input(s, e["f"], e["g"]),
             lambda: numeric.conv_grad_input((1, *a["y"].shape), a["f"], a["g"][None], **kw, **mode)[0]),
            (r"$\partial L/\partial f$", lambda: S.grad_weight(s, e["y"], e["g"]), lambda: _grad_weight(s, a, kw)),
            (r"$\partial L/\partial b$", lambda: S.grad_bias(s, e["g"]), lambda: numeric.conv_grad_bias(a["g"][None]))]
    return out


def _grad_weight(s: ConvSpec, a: dict, kw: dict) -> np.ndarray:
    """``numeric.conv_grad_weight``; constant padding with ``c != 0`` is applied with ``np.pad`` first,
    because the numeric gradient functions take no ``padding_value`` (they would treat it as 0)."""
    if s.padding_mode == "constant" and s.padding_value != 0:
        x = np.pad(a["y"], [(0, 0), *s.padding], constant_values=s.padding_value)
        return numeric.conv_grad_weight(x[None], a["f"].shape, a["g"][None], **{**kw, "padding": 0})
    return numeric.conv_grad_weight(a["y"][None], a["f"].shape, a["g"][None], **kw, padding_mode=s.padding_mode)


def _max_error(exact: np.ndarray, got: Any) -> Any:
    got = np.asarray(got)
    if got.shape != exact.shape:
        return None
    return max((abs(sp.Rational(Fraction(float(g)) if got.dtype.kind == "f" else int(g)) - e)
                for g, e in zip(got.ravel(), exact.ravel())), default=0)


def numeric_summary(spec: ConvSpec) -> dict:
    """Integer (exact) and float64 cross-checks against convproof.numeric, as plain values.

    Keys: ``what`` (the quantities compared), ``int_ok``, ``worst`` (largest integer-input error,
    exact), ``tol``/``rule`` (the float64 tolerance and how it was derived), ``terms``, ``float_ok``.
    """
    exact, arrays = _values(spec, "int")
    errs = [(w, _max_error(np.asarray(e(), dtype=object), f())) for w, e, f in _pairs(spec, exact, arrays)]
    out = {"what": ", ".join(w for w, _ in errs), "int_ok": all(e == 0 for _, e in errs),
           "worst": max((e for _, e in errs if e is not None), default=0)}
    exact, arrays = _values(spec, "float")
    n_terms = spec.in_per_group * math.prod(spec.kernel_size) * max(1, math.prod(spec.output_size))
    mags = [float(np.max(np.abs(v))) for v in arrays.values()]
    out["tol"], out["rule"] = dot_tolerance(n_terms, max(mags) ** 2 + 1.0)
    out["terms"] = n_terms
    ferrs = [_max_error(np.asarray(e(), dtype=object), f()) for _, e, f in _pairs(spec, exact, arrays)]
    out["float_ok"] = all(e is not None and float(e) <= out["tol"] for e in ferrs)
    return out
