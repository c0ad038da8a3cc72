"""Proofs that independent routes agree, returned as :class:`ProofResult` objects (nothing is printed).

Two levels:

``structural``  compare sorted integer ``(out, inp, ker)`` triples (see :mod:`.structure`); linear maps
                with kernel-symbol entries are equal exactly when these multisets are; fast at 128x128.
``symbolic``    build each route's SymPy result and compare entry by entry as dictionaries
                ``{monomial: coefficient}`` of the expanded expressions (no ``simplify``).
"""

from __future__ import annotations

import time
from math import prod
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import as_int, check_spec, choice
from .backprop import gradients, untied_weight_gradients
from .forward import FORWARD_METHODS, conv
from .indexmap import DEFAULT_BUDGET, budget_arg, index_map, sorted_rows
from .terms import terms_of
from .structure import col2im_triples, direct_triples, grad_input_triples, grad_weight_triples
from .transpose import TRANSPOSE_METHODS, conv_transpose, transpose_triples, zero_insertion_triples

__all__ = ["ProofResult", "compare_triples", "compare_arrays", "terms_of", "prove_forward", "prove_transposed",
           "prove_backprop", "prove_weight_sharing", "prove_all", "prove_size_formulas", "SYMBOLIC_BUDGET"]

#: Largest number of (output, input, kernel) products a symbolic proof builds.
SYMBOLIC_BUDGET = 40_000


@dataclass(frozen=True)
class ProofResult:
    """Outcome of comparing routes: ``holds`` is True when every route agrees with the first."""

    name: str
    holds: bool
    routes: tuple[str, ...]
    spec: Optional[ConvSpec] = None
    details: str = ""
    first_difference: Any = None
    seconds: float = 0.0
    method: str = "symbolic"
    extra: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.holds

    def __repr__(self) -> str:
        return f"<ProofResult {self.summary()}>"

    def summary(self) -> str:
        """One line: ``[holds] name: route = route = route (spec)``."""
        mark = "holds" if self.holds else "FAILS"
        where = f" ({self.spec.describe()})" if self.spec is not None else ""
        return f"[{mark}] {self.name}: {' = '.join(self.routes)}{where}"

    def _repr_latex_(self) -> str:
        rel = " = " if self.holds else r" \neq "
        routes = rel.join(r"\text{%s}" % r.replace("_", r"\_") for r in self.routes)
        return f"$\\text{{{self.name.replace('_', ' ')}}}: {routes}$"


def _keys(routes: dict[str, np.ndarray], width: int) -> Optional[tuple[dict[str, np.ndarray], list[int]]]:
    """Each route's rows encoded as one sorted int64 key per row (mixed radix), or None if too large."""
    arrays = [np.asarray(a, dtype=np.int64).reshape(-1, width) for a in routes.values()]
    if any(a.size and a.min() < 0 for a in arrays):
        return None
    radix = [max([int(a[:, j].max()) + 1 for a in arrays if a.size] or [1]) for j in range(width)]
    if prod(radix) >= 2 ** 62:
        return None
    keys = {}
    for n, a in zip(routes, arrays):
        key = np.zeros(len(a), dtype=np.int64)
        for j in range(width):
            key = key * radix[j] + a[:, j]
        keys[n] = np.sort(key)
    return keys, radix


def _decode(key: int, radix: list[int]) -> list[int]:
    out = []
    for r in reversed(radix):
        key, c = divmod(int(key), r)
        out.append(c)
    return out[::-1]


