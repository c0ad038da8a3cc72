"""Comparing two oracles' arrays: exact on integers/rationals, derived tolerance on floats.

Float tolerance (Higham, *Accuracy and Stability of Numerical Algorithms*, eq. 3.5): a sum of
``n`` products computed in floating point is within ``gamma_n * sum|a_i||b_i|`` of the exact
value, ``gamma_n = n*eps / (1 - n*eps)``. Two independent float implementations can each be
that far off, so they may differ by ``2 * gamma_n * M`` where ``M`` bounds ``sum|a_i||b_i|``
(pass ``magnitude``: the same operation applied to ``|a|`` and ``|b|``, or its maximum).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .entries import entry
from .statement import Comparison

__all__ = ["compare", "dot_tolerance", "is_exact"]


def is_exact(array: Any) -> bool:
    """True for integer, bool and object (Fraction/SymPy) arrays: compare with ``==``.

    >>> is_exact(np.array([1, 2])), is_exact(np.array([1.0]))
    (True, False)
    """
    kind = np.asarray(array).dtype.kind
    return kind in "biuO"


def dot_tolerance(n_terms: int, magnitude: float, dtype: Any = np.float64) -> tuple[float, str]:
    """Tolerance for two float results of sums of ``n_terms`` products bounded by ``magnitude``.

    Returns ``(tolerance, rule)``; ``rule`` states the derivation for the result record.

    >>> tol, rule = dot_tolerance(9, 10.0)
    >>> 0 < tol < 1e-13, rule.startswith("2*gamma_9")
    (True, True)
    """
    eps = float(np.finfo(np.dtype(dtype)).eps)
    n = max(int(n_terms), 1)
    gamma = n * eps / (1 - n * eps)
    mag = float(magnitude)
    tol = 2 * gamma * max(mag, np.finfo(np.dtype(dtype)).tiny)
    rule = f"2*gamma_{n}*M with gamma_n = n*eps/(1-n*eps), eps={eps:.3g} ({np.dtype(dtype).name}), M={mag:.4g}"
    return tol, rule


def _first_difference(bad: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(bad)[0])


def compare(what: str, expected: Any, actual: Any, *, symbol: str = "z", weight: bool = False,
            n_terms: int | None = None, magnitude: Any = None,
            tolerance: tuple[float, str] | None = None) -> Comparison:
    """Compare ``expected`` (first oracle) with ``actual`` (second oracle).

    Exact (``==``) when both are integer/object arrays; otherwise within a tolerance, either
    given as ``(value, rule)`` or derived by :func:`dot_tolerance` from ``n_terms`` and
    ``magnitude``. The detail of a failure names the first differing entry in lecture notation.

    Examples
    --------
    >>> compare("reference vs fast", np.array([[[1, 2]]]), np.array([[[1, 3]]])).detail
    'z_{2}: reference = 2, fast = 3'
    >>> c = compare("a vs b", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-15]), n_terms=4, magnitude=2.0)
    >>> c.ok, c.exact
    (True, False)
    """
    a, b = np.asarray(expected), np.asarray(actual)
    names = what.split(" vs ") if " vs " in what else ["expected", "actual"]
    if a.shape != b.shape:
        return Comparison(what, False, detail=f"shape {a.shape} ({names[0]}) != {b.shape} ({names[-1]})")
    if is_exact(a) and is_exact(b):
        bad = np.asarray(a != b, dtype=bool)
        if not bad.any():
            return Comparison(what, True, exact=True)
        idx = _first_difference(bad)
        return Comparison(what, False, exact=True, max_error=_err(a, b, bad),
                     detail=f"{entry(symbol, idx, a.shape, weight)}: {names[0]} = {a[idx]}, {names[-1]} = {b[idx]}")
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    diff = np.abs(a64 - b64)
    err = float(diff.max()) if diff.size else 0.0
    if tolerance is None:
        mag = float(np.max(np.abs(magnitude))) if magnitude is not None else float(np.max(np.abs(a64), initial=0))
        low = a.dtype if a.dtype.kind == "f" and a.dtype.itemsize <= b.dtype.itemsize else b.dtype
        tolerance = dot_tolerance(n_terms or 1, mag, low if low.kind == "f" else np.float64)
    tol, rule = tolerance
    ok = bool(err <= tol) and not np.isnan(diff).any()
    detail = ""
    if not ok:
        idx = _first_difference(~(diff <= tol))
        detail = (f"{entry(symbol, idx, a.shape, weight)}: {names[0]} = {a64[idx]:.17g}, "
                  f"{names[-1]} = {b64[idx]:.17g} (|diff| {diff[idx]:.3g} > tol {tol:.3g})")
    return Comparison(what, ok, exact=False, max_error=err, tolerance=tol, tolerance_rule=rule, detail=detail)


def _err(a: np.ndarray, b: np.ndarray, bad: np.ndarray) -> float:
    try:
        return float(np.max(np.abs((a - b)[bad]).astype(np.float64)))
    except (TypeError, ValueError):
        return float("nan")