def compare_triples(name: str, routes: dict[str, np.ndarray], spec: Optional[ConvSpec] = None,
                    started: Optional[float] = None, what: str = "(out, inp, ker) triples") -> ProofResult:
    """Compare routes given as ``(n, c)`` integer row arrays (order-free, multiplicities counted).

    Rows are usually ``(out, inp, ker)`` triples; identities compare wider rows (e.g. a kernel index
    per factor of a composition). All routes must have the same number of columns.
    """
    started = time.perf_counter() if started is None else started
    names = tuple(routes)
    width = np.asarray(routes[names[0]]).shape[1] if np.ndim(routes[names[0]]) == 2 else 3
    encoded = _keys(routes, width)
    if encoded is None:
        canon = {n: sorted_rows(np.asarray(a).reshape(-1, width)) for n, a in routes.items()}
        decode: Callable = lambda row: row.tolist()  # noqa: E731
    else:
        canon, radix = encoded
        decode = lambda key: _decode(key, radix)  # noqa: E731
    ref = canon[names[0]]
    for other in names[1:]:
        cur = canon[other]
        if cur.shape != ref.shape or not np.array_equal(cur, ref):
            diff = _first_difference(ref, cur, decode)
            return ProofResult(name, False, names, spec, f"{other} differs from {names[0]}: {len(cur)} vs "
                               f"{len(ref)} rows", diff, time.perf_counter() - started, "structural")
    return ProofResult(name, True, names, spec, f"{len(ref)} {what} agree",
                       None, time.perf_counter() - started, "structural")


def _first_difference(a: np.ndarray, b: np.ndarray, decode: Callable) -> dict:
    n = min(len(a), len(b))
    neq = (a[:n] != b[:n]) if a.ndim == 1 else np.any(a[:n] != b[:n], axis=1)
    rows = np.flatnonzero(neq) if n else np.array([], int)
    i = int(rows[0]) if rows.size else n
    pick = lambda x: decode(x[i]) if i < len(x) else None  # noqa: E731
    return {"row": i, "expected": pick(a), "got": pick(b)}


def compare_arrays(name: str, routes: dict[str, np.ndarray], spec: Optional[ConvSpec] = None,
                   started: Optional[float] = None) -> ProofResult:
    """Compare routes given as object arrays of exact expressions, entry by entry via :func:`terms_of`."""
    started = time.perf_counter() if started is None else started
    names = tuple(routes)
    ref = routes[names[0]]
    ref_terms = [terms_of(e) for e in ref.ravel()]
    for other in names[1:]:
        cur = routes[other]
        if cur.shape != ref.shape:
            return ProofResult(name, False, names, spec, f"{other} has shape {cur.shape}, {names[0]} {ref.shape}",
                               {"shape": (ref.shape, cur.shape)}, time.perf_counter() - started)
        for flat, (t, e) in enumerate(zip(ref_terms, cur.ravel())):
            if terms_of(e) != t:
                idx = np.unravel_index(flat, ref.shape)
                return ProofResult(name, False, names, spec, f"{other} differs from {names[0]} at {idx}",
                                   {"index": tuple(int(i) for i in idx), names[0]: ref.ravel()[flat], other: e},
                                   time.perf_counter() - started)
    return ProofResult(name, True, names, spec, f"{ref.size} entries agree term by term", None,
                       time.perf_counter() - started)


def _symbolic_guard(spec: ConvSpec, budget: int) -> None:
    n = check_spec(spec).products
    if n > budget_arg(budget):
        raise fail("spec", spec.describe(), f"a symbolic proof would build {n:,} products, over the budget "
                   f"{budget:,}; use method='structural' or pass budget=")


def _budget(budget: Optional[int], default: int) -> int:
    """``budget`` checked, or ``default`` for ``None``."""
    return default if budget is None else budget_arg(budget)


def _method(method: str) -> str:
    return choice("method", method, ("symbolic", "structural"))


def prove_forward(spec: ConvSpec, method: str = "symbolic", budget: Optional[int] = None) -> ProofResult:
    """Direct sum formula = ``T y`` = im2col product (symbolic), or direct = index map (structural).

    >>> prove_forward(ConvSpec(input_size=(3, 3), kernel_size=(2, 2), padding=1)).holds
    True
    """
    check_spec(spec)
    _method(method)
    t0 = time.perf_counter()
    if method == "structural":
        m = index_map(spec, _budget(budget, DEFAULT_BUDGET))
        return compare_triples("forward", {"index_map": m.triples(), "direct_formula": direct_triples(spec)},
                               spec, t0)
    _symbolic_guard(spec, _budget(budget, SYMBOLIC_BUDGET))
    return compare_arrays("forward", {m: conv(spec, method=m) for m in FORWARD_METHODS}, spec, t0)


def prove_transposed(spec: ConvSpec, method: str = "symbolic", budget: Optional[int] = None) -> ProofResult:
    """``T^T z`` = zero insertion + flipped-kernel correlation = col2im scatter-add (with output_padding).

    >>> prove_transposed(ConvSpec(input_size=6, kernel_size=3, stride=2, padding=1, output_padding=1)).holds
    True
    """
    check_spec(spec)
    _method(method)
    t0 = time.perf_counter()
    if method == "structural":
        routes = {"matrix_transpose": transpose_triples(spec, _budget(budget, DEFAULT_BUDGET)),
                  "zero_insertion": zero_insertion_triples(spec), "col2im": col2im_triples(spec)}
        return compare_triples("transposed", routes, spec, t0)
    _symbolic_guard(spec, _budget(budget, SYMBOLIC_BUDGET))
    return compare_arrays("transposed", {m: conv_transpose(spec, method=m) for m in TRANSPOSE_METHODS}, spec, t0)


def prove_backprop(spec: ConvSpec, method: str = "symbolic", budget: Optional[int] = None) -> ProofResult:
    """Gradients of ``L = sum(g*z)`` by coefficient collection = closed forms (input, weight, bias).

    >>> prove_backprop(ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1, padding_mode="reflect")).holds
    True
    """
    check_spec(spec)
    _method(method)
    t0 = time.perf_counter()
    if method == "structural":
        fwd = index_map(spec, _budget(budget, DEFAULT_BUDGET)).triples()
        for part, closed in (("input", grad_input_triples(spec)), ("weight", grad_weight_triples(spec))):
            res = compare_triples(f"backprop_{part}", {"L_terms": fwd, f"closed_form_{part}": closed}, spec, t0)
            if not res.holds:
                return res
        return ProofResult("backprop", True, ("L_terms", "closed_form_input", "closed_form_weight"), spec,
                           f"{len(fwd)} triples agree for dL/dy and dL/df; dL/db = sum g by construction",
                           None, time.perf_counter() - t0, "structural")
    _symbolic_guard(spec, _budget(budget, SYMBOLIC_BUDGET))
    a, b = gradients(spec, "collect"), gradients(spec, "closed")
    for part in ("input", "weight", "bias"):
        res = compare_arrays(f"backprop_{part}", {"collect": getattr(a, part), "closed": getattr(b, part)}, spec, t0)
        if not res.holds:
            return res
    return ProofResult("backprop", True, ("collect", "closed"), spec, "dL/dy, dL/df, dL/db agree term by term",
                       None, time.perf_counter() - t0)


def prove_weight_sharing(spec: ConvSpec, budget: Optional[int] = None) -> ProofResult:
    """Seed 000 algorithm 1: shared-weight gradient = sum over positions of per-position gradients.

    >>> prove_weight_sharing(ConvSpec(input_size=(3, 3), kernel_size=(2, 2))).holds
    True
    """
    check_spec(spec)
    t0 = time.perf_counter()
    _symbolic_guard(spec, _budget(budget, SYMBOLIC_BUDGET // 10))
    _, total = untied_weight_gradients(spec)
    return compare_arrays("weight_sharing", {"tied_collect": gradients(spec).weight, "sum_of_untied": total},
                          spec, t0)


def prove_all(spec: ConvSpec, method: str = "symbolic", budget: Optional[int] = None) -> list[ProofResult]:
    """Forward, transposed (zero padding only) and backprop proofs of one spec (plus weight sharing when
    symbolic)."""
    check_spec(spec)
    provers: list[Callable[..., ProofResult]] = [prove_forward, prove_backprop]
    if spec.padding_mode == "zeros":
        provers.insert(1, prove_transposed)
    out = [p(spec, method, budget) for p in provers]
    if method == "symbolic":
        out.append(prove_weight_sharing(spec, budget))
    return out


#: Most (input, kernel, stride, padding, dilation) cases :func:`prove_size_formulas` evaluates.
SIZE_CASES_BUDGET = 20_000


def _ints(name: str, values: Any, minimum: int) -> tuple[int, ...]:
    """A non-empty sequence of ints ``>= minimum`` (each at most 64), or the project's error."""
    if not isinstance(values, (list, tuple, range)) or not values:
        raise fail(name, values, "must be a non-empty sequence of integers")
    out = tuple(as_int(name, v) for v in values)
    if any(not minimum <= v <= 64 for v in out):
        raise fail(name, values, f"every entry must be in {minimum}..64")
    return out


def prove_size_formulas(max_input: int = 16, kernels=(1, 2, 3, 4), strides=(1, 2, 3), paddings=(0, 1, 2),
                        dilations=(1, 2)) -> ProofResult:
    """The SymPy size formulas (floor for the output, transposed size) agree with the integer geometry and
    with counting window placements / zero-insertion canvases, for every size in the range.

    >>> prove_size_formulas(6, kernels=(3,), strides=(2,), paddings=(1,), dilations=(1,)).holds
    True
    """
    from ..geometry.formulas import conv_output_size_expr, conv_transpose_output_size_expr
    max_input = as_int("max_input", max_input)
    kernels, strides, dilations = (_ints(name, v, 1) for name, v in
                                   (("kernels", kernels), ("strides", strides), ("dilations", dilations)))
    paddings = _ints("paddings", paddings, 0)
    cases = max_input * len(kernels) * len(strides) * len(paddings) * len(dilations)
    if max_input < 1 or cases > SIZE_CASES_BUDGET:
        raise fail("max_input", max_input, f"must be >= 1 with at most {SIZE_CASES_BUDGET:,} cases in all "
                   f"(inputs x kernels x strides x paddings x dilations = {cases:,})")
    t0 = time.perf_counter()
    n, k, s, p, d, a = sp.symbols("n k s p d a", integer=True, nonnegative=True)
    o_expr, t_expr = conv_output_size_expr(n, k, s, p, p, d), conv_transpose_output_size_expr(n, k, s, p, p, d, a)
    checked = 0
    for i in range(1, max_input + 1):
        for kk, ss, pp, dd in ((kk, ss, pp, dd) for kk in kernels for ss in strides for pp in paddings
                               for dd in dilations):
            span = dd * (kk - 1) + 1
            if i + 2 * pp < span:
                continue
            spec = ConvSpec(input_size=i, kernel_size=kk, stride=ss, padding=pp, dilation=dd)
            counted = sum(1 for o in range(i + 2 * pp) if o * ss + span <= i + 2 * pp)
            o_sym = int(o_expr.subs({n: i, k: kk, s: ss, p: pp, d: dd}))
            routes = {"sympy_formula": o_sym, "geometry": spec.output_size[0], "window_count": counted}
            for op in range(max(ss, dd)):
                canvas = (counted - 1) * ss + 1 + 2 * (span - 1) - 2 * pp + op - span + 1
                if canvas < 1:
                    continue
                t_sym = int(t_expr.subs({n: o_sym, k: kk, s: ss, p: pp, d: dd, a: op}))
                t_geo = spec.replace(output_padding=op).transposed_output_size[0]
                if not t_sym == t_geo == canvas:
                    return ProofResult("size_formulas", False, ("sympy_formula", "geometry", "zero_insertion_canvas"),
                                       spec, f"transposed size differs (output_padding={op})",
                                       {"sympy_formula": t_sym, "geometry": t_geo, "canvas": canvas},
                                       time.perf_counter() - t0)
                checked += 1
            if len(set(routes.values())) != 1:
                return ProofResult("size_formulas", False, tuple(routes), spec, "output size differs", routes,
                                   time.perf_counter() - t0)
            checked += 1
    return ProofResult("size_formulas", True, ("sympy_formula", "geometry", "window_count/zero_insertion_canvas"),
                       None, f"{checked} output and transposed sizes agree for inputs 1..{max_input}", None,
                       time.perf_counter() - t0)
